"""Head down: watching the floor or the feet instead of keeping the head up."""

from __future__ import annotations

import numpy as np

from coaching.config import Thresholds
from coaching.findings import CheckResult, not_assessable
from coaching.rules.common import HEAD_PITCH_VIEWS, bridged, episodes, finding, held, valid_seconds, wrong_view
from coaching.rules.registry import rule
from vision.kinematics import median_filter_nan
from vision.motion import Motion
from vision.view import View, seen_as

UNIT = "%"
RULE = "head_down"
# The walker's own neutral: their head at its highest for this share of the walk.
NEUTRAL_PERCENTILE = 15
# Where a reading has a scale of its own, a "neutral" further down than any walker's is head down itself (a head
# held down all walk has no head-up stretch to measure from). From the side the ear-to-eye line has one (0 = level
# gaze). In front the face against the ears has one only roughly: the camera's height and the build shift it, and
# the rendered walkers' neutral read 3-25 degrees (cameras 0.8-1.7 m high, builds 0.85-1.3; a head held 28 degrees
# down all walk read 45 from 1.35 m). Behind, where the ears' drop is all there is, it read 8-58: none there.
NEUTRAL_MAX_DEG = {"side": 10.0, "front": 25.0}
SPELL_GAP_S = 0.4
# A spell that reached the threshold lasts until the head is back within this much of it: the steady
# pitch's error, 6-8 degrees at nine frames in ten from in front, behind and at an angle, cut held
# rendered spells of 25 degrees into pieces shorter than the 2 s a spell needs.
HOLD_MARGIN_DEG = 5.0
SMOOTH_S = 1.0
CUE = "Lift your chest and keep your eyes level; glance over a shoulder instead of down at your feet."


def neutral_deg(pitch: np.ndarray, view: str) -> float:
    """The head's neutral pitch for this walk, which head-down spells are measured from (`view`: the view the
    pitch was read as)."""
    return min(float(np.nanpercentile(pitch, NEUTRAL_PERCENTILE)), NEUTRAL_MAX_DEG.get(view, np.inf))


def read_as(way: str, view: View) -> View:
    """The view a way of facing the camera (`facings`) was read as."""
    return view if way == "any" else seen_as(view, way == "facing the camera")


def facings(motion: Motion) -> dict[str, np.ndarray]:
    """The frames of each way the walker faces the camera. In front, behind or at an angle a walker
    who turns round shows the back of the head instead of the face, read another way with another
    offset (vision/head.py): each has a neutral of its own. From the side, one."""
    chest = motion.kinematics.faces_camera
    ways = {"facing the camera": chest == 1.0, "back to the camera": chest == 0.0}
    return {way: frames for way, frames in ways.items() if frames.any()} or {"any": np.ones(len(chest), bool)}


def tilt_deg(motion: Motion) -> np.ndarray:
    """The steady head pitch above the walker's neutral for the way they face at each frame (the
    lower of this stretch's and one known from before: a stretch all head down has no neutral)."""
    steady = steady_pitch(motion)
    tilt = np.full(len(steady), np.nan)
    for way, frames in facings(motion).items():
        if np.any(~np.isnan(steady[frames])):
            neutral = neutral_deg(steady[frames], read_as(way, motion.view))
            tilt[frames] = steady[frames] - min(neutral, motion.head_neutral_deg.get(way, neutral))
    return tilt


def steady_pitch(motion: Motion) -> np.ndarray:
    """Head pitch over a running median of a second: the pose model's nodding jitter (on a real face
    about twice the rendered one) averages out; a head-down spell of two seconds or more does not."""
    measured = motion.kinematics.head_pitch_deg
    steady = median_filter_nan(measured, int(round(SMOOTH_S * motion.fps)))
    steady[np.isnan(measured)] = np.nan
    return steady


@rule(RULE, "Head up", UNIT, (CUE,))
def check(motion: Motion, th: Thresholds) -> CheckResult:
    refusal = wrong_view(motion, HEAD_PITCH_VIEWS, "head tilts")
    if refusal:
        return not_assessable(RULE, refusal, UNIT)
    measured = motion.kinematics.head_pitch_deg
    seen_s = valid_seconds(motion, measured)
    if seen_s < th.min_assessable_s:
        return not_assessable(RULE, f"the head is visible for only {seen_s:.1f} s; "
                                    f"at least {th.min_assessable_s:.0f} s are needed", UNIT)
    pitch = tilt_deg(motion)
    with np.errstate(invalid="ignore"):
        below = pitch >= th.head_down_deg
    down = bridged(motion, held(pitch, th.head_down_deg, th.head_down_deg - HOLD_MARGIN_DEG), SPELL_GAP_S)
    share = 100.0 * float(below.sum() / np.sum(~np.isnan(pitch)))
    long_spells = episodes(motion, down, th.head_down_min_s)
    limit_pct = 100.0 * th.head_down_max_fraction
    fault = bool(long_spells) or share >= limit_pct
    longest = max((e.duration_s for e in episodes(motion, down, 0.0)), default=0.0)
    if not fault:
        return CheckResult(RULE, "ok", f"head {th.head_down_deg:.0f} degrees or more below its neutral for {share:.0f} % "
                           f"of the time (limit {limit_pct:.0f} %), longest {longest:.1f} s "
                           f"(limit {th.head_down_min_s:.0f} s)", round(share, 1), limit_pct, UNIT)
    spells = long_spells or episodes(motion, down, th.look_min_s)
    found = []
    for spell in spells:
        tilt = float(np.nanmedian(pitch[spell.first: spell.last + 1]))
        severity = "severe" if tilt >= th.head_down_severe_deg else "moderate"
        found.append(finding(RULE, motion, spell, severity,
                             f"Head down about {tilt:.0f} degrees for {spell.duration_s:.1f} s.", CUE))
    return CheckResult(RULE, "fault", f"head {th.head_down_deg:.0f} degrees or more below its neutral for {share:.0f} % "
                       f"of the time, longest {longest:.1f} s", round(share, 1), limit_pct, UNIT, tuple(found))
