"""The structure drawn from the code's imports: arrows point down the layers only, and no module
name is used twice (a name says where a thing lives)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from tests.helpers.resources import ROOT

# What each top-level package may import of ours.
ALLOWED: dict[str, set[str]] = {
    "vision": set(),
    "coaching": {"vision"},
    "trainer": {"vision", "coaching"},
    "jobs": {"vision", "coaching", "trainer"},
    "cli": {"vision", "coaching", "trainer", "jobs"},
    "ui": {"vision", "coaching", "trainer", "jobs"},
}


def imports_of(path: Path) -> set[str]:
    """The top-level names of every absolute import in a file, wherever in it (the CLI imports late)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def arrows() -> set[tuple[str, str, str]]:
    """(importing package, imported package, file) for every import between our packages."""
    out = set()
    for package in ALLOWED:
        for path in (ROOT / package).rglob("*.py"):
            for imported in imports_of(path) & set(ALLOWED):
                if imported != package:
                    out.add((package, imported, str(path.relative_to(ROOT))))
    return out


def test_imports_point_down_the_layers_only() -> None:
    upward = sorted(a for a in arrows() if a[1] not in ALLOWED[a[0]])
    assert upward == []


def test_the_layers_are_really_used() -> None:
    """The check above has something to check: coaching builds on vision, the pages on everything."""
    drawn = {(a, b) for a, b, _ in arrows()}
    assert {("coaching", "vision"), ("trainer", "coaching"), ("jobs", "trainer"), ("ui", "trainer"),
            ("cli", "jobs")} <= drawn


def test_no_module_name_is_used_twice() -> None:
    names: list[str] = []
    for package in ALLOWED:
        names.append(package)
        for path in (ROOT / package).rglob("*"):
            if "migrations" in path.parts or "__pycache__" in path.parts:
                continue
            if path.is_dir():
                names.append(path.name)
            elif path.suffix == ".py" and path.name != "__init__.py":
                names.append(path.stem)
    assert [name for name, count in Counter(names).items() if count > 1] == []
