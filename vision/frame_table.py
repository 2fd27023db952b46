"""Every frame of a clip, numbered and timed from the container's packets, so a worker can start anywhere.

`read_frames` numbers frames by counting them from the start; a worker that
analyses only frames 600-899 cannot count. The packets' presentation
timestamps, read without decoding, give each frame its number and its time
exactly as `read_frames` would, and `read_span` seeks to the keyframe before a
span and decodes forward from there. A clip whose packets do not say that much
(no timestamps, or decoded frames that are not in the table) gets `None` or a
`SpanError`, and the caller reads it from the start instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from vision.video import (ClipLimits, Frame, VideoError, VideoInfo, decode_size, open_container, scaling,
                          upright_rgb)


class SpanError(RuntimeError):
    """A span of the clip could not be read as the table says: read the clip from the start."""


@dataclass(frozen=True)
class FrameTable:
    pts: np.ndarray  # presentation timestamps in the stream's time base, in presentation order
    time_s: np.ndarray  # each frame's time as `read_frames` gives it

    def __len__(self) -> int:
        return len(self.pts)

    def index_of(self, pts: int | None) -> int:
        i = int(np.searchsorted(self.pts, pts)) if pts is not None else len(self.pts)
        if i >= len(self.pts) or self.pts[i] != pts:
            raise SpanError(f"a frame at {pts} is not in the table")
        return i


def frame_table(info: VideoInfo) -> FrameTable | None:
    """The clip's frames from its packets (no decoding); None when a packet has no timestamp."""
    with open_container(Path(info.path)) as container:
        stream = container.streams.video[0]
        time_base = stream.time_base
        stamps = []
        for packet in container.demux(stream):
            if packet.size == 0:
                continue  # the demuxer's closing empty packet
            if packet.pts is None or time_base is None:
                return None
            stamps.append(packet.pts)
    pts = np.array(sorted(stamps), dtype=np.int64)
    if len(pts) == 0 or len(np.unique(pts)) != len(pts):
        return None
    limits = ClipLimits.from_environment()
    if len(pts) > limits.max_frames:
        raise VideoError(f"{Path(info.path).name} has more than {limits.max_frames} frames; clips up to "
                         f"{limits.max_frames} frames are analysed")
    step = 1.0 / info.fps if info.fps > 0 else 1.0 / 30.0
    raw = [float(p * time_base) for p in pts]
    times, last = [], -step
    for value in raw:  # as read_frames: from the first frame, never standing still or going back
        time_s = value - raw[0]
        time_s = last + step if time_s <= last else time_s
        times.append(time_s)
        last = time_s
    return FrameTable(pts, np.array(times))


def read_span(info: VideoInfo, table: FrameTable, start: int, stop: int,
              wanted: Callable[[int], bool] | None = None, size: tuple[int, int] | None = None) -> Iterator[Frame]:
    """Frames `start` to `stop` - 1, numbered and timed as `read_frames` numbers them (of the analysis
    size or `size`); frames that `wanted` refuses come without their picture."""
    decode_w, decode_h = decode_size(info, size)
    with open_container(Path(info.path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if start > 0:
            container.seek(int(table.pts[start]), stream=stream, backward=True, any_frame=False)
        expected = None
        try:
            for frame in container.decode(stream):
                index = table.index_of(frame.pts)
                if index < start:
                    continue
                if index != (start if expected is None else expected):
                    raise SpanError(f"frame {index} came where frame {expected} should")
                if index >= stop:
                    return
                image = (upright_rgb(frame, info, decode_w, decode_h, scaling(size))
                         if wanted is None or wanted(index) else None)
                yield Frame(index, float(table.time_s[index]), image)
                expected = index + 1
        except (av.error.FFmpegError, ValueError) as exc:  # a damaged file: the reader from the start reports it
            raise SpanError(f"decoding stopped at frame {expected}: {exc.__class__.__name__}") from None
    if (expected or start) < stop:
        raise SpanError(f"the clip ended at frame {expected} before {stop}")
