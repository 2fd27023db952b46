"""Gait events and stride metrics from kinematics.

Events use the Zeni coordinate method generalised to any walking direction: a
foot lands when it is furthest out along the direction of travel relative to
the pelvis, and leaves the ground when it is furthest behind. That holds for
forward and backward walking alike (in backward walking the landing foot
reaches backwards, toe first), overground and on a treadmill.

The direction of travel comes from the feet, not the pelvis, so a treadmill
works too: relative to the pelvis, a foot drifts slowly against the direction
of travel during stance (about 60 % of the time) and swings fast along it, so
the median of its relative velocity points against travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.signal import find_peaks

from vision.kinematics import Kinematics, true_runs
from vision.view import View

Foot = Literal["left", "right"]
Part = Literal["toe", "heel", "flat"]
Direction = Literal["backward", "forward", "unknown"]
FEET: tuple[Foot, Foot] = ("left", "right")

TOE_FIRST_MIN_DEG = 5.0
HEEL_FIRST_MAX_DEG = -8.0
# An event's peak must stand out by this share of the feet's typical excursion,
# so that a pose glitch while the legs cross does not make a second event.
_PROMINENCE_OF_EXCURSION = 0.35
_MIN_STRIDE_S = 0.6
_MAX_STRIDE_S = 3.0
_MIN_TRAVEL_HEIGHTS_PER_S = 0.15


@dataclass(frozen=True)
class Contact:
    frame: int
    time_s: float
    foot: Foot
    part: Part
    pitch_change_deg: float


@dataclass(frozen=True)
class FootOff:
    frame: int
    time_s: float
    foot: Foot


@dataclass(frozen=True)
class Stride:
    foot: Foot
    start_frame: int
    end_frame: int
    start_s: float
    end_s: float
    knee_rom_deg: float
    stance_fraction: float | None


@dataclass(frozen=True)
class Gait:
    travel_sign: int  # +1 towards image right, -1 left, 0 unknown
    pelvis_speed_heights_per_s: float
    contacts: tuple[Contact, ...]
    foot_offs: tuple[FootOff, ...]
    strides: tuple[Stride, ...]
    cadence_steps_per_min: float | None
    step_time_s: float | None

    def strides_of(self, foot: Foot) -> list[Stride]:
        return [s for s in self.strides if s.foot == foot]

    def contacts_of(self, foot: Foot) -> list[Contact]:
        return [c for c in self.contacts if c.foot == foot]

    def knee_rom_deg(self, foot: Foot) -> float | None:
        roms = [s.knee_rom_deg for s in self.strides_of(foot)]
        return float(np.median(roms)) if roms else None

    def stance_fraction(self, foot: Foot) -> float | None:
        values = [s.stance_fraction for s in self.strides_of(foot) if s.stance_fraction is not None]
        return float(np.median(values)) if values else None

    def stride_time_s(self) -> float | None:
        times = [s.end_s - s.start_s for s in self.strides]
        return float(np.median(times)) if times else None


def body_height_px(kin: Kinematics) -> float:
    """Median nose-to-ankle height, the unit for distances that must not depend on zoom."""
    nose = kin.xy("nose")[:, 1]
    left, right = kin.xy("left_ankle")[:, 1], kin.xy("right_ankle")[:, 1]
    ankles = np.where(np.isnan(left), right, np.where(np.isnan(right), left, (left + right) / 2))
    span = ankles - nose
    span = span[~np.isnan(span)]
    return float(np.median(span)) if len(span) else np.nan


def _foot_centre(kin: Kinematics, foot: Foot) -> np.ndarray:
    return (kin.xy(f"{foot}_heel") + kin.xy(f"{foot}_foot_index") + kin.xy(f"{foot}_ankle")) / 3


def _pelvis(kin: Kinematics) -> np.ndarray:
    return (kin.xy("left_hip") + kin.xy("right_hip")) / 2


def pelvis_speed(kin: Kinematics, height_px: float) -> float:
    """Signed horizontal pelvis speed in body heights per second (least squares)."""
    x = _pelvis(kin)[:, 0]
    valid = ~np.isnan(x)
    if valid.sum() < 5 or not height_px > 0:
        return 0.0
    slope = np.polyfit(kin.time_s[valid], x[valid], 1)[0]
    return float(slope / height_px)


def travel_sign(kin: Kinematics, height_px: float) -> int:
    """+1 / -1 along image x, 0 when there is too little stepping to tell."""
    medians = []
    for foot in FEET:
        rel = (_foot_centre(kin, foot)[:, 0] - _pelvis(kin)[:, 0]) / height_px
        velocity = np.diff(rel) / np.diff(kin.time_s)
        velocity = velocity[~np.isnan(velocity)]
        if len(velocity) >= 10:
            medians.append(np.median(velocity))
    speed = pelvis_speed(kin, height_px)
    if abs(speed) >= _MIN_TRAVEL_HEIGHTS_PER_S:
        return int(np.sign(speed))
    if medians and abs(np.mean(medians)) > 0.02:
        return int(-np.sign(np.mean(medians)))
    return 0


def period_s(signal: np.ndarray, fps: float, shortest_s: float, longest_s: float) -> float | None:
    """Dominant period of a signal, from the autocorrelation of its longest unbroken run."""
    runs = true_runs(~np.isnan(signal))
    if not runs:
        return None
    lo, hi = max(runs, key=lambda r: r[1] - r[0])
    x = signal[lo:hi] - np.mean(signal[lo:hi])
    lags = np.arange(max(1, int(shortest_s * fps)), min(len(x) - 1, int(longest_s * fps)))
    if len(lags) < 3:
        return None
    corr = np.array([np.dot(x[:-k], x[k:]) / (len(x) - k) for k in lags])
    peaks, _ = find_peaks(corr)
    if not len(peaks) or corr[peaks[0]] <= 0:
        return None
    return float(lags[peaks[0]] / fps)


def _extremes(signal: np.ndarray, fps: float, min_gap_s: float) -> np.ndarray:
    """Indices of clear maxima at least `min_gap_s` apart, found in each unbroken run."""
    found: list[int] = []
    values = signal[~np.isnan(signal)]
    if len(values) < 3:
        return np.array([], dtype=int)
    excursion = float(np.percentile(values, 95) - np.percentile(values, 5))
    distance = max(1, int(min_gap_s * fps))
    for lo, hi in true_runs(~np.isnan(signal)):
        if hi - lo < 3:
            continue
        peaks, _ = find_peaks(signal[lo:hi], distance=distance, prominence=_PROMINENCE_OF_EXCURSION * excursion)
        found.extend(int(p) + lo for p in peaks)
    return np.array(found, dtype=int)


def _classify(change_deg: float) -> Part:
    if change_deg >= TOE_FIRST_MIN_DEG:
        return "toe"
    if change_deg <= HEEL_FIRST_MAX_DEG:
        return "heel"
    return "flat"


@dataclass(frozen=True)
class _Steps:
    """Swap-proof view of the two feet: which of the model's 'left'/'right' leads, per frame."""

    reach: np.ndarray  # (frames, 2) reach along travel, body heights, columns left/right as labelled
    lead: np.ndarray  # max of the two
    trail: np.ndarray  # min of the two
    lead_is_left: np.ndarray  # bool per frame


