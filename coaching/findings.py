"""What a check concludes: its status, evidence and the findings behind a fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "fault", "not_assessable"]
Severity = Literal["mild", "moderate", "severe"]


@dataclass(frozen=True)
class Finding:
    rule: str
    start_s: float
    end_s: float
    start_frame: int
    end_frame: int
    severity: Severity
    message: str
    cue: str


@dataclass(frozen=True)
class CheckResult:
    """A check's verdict with the number it measured and the limit it used."""

    rule: str
    status: Status
    reason: str
    value: float | None
    threshold: float | None
    unit: str
    findings: tuple[Finding, ...] = ()


def not_assessable(rule: str, reason: str, unit: str = "") -> CheckResult:
    return CheckResult(rule, "not_assessable", reason, None, None, unit)
