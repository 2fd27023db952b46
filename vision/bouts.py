"""The walk split into bouts: walking backward or forward, running, standing, turning.

People film more than one stretch of backward walking: they walk forwards to
the start, stop, turn, walk backwards, go again. Each frame is labelled from
signals taken over a window of about one stride, so that one stride's sway
does not flip it:

- moving: the feet move relative to the pelvis (stepping, on a treadmill too);
  square on, a body that grows or shrinks without stepping is a camera moving
  (a partner's phone creeping up on a walker who stopped), not walking;
- which way the walker faces: in side and oblique views the way the feet and
  face point; square on, whether the face or the back is seen;
- which way they travel: the pelvis along the image (side), the body growing
  or shrinking (front, back); with the pelvis still (a treadmill), the way a
  foot on the ground moves against the direction of travel (facing the camera
  with the body's size steady: the stance foot coming towards the camera).

A window where the facing changes is a turn. Runs of one label shorter than
`MIN_BOUT_S` are absorbed into a neighbour; a stop or a turn that lasts longer
is a bout of its own. Gait events are then found per bout with that bout's
direction (`vision.motion`), and a walking bout far above walking cadence is
running.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

import numpy as np

from vision.kinematics import Kinematics, fill_short_gaps, smooth, true_runs
from vision.landmarks import INDEX
from vision.view import SIDE_MAX_RATIO, SQUARE_MIN_RATIO, shoulder_width_ratio, torso_px

Activity = Literal["walking", "running", "standing", "turning", "unknown"]
BoutDirection = Literal["backward", "forward", "none"]

# Moving or not, and which way along the image, over about one step; facing and
# turning over about one stride; growth or shrinkage square on over two strides.
STEP_WINDOW_S = 0.5
WINDOW_S = 1.0
SCALE_WINDOW_S = 2.0
MIN_BOUT_S = 0.5
# A look back with the trunk turned can read as a turn; one this short that leaves the walker
# facing as before is taken as a look: a look of up to 1.5 s, widened by the facing's running
# median and again by the window a turn is found over (each WINDOW_S; a rendered 0.9 s twisted
# look at an angle held 2.5 s of 'turning' and other stepping).
LOOK_MAX_S = 1.5 + 2 * WINDOW_S
# Pelvis travel (body heights a second) that counts as going somewhere: a slow
# backward walk of an older adult (0.3 m/s) is about 0.2 body heights a second.
TRAVEL_MIN_HEIGHTS_PER_S = 0.1
# Feet moving relative to the pelvis (body heights a second, median over the window): in
# walking the stance foot alone moves at the walking speed relative to the pelvis.
STEPPING_MIN_HEIGHTS_PER_S = 0.1
STEADY_HZ = 4.0
# Growth or shrinkage of the body square on (share a second) that counts as travel: a slow walker
# (0.3 m/s) 8.5 m from the camera changes size by 3.5 % a second. A camera that follows the walker
# keeps their size, and the torso's length then wobbles with the steps and a look back by up to
# 2.2 % a second over the window (held out: 60 fps, behind-left, which read as walking forwards at
# the 1.5 % once asked), 2.7-3.1 % where a following camera lags a walk's start (either side of
# 3 % in different test runs of the same clip).
SCALE_RATE_MIN_PER_S = 0.035
# A stance foot's speed towards or away from the camera (torso lengths a second) that counts.
NEARING_MIN_TORSOS_PER_S = 0.05
# The shoulders' width ratio wanders by this much around its typical value within a walk.
SQUARE_HYSTERESIS = 0.05
_FRONT, _BACK = 2.0, -2.0  # facing codes square on; side views use the facing sign +1 / -1


@dataclass(frozen=True)
class Span:
    """A stretch of frames with one label, before gait events are known."""

    first: int  # row of the even-timeline track
    last: int  # inclusive
    activity: Activity
    direction: BoutDirection
    travel_sign: int  # +1 towards image right, -1 left, 0 not along the image (square on) or unknown


@dataclass(frozen=True)
class Bout:
    index: int
    activity: Activity
    direction: BoutDirection
    first: int  # row of the even-timeline track
    last: int  # inclusive
    start_s: float
    end_s: float
    steps: int
    cadence_steps_per_min: float | None

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def coached(self) -> bool:
        """Backward walking: the only activity the checks judge."""
        return self.activity == "walking" and self.direction == "backward"


def _rolling_slope(time_s: np.ndarray, values: np.ndarray, half: int) -> np.ndarray:
    """Least-squares slope over a centred window, where most of the window has data."""
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        lo, hi = max(0, i - half), min(len(values), i + half + 1)
        t, v = time_s[lo:hi], values[lo:hi]
        ok = ~np.isnan(v)
        if ok.sum() >= max(3, 0.6 * (2 * half + 1)) and np.ptp(t[ok]) > 0:
            tc = t[ok] - t[ok].mean()
            out[i] = float(np.dot(tc, v[ok] - v[ok].mean()) / np.dot(tc, tc))
    return out


def _rolling_median(values: np.ndarray, half: int) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        window = values[max(0, i - half): i + half + 1]
        if np.sum(~np.isnan(window)) > half:
            out[i] = np.nanmedian(window)
    return out


def _chest(kin: Kinematics) -> np.ndarray:
    """Per frame: +1 where the left shoulder is right of the right one in the picture (the chest
    towards the camera), -1 the other way, NaN where a shoulder is missing."""
    left_x, right_x = kin.points[:, INDEX["left_shoulder"], 0], kin.points[:, INDEX["right_shoulder"], 0]
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(left_x - right_x), np.nan, np.where(left_x > right_x, 1.0, -1.0))


def _facing(kin: Kinematics, chest: np.ndarray, half: int) -> np.ndarray:
    """Per frame: +1 / -1 facing image right / left (side, oblique), +2 facing the camera, -2 away."""
    ratio = _rolling_median(shoulder_width_ratio(kin.points), half)
    # From behind the model trades the shoulders for a few frames now and then (a third of a
    # second after a held-out look back, at the clip's end): the chest's way over the window.
    steady_chest = _rolling_median(chest, half)
    undecided = np.isnan(steady_chest) | (steady_chest == 0)  # too few frames, or a tie: this frame's
    square = np.where(np.where(undecided, chest, steady_chest) > 0, _FRONT, _BACK)
    square_on = _square_on(ratio)
    facing = np.where(square_on, square, kin.facing_sign)
    facing[np.isnan(ratio)] = np.nan
    # Between side and square on only the feet and face tell the facing; keep it where they agree.
    facing[(ratio > SIDE_MAX_RATIO) & ~square_on & np.isnan(kin.facing_sign)] = np.nan
    return _carried(facing)


def _square_on(ratio: np.ndarray) -> np.ndarray:
    """Frames seen square on: the shoulders' width ratio past SQUARE_MIN_RATIO, with a band of
    `SQUARE_HYSTERESIS` either side that keeps the last state, so that a camera at an angle near
    the threshold does not flip the cue read from frame to frame."""
    out = np.zeros(len(ratio), dtype=bool)
    state = None
    for i, value in enumerate(ratio):
        if np.isnan(value):
            continue
        if state is None:
            state = bool(value >= SQUARE_MIN_RATIO)
        elif abs(value - SQUARE_MIN_RATIO) > SQUARE_HYSTERESIS:
            state = bool(value > SQUARE_MIN_RATIO)
        out[i] = state
    return out


def _carried(values: np.ndarray) -> np.ndarray:
    """NaN gaps filled with the value before them (or after, at the start): a look over the
    shoulder twists the trunk out of square without the walker facing another way."""
    known = np.flatnonzero(~np.isnan(values))
    if not len(known):
        return values
    before = np.searchsorted(known, np.arange(len(values)), side="right") - 1
    return values[known[np.maximum(before, 0)]]


def _turning(facing: np.ndarray, half: int) -> np.ndarray:
    """Frames whose window holds two facings, each in at least a fifth of its known frames."""
    out = np.zeros(len(facing), dtype=bool)
    for i in range(len(facing)):
        window = facing[max(0, i - half): i + half + 1]
        window = window[~np.isnan(window)]
        if len(window) >= 3:
            _, counts = np.unique(window, return_counts=True)
            out[i] = int(np.sum(counts >= 0.2 * len(window))) >= 2
    return out


def _scale_rate(time_s: np.ndarray, torso: np.ndarray, facing: np.ndarray, turning: np.ndarray,
                stepping: np.ndarray, half: int) -> np.ndarray:
    """Growth of the torso's apparent length (share a second) square on, from the stepping frames of one
    way of facing, the turning frames left out: the front and the back of the trunk read different
    lengths, and a pivot's oblique frames others again, so a slope across a turn reads the turn, not
    travel; a camera that moves up to a walker standing still grows them too (a held-out laptop view
    read the start after a stop as walking forward).
    A look that reads as a turn for a moment leaves the frames either side in one window."""
    out = np.full(len(torso), np.nan)
    for code in (_FRONT, _BACK):
        this_way = (facing == code) & ~turning & stepping
        slope = _rolling_slope(time_s, np.where(this_way, np.log(torso), np.nan), half)
        out[this_way] = slope[this_way]
    return out


def _drift_sign(rel_x: np.ndarray, foot_y: np.ndarray, time_s: np.ndarray) -> int:
    """Travel sign from the feet alone (a treadmill): a foot on the ground moves against the
    direction of travel relative to the pelvis, in walking and running alike (the swing, not
    the stance, is the faster phase only in walking). On the ground = within the lowest fifth
    of that foot's height range. Every grounded frame of either foot votes: where the model trades
    the legs now and then, the far foot's lowest points are the near foot's, and its few "grounded"
    frames are the trades' jumps (rendered from the right, 19 frames against the near foot's 149
    outvoted it as one foot's median)."""
    velocity = np.diff(rel_x, axis=0) / np.diff(time_s)[:, None]
    votes = []
    for k in range(rel_x.shape[1]):
        y = foot_y[1:, k]
        ok = ~np.isnan(velocity[:, k]) & ~np.isnan(y)
        if ok.sum() < 10:
            continue
        low, high = np.percentile(y[ok], [5, 95])
        votes.append(velocity[ok & (y >= high - 0.2 * (high - low)), k])  # image y grows downwards
    pooled = np.concatenate(votes) if votes else np.array([])
    if len(pooled) >= 5 and abs(np.median(pooled)) > 0.02:
        return int(-np.sign(np.median(pooled)))
    return 0


