"""Writing browser-playable video: H.264 (yuv420p, faststart) through PyAV.

OpenCV's mp4v plays as a black box in browsers and its wheel has no H.264
encoder; PyAV's libx264 plays everywhere (research/browser_testing.md).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from types import TracebackType

import av
import cv2
import numpy as np

MAX_WIDTH_PX = 1280


class H264Writer:
    """Frames in (RGB, any size), an .mp4 out; scaled to at most MAX_WIDTH_PX wide, even sides."""

    def __init__(self, path: Path, fps: float, width: int, height: int, crf: int = 23) -> None:
        scale = min(1.0, MAX_WIDTH_PX / width)
        self.size = (max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._container = av.open(str(path), mode="w", options={"movflags": "+faststart"})
        rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(30)
        self._stream = self._container.add_stream("libx264", rate=rate)
        self._stream.width, self._stream.height = self.size
        self._stream.pix_fmt = "yuv420p"
        self._stream.options = {"preset": "veryfast", "crf": str(crf)}

    def write(self, image_rgb: np.ndarray) -> None:
        if (image_rgb.shape[1], image_rgb.shape[0]) != self.size:
            image_rgb = cv2.resize(image_rgb, self.size, interpolation=cv2.INTER_AREA)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image_rgb), format="rgb24")
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def close(self) -> None:
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()

    def __enter__(self) -> H264Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