def _steps(kin: Kinematics, sign: int, height_px: float) -> _Steps:
    pelvis_x = _pelvis(kin)[:, 0]
    reach = np.column_stack([(_foot_centre(kin, f)[:, 0] - pelvis_x) * sign / height_px for f in FEET])
    both = ~np.isnan(reach).any(axis=1)
    lead = np.where(both, np.max(np.where(both[:, None], reach, 0), axis=1), np.nan)
    trail = np.where(both, np.min(np.where(both[:, None], reach, 0), axis=1), np.nan)
    return _Steps(reach, lead, trail, np.where(both, reach[:, 0] >= reach[:, 1], False))


def _step_runs(steps: _Steps, lands: np.ndarray, step_s: float, time_s: np.ndarray) -> list[list[int]]:
    """Landings grouped into runs of regular steps (a long pause or a gap in the track ends a run)."""
    runs: list[list[int]] = []
    for n, i in enumerate(lands):
        if not runs or (time_s[i] - time_s[lands[n - 1]] > 1.6 * step_s
                        or np.isnan(steps.lead[lands[n - 1]: i + 1]).any()):
            runs.append([])
        runs[-1].append(n)
    return runs


def _assign_feet(kin: Kinematics, steps: _Steps, lands: np.ndarray, step_s: float) -> list[Foot]:
    """Feet alternate: in each run of steps, take the left/right order that needs the fewest
    frames of the model's leg labels traded (every frame votes, not just the landings)."""
    feet: list[Foot] = []
    for run in _step_runs(steps, lands, step_s, kin.time_s):
        options = [["left" if (k % 2 == 0) == start_left else "right" for k in range(len(run))]
                   for start_left in (True, False)]
        feet.extend(min(options, key=lambda o: int(_stance_swaps(kin, steps, lands[run], o).sum())))
    return feet