def _nearing_feet(kin: Kinematics, pelvis: np.ndarray, torso: np.ndarray, fps: float, half: int) -> np.ndarray:
    """Per frame, facing the camera: +1 where a foot on the ground comes towards the camera
    against the pelvis, -1 where it goes away, 0 if unclear. A floor point nearer the camera is lower in the
    picture, and a stance foot moves against the walker's travel; stance is most of a stride, so
    the median over a stride of the feet's downward speed (in torso lengths) has the stance's
    sign, whether the camera stands still, follows the walker or films a treadmill."""
    drifts = []
    for side in ("left", "right"):
        below = (kin.xy(f"{side}_ankle")[:, 1] - pelvis[:, 1]) / torso
        steady = smooth(fill_short_gaps(below, kin.time_s), fps, STEADY_HZ)
        drifts.append(_rolling_median(np.gradient(steady, kin.time_s), half))
    drift = np.nanmean(np.vstack(drifts), axis=0)
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(drift) >= NEARING_MIN_TORSOS_PER_S, np.sign(drift), 0).astype(int)


def _direction(facing: float, travel: int, scale_rate: float, nearing: int) -> BoutDirection:
    if facing in (_FRONT, _BACK):
        if abs(scale_rate) >= SCALE_RATE_MIN_PER_S:
            approaching = scale_rate > 0
            return "forward" if approaching == (facing == _FRONT) else "backward"
        # Facing the camera, walking backwards brings the stance foot towards it. From behind
        # the cue is too weak to use: the swing foot's lift up the picture hides its approach.
        if nearing == 0 or facing != _FRONT:
            return "none"
        return "backward" if nearing > 0 else "forward"
    if np.isnan(facing) or travel == 0:
        return "none"
    return "backward" if travel == -facing else "forward"


