"""Gait events and stride metrics from kinematics.

Events use the Zeni coordinate method generalised to any walking direction: a
foot lands when it is furthest out along the direction of travel relative to
the pelvis, and leaves the ground when it is furthest behind. That holds for
forward and backward walking alike (in backward walking the landing foot
reaches backwards, toe first), overground and on a treadmill.

Events are found per bout (`vision.bouts`), with the direction of travel
that bout's frames show: a clip that walks forwards, stops and walks backwards
gets heel strikes in the first bout and toe landings in the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.signal import find_peaks

from vision.kinematics import Kinematics, median_filter_nan, true_runs
from vision.view import near_leg, torso_px

Foot = Literal["left", "right"]
# "unseen": a landing seen square on, where the foot points at or away from the camera, or the
# far foot's at an angle, behind the near leg.
Part = Literal["toe", "heel", "flat", "unseen"]
# The picture's axis the walk runs along: its width (side, at an angle), or its height (square
# on: walking away from the camera goes up the picture, towards it down).
Along = Literal["width", "height"]
FEET: tuple[Foot, Foot] = ("left", "right")

TOE_FIRST_MIN_DEG = 5.0
HEEL_FIRST_MAX_DEG = -8.0
# A heel-first landing's toe shows up within this time after the landing is found. The landing is
# found at the foot's furthest reach, up to 4 frames before the heel touches, where the model's
# foot may still carry the swing's pointed toe: the rendered right foot's heel-first landings
# read 7-28 degrees toe down as found and 9-13 up a frame after the true contact. A toe-first
# landing's foot only comes down flat in this time.
_HEEL_SHOWS_S = 0.1
# An event's peak must stand out by this share of the feet's typical excursion,
# so that a pose glitch while the legs cross does not make a second event. In the two feet's
# maximum (and minimum) the feet take turns: a leg that reaches less (stiff, limping) stands out
# less against the other's excursion (a rendered stiff right leg reached 0.06 body heights, the left
# 0.16: its landings stood out by 0.31 of the maximum's excursion), so there a lower share, with
# the events' spacing of most of a step keeping a crossing's glitch out.
_PROMINENCE_OF_EXCURSION = 0.35
_PROMINENCE_OF_BOTH_FEET = 0.2
# A maximum the track ends this soon after may be a foot still reaching: not yet a landing.
_SETTLE_S = 0.1
# The longest trade of the legs by the pose model that a foot's own events ride over.
_TRADE_MAX_S = 0.3
# Square on, one foot's landings found at least this share as often as the other's (or one fewer).
_EVEN_FEET = 0.7
_MIN_STRIDE_S = 0.6
_MAX_STRIDE_S = 3.0
# From the side the far knee is behind the near leg while the knees overlap in the picture, and the model
# pulls its points towards the near leg's: over 46 rendered side clips its flexion there read 9 degrees
# straighter than the truth (median), within about 5 where the knees are apart, so its stride's straightest
# reading was too straight and its range 4-17 degrees wide (14 clips more than 8). The far knee's straightest
# is taken where the knees' centres are further apart across the picture than this share of the near
# thigh's length (about a knee's width; at 0.15 a held-out walker's far knee still read straight just past
# it): 4 clips more than 8 degrees off (3 from cameras above hip height). Its deepest bend is taken from
# every frame, as the near knee's range: on the real clip the far knee bends most while the knees overlap.
_KNEES_APART_MIN = 0.2


@dataclass(frozen=True)
class Contact:
    row: int  # row of the resampled track (`frame_index` maps it to the video's frame)
    time_s: float
    foot: Foot
    part: Part
    pitch_change_deg: float
    bout: int = 0


@dataclass(frozen=True)
class FootOff:
    row: int  # row of the resampled track
    time_s: float
    foot: Foot
    bout: int = 0


@dataclass(frozen=True)
class Stride:
    foot: Foot
    start_row: int  # rows of the resampled track
    end_row: int
    start_s: float
    end_s: float
    knee_rom_deg: float
    stance_fraction: float | None
    bout: int = 0


@dataclass(frozen=True)
class Gait:
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


# Nose-to-ankle height in torso lengths (the shoulders' midpoint to the hips'): 2.70-2.82 by view, 2.56-2.92 at
# most, over the rendered walkers of six builds from 43 cameras; 2.60 on the real walker of the shared clip.
HEIGHT_PER_TORSO = 2.75
# Share of the walker's frames with an ankle seen under which the feet are taken as out of the picture.
FEET_SEEN_MIN = 0.5
# The torso's length is taken over this: over one second its wobble with the steps lost a landing from behind
# on the heavier build (one of twelve, and the feet then no longer alternated: no step counted).
HEIGHT_WINDOW_S = 2.0
# The change of size (the torso's 95th percentile over its 5th, over HEIGHT_WINDOW_S) that makes the height
# follow the walker: at most 1.04 from the rendered cameras that follow the walker, 2.8-4.1 from those the walker
# steps away from or comes up to.
SIZE_CHANGE_MIN = 1.25


def feet_seen_share(kin: Kinematics) -> float:
    """Share of the frames with the walker (the hips seen) in which an ankle is seen: filmed close, from
    the waist up, the feet are out of the picture (NaN where the walker is never seen)."""
    present = ~np.isnan(_pelvis(kin)[:, 0])
    ankle = ~np.isnan(kin.xy("left_ankle")[:, 0]) | ~np.isnan(kin.xy("right_ankle")[:, 0])
    return float(np.sum(present & ankle) / np.sum(present)) if present.any() else np.nan


def body_height_px(kin: Kinematics) -> float:
    """Median nose-to-ankle height, the unit for distances that must not depend on zoom; with the feet
    out of the picture (`FEET_SEEN_MIN`), `HEIGHT_PER_TORSO` torso lengths."""
    nose = kin.xy("nose")[:, 1]
    left, right = kin.xy("left_ankle")[:, 1], kin.xy("right_ankle")[:, 1]
    ankles = np.where(np.isnan(left), right, np.where(np.isnan(right), left, (left + right) / 2))
    span = ankles - nose
    if feet_seen_share(kin) >= FEET_SEEN_MIN and np.any(~np.isnan(span)):
        return float(np.nanmedian(span))
    torso = torso_px(kin.points)
    return HEIGHT_PER_TORSO * float(np.nanmedian(torso)) if np.any(~np.isnan(torso)) else np.nan


def heights_px(kin: Kinematics) -> np.ndarray:
    """The walker's height in the picture at each frame: `body_height_px`, scaled by the torso's length
    over `HEIGHT_WINDOW_S` against its typical one where the walker's size changes by `SIZE_CHANGE_MIN`
    or more. A walker going away from a camera that stands still (a laptop they step back from) shrinks
    in the picture, rendered fourfold over 8 s from 1.3 m, and their steps with them: against one height
    their last 2 s read as standing, and one step in 6 s was found square on. Where the size holds (a
    camera that follows the walker, or one they cross at a distance) the torso's few per cent of wobble
    would only move the legs' reach: from a phone on the floor the landings' feet were traded."""
    height = body_height_px(kin)
    torso = median_filter_nan(torso_px(kin.points), int(round(HEIGHT_WINDOW_S * kin.fps)) if kin.fps > 0 else 1)
    if np.sum(~np.isnan(torso)) < 2:
        return np.full(len(torso), height)
    low, high = np.nanpercentile(torso, [5, 95])
    if high < SIZE_CHANGE_MIN * low:
        return np.full(len(torso), height)
    return height * np.where(np.isnan(torso), 1.0, torso / np.nanmedian(torso))


def _foot_centre(kin: Kinematics, foot: Foot) -> np.ndarray:
    return (kin.xy(f"{foot}_heel") + kin.xy(f"{foot}_foot_index") + kin.xy(f"{foot}_ankle")) / 3


def _pelvis(kin: Kinematics) -> np.ndarray:
    return (kin.xy("left_hip") + kin.xy("right_hip")) / 2


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


def _extremes(signal: np.ndarray, fps: float, min_gap_s: float, open_end: bool = False,
              prominence: float = _PROMINENCE_OF_EXCURSION) -> np.ndarray:
    """Indices of maxima standing out by `prominence` of the signal's excursion, at least `min_gap_s`
    apart, found in each unbroken run.

    `open_end`: a maximum the run ends after (level or on the way down, at least `_SETTLE_S` on) counts
    by its rise alone. A walker who stops stands on the foot that landed last, its reach held: without
    the fall that follows a landing while walking, it would not stand out and the stride would be lost.
    A held maximum is found where it began. Only for walking that ends standing or with the track: a
    walker turning or leaving the picture moves on, and the reach there is no landing's."""
    found: list[int] = []
    values = signal[~np.isnan(signal)]
    if len(values) < 3:
        return np.array([], dtype=int)
    excursion = float(np.percentile(values, 95) - np.percentile(values, 5))
    distance = max(1, int(min_gap_s * fps))
    for lo, hi in true_runs(~np.isnan(signal)):
        if hi - lo < 3:
            continue
        run = signal[lo:hi]
        if open_end:
            run = np.append(run, np.min(run))
        peaks, flat = find_peaks(run, distance=distance, prominence=prominence * excursion,
                                 plateau_size=1)
        # A reach held to the run's end (its top level to the last frame) is found where the hold began.
        peaks = np.where(flat["right_edges"] == hi - lo - 1, flat["left_edges"], peaks)
        settled = hi - lo - int(round(_SETTLE_S * fps)) if open_end else hi - lo
        found.extend(int(p) + lo for p in peaks if p < settled)
    return np.array(found, dtype=int)


