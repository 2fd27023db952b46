"""The one-line headline of a report: how the form went and how much of it the clip could show."""

from __future__ import annotations

from coaching.report import Report
from coaching.rules.common import camera_needed


def verdict(report: Report) -> str:
    """The headline, with the set-up that would show what this clip could not:
    'Good form in 2 of 4 checks — landings and knee bends need a camera at the side'."""
    headline = verdict_of([c.status for c in report.checks.values()])
    needs: dict[str, list[str]] = {}
    for check in report.checks.values():
        need = camera_needed(check.reason) if check.status == "not_assessable" else None
        if need is not None:
            needs.setdefault(need[1], []).append(need[0])
    return headline + "".join(f" — {' and '.join(whats)} need {camera}" for camera, whats in needs.items())


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