def _walking(label: object) -> bool:
    return isinstance(label, tuple) and label[0] == "walking"


def _look_around(labels: list[object], lo: int, hi: int, max_frames: int, half: int,
                 min_frames: int) -> tuple[int, int, object, slice] | None:
    """The frames a 'turn' at lo..hi would be a look within, if walking surrounds it: the look's
    first frame, the frame the walking resumes (the clip's length where it ends within the look),
    the walking, and the frames before it that tell the facing; None where no walking surrounds it."""
    stop = min(len(labels), lo + max_frames + 1)
    if lo < min_frames and all(label is None or _walking(label) for label in labels[:lo]):
        # The clip starts within a look's time: its first frames tell the facing, and the walk is
        # the one after (a held-out heavier walker's first second read square on from behind-left).
        resumed = next((j for j in range(hi, stop) if _walking(labels[j])), None)
        return None if resumed is None else (0, resumed, labels[resumed], slice(0, half))
    if lo == 0 or not _walking(labels[lo - 1]):
        return None
    walk = Counter(label for label in labels[max(0, lo - min_frames): lo] if _walking(label)).most_common(1)[0][0]
    resumed = next((j for j in range(hi, stop) if labels[j] == walk), None)
    if resumed is None and stop == len(labels):
        resumed = len(labels)  # the clip ends within a look's time: its last frames tell the facing
    if resumed is None:  # the same walking, square on before and read at an angle after, or the other way
        resumed = next((j for j in range(hi, stop) if _walking(labels[j]) and labels[j][:2] == walk[:2]), None)
    return None if resumed is None else (lo, resumed, walk, slice(max(0, lo - half), lo))