def _landing_part(pitch_deg: np.ndarray, row: int, flat_deg: float, own_flat_deg: float | None,
                  fps: float) -> tuple[Part, float]:
    """The part of the foot first down and the foot's pitch against flat as it lands (0 where
    unseen). Heel first where its toe is up as it lands or, once the stance that follows is seen,
    just after: against the walk's flat foot and against its own in that stance (a real foot whose
    reading sinks through a stance is not landing on its heel)."""
    if own_flat_deg is None:
        after, reference = pitch_deg[row: row + 1], flat_deg
    else:
        after, reference = pitch_deg[row: row + int(round(_HEEL_SHOWS_S * fps)) + 1], min(flat_deg, own_flat_deg)
    if np.any(after - reference <= HEEL_FIRST_MAX_DEG):
        return "heel", float(np.nanmin(after - flat_deg))
    change = float(after[0] - flat_deg) if not np.isnan(after[0]) else 0.0
    return ("toe" if change >= TOE_FIRST_MIN_DEG else "flat"), change


@dataclass(frozen=True)
class _Steps:
    """Swap-proof view of the two feet: which of the model's 'left'/'right' leads, per frame."""

    reach: np.ndarray  # (frames, 2) reach along travel, body heights, columns left/right as labelled
    lead: np.ndarray  # max of the two
    trail: np.ndarray  # min of the two
    lead_is_left: np.ndarray  # bool per frame


