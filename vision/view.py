"""Which way the camera sees the walker: side, front, back or oblique.

Seen from the side, the shoulders overlap and their apparent width is a small
fraction of the torso's length; seen square on, it is most of it. Thresholds
leave a wide oblique band between, where no view-dependent check is trusted.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from vision.landmarks import INDEX

View = Literal["side", "front", "back", "oblique", "unknown"]
SIDE_MAX_RATIO = 0.35
SQUARE_MIN_RATIO = 0.6
_MIN_FRAMES = 5


def shoulder_width_ratio(points: np.ndarray) -> np.ndarray:
    """Apparent shoulder width over torso length, per frame."""
    ls, rs = points[:, INDEX["left_shoulder"], :2], points[:, INDEX["right_shoulder"], :2]
    lh, rh = points[:, INDEX["left_hip"], :2], points[:, INDEX["right_hip"], :2]
    torso = np.linalg.norm((ls + rs) / 2 - (lh + rh) / 2, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.abs(ls[:, 0] - rs[:, 0]) / torso


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
    # Facing the camera, the walker's left shoulder appears on the image's right.
    left_on_right = points[valid, INDEX["left_shoulder"], 0] > points[valid, INDEX["right_shoulder"], 0]
    return "front" if left_on_right.mean() >= 0.5 else "back"
