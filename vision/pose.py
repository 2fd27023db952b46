"""Pose estimation: a `PoseEstimator` protocol and its MediaPipe BlazePose implementation.

Only the model files present in the installed MediaPipe wheel can be used: this
machine has no internet, and MediaPipe would otherwise try (and hang or fail)
to download them. Asking for a missing model raises `ModelNotAvailableError`
before MediaPipe is touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from vision.foot_sole import refined_feet
from vision.landmarks import N_LANDMARKS

# MediaPipe's C++ logging floods stderr with notes meant for its developers.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ModelName = Literal["lite", "full", "heavy"]
_COMPLEXITY: dict[str, int] = {"lite": 0, "full": 1, "heavy": 2}
_PERSON = 0.5  # the mask's probability above which a pixel is the walker


class ModelNotAvailableError(RuntimeError):
    """The requested pose model is not on disk and cannot be downloaded here."""


class PoseEstimator(Protocol):
    def estimate(self, image_rgb: np.ndarray) -> np.ndarray | None:
        """One frame in; (33, 4) landmarks [x px, y px, z px, visibility] or None."""

    def close(self) -> None: ...


def _mediapipe_dir() -> Path:
    import mediapipe

    return Path(mediapipe.__file__).parent


def model_path(model: str) -> Path:
    """Path of the landmark model file, or a clear error if it is not installed."""
    if model not in _COMPLEXITY:
        raise ModelNotAvailableError(f"unknown pose model {model!r}; choose one of {', '.join(_COMPLEXITY)}")
    base = _mediapipe_dir() / "modules"
    path = base / "pose_landmark" / f"pose_landmark_{model}.tflite"
    detector = base / "pose_detection" / "pose_detection.tflite"
    installed = sorted(p.stem.removeprefix("pose_landmark_") for p in path.parent.glob("pose_landmark_*.tflite"))
    if not path.exists() or not detector.exists():
        raise ModelNotAvailableError(
            f"the '{model}' pose model is not installed (installed: {', '.join(installed) or 'none'}) "
            "and cannot be downloaded on this machine; use the 'full' model")
    return path


_graphs = 0  # pose graphs made in this process: after the first, forking it is no longer safe


def graphs_made() -> int:
    return _graphs


class MediaPipePose:
    """BlazePose through `mp.solutions.pose`.

    `tracking=True` is MediaPipe's video mode: it detects once and then follows
    the person from frame to frame. `tracking=False` detects afresh on every
    image, which is what looking for other people in a frame needs.
    `feet_from_mask` reads the feet's pitch from the person mask (vision/foot_sole.py):
    it costs about a fifth of the speed, and MediaPipe then keeps one thread
    alive in the process after every graph is closed.
    """

    def __init__(self, model: ModelName = "full", tracking: bool = True, feet_from_mask: bool = True) -> None:
        global _graphs
        model_path(model)
        import mediapipe as mp

        _graphs += 1

        self._pose = mp.solutions.pose.Pose(
            static_image_mode=not tracking,
            model_complexity=_COMPLEXITY[model],
            smooth_landmarks=tracking,
            enable_segmentation=feet_from_mask,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )

    def estimate(self, image_rgb: np.ndarray) -> np.ndarray | None:
        height, width = image_rgb.shape[:2]
        result = self._pose.process(image_rgb)
        if result.pose_landmarks is None:
            return None
        values = np.array([(p.x, p.y, p.z, p.visibility) for p in result.pose_landmarks.landmark])
        if values.shape != (N_LANDMARKS, 4):
            return None
        values[:, 0] *= width
        values[:, 1] *= height
        values[:, 2] *= width
        if result.segmentation_mask is None:
            return values
        return refined_feet(values, result.segmentation_mask > _PERSON)

    def close(self) -> None:
        self._pose.close()


# Makes an estimator: `tracking=True` follows one person from frame to frame, False detects afresh
# on every image. Injected wherever pose is estimated, so that tests can run walker following with
# a stub; it travels to the pose workers, so it must pickle (a module-level class or function).
EstimatorFactory = Callable[[bool], PoseEstimator]


@dataclass(frozen=True)
class MediaPipeFactory:
    """MediaPipe estimators of one model."""

    model: ModelName = "full"
    feet_from_mask: bool = True

    def __call__(self, tracking: bool) -> PoseEstimator:
        return MediaPipePose(self.model, tracking=tracking, feet_from_mask=self.feet_from_mask)
