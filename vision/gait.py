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

from vision.kinematics import Kinematics
from vision.view import View

Foot = Literal["left", "right"]
Part = Literal["toe", "heel", "flat"]
Direction = Literal["backward", "forward", "unknown"]
FEET: tuple[Foot, Foot] = ("left", "right")

TOE_FIRST_MIN_DEG = 5.0
HEEL_FIRST_MAX_DEG = -8.0
# An event's peak must stand out by this share of the foot's typical excursion,
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
    ankles = np.nanmean(np.vstack([kin.xy("left_ankle")[:, 1], kin.xy("right_ankle")[:, 1]]), axis=0)
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


def _runs(valid: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], valid.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def stride_period_s(signal: np.ndarray, fps: float) -> float | None:
    """Dominant period of a foot's reach, from the autocorrelation of its longest unbroken run."""
    runs = _runs(~np.isnan(signal))
    if not runs:
        return None
    lo, hi = max(runs, key=lambda r: r[1] - r[0])
    x = signal[lo:hi] - np.mean(signal[lo:hi])
    lags = np.arange(int(_MIN_STRIDE_S * fps), min(len(x) - 1, int(_MAX_STRIDE_S * fps)))
    if len(lags) < 3:
        return None
    corr = np.array([np.dot(x[:-k], x[k:]) / (len(x) - k) for k in lags])
    peaks, _ = find_peaks(corr)
    if not len(peaks) or corr[peaks[0]] <= 0:
        return None
    return float(lags[peaks[0]] / fps)


def _extremes(signal: np.ndarray, fps: float, period_s: float | None) -> np.ndarray:
    """Indices of clear maxima, one per stride at most, found in each unbroken run."""
    found: list[int] = []
    values = signal[~np.isnan(signal)]
    if len(values) < 3:
        return np.array([], dtype=int)
    excursion = float(np.percentile(values, 95) - np.percentile(values, 5))
    distance = max(1, int(max(_MIN_STRIDE_S, 0.7 * (period_s or 0.0)) * fps))
    for lo, hi in _runs(~np.isnan(signal)):
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


def _foot_events(kin: Kinematics, foot: Foot, sign: int, height_px: float,
                 fps: float) -> tuple[list[Contact], list[FootOff]]:
    reach = (_foot_centre(kin, foot)[:, 0] - _pelvis(kin)[:, 0]) * sign / height_px
    period = stride_period_s(reach, fps)
    lands = _extremes(reach, fps, period)
    lifts = _extremes(-reach, fps, period)
    pitch = kin.foot_pitch(foot)
    # Foot flat: the middle half of each stance (landing to the next lift).
    flat: list[np.ndarray] = []
    for land in lands:
        later = lifts[lifts > land]
        if len(later):
            span = later[0] - land
            flat.append(pitch[land + span // 4: later[0] - span // 4 + 1])
    flat_values = np.concatenate(flat) if flat else pitch
    flat_pitch = float(np.nanmedian(flat_values)) if np.any(~np.isnan(flat_values)) else 0.0
    contacts = []
    for i in lands:
        change = float(pitch[i] - flat_pitch) if not np.isnan(pitch[i]) else 0.0
        contacts.append(Contact(int(i), float(kin.time_s[i]), foot, _classify(change), round(change, 2)))
    offs = [FootOff(int(i), float(kin.time_s[i]), foot) for i in lifts]
    return contacts, offs


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


def analyse_gait(kin: Kinematics) -> Gait:
    height = body_height_px(kin)
    fps = 1.0 / float(np.median(np.diff(kin.time_s))) if len(kin.time_s) > 1 else 0.0
    speed = pelvis_speed(kin, height) if height > 0 else 0.0
    sign = travel_sign(kin, height) if height > 0 else 0
    contacts: list[Contact] = []
    offs: list[FootOff] = []
    if sign != 0 and fps > 0:
        for foot in FEET:
            c, o = _foot_events(kin, foot, sign, height, fps)
            contacts += c
            offs += o
    contacts.sort(key=lambda c: c.time_s)
    offs.sort(key=lambda o: o.time_s)
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
