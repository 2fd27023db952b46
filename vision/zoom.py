"""A closer look where the walker is too small in the picture for the pose detector.

BlazePose's detector sees the whole frame shrunk to 224 px. Seen from behind, a
walker under about a quarter of the picture's height is found by nobody (rendered,
a tripod behind the walker: 123 px of 480 missed on every frame, 128 found), so a
walker coming up to a camera from far off was tracked only from the moment they
had grown that tall. A crop half the frame's width and height doubles the walker's
share of what the detector sees: the survey looks in overlapping crops where the
whole frame shows nobody, and the tracker is shown a crop around the walker where
the survey found them only so. Crops are never resized, so landmarks only shift by
the crop's corner.
"""

from __future__ import annotations

import numpy as np

from vision.landmarks import INDEX
from vision.pose import PoseEstimator

CROP_SHARE = 0.5  # of the frame's width and height
# A crop's finding taller than this share of the frame is no small walker the whole frame missed (a
# part of someone at the frame's edge, whom the whole frame does not take for a person): left out.
# It leaves the walker room in a crop for the tracker.
SMALL_SHARE = 0.3
# A crop's finding counts only clear of the crop's inner edges (a person cut by the edge is a part).
_EDGE_SHARE = 0.03
# Two findings closer than this (hip to hip, in body heights) in overlapping crops are one person.
_SAME_PERSON_HEIGHTS = 0.5
# The hip's room to each side inside a kept crop, in body heights: nearer the edge, a new crop.
_ROOM_HEIGHTS = 0.6


def survey_crops(width: int, height: int) -> list[np.ndarray]:
    """Crops of `CROP_SHARE` on a 3 x 3 grid a quarter of the frame apart: anyone under a quarter
    of the frame in both directions lies wholly inside at least one."""
    w, h = round(width * CROP_SHARE), round(height * CROP_SHARE)
    xs = np.linspace(0, width - w, 3).round().astype(int)
    ys = np.linspace(0, height - h, 3).round().astype(int)
    return [np.array([x, y, x + w, y + h]) for y in ys for x in xs]


def cut(image: np.ndarray, crop: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = (int(v) for v in crop)
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def to_frame(landmarks: np.ndarray, crop: np.ndarray) -> np.ndarray:
    """Landmarks found in a crop, in the frame's pixels."""
    out = landmarks.copy()
    out[:, :2] += crop[:2]
    return out


def _clear_of_inner_edges(landmarks: np.ndarray, crop: np.ndarray, width: int, height: int) -> bool:
    margin = _EDGE_SHARE * max(crop[2] - crop[0], crop[3] - crop[1])
    low, high = landmarks[:, :2].min(axis=0), landmarks[:, :2].max(axis=0)
    return bool((crop[0] == 0 or low[0] >= crop[0] + margin) and (crop[1] == 0 or low[1] >= crop[1] + margin)
                and (crop[2] == width or high[0] <= crop[2] - margin)
                and (crop[3] == height or high[1] <= crop[3] - margin))


def look_closer(image: np.ndarray, detector: PoseEstimator) -> list[np.ndarray]:
    """Everyone small the crops show, once each (the tallest finding of a person, who may show in
    several crops), in the frame's pixels."""
    height, width = image.shape[:2]
    found: list[np.ndarray] = []
    for crop in survey_crops(width, height):
        landmarks = detector.estimate(cut(image, crop))
        if landmarks is None or np.ptp(landmarks[:, 1]) > SMALL_SHARE * height:
            continue
        person = to_frame(landmarks, crop)
        if _clear_of_inner_edges(person, crop, width, height):
            found.append(person)
    found.sort(key=lambda p: -np.ptp(p[:, 1]))
    people: list[np.ndarray] = []
    for person in found:
        if all(_apart(person, kept) for kept in people):
            people.append(person)
    return people


def _hip(landmarks: np.ndarray) -> np.ndarray:
    return (landmarks[INDEX["left_hip"], :2] + landmarks[INDEX["right_hip"], :2]) / 2


def _apart(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.linalg.norm(_hip(a) - _hip(b)) > _SAME_PERSON_HEIGHTS * np.ptp(b[:, 1]))


def tracker_crop(hip_xy: np.ndarray, height_px: float, width: int, height: int,
                 current: np.ndarray | None) -> np.ndarray:
    """The crop the tracker is shown for a small walker whose hip is expected at `hip_xy`, `height_px`
    tall: `current` while the walker has room in it, else one centred on the hip (a new crop needs
    another tracker: `tracking.track_frames`)."""
    room = _ROOM_HEIGHTS * height_px
    if current is not None and (current[0] + room <= hip_xy[0] <= current[2] - room
                                and current[1] + room <= hip_xy[1] <= current[3] - room):
        return current
    w, h = round(width * CROP_SHARE), round(height * CROP_SHARE)
    x0 = int(np.clip(round(hip_xy[0] - w / 2), 0, width - w))
    y0 = int(np.clip(round(hip_xy[1] - h / 2), 0, height - h))
    return np.array([x0, y0, x0 + w, y0 + h])