def _stance_swaps(kin: Kinematics, steps: _Steps, lands: np.ndarray, feet: list[Foot]) -> np.ndarray:
    """Frames where the model's left/right leg labels are traded.

    Between two landings the foot that landed is the stance foot: it leads until
    the feet cross and trails after. Near the crossing, where reach cannot
    tell them apart, the stance foot is the lower one (the other is swinging).
    """
    swapped = np.zeros(len(kin.time_s), dtype=bool)
    ankle_y = np.column_stack([kin.xy(f"{f}_ankle")[:, 1] for f in FEET])
    excursion = np.nanpercentile(steps.lead, 95) - np.nanpercentile(steps.trail, 5)
    for k in range(len(lands) - 1):
        a, b = lands[k], lands[k + 1]
        gap = steps.lead[a: b + 1] - steps.trail[a: b + 1]
        if np.isnan(gap).any():
            continue
        crossing = a + int(np.argmin(gap))
        for i in range(a, b):
            if gap[i - a] >= 0.15 * excursion:
                stance_is_left = steps.lead_is_left[i] if i < crossing else not steps.lead_is_left[i]
            else:
                stance_is_left = ankle_y[i, 0] >= ankle_y[i, 1]
            swapped[i] = stance_is_left != (feet[k] == "left")
    return swapped


