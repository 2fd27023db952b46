"""Reduced knee range: a stiff-legged shuffle instead of a full bend through each stride."""

from __future__ import annotations

from coaching.config import Thresholds
from coaching.findings import CheckResult, Finding, not_assessable
from coaching.rules.common import KNEE_VIEWS, Episode, finding, hidden_leg_note, leg_view_refusal
from coaching.rules.registry import rule
from vision.gait import FEET, Gait, Stride
from vision.motion import Motion

UNIT = "deg"
RULE = "reduced_knee_range"
CUE = "Bend the knee more as the foot reaches back: lift the heel towards the seat, then extend."
CUE_EVEN = "Even out your legs: bend the {side} knee as much as the other one."


def _strides_episode(strides: list[Stride]) -> Episode:
    """From the first stride's start to the last one's end."""
    return Episode(strides[0].start_row, strides[-1].end_row, strides[0].start_s, strides[-1].end_s)


@rule(RULE, "Knee bend", UNIT, (CUE, CUE_EVEN))
def check(motion: Motion, th: Thresholds) -> CheckResult:
    refusal = leg_view_refusal(motion, KNEE_VIEWS, th.min_body_height_px, "knee bends")
    if refusal:
        return not_assessable(RULE, refusal, UNIT)
    gait = motion.gait
    counts = {foot: len(gait.strides_of(foot)) for foot in FEET}
    # From the side the far knee may be behind the near leg for most of each stride (a camera far
    # away with a long lens sees the legs nearly end on): the near one is still judged.
    legs = tuple(foot for foot in motion.legs_seen if counts[foot] >= th.min_strides_per_side)
    if not legs:
        return not_assessable(RULE, f"only {counts['left']} left and {counts['right']} right full strides seen; "
                                    f"at least {th.min_strides_per_side} per leg are needed", UNIT)
    unjudged = "".join(f"; the {foot} knee not judged: only {counts[foot]} full stride{'' if counts[foot] == 1 else 's'} "
                       f"seen, {th.min_strides_per_side} needed" for foot in motion.legs_seen if foot not in legs)
    rom = {foot: gait.knee_rom_deg(foot) for foot in legs}
    low_side = min(legs, key=lambda f: rom[f])
    sides = f", sides within {th.knee_rom_asymmetry_max_deg:.0f}" if len(legs) == 2 else ""
    summary = (f"median knee range {', '.join(f'{foot} {rom[foot]:.0f}' for foot in legs)} degrees "
               f"(limit {th.knee_rom_min_deg:.0f}{sides})")
    found: list[Finding] = []
    for foot in legs:
        if rom[foot] < th.knee_rom_min_deg:
            strides = gait.strides_of(foot)
            severity = "severe" if rom[foot] < th.knee_rom_min_deg - 10 else "moderate"
            found.append(finding(RULE, motion, _strides_episode(strides), severity,
                                 f"The {foot} knee bends through only {rom[foot]:.0f} degrees a stride.", CUE))
    if len(legs) == 2 and not found:
        uneven = _uneven(gait, rom, low_side, th)
        if uneven:
            found.append(finding(RULE, motion, _strides_episode(gait.strides_of(low_side)), "mild", uneven,
                                 CUE_EVEN.format(side=low_side)))
    if not found:
        note = " (borderline)" if rom[low_side] < th.knee_rom_borderline_deg else ""
        return CheckResult(RULE, "ok", summary + note + unjudged + hidden_leg_note(motion), round(rom[low_side], 1),
                           th.knee_rom_min_deg, UNIT)
    return CheckResult(RULE, "fault", summary + unjudged + hidden_leg_note(motion), round(rom[low_side], 1),
                       th.knee_rom_min_deg, UNIT, tuple(found))


def _uneven(gait: Gait, rom: dict[str, float], low_side: str, th: Thresholds) -> str | None:
    """'The left knee bends 12 degrees less than the other.', or None. Uneven only if the gap is
    over the limit and no stride of the lower leg reaches any stride of the other: stride-to-stride
    scatter is not a side difference."""
    high_side = "right" if low_side == "left" else "left"
    gap = abs(rom["left"] - rom["right"])
    separated = max(s.knee_rom_deg for s in gait.strides_of(low_side)) < min(
        s.knee_rom_deg for s in gait.strides_of(high_side))
    if gap > th.knee_rom_asymmetry_max_deg and separated:
        return f"The {low_side} knee bends {gap:.0f} degrees less than the other."
    return None
