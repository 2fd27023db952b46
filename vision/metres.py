"""Distances in metres from the walker's stated height: a scale, walking speed and step length.

The scale is pixels per metre from the walker's own body in the picture: the
vertical span from the nose to the lower heel, taken where the walker stands
tallest (the 90th percentile of the frames of walking, knee nearly straight in
mid-stance), against their stated height. The nose sits at about 0.91 of
stature above the floor (segment proportions of Drillis and Contini). This
holds for a camera at the side, square to the path and far enough away that
the walker's distance from it hardly changes; front and back views give no
distances along the path. Expected error about 5 % (the nose's share of
stature varies by ±2 % between people, a slight stoop or bent knee shortens
the span, a few pixels of pose error on a 300 px body are 1-2 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vision.bouts import Bout
from vision.kinematics import Kinematics

NOSE_HEIGHT_OF_STATURE = 0.91
_TALLEST_PERCENTILE = 90
# Pelvis travel slower than this while stepping is a treadmill: the belt's speed is not in the picture.
TREADMILL_MAX_M_PER_S = 0.1


class NotMeasured(ValueError):
    """A metre measure that this clip cannot give; the message says why."""


@dataclass(frozen=True)
class Scale:
    px_per_m: float
    floor_y_px: float  # the heels' level when standing tallest, for heights above the floor
    height_cm: float


@dataclass(frozen=True)
class Distances:
    """Walking speed and step length of one bout or of several together."""

    speed_m_per_s: float
    step_length_m: float | None
    stride_length_m: float | None


def _pelvis_x(kin: Kinematics) -> np.ndarray:
    return (kin.xy("left_hip")[:, 0] + kin.xy("right_hip")[:, 0]) / 2


def scale_from_height(kin: Kinematics, height_cm: float, rows: np.ndarray) -> Scale:
    """Pixels per metre from the walker's stated height, over the frames `rows` (bool mask)."""
    if not 50.0 <= height_cm <= 250.0:
        raise NotMeasured(f"a height of {height_cm:g} cm is not a person's height (50-250 cm)")
    heel_y = np.fmax(kin.xy("left_heel")[:, 1], kin.xy("right_heel")[:, 1])
    span = heel_y - kin.xy("nose")[:, 1]
    usable = rows & ~np.isnan(span)
    if usable.sum() < 10:
        raise NotMeasured("the walker's whole body is seen in too few frames to scale the picture")
    tallest = float(np.percentile(span[usable], _TALLEST_PERCENTILE))
    floor = float(np.percentile(heel_y[usable], _TALLEST_PERCENTILE))
    return Scale(tallest / (NOSE_HEIGHT_OF_STATURE * height_cm / 100.0), floor, height_cm)


def bout_distances(kin: Kinematics, bouts: list[Bout], scale: Scale) -> Distances:
    """Speed (metres of pelvis travel over the bouts' time) and step length (speed over cadence)."""
    travelled_m = time_s = 0.0
    steps_per_s = []
    for bout in bouts:
        x = _pelvis_x(kin)[bout.first: bout.last + 1]
        t = kin.time_s[bout.first: bout.last + 1]
        valid = ~np.isnan(x)
        if valid.sum() < 5:
            continue
        slope = np.polyfit(t[valid], x[valid], 1)[0]
        travelled_m += abs(slope) * bout.duration_s / scale.px_per_m
        time_s += bout.duration_s
        if bout.cadence_steps_per_min:
            steps_per_s.append((bout.cadence_steps_per_min / 60.0, bout.duration_s))
    if time_s <= 0:
        raise NotMeasured("the walker's pelvis is seen too little to measure speed")
    speed = travelled_m / time_s
    if speed < TREADMILL_MAX_M_PER_S:
        raise NotMeasured("the walker stays in place (a treadmill?): the belt's speed is not in the picture")
    if not steps_per_s:
        return Distances(round(speed, 3), None, None)
    rate = sum(r * d for r, d in steps_per_s) / sum(d for _, d in steps_per_s)
    step = speed / rate
    return Distances(round(speed, 3), round(step, 3), round(2 * step, 3))


def travel_m(kin: Kinematics, scale: Scale) -> np.ndarray:
    """Pelvis position along the image in metres per frame (NaN where not seen)."""
    return _pelvis_x(kin) / scale.px_per_m