def _looks_not_turns(labels: list[object], facing: np.ndarray, chest: np.ndarray, max_frames: int, half: int,
                     min_frames: int) -> list[object]:
    """A brief 'turn' within a stretch of walking, which goes on as before and facing the same way
    after it (or at the clip's end, if that comes first; or, at its start, walking on facing as its
    first frames do), was a look over the shoulder with the trunk turned: the walking goes on through
    it. Where the facing is square on before or after, the same way is the chest still towards (or
    away from) the camera: a camera about 30 degrees off the walker's front reads the shoulders near
    the square-on limit, and a twisted look can leave them read as at an angle (a held-out laptop 20
    degrees off the front of a slim walker).
    At an angle a trunk turned towards the camera shows it the shoulders square on, so the look may
    hold stepping read another way. The walking before it is the one most frames show over
    `min_frames` (from behind the model may trade the shoulders for a frame or two: a blip of
    walking the other way)."""
    out = list(labels)
    turning = np.array([isinstance(label, tuple) and label[0] == "turning" for label in labels])
    for lo, hi in true_runs(turning):
        if out[lo] != labels[lo]:
            continue  # within a look already found
        look = _look_around(labels, lo, hi, max_frames, half, min_frames)
        if look is None:
            continue
        first, resumed, walk, before = look
        after = slice(resumed, resumed + half) if resumed < len(labels) else slice(len(labels) - half, len(labels))
        if _same_way(facing[before], facing[after], chest[before], chest[after]):
            out[first:resumed] = [walk] * (resumed - first)
    return out


def _same_way(facing_before: np.ndarray, facing_after: np.ndarray, chest_before: np.ndarray,
              chest_after: np.ndarray) -> bool:
    """Whether the walker faces the same way either side of a 'turn'."""
    def typical(values: np.ndarray) -> float:
        values = values[~np.isnan(values)]
        return float(np.median(values)) if len(values) else np.nan

    before, after = typical(facing_before), typical(facing_after)
    if before == after:
        return True
    square_on = _FRONT in (abs(before), abs(after))
    return square_on and np.sign(typical(chest_before)) == np.sign(typical(chest_after)) != 0


