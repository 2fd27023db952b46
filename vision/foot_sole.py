"""The feet's pitch from the person mask's lower edge, where the pose model's heel and toe are guesses.

Rendered from the walker's right at 1.0 m, the model puts the near foot's toe 30-55 degrees down
at heel-first landings where the picture shows it 10-28 degrees up; the mask's lower edge under
the foot reads -20 to -28 there, and +23 to +28 at toe-first ones. The heel and toe points are
turned about their middle to the edge's slope: their length and middle stay the model's.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import theilslopes

from vision.landmarks import INDEX

# The columns read: the middle of the foot's length either side of its middle (its ends round off).
_SPAN_OF_LENGTH = 0.4
# Rows read: from a little above the ankle to well below the lower of heel and toe, in foot lengths.
_ABOVE_ANKLE = 0.2
_BELOW_FOOT = 0.6
# A foot seen end on (square on, pointing at the camera) has no sole edge along the picture: its
# heel-to-toe line must run at least this share of its length across the picture.
_ACROSS_MIN = 0.4
# Shorter, a pixel of the edge is 4 degrees of pitch or more: the real sample's feet (10-18 px, shoes
# on grass) read landings 40 degrees either way.
_MIN_LENGTH_PX = 20.0
_MIN_COLUMNS = 6
_NEAR_PX = 2  # the model's foot middle must lie on the mask, or this near it
_MAX_SLOPE = 1.2  # about 50 degrees: steeper is the leg or the other foot, not a sole
# The edge's median distance from its line, in foot lengths: a ragged edge is not a sole (rendered
# soles: 0.016 typically, 0.04 at nine frames in ten; the real sample's 0.03 and 0.12).
_MAX_RAGGED = 0.08


def sole_slope(mask: np.ndarray, heel: np.ndarray, toe: np.ndarray, ankle: np.ndarray) -> float | None:
    """dy/dx of the mask's lowest pixels under the foot (Theil-Sen), None where it cannot be read."""
    middle, length = (heel + toe) / 2, float(np.linalg.norm(toe - heel))
    if length < _MIN_LENGTH_PX or abs(toe[0] - heel[0]) < _ACROSS_MIN * length:
        return None
    height, width = mask.shape
    mx, my = int(round(middle[0])), int(round(middle[1]))
    if not (0 <= mx < width and 0 <= my < height and mask[max(0, my - _NEAR_PX): my + _NEAR_PX + 1,
                                                          max(0, mx - _NEAR_PX): mx + _NEAR_PX + 1].any()):
        return None  # the mask has lost the foot (a shoe against bushes): its lower edge there is something else
    x0, x1 = int(max(0, middle[0] - _SPAN_OF_LENGTH * length)), int(min(width - 1, middle[0] + _SPAN_OF_LENGTH * length))
    y0 = int(max(0, ankle[1] - _ABOVE_ANKLE * length))
    y1 = int(min(height - 1, max(heel[1], toe[1]) + _BELOW_FOOT * length))
    if x1 - x0 < _MIN_COLUMNS or y1 <= y0:
        return None
    window = mask[y0: y1 + 1, x0: x1 + 1]
    lowest = window.shape[0] - 1 - np.argmax(window[::-1], axis=0)
    # A column whose mask reaches the window's bottom has no edge in it: the mask runs on into the
    # floor or the other leg there.
    edge = window.any(axis=0) & (lowest < window.shape[0] - 1)
    if edge.sum() < _MIN_COLUMNS:
        return None
    lowest, columns = lowest[edge], np.flatnonzero(edge)
    slope, intercept = theilslopes(lowest, columns)[:2]
    ragged = float(np.median(np.abs(lowest - (slope * columns + intercept)))) / length
    return float(slope) if abs(slope) <= _MAX_SLOPE and ragged <= _MAX_RAGGED else None


def refined_feet(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(33, 4) landmarks with each foot's heel and toe turned to its sole's slope in `mask` (bool,
    the picture's size); a foot whose sole cannot be read keeps the model's points. Both feet, every
    frame: a foot read from the mask on some frames and from the model on others (the nearer by the
    model's depth, which flips as the legs pass) made 32 of 504 rendered toe-first landings heel first."""
    out = values.copy()
    for side in ("left", "right"):
        heel_i, toe_i = INDEX[f"{side}_heel"], INDEX[f"{side}_foot_index"]
        heel, toe, ankle = values[heel_i, :2], values[toe_i, :2], values[INDEX[f"{side}_ankle"], :2]
        if not np.all(np.isfinite([*heel, *toe, *ankle])):
            continue
        slope = sole_slope(mask, heel, toe, ankle)
        if slope is None:
            continue
        along = np.array([np.sign(toe[0] - heel[0]), np.sign(toe[0] - heel[0]) * slope])
        half = along / np.linalg.norm(along) * np.linalg.norm(toe - heel) / 2
        middle = (heel + toe) / 2
        out[heel_i, :2], out[toe_i, :2] = middle - half, middle + half
    return out
