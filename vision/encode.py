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


def output_size(width: int, height: int, max_width_px: int = MAX_WIDTH_PX) -> tuple[int, int]:
    """The size a video of `width` x `height` is written at: at most `max_width_px` wide, even sides."""
    scale = min(1.0, max_width_px / width)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


class H264Writer:
    """Frames in (RGB, any size), an .mp4 out; scaled to `output_size` (a browser's picture; tests write a
    phone's 4K with a higher `max_width_px`). x264's output depends on how many threads encode it; `threads`
    (0: FFmpeg's choice) fixes that, so the same frames become the same bytes on any machine."""

    def __init__(self, path: Path, fps: float, width: int, height: int, crf: int = 23, threads: int = 0,
                 max_width_px: int = MAX_WIDTH_PX) -> None:
        self.size = output_size(width, height, max_width_px)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._container = av.open(str(path), mode="w", options={"movflags": "+faststart"})
        rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(30)
        self._stream = self._container.add_stream("libx264", rate=rate)
        self._stream.width, self._stream.height = self.size
        self._stream.pix_fmt = "yuv420p"
        self._stream.options = {"preset": "veryfast", "crf": str(crf)}
        if threads > 0:
            self._stream.codec_context.thread_count = threads

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


def join(parts: list[Path], path: Path) -> None:
    """Videos written one after another by `H264Writer` with the same settings, as one .mp4, without
    encoding them again: each part's packets follow the last, their times moved on by its length."""
    with av.open(str(path), mode="w", options={"movflags": "+faststart"}) as out:
        stream = None
        offset = 0
        for part in parts:
            with av.open(str(part)) as source:
                source_stream = source.streams.video[0]
                if stream is None:
                    stream = out.add_stream_from_template(source_stream)
                end = offset
                for packet in source.demux(source_stream):
                    if packet.dts is None:
                        continue  # the demuxer's closing empty packet
                    end = max(end, offset + packet.pts + (packet.duration or 0))
                    packet.pts += offset
                    packet.dts += offset
                    packet.stream = stream
                    out.mux(packet)
                offset = end