def _flat_pitch(kin: Kinematics, lands: np.ndarray, feet: list[Foot], lifts: np.ndarray,
                lift_feet: list[Foot]) -> dict[Foot, float]:
    """Each foot's pitch when flat: the middle half of its stances (its landing to its lift)."""
    flat: dict[Foot, float] = {}
    for foot in FEET:
        pitch = kin.foot_pitch(foot)
        own_lifts = np.array([i for i, f in zip(lifts, lift_feet) if f == foot], dtype=int)
        values = []
        for land, f in zip(lands, feet):
            later = own_lifts[own_lifts > land]
            if f == foot and len(later):
                span = later[0] - land
                values.append(pitch[land + span // 4: later[0] - span // 4 + 1])
        merged = np.concatenate(values) if values else pitch
        flat[foot] = float(np.nanmedian(merged)) if np.any(~np.isnan(merged)) else 0.0
    return flat


def _strides(kin: Kinematics, contacts: list[Contact], offs: list[FootOff]) -> list[Stride]:
    strides = []
    for foot in FEET:
        own = [c for c in contacts if c.foot == foot]
        knee = kin.knee(foot)
        for a, b in zip(own, own[1:]):
            if not _MIN_STRIDE_S <= b.time_s - a.time_s <= _MAX_STRIDE_S:
                continue
            window = knee[a.frame: b.frame + 1]
            if np.isnan(window).mean() > 0.2:
                continue
            lift = [o for o in offs if o.foot == foot and a.frame < o.frame < b.frame]
            stance = (lift[0].time_s - a.time_s) / (b.time_s - a.time_s) if len(lift) == 1 else None
            strides.append(Stride(foot, a.frame, b.frame, a.time_s, b.time_s,
                                  round(float(np.nanmax(window) - np.nanmin(window)), 2),
                                  None if stance is None else round(stance, 3)))
    return sorted(strides, key=lambda s: s.start_s)


def _cadence(contacts: list[Contact]) -> tuple[float | None, float | None]:
    """Steps per minute from the median interval between alternating contacts."""
    ordered = sorted(contacts, key=lambda c: c.time_s)
    steps = [b.time_s - a.time_s for a, b in zip(ordered, ordered[1:])
             if a.foot != b.foot and b.time_s - a.time_s <= _MAX_STRIDE_S / 2]
    if len(steps) < 2:
        return None, None
    step = float(np.median(steps))
    return round(60.0 / step, 2), round(step, 3)


def _events(kin: Kinematics) -> tuple[int, float, _Steps | None, np.ndarray, np.ndarray, list[Foot], float]:
    """Travel sign, pelvis speed, the feet's reach, landing and lift frames and which foot lands."""
    height = body_height_px(kin)
    fps = 1.0 / float(np.median(np.diff(kin.time_s))) if len(kin.time_s) > 1 else 0.0
    speed = pelvis_speed(kin, height) if height > 0 else 0.0
    sign = travel_sign(kin, height) if height > 0 else 0
    none = np.array([], dtype=int)
    if sign == 0 or fps <= 0:
        return sign, speed, None, none, none, [], height
    steps = _steps(kin, sign, height)
    step_s = period_s(steps.lead, fps, _MIN_STRIDE_S / 2, _MAX_STRIDE_S / 2) or _MIN_STRIDE_S
    min_gap_s = max(_MIN_STRIDE_S / 2, 0.7 * step_s)
    lands = _extremes(steps.lead, fps, min_gap_s)
    lifts = _extremes(-steps.trail, fps, min_gap_s)
    return sign, speed, steps, lands, lifts, _assign_feet(kin, steps, lands, step_s), height


def leg_swaps(kin: Kinematics) -> np.ndarray:
    """Frames where the pose model traded the left and right leg (True = traded).

    Judge this on unsmoothed kinematics: smoothing across a swap blends the legs.
    """
    _, _, steps, lands, _, feet, _ = _events(kin)
    if steps is None:
        return np.zeros(len(kin.time_s), dtype=bool)
    return _stance_swaps(kin, steps, lands, feet)


def analyse_gait(kin: Kinematics) -> Gait:
    """Landings (with the part of the foot first down), lifts, strides and cadence."""
    sign, speed, steps, lands, lifts, feet, height = _events(kin)
    if steps is None:
        return Gait(sign, round(speed, 4), (), (), (), None, None)
    # A foot lifts off as the trailing foot.
    lift_feet: list[Foot] = ["right" if steps.lead_is_left[i] else "left" for i in lifts]
    flat = _flat_pitch(kin, lands, feet, lifts, lift_feet)
    contacts = []
    for i, foot in zip(lands, feet):
        pitch = kin.foot_pitch(foot)[i]
        change = float(pitch - flat[foot]) if not np.isnan(pitch) else 0.0
        contacts.append(Contact(int(i), float(kin.time_s[i]), foot, _classify(change), round(change, 2)))
    offs = [FootOff(int(i), float(kin.time_s[i]), f) for i, f in zip(lifts, lift_feet)]
    cadence, step = _cadence(contacts)
    return Gait(sign, round(speed, 4), tuple(contacts), tuple(offs), tuple(_strides(kin, contacts, offs)),
                cadence, step)


def _scale_trend(kin: Kinematics) -> float:
    """Relative change of torso length over the clip (positive = approaching)."""
    torso = np.linalg.norm(_pelvis(kin) - (kin.xy("left_shoulder") + kin.xy("right_shoulder")) / 2, axis=1)
    valid = ~np.isnan(torso)
    if valid.sum() < 10:
        return 0.0
    slope, intercept = np.polyfit(kin.time_s[valid], torso[valid], 1)
    t0, t1 = kin.time_s[valid][[0, -1]]
    start = slope * t0 + intercept
    return float((slope * (t1 - t0)) / start) if start > 0 else 0.0


def walking_direction(kin: Kinematics, gait: Gait, view: View, agreement: float = 0.8) -> tuple[Direction, float]:
    """Backward or forward, with the share of frames that agree.

    Side views compare the direction of travel with the way the feet and face
    point, frame by frame. Front and back views compare facing the camera with
    approaching or receding (torso length growing or shrinking by 10 % or more).
    """
    if view in ("front", "back"):
        trend = _scale_trend(kin)
        if abs(trend) < 0.1:
            return "unknown", 0.0
        approaching = trend > 0
        facing_camera = view == "front"
        return ("forward" if approaching == facing_camera else "backward"), 1.0
    if gait.travel_sign == 0:
        return "unknown", 0.0
    facing = kin.facing_sign[~np.isnan(kin.facing_sign)]
    if len(facing) < 10:
        return "unknown", 0.0
    backward_share = float(np.mean(facing == -gait.travel_sign))
    if backward_share >= agreement:
        return "backward", round(backward_share, 3)
    if 1 - backward_share >= agreement:
        return "forward", round(1 - backward_share, 3)
    return "unknown", round(max(backward_share, 1 - backward_share), 3)
