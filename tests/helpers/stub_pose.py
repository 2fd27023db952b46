"""A stand-in for MediaPipe that sees people as solid colour blocks, and clips made of such blocks.

Each person in a `BlockScene` is an upright block of one saturated colour on black. The stub
finds the blocks an image still shows (grey, as `grey_out` paints, hides them) and returns a
standing figure's 33 landmarks spread over a block. Detecting afresh it takes the tallest block,
as a detector takes the most prominent person; tracking, it keeps to the block nearest the one it
had, as MediaPipe's video mode keeps to whoever it found first. So what the tracker follows is
decided by what the walker following shows it, which is what the tests look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vision.encode import H264Writer
from vision.landmarks import INDEX, N_LANDMARKS
from vision.pose import PoseEstimator

COLOURS = ((230, 30, 30), (30, 30, 230), (30, 200, 30))  # RGB of the first, second and third person
_MIN_PIXELS = 200

# Where each landmark sits in its block: (fraction across, fraction down) of a standing figure.
_FIGURE: dict[str, tuple[float, float]] = {
    "nose": (0.5, 0.06), "left_eye_inner": (0.55, 0.04), "left_eye": (0.57, 0.04), "left_eye_outer": (0.59, 0.04),
    "right_eye_inner": (0.45, 0.04), "right_eye": (0.43, 0.04), "right_eye_outer": (0.41, 0.04),
    "left_ear": (0.62, 0.05), "right_ear": (0.38, 0.05), "mouth_left": (0.54, 0.09), "mouth_right": (0.46, 0.09),
    "left_shoulder": (0.7, 0.2), "right_shoulder": (0.3, 0.2), "left_elbow": (0.75, 0.35),
    "right_elbow": (0.25, 0.35), "left_wrist": (0.78, 0.48), "right_wrist": (0.22, 0.48),
    "left_pinky": (0.8, 0.5), "right_pinky": (0.2, 0.5), "left_index": (0.79, 0.51), "right_index": (0.21, 0.51),
    "left_thumb": (0.77, 0.5), "right_thumb": (0.23, 0.5), "left_hip": (0.6, 0.52), "right_hip": (0.4, 0.52),
    "left_knee": (0.6, 0.74), "right_knee": (0.4, 0.74), "left_ankle": (0.6, 0.94), "right_ankle": (0.4, 0.94),
    "left_heel": (0.57, 0.97), "right_heel": (0.37, 0.97), "left_foot_index": (0.68, 0.99),
    "right_foot_index": (0.48, 0.99),
}


def figure_in(box: tuple[float, float, float, float]) -> np.ndarray:
    """(33, 4) landmarks of a standing figure filling `box` (x0, y0, x1, y1), all visible."""
    x0, y0, x1, y1 = box
    out = np.zeros((N_LANDMARKS, 4))
    for name, (u, v) in _FIGURE.items():
        out[INDEX[name]] = (x0 + u * (x1 - x0), y0 + v * (y1 - y0), 0.0, 0.95)
    return out


def blocks_in(image_rgb: np.ndarray) -> list[tuple[float, float, float, float]]:
    """The boxes of the colour blocks an image shows (tolerant of a codec's smearing at the edges)."""
    found = []
    pixels = image_rgb.astype(int)
    for colour in COLOURS:
        strongest = int(np.argmax(colour))
        others = [k for k in range(3) if k != strongest]
        mask = (pixels[:, :, strongest] > 150) & np.all(pixels[:, :, others] < 100, axis=2)
        if mask.sum() < _MIN_PIXELS:
            continue
        ys, xs = np.nonzero(mask)
        (x_lo, x_hi), (y_lo, y_hi) = np.percentile(xs, [1, 99]), np.percentile(ys, [1, 99])
        found.append((float(x_lo), float(y_lo), float(x_hi), float(y_hi)))
    return found


class BlockPose:
    """A `PoseEstimator` for `BlockScene` clips (see the module's docstring). Detecting afresh it
    finds only blocks at least `detect_share` of the image's height, as BlazePose's detector misses
    a person small in the picture; once tracking, it keeps to one of any size."""

    def __init__(self, tracking: bool, detect_share: float = 0.0) -> None:
        self._tracking = tracking
        self._detect_share = detect_share
        self._last: np.ndarray | None = None
        self.closed = False

    def estimate(self, image_rgb: np.ndarray) -> np.ndarray | None:
        boxes = blocks_in(image_rgb)
        if not (self._tracking and self._last is not None):
            boxes = [b for b in boxes if b[3] - b[1] >= self._detect_share * image_rgb.shape[0]]
        if not boxes:
            self._last = None
            return None
        if self._tracking and self._last is not None:
            box = min(boxes, key=lambda b: float(np.hypot((b[0] + b[2]) / 2 - self._last[0], b[3] - self._last[1])))
        else:
            box = max(boxes, key=lambda b: b[3] - b[1])
        self._last = np.array([(box[0] + box[2]) / 2, box[3]])
        return figure_in(box)

    def close(self) -> None:
        self.closed = True


def block_pose(tracking: bool) -> PoseEstimator:
    """The factory handed to `track_walker(estimator_factory=...)` (a module-level function: it pickles)."""
    return BlockPose(tracking)


def block_pose_missing_the_small(tracking: bool) -> PoseEstimator:
    """As `block_pose`, but detecting afresh only blocks a quarter of the image's height or taller."""
    return BlockPose(tracking, detect_share=0.25)


@dataclass(frozen=True)
class Block:
    """A person: `height_px` tall (growing to `end_height_px` over the clip, coming up to the camera,
    if given), its centre moving from `x0` to `x1` px, feet at `floor_y`; out of the picture between
    the fractions of the clip in `away` (walking on all the while)."""

    x0: float
    x1: float
    height_px: float
    floor_y: float = 340.0
    away: tuple[float, float] = (1.0, 1.0)
    end_height_px: float | None = None

    def in_picture(self, fraction: float) -> bool:
        return not self.away[0] <= fraction < self.away[1]

    def box_at(self, fraction: float) -> tuple[float, float, float, float]:
        x = self.x0 + fraction * (self.x1 - self.x0)
        height = self.height_px + fraction * ((self.end_height_px or self.height_px) - self.height_px)
        half = 0.2 * height
        return (x - half, self.floor_y - height, x + half, self.floor_y)

    def hip_x_at(self, fraction: float) -> float:
        return self.x0 + fraction * (self.x1 - self.x0)


@dataclass(frozen=True)
class BlockScene:
    people: tuple[Block, ...]  # in the order of COLOURS
    seconds: float = 4.0
    fps: float = 30.0
    size: tuple[int, int] = (640, 360)

    @property
    def frame_count(self) -> int:
        return round(self.seconds * self.fps)

    def image(self, index: int) -> np.ndarray:
        width, height = self.size
        out = np.zeros((height, width, 3), dtype=np.uint8)
        fraction = index / max(self.frame_count - 1, 1)
        for block, colour in zip(self.people, COLOURS):
            if not block.in_picture(fraction):
                continue
            x0, y0, x1, y1 = (int(round(v)) for v in block.box_at(fraction))
            out[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = colour
        return out

    def write(self, path: Path) -> Path:
        with H264Writer(path, self.fps, *self.size, crf=18) as writer:
            for index in range(self.frame_count):
                writer.write(self.image(index))
        return path