def _own_feet(kin: Kinematics, along: Along) -> bool:
    """Whether each foot's events are found by itself (legs not traded by the model, nor repaired)."""
    return kin.view == "oblique" or along == "height"


def _steps(kin: Kinematics, sign: int, height_px: np.ndarray, along: Along) -> _Steps:
    axis = 0 if along == "width" else 1
    pelvis = _pelvis(kin)[:, axis]
    reach = np.column_stack([(_foot_centre(kin, f)[:, axis] - pelvis) * sign / height_px for f in FEET])
    if _own_feet(kin, along):
        # At an angle the feet's sideways distance shows along the picture too (one foot always
        # looks ahead), and square on the feet hang below the pelvis: each foot's reach from its
        # own middle steps alike.
        reach = reach - np.nanmedian(reach, axis=0)
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


def _stance_middle(land: int, foot: Foot, lifts: np.ndarray, lift_feet: list[Foot]) -> slice | None:
    """The middle half of the stance a landing begins (to the foot's next lift), None without a lift."""
    later = [int(i) for i, f in zip(lifts, lift_feet) if f == foot and i > land]
    if not later:
        return None
    lift = min(later)
    span = lift - land
    return slice(land + span // 4, lift - span // 4 + 1)


def _flat_pitch(kin: Kinematics, feet: list[Foot], middles: list[slice | None]) -> dict[Foot, float]:
    """Each foot's pitch when flat: the middle half of its stances (`middles`, one per landing of `feet`)."""
    flat: dict[Foot, float] = {}
    for foot in FEET:
        pitch = kin.foot_pitch(foot)
        values = [pitch[middle] for middle, f in zip(middles, feet) if f == foot and middle is not None]
        merged = np.concatenate(values) if values else pitch
        flat[foot] = float(np.nanmedian(merged)) if np.any(~np.isnan(merged)) else 0.0
    return flat


def _own_flat(pitch: np.ndarray, middle: slice | None) -> float | None:
    """The foot's pitch when flat in the stance a landing begins, None where that is not seen: a
    real foot's flat reading drifts from stance to stance as it turns in the picture."""
    values = pitch[middle] if middle is not None else np.array([])
    return float(np.nanmedian(values)) if np.any(~np.isnan(values)) else None


def _knee_straightest(kin: Kinematics, foot: Foot) -> np.ndarray:
    """The knee's flexion for its straightest reading: where the far knee from the side is behind the near
    one left out (NaN)."""
    knee = kin.knee(foot)
    near = near_leg(kin.points) if kin.view == "side" else None
    if near is None or foot == near:
        return knee
    thigh = np.linalg.norm(kin.xy(f"{near}_hip") - kin.xy(f"{near}_knee"), axis=1)
    apart = np.abs(kin.xy("left_knee")[:, 0] - kin.xy("right_knee")[:, 0])
    with np.errstate(invalid="ignore"):
        return np.where(apart >= _KNEES_APART_MIN * thigh, knee, np.nan)


def _strides(kin: Kinematics, contacts: list[Contact], offs: list[FootOff]) -> list[Stride]:
    strides = []
    for foot in FEET:
        own = [c for c in contacts if c.foot == foot]
        knee, straight = kin.knee(foot), _knee_straightest(kin, foot)
        for a, b in zip(own, own[1:]):
            if not _MIN_STRIDE_S <= b.time_s - a.time_s <= _MAX_STRIDE_S:
                continue
            window, straight_window = knee[a.row: b.row + 1], straight[a.row: b.row + 1]
            if np.isnan(window).mean() > 0.2 or np.all(np.isnan(straight_window)):
                continue
            lift = [o for o in offs if o.foot == foot and a.row < o.row < b.row]
            stance = (lift[0].time_s - a.time_s) / (b.time_s - a.time_s) if len(lift) == 1 else None
            strides.append(Stride(foot, a.row, b.row, a.time_s, b.time_s,
                                  round(float(np.nanmax(window) - np.nanmin(straight_window)), 2),
                                  None if stance is None else round(stance, 3), a.bout))
    return sorted(strides, key=lambda s: s.start_s)


def cadence(contacts: list[Contact]) -> tuple[float | None, float | None]:
    """Steps per minute and step time from the landings of one bout or of several.

    The intervals between landings of a run (one bout's, no gap longer than a stride) are taken two
    by two, and each pair counts as the whole number of steps closest to it in units of the typical
    step, so a landing the pose missed does not slow the cadence down. The typical step is half the
    median of two successive intervals (a stride). Steps that alternate short and long (square on
    one foot's landings are found early and the other's late; a limp) are one each, whether the short
    ones are a third of the long or half; a pair's rounding does not add up along a long run, as a
    whole run's would.
    """
    ordered = sorted(contacts, key=lambda c: (c.bout, c.time_s))
    runs: list[list[float]] = []
    for n, contact in enumerate(ordered):
        before = ordered[n - 1] if n else None
        if before is None or before.bout != contact.bout or contact.time_s - before.time_s > _MAX_STRIDE_S:
            runs.append([])
        else:
            runs[-1].append(contact.time_s - before.time_s)
    strides = [a + b for run in runs for a, b in zip(run, run[1:])]
    if not strides:
        return None, None
    typical = float(np.median(strides)) / 2
    pairs = [sum(run[k: k + 2]) for run in runs for k in range(0, len(run), 2)]
    step = float(np.sum(pairs) / sum(max(1, round(pair / typical)) for pair in pairs))
    return round(60.0 / step, 2), round(step, 3)


@dataclass(frozen=True)
class _Events:
    steps: _Steps
    lands: np.ndarray  # landing frames, in time order
    feet: list[Foot]  # the foot that lands at each landing
    lifts: np.ndarray  # foot-off frames, in time order
    lift_feet: list[Foot]  # the foot that lifts at each


def _events(kin: Kinematics, sign: int, along: Along = "width", stops: bool = False) -> _Events | None:
    """The feet's reach along travel (`sign`: +1 towards the picture's right or bottom, -1 its left or
    top), landings, lifts and which foot does each. `stops`: the walking ends standing or with the
    track, so a reach held at its end is a landing (`_extremes`' open end)."""
    fps = kin.fps
    heights = heights_px(kin)
    if sign == 0 or fps <= 0 or not np.any(heights > 0):
        return None
    steps = _steps(kin, sign, heights, along)
    if np.all(np.isnan(steps.lead)):
        return None
    if _own_feet(kin, along):
        return _own_feet_events(steps, fps, stops)
    step_s = _step_s(steps, fps)
    min_gap_s = max(_MIN_STRIDE_S / 2, 0.7 * step_s)
    # The feet come level once a step, but a limp's steps are uneven: its crossings as little as a
    # third of a stride apart.
    crossings = _extremes(steps.trail - steps.lead, fps, min_gap_s / 2, prominence=_PROMINENCE_OF_BOTH_FEET)
    # A glitch that brings the feet level mid-step leaves a stretch shorter than most of a step.
    shortest = int(0.8 * min_gap_s * fps)
    reaches = _extremes(steps.lead, fps, min_gap_s, open_end=stops, prominence=_PROMINENCE_OF_BOTH_FEET)
    lands = _between_crossings(steps.lead, crossings, reaches, shortest)
    backs = _extremes(-steps.trail, fps, min_gap_s, prominence=_PROMINENCE_OF_BOTH_FEET)
    lifts = _between_crossings(-steps.trail, crossings, backs, shortest)
    # A foot lifts off as the trailing foot.
    lift_feet: list[Foot] = ["right" if steps.lead_is_left[i] else "left" for i in lifts]
    return _Events(steps, lands, _assign_feet(kin, steps, lands, step_s), lifts, lift_feet)


def _between_crossings(signal: np.ndarray, crossings: np.ndarray, peaks: np.ndarray, shortest: int) -> np.ndarray:
    """`peaks`, and in each step between two crossings of the feet (where they come level) that
    holds none, the signal's maximum there. A leg that reaches less may land while the other still
    reaches past the pelvis: the feet's maximum barely dips between the two landings (a rendered
    stiff far leg's landing stood 0.02 body heights above it), but the feet still come level
    between them. Steps shorter than `shortest` frames are a glitch, not a step, and so is a maximum that
    close to a landing already found: a glitch that brings the feet level just after a landing (the real
    walker with a little sensor noise) leaves that landing's falling reach between it and the true crossing."""
    found = {int(p) for p in peaks}
    for a, b in zip(crossings, crossings[1:]):
        window = signal[a: b + 1]
        if b - a < shortest or np.isnan(window).any() or any(a <= p <= b for p in found):
            continue
        top = a + int(np.argmax(window))
        if a < top < b and all(abs(top - p) >= shortest for p in found):
            found.add(top)
    return np.array(sorted(found), dtype=int)


def _step_s(steps: _Steps, fps: float) -> float:
    """Half the stride, each foot's own reach repeating once a stride: a leg that reaches less (stiff,
    or the far one partly hidden) makes the two feet's maximum repeat once a stride, not once a step,
    and a step taken as a stride halves the landings found."""
    strides = [period_s(steps.reach[:, k], fps, _MIN_STRIDE_S, _MAX_STRIDE_S) for k in range(len(FEET))]
    strides = [s for s in strides if s]
    if strides:
        return float(np.median(strides)) / 2
    return period_s(steps.lead, fps, _MIN_STRIDE_S / 2, _MAX_STRIDE_S / 2) or _MIN_STRIDE_S


def _own_feet_events(steps: _Steps, fps: float, stops: bool) -> _Events:
    """Zeni's method on each foot by itself: a foot lands at its furthest reach and lifts at its
    least. At an angle the model keeps the legs apart, but a foot's reach is foreshortened and the
    far foot's is partly hidden, so a stiff or far leg's smaller reach is lost under the other's
    in the two feet's maximum; each foot against its own excursion keeps it. Square on the same
    holds of the reach into depth, seen as the foot going up or down the picture."""
    lands: list[tuple[int, Foot]] = []
    lifts: list[tuple[int, Foot]] = []
    for k, foot in enumerate(FEET):
        # Legs are not repaired here; a running median keeps a trade of a few frames (seen during
        # a look back) from standing in for the landings beside it.
        reach = median_filter_nan(steps.reach[:, k], int(round(_TRADE_MAX_S * fps)) | 1)
        stride_s = period_s(reach, fps, _MIN_STRIDE_S, _MAX_STRIDE_S) or _MIN_STRIDE_S
        min_gap_s = max(_MIN_STRIDE_S / 2, 0.7 * stride_s)  # a foot's own events come once a stride
        lands += [(int(i), foot) for i in _extremes(reach, fps, min_gap_s, open_end=stops)]
        lifts += [(int(i), foot) for i in _extremes(-reach, fps, min_gap_s)]
    lands, lifts = sorted(lands), sorted(lifts)
    return _Events(steps, np.array([i for i, _ in lands], dtype=int), [f for _, f in lands],
                   np.array([i for i, _ in lifts], dtype=int), [f for _, f in lifts])


def leg_swaps(kin: Kinematics, sign: int) -> np.ndarray:
    """Frames where the pose model traded the left and right leg (True = traded).

    Judge this on unsmoothed kinematics: smoothing across a swap blends the legs.
    """
    events = _events(kin, sign)
    if events is None:
        return np.zeros(len(kin.time_s), dtype=bool)
    return _stance_swaps(kin, events.steps, events.lands, events.feet)


def analyse_gait(kin: Kinematics, sign: int, bout: int = 0, along: Along = "width", stops: bool = False) -> Gait:
    """Landings (with the part of the foot first down where the foot is seen along the walk: from the
    side, or the near foot at an angle), lifts, strides and cadence of one bout travelling along
    `sign` of the picture's `along` axis; `stops`: the bout ends standing or with the track."""
    events = _events(kin, sign, along, stops)
    if events is None or (along == "height" and not _feet_alternate(events.feet)):
        return Gait((), (), (), None, None)
    lands, feet, lifts, lift_feet = events.lands, events.feet, events.lifts, events.lift_feet
    middles = [_stance_middle(i, foot, lifts, lift_feet) for i, foot in zip(lands, feet)]
    flat = _flat_pitch(kin, feet, middles) if along == "width" else {}
    contacts = []
    fps = kin.fps
    shown = _feet_shown(kin) if along == "width" else ()
    for i, foot, middle in zip(lands, feet, middles):
        if foot in shown:
            pitch = kin.foot_pitch(foot)
            part, change = _landing_part(pitch, i, flat[foot], _own_flat(pitch, middle), fps)
        else:
            part, change = "unseen", 0.0
        contacts.append(Contact(int(i), float(kin.time_s[i]), foot, part, round(change, 2), bout))
    offs = [FootOff(int(i), float(kin.time_s[i]), f, bout) for i, f in zip(lifts, lift_feet)]
    steps_per_min, step = cadence(contacts)
    return Gait(tuple(contacts), tuple(offs), tuple(_strides(kin, contacts, offs)), steps_per_min, step)


def _feet_shown(kin: Kinematics) -> tuple[Foot, ...]:
    """The feet whose tilt shows along the walk: both from the side; at an angle the one nearer the
    camera in this bout (the far one is behind the near leg: its rendered heel-first landings read
    toe, flat or heel by turns)."""
    if kin.view != "oblique":
        return FEET
    near = near_leg(kin.points)
    return (near,) if near else ()


def _feet_alternate(feet: list[Foot]) -> bool:
    """Whether both feet's landings were found about as often (feet alternate): where the model
    loses one foot (hidden behind the other, or a walking aid), the other's landings alone would
    count half the steps at half the cadence."""
    counts = [feet.count(foot) for foot in FEET]
    return max(counts) - min(counts) <= max(1.0, (1.0 - _EVEN_FEET) * max(counts))


def combine(gaits: list[Gait]) -> Gait:
    """One gait from several bouts' (cadence over the intervals within each bout)."""
    contacts = [c for g in gaits for c in g.contacts]
    steps_per_min, step = cadence(contacts)
    return Gait(tuple(sorted(contacts, key=lambda c: c.time_s)),
                tuple(sorted((o for g in gaits for o in g.foot_offs), key=lambda o: o.time_s)),
                tuple(sorted((s for g in gaits for s in g.strides), key=lambda s: s.start_s)),
                steps_per_min, step)