def _runs(labels: list[object]) -> list[list]:
    """[label, count] for each run of one label."""
    return [[label, len(list(group))] for label, group in groupby(labels)]


def _walks_on(labels: list[object], min_frames: int) -> list[object]:
    """Stepping whose direction nothing showed, run straight into walking whose direction is known
    for `min_frames` or more (no stop or turn between), is that walk: square on with a camera that
    follows the walker, the size stays put and the stance foot's approach shows only once the stride
    settles (a held-out walk to the start, a stand, then 1.2 s of backward walking read so, with a
    twisted look in it). A shorter stretch of known direction is too little to carry a walk."""
    runs = _runs(labels)

    def directed(k: int) -> object | None:
        label, count = runs[k] if 0 <= k < len(runs) else (None, 0)
        known = isinstance(label, tuple) and label[0] == "walking" and label[1] != "none" and count >= min_frames
        return label if known else None

    out = []
    for k, (label, count) in enumerate(runs):
        if isinstance(label, tuple) and label[:2] == ("walking", "none"):
            known = {n for n in (directed(k - 1), directed(k + 1)) if n is not None}
            label = known.pop() if len(known) == 1 else label
        out += [label] * count
    return out


def _absorb_short(labels: list[object], min_frames: int) -> list[object]:
    """Merge runs shorter than `min_frames` into a neighbour, shortest first (the longer
    neighbour wins; a run between two of the same label joins them)."""
    runs = _runs(labels)
    while len(runs) > 1:
        k = min(range(len(runs)), key=lambda j: runs[j][1])
        if runs[k][1] >= min_frames:
            break
        neighbours = [j for j in (k - 1, k + 1) if 0 <= j < len(runs)]
        into = max(neighbours, key=lambda j: runs[j][1])
        runs[into][1] += runs[k][1]
        del runs[k]
        merged = []
        for run in runs:
            if merged and merged[-1][0] == run[0]:
                merged[-1][1] += run[1]
            else:
                merged.append(run)
        runs = merged
    return [label for label, count in runs for _ in range(count)]


