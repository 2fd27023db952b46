"""One module per fault; each registers its `check(Motion, Thresholds) -> CheckResult` (`registry.rule`)."""

from coaching.rules import head_down, shoulder_check, heel_first, knee_range  # noqa: F401 - they register
from coaching.rules.registry import Rule, registered

ALL: tuple[Rule, ...] = registered()
BY_NAME: dict[str, Rule] = {r.name: r for r in ALL}


def title(name: str) -> str:
    return BY_NAME[name].title
