"""Which way the camera sees the walker: side, front, back or oblique.

Seen from the side, the shoulders overlap and their apparent width is a small
fraction of the torso's length; seen square on, it is most of it. Between lies
a wide oblique band (a camera about 30 to 60 degrees off the side), where the
walking direction is foreshortened and one leg hides behind the other.
"""

from __future__ import annotations

import itertools
import math
from typing import Literal

import numpy as np

from vision.landmarks import INDEX

View = Literal["side", "front", "back", "oblique", "unknown"]
# Shoulders over torso: about 0.71 sin(angle off the side). Side cameras read 0.06-0.10 (a walk's
# median); a phone 30 degrees off the side at 5 m read 0.34, under the 0.35 this once was, and judged
# as a side view lost every other landing (cadence 50 for 100). 0.25 is about 20 degrees off the side.
SIDE_MAX_RATIO = 0.25
SQUARE_MIN_RATIO = 0.6
_MIN_FRAMES = 5
# A way of facing the camera held this long is the walker's, not a turn's passing frames or a look's.
_FACING_MIN_S = 1.0
# Apparent shoulder width over torso length seen square on (MediaPipe on the rendered walkers).
SHOULDER_OVER_TORSO = 0.71
# At an angle, lengths along the walking direction shrink by the sine of the camera's angle to
# the walker's facing, and the shoulders by its cosine; past 45 degrees from the side the
# shoulders' width tells the angle too unsurely (a tripod behind at 45 read it as 56), so the
# stretch stops there.
_MAX_OBLIQUE_STRETCH = 1.0 / math.sin(math.radians(45.0))


def torso_px(points: np.ndarray) -> np.ndarray:
    """Per frame, the length from the shoulders' midpoint to the hips' (NaN where one is missing)."""
    shoulders = (points[:, INDEX["left_shoulder"], :2] + points[:, INDEX["right_shoulder"], :2]) / 2
    hips = (points[:, INDEX["left_hip"], :2] + points[:, INDEX["right_hip"], :2]) / 2
    return np.linalg.norm(shoulders - hips, axis=1)


def shoulder_width_ratio(points: np.ndarray) -> np.ndarray:
    """Apparent shoulder width over torso length, per frame."""
    ls, rs = points[:, INDEX["left_shoulder"], :2], points[:, INDEX["right_shoulder"], :2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.abs(ls[:, 0] - rs[:, 0]) / torso_px(points)


def classify_view(points: np.ndarray) -> View:
    ratio = shoulder_width_ratio(points)
    valid = ~np.isnan(ratio)
    if valid.sum() < _MIN_FRAMES:
        return "unknown"
    typical = float(np.median(ratio[valid]))
    if typical < SIDE_MAX_RATIO:
        return "side"
    if typical < SQUARE_MIN_RATIO:
        return "oblique"
    return "front" if faces_camera(points[valid]) else "back"


def faces_camera(points: np.ndarray) -> bool:
    """Whether the walker's chest is turned towards the camera (square on or at an angle): facing
    it, their left shoulder appears on the picture's right in most frames."""
    left, right = points[:, INDEX["left_shoulder"], 0], points[:, INDEX["right_shoulder"], 0]
    valid = ~np.isnan(left) & ~np.isnan(right)
    return bool(np.mean(left[valid] > right[valid]) >= 0.5) if valid.any() else True


def facing_runs(points: np.ndarray, fps: float) -> list[tuple[int, int, bool]]:
    """Stretches of frames (first, last + 1, chest to the camera) covering the track: a walker who
    turns round shows a camera in front or at an angle their back instead of their face. Each frame
    takes the shoulders' order over a second around it; a stretch shorter than `_FACING_MIN_S` (the
    turn's own frames, a look) is joined to the one before it."""
    left, right = points[:, INDEX["left_shoulder"], 0], points[:, INDEX["right_shoulder"], 0]
    valid = ~np.isnan(left) & ~np.isnan(right)
    window = np.ones(max(1, int(round(fps))) | 1)
    towards = np.convolve((valid & (left > right)).astype(float), window, mode="same")
    seen = np.convolve(valid.astype(float), window, mode="same")
    chest = np.where(seen > 0, towards >= seen / 2, faces_camera(points))
    runs: list[tuple[int, int, bool]] = []
    lo = 0
    for towards_camera, frames in itertools.groupby(chest.tolist()):
        hi = lo + len(list(frames))
        if runs and (hi - lo < _FACING_MIN_S * fps or runs[-1][2] == towards_camera):
            runs[-1] = (runs[-1][0], hi, runs[-1][2])
        else:
            runs.append((lo, hi, towards_camera))
        lo = hi
    if len(runs) > 1 and runs[0][1] - runs[0][0] < _FACING_MIN_S * fps:  # a short first stretch joins the next
        runs[1] = (0, runs[1][1], runs[1][2])
        del runs[0]
    return runs


def seen_as(view: View, chest_to_camera: bool) -> View:
    """The view a stretch of one way of facing is read as: square on, the face (front) or the back of the
    head (back), whichever the camera stood; at an angle, the angle."""
    return view if view not in ("front", "back") else ("front" if chest_to_camera else "back")


def near_leg(points: np.ndarray) -> str | None:
    """The leg nearer the camera ('left' or 'right'), from MediaPipe's depth of the hips over the
    walk (its depth scale is unsure, its order is not), or None where the track has no depth."""
    depth = points[:, INDEX["left_hip"], 2] - points[:, INDEX["right_hip"], 2]
    depth = depth[~np.isnan(depth)]
    typical = float(np.median(depth)) if len(depth) >= _MIN_FRAMES else 0.0
    if typical == 0:
        return None
    return "left" if typical < 0 else "right"


def oblique_stretch(points: np.ndarray) -> float:
    """How much the walking direction is foreshortened across the picture at an angle (1 from the
    side), from the shoulders' typical width: up to 1/sin 45 degrees."""
    ratio = shoulder_width_ratio(points)
    ratio = ratio[~np.isnan(ratio)]
    facing_cos = min(float(np.median(ratio)) / SHOULDER_OVER_TORSO, 1.0) if len(ratio) else 1.0
    return min(1.0 / math.sqrt(max(1.0 - facing_cos ** 2, 1e-9)), _MAX_OBLIQUE_STRETCH)


def sagittal(points: np.ndarray, view: View) -> np.ndarray:
    """Points as seen in the walking plane: at an angle the picture's width is stretched back to
    length (the walking direction lies across the picture, foreshortened)."""
    if view != "oblique":
        return points
    out = points.copy()
    out[..., 0] *= oblique_stretch(points)
    return out