def find_spans(kin: Kinematics, height: np.ndarray) -> list[Span]:
    """The walker's frames cut into labelled stretches (frames without the walker belong to none);
    `height` is the walker's in the picture at each frame (`vision.gait.heights_px`)."""
    n = len(kin.time_s)
    if n < 2 or not np.any(height > 0):
        return []
    fps = 1.0 / float(np.median(np.diff(kin.time_s)))
    half = max(1, int(round(WINDOW_S * fps / 2)))
    step_half = max(1, int(round(STEP_WINDOW_S * fps / 2)))
    pelvis = (kin.xy("left_hip") + kin.xy("right_hip")) / 2
    present = ~np.isnan(pelvis[:, 0])
    feet = [(kin.xy(f"{side}_heel") + kin.xy(f"{side}_foot_index") + kin.xy(f"{side}_ankle")) / 3 - pelvis
            for side in ("left", "right")]
    # Speeds from positions smoothed well below stepping frequencies' harmonics, so that the
    # pose model's frame-to-frame jitter does not look like stepping.
    steady = [np.column_stack([smooth(fill_short_gaps(f[:, k], kin.time_s), fps, STEADY_HZ) for k in range(2)])
              for f in feet]
    feet_speed = np.nanmean(np.vstack([
        np.linalg.norm(np.gradient(f, kin.time_s, axis=0), axis=1) for f in steady]), axis=0) / height
    stepping = _rolling_median(feet_speed, step_half)
    travel_v = _rolling_slope(kin.time_s, pelvis[:, 0], step_half) / height
    torso = torso_px(kin.points)
    chest = _chest(kin)
    facing = _facing(kin, chest, half)
    turning = _turning(facing, half)
    # Filmed from the waist up the feet are out of the picture: there, going somewhere is moving.
    legless = present & np.isnan(stepping)
    with np.errstate(invalid="ignore"):
        moving = stepping >= STEPPING_MIN_HEIGHTS_PER_S
    scale_rate = _scale_rate(kin.time_s, torso, facing, turning, moving | legless,
                             max(1, int(round(SCALE_WINDOW_S * fps / 2))))
    nearing = _nearing_feet(kin, pelvis, torso, fps, half)
    with np.errstate(invalid="ignore"):
        travel = np.where(np.abs(travel_v) >= TRAVEL_MIN_HEIGHTS_PER_S, np.sign(travel_v), 0).astype(int)
        moving[legless] = np.where(np.abs(facing[legless]) == _FRONT,
                                   np.abs(scale_rate[legless]) >= SCALE_RATE_MIN_PER_S, travel[legless] != 0)
    # A moving stretch that mostly stays in place is on a treadmill or filmed by a camera that follows the
    # walker: its travel comes from the feet. Stays in place over half a second, or, in a stretch of two seconds
    # or more, over two: a phone in a partner's hand sways the picture by up to 0.3 body heights a second either
    # way within a step, under 0.08 over two seconds (held out, a rendered 1 degree shake read as walking
    # forwards and backwards by turns).
    slow_half = max(1, int(round(SCALE_WINDOW_S * fps / 2)))
    slow_v = _rolling_slope(kin.time_s, pelvis[:, 0], slow_half) / height
    with np.errstate(invalid="ignore"):
        slow_still = np.abs(slow_v) < TRAVEL_MIN_HEIGHTS_PER_S
    for lo, hi in true_runs(present & moving & ~turning):
        swaying = hi - lo >= 2 * slow_half and np.mean(slow_still[lo:hi]) > 0.5
        if np.mean(travel[lo:hi] == 0) > 0.5 or swaying:
            travel[lo:hi] = _drift_sign(np.column_stack([f[lo:hi, 0] for f in feet]) / height[lo:hi, None],
                                        np.column_stack([kin.xy(f"{side}_ankle")[lo:hi, 1]
                                                         for side in ("left", "right")]), kin.time_s[lo:hi])
    labels: list[object] = []
    for i in range(n):
        if not present[i]:
            labels.append(None)
        elif turning[i]:
            labels.append(("turning", "none", 0))
        elif not moving[i]:
            labels.append(("standing", "none", 0))
        else:
            side_travel = 0 if abs(facing[i]) == _FRONT else int(travel[i])
            labels.append(("walking", _direction(facing[i], side_travel, scale_rate[i], int(nearing[i])), side_travel))
    shortest = max(1, int(round(MIN_BOUT_S * fps)))
    labels = _looks_not_turns(labels, facing, chest, int(round(LOOK_MAX_S * fps)), half, shortest)
    labels = _absorb_short(_walks_on(labels, shortest), shortest)
    spans = []
    start = 0
    for i in range(1, n + 1):
        if i == n or labels[i] != labels[start]:
            if labels[start] is not None:
                activity, direction, sign = labels[start]
                if activity == "walking" and direction == "none":
                    activity = "unknown"
                spans.append(Span(start, i - 1, activity, direction, sign))
            start = i
    return spans


def finish(spans: list[Span], time_s: np.ndarray, steps: list[int], cadences: list[float | None],
           running_cadence_min: float) -> tuple[Bout, ...]:
    """Bouts from the spans and their gait: a walking bout far above walking cadence is running."""
    step_s = float(np.median(np.diff(time_s))) if len(time_s) > 1 else 0.0
    bouts = []
    for index, (span, count, cadence) in enumerate(zip(spans, steps, cadences)):
        activity = span.activity
        if activity in ("walking", "unknown") and cadence is not None and cadence >= running_cadence_min:
            activity = "running"
        bouts.append(Bout(index, activity, span.direction, span.first, span.last, round(float(time_s[span.first]), 4),
                          round(float(time_s[span.last] + step_s), 4), count, cadence))
    return tuple(bouts)
