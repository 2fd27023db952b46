"""The rules, as each rule module declares itself: name, title, unit, cues and its check.

The report, the pages, the HTML report and progress take a check's title and unit from
here, so a new rule is one module that registers itself, not an edit in five tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coaching.config import Thresholds
from coaching.findings import CheckResult
from vision.motion import Motion

Check = Callable[[Motion, Thresholds], CheckResult]


@dataclass(frozen=True)
class Rule:
    name: str  # the check's key in the report
    title: str  # what the pages call it, said as the good form ("Head up")
    unit: str  # of the check's value
    cues: tuple[str, ...]  # what a finding of it may tell the walker
    check: Check


_RULES: dict[str, Rule] = {}


def rule(name: str, title: str, unit: str, cues: tuple[str, ...]) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule `name`."""
    def register(check: Check) -> Check:
        if name in _RULES:
            raise ValueError(f"rule {name!r} is registered twice")
        _RULES[name] = Rule(name, title, unit, cues, check)
        return check
    return register


def registered() -> tuple[Rule, ...]:
    """The rules in the order their modules were imported (the order of the report's checks)."""
    return tuple(_RULES.values())
