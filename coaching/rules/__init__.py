"""One module per fault; each is `check(Motion, Thresholds) -> CheckResult`."""

from coaching.rules import head_down, heel_first, knee_range, shoulder_check

ALL = (head_down, shoulder_check, heel_first, knee_range)
