"""Live frame sources: a camera, or a video file played at its real pace as if it were one.

Both hand out only the newest frame: when analysis is slower than the frame
rate, older frames are dropped rather than queued, and every frame keeps its
own timestamp so drops do not distort durations or cadence.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from vision.video import VideoError, probe, read_frames


class _NewestSlot:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: tuple[int, float, np.ndarray] | None = None
        self._done = False
        self.produced = 0

    def put(self, index: int, time_s: float, image: np.ndarray) -> None:
        with self._cond:
            self._item = (index, time_s, image)
            self.produced += 1
            self._cond.notify()

    def finish(self) -> None:
        with self._cond:
            self._done = True
            self._cond.notify()

    def take(self) -> tuple[int, float, np.ndarray] | None:
        """The newest frame not taken yet; None once the source has ended."""
        with self._cond:
            while self._item is None and not self._done:
                self._cond.wait()
            item, self._item = self._item, None
            return item


class PacedFile:
    """Frames of a video file released at the pace they were filmed (newest only).

    With `every_frame` the file is not paced: each frame waits for the caller, so a
    recording is coached frame for frame however fast or busy the machine is.
    """

    def __init__(self, path: Path | str, speed: float = 1.0, every_frame: bool = False) -> None:
        self.info = probe(path)
        self._speed = speed
        self._every_frame = every_frame
        self._unpaced_offered = 0
        self._slot = _NewestSlot()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._play, name="retrocoach-paced-file", daemon=True)

    def _play(self) -> None:
        start = time.monotonic()
        try:
            for frame in read_frames(self.info):
                if self._stop.is_set():
                    break
                delay = start + frame.time_s / self._speed - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                self._slot.put(frame.index, frame.time_s, frame.image_rgb)
        finally:
            self._slot.finish()

    @property
    def frames_offered(self) -> int:
        return self._unpaced_offered if self._every_frame else self._slot.produced

    def frames(self) -> Iterator[tuple[int, float, np.ndarray]]:
        """(index, time_s, rgb) of the newest frame each time the caller is ready for one."""
        if self._every_frame:
            for frame in read_frames(self.info):
                self._unpaced_offered += 1
                yield frame.index, frame.time_s, frame.image_rgb
            return
        self._thread.start()
        try:
            while (item := self._slot.take()) is not None:
                yield item
        finally:
            self._stop.set()


class Camera:
    """An OpenCV camera; timestamps from the monotonic clock at capture."""

    def __init__(self, index: int) -> None:
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            raise VideoError(f"camera {index} cannot be opened (is one connected, and free?)")
        self.frames_offered = 0

    def frames(self) -> Iterator[tuple[int, float, np.ndarray]]:
        start = time.monotonic()
        try:
            while True:
                ok, bgr = self._capture.read()
                if not ok:
                    return
                self.frames_offered += 1
                yield self.frames_offered - 1, time.monotonic() - start, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        finally:
            self._capture.release()
