"""Heel-first landings: in backward walking the toe should land first and the heel last."""

from __future__ import annotations

from coaching.config import Thresholds
from coaching.findings import CheckResult, not_assessable
from coaching.rules.common import LANDING_VIEWS, Episode, finding, frame_step_s, hidden_leg_note, leg_view_refusal
from coaching.rules.registry import rule
from vision.motion import Motion

UNIT = "%"
RULE = "heel_first_landing"
CUE = "Reach back with the ball of the foot: land on the toes, then roll down to the heel."


@rule(RULE, "Toe-first landing", UNIT, (CUE,))
def check(motion: Motion, th: Thresholds) -> CheckResult:
    refusal = leg_view_refusal(motion, LANDING_VIEWS, th.min_body_height_px, "landings")
    if refusal:
        return not_assessable(RULE, refusal, UNIT)
    if motion.direction == "forward":
        return not_assessable(RULE, "the clip shows forward walking, where landing on the heel is normal; "
                                    "landings are judged on backward walking", UNIT)
    legs = motion.legs_seen
    counts = {foot: sum(c.part != "unseen" for c in motion.gait.contacts_of(foot)) for foot in legs}
    judged = [foot for foot in legs if counts[foot] >= th.min_strides_per_side]
    if not judged:
        seen = " and ".join(f"{counts[foot]} {foot}" for foot in legs)
        return not_assessable(RULE, f"only {seen} landings seen; "
                                    f"at least {th.min_strides_per_side} per foot are needed", UNIT)
    heels = {foot: sum(c.part == "heel" for c in motion.gait.contacts_of(foot)) for foot in judged}
    shares = {foot: 100.0 * heels[foot] / counts[foot] for foot in judged}
    worst = max(judged, key=lambda f: shares[f])
    limit_pct = 100.0 * th.heel_first_max_fraction
    summary = ", ".join(f"{foot} {shares[foot]:.0f} % heel-first of {counts[foot]}" for foot in judged)
    faulty = [foot for foot in judged if shares[foot] >= limit_pct and heels[foot] >= th.heel_first_min_count]
    if not faulty:
        single = any(shares[foot] >= limit_pct for foot in judged)  # over the share with too few to be a habit
        limit = f"limit {limit_pct:.0f} %" + (f" and {th.heel_first_min_count} landings" if single else "")
        return CheckResult(RULE, "ok", f"{summary} ({limit}){hidden_leg_note(motion)}",
                           round(shares[worst], 1), limit_pct, UNIT)
    half = frame_step_s(motion) / 2
    found = tuple(
        finding(RULE, motion, Episode(c.row, c.row, c.time_s - half, c.time_s + half),
                "severe" if shares[c.foot] >= 2 * limit_pct else "moderate",
                f"The {c.foot} heel landed first (toe {-c.pitch_change_deg:.0f} degrees up at contact).", CUE)
        for c in motion.gait.contacts if c.foot in faulty and c.part == "heel")
    return CheckResult(RULE, "fault", summary + hidden_leg_note(motion), round(shares[worst], 1), limit_pct, UNIT,
                       found)
