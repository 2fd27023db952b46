"""The one-line headline of a report: how the form went and how much of it the clip could show."""

from __future__ import annotations

from coaching.report import Report
from coaching.rules.common import camera_needed


def verdict(report: Report) -> str:
    """The headline, with the set-up that would show what this clip could not:
    'Good form in 3 of 4 checks — looks over the shoulder need a camera in front, behind or at the side'."""
    headline = verdict_of([c.status for c in report.checks.values()])
    needs = [need for c in report.checks.values() if c.status == "not_assessable"
             and (need := camera_needed(c.reason)) is not None]
    return headline + "".join(f" — {need}" for need in needs) if len(needs) < len(report.checks) else headline


def verdict_of(statuses: list[str]) -> str:
    """The headline from the checks' statuses, saying how much of the form could be judged."""
    faults = statuses.count("fault")
    judged = sum(s != "not_assessable" for s in statuses)
    if judged == 0:
        return "This clip could not be judged"
    of = f"{judged} of {len(statuses)} checks"
    if faults == 0:
        return f"Good form in {of}" if judged < len(statuses) else f"Good form in all {judged} checks"
    return f"{faults} thing{'s' if faults > 1 else ''} to work on ({of} judged)"
