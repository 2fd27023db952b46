"""A client's progress across sessions, and their plan against what was done, week by week."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from coaching.report import Report
from trainer.workspace import ClientInfo, WalkSessionInfo, Workspace


def _measure(label: str) -> Any:
    """A progress point's field that is charted and exported, with its label."""
    return field(metadata={"label": label})


@dataclass(frozen=True)
class ProgressPoint:
    session_id: int
    recorded_on: date
    setting: str
    knee_rom_left_deg: float | None = _measure("Knee range left (°)")
    knee_rom_right_deg: float | None = _measure("Knee range right (°)")
    heel_first_pct: float | None = _measure("Heel-first landings (%)")
    head_down_s: float | None = _measure("Head down (s)")
    looks_per_min: float | None = _measure("Looks back per minute")
    cadence_steps_per_min: float | None = _measure("Cadence (steps/min)")
    minutes_backward: float = _measure("Minutes walked backwards")
    score: int | None
    speed_m_per_s: float | None = _measure("Backward speed (m/s)")
    test_3mbwt_s: float | None = _measure("3-m backward walk test (s)")


# The measures a progress point holds, with their labels, for every chart and report of progress.
SERIES: tuple[tuple[str, str], ...] = tuple((f.name, f.metadata["label"]) for f in fields(ProgressPoint)
                                            if "label" in f.metadata)


@dataclass(frozen=True)
class PlanWeek:
    week_start: date
    sessions_done: int
    sessions_planned: int
    minutes_done: float
    minutes_planned: float


def _point(session: WalkSessionInfo, report: Report) -> ProgressPoint:
    """A session's measures of its backward walking bouts (forward walking, turns and stops left out)."""
    checks = report.checks
    backward = {b.index for b in report.backward_bouts()}
    parts = [c.part for c in report.contacts if c.bout in backward]
    heel = None
    if parts and checks["heel_first_landing"].status != "not_assessable":
        heel = round(100.0 * parts.count("heel") / len(parts), 1)
    head = checks["head_down"]
    head_down_s = None if head.value is None else round(head.value / 100.0 * report.walking_backward_s, 2)
    looks = checks["shoulder_check_twist"].value
    minutes = report.walking_backward_s / 60.0
    return ProgressPoint(session.id, session.recorded_on, session.setting, report.knee_rom_deg["left"],
                         report.knee_rom_deg["right"], heel, head_down_s, looks,
                         report.cadence_steps_per_min, round(minutes, 2), report.score,
                         report.speed_m_per_s, report.test.time_s if report.test else None)


def progress(workspace: Workspace, client_id: int) -> list[ProgressPoint]:
    """One point per session, in date order, judged with the client's current thresholds."""
    points = []
    for session in workspace.list_sessions(client_id):
        points.append(_point(session, workspace.session_analysis(session.id).report))
    return points


def plan_weeks(client: ClientInfo, points: list[ProgressPoint]) -> list[PlanWeek]:
    """Monday-to-Sunday weeks from the first session to the last, planned against done."""
    if not points:
        return []
    first = min(p.recorded_on for p in points)
    last = max(p.recorded_on for p in points)
    week = first - timedelta(days=first.weekday())
    weeks = []
    while week <= last:
        inside = [p for p in points if week <= p.recorded_on < week + timedelta(days=7)]
        weeks.append(PlanWeek(week, len(inside), client.plan_sessions_per_week,
                              round(sum(p.minutes_backward for p in inside), 2),
                              client.plan_sessions_per_week * client.plan_minutes_per_session))
        week += timedelta(days=7)
    return weeks
