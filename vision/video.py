"""Reading video files as a stream of upright RGB frames with real timestamps.

PyAV decodes (FFmpeg underneath), so phone clips keep their per-frame
timestamps (variable frame rate) and their rotation matrix. Frames are yielded
one at a time: memory does not grow with the clip's length.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

VIDEO_SUFFIXES: tuple[str, ...] = (".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv")
# Frames larger than this (long side, pixels) are scaled down before pose
# estimation: the pose model sees 256 px anyway, and an 8K frame in RGB costs
# 100 MB and a slow colour conversion for nothing.
MAX_ANALYSIS_SIDE_PX = 1920


VIDEO_STOPS = "The video stops being readable"


@dataclass(frozen=True)
class ClipLimits:
    """What one clip may ask of the machine; a longer or larger clip is refused with the reason.

    Defaults fit a 10-minute 60 fps phone clip, up to 8K; RETROCOACH_MAX_CLIP_S,
    RETROCOACH_MAX_FRAMES and RETROCOACH_MAX_PIXELS change them.
    """

    max_duration_s: float = 600.0
    max_frames: int = 36_000
    max_pixels: int = 7680 * 4320

    @classmethod
    def from_environment(cls) -> ClipLimits:
        return cls(float(os.environ.get("RETROCOACH_MAX_CLIP_S", cls.max_duration_s)),
                   int(os.environ.get("RETROCOACH_MAX_FRAMES", cls.max_frames)),
                   int(os.environ.get("RETROCOACH_MAX_PIXELS", cls.max_pixels)))


class VideoError(ValueError):
    """A file that cannot be used as a video; the message is for the user."""


@dataclass(frozen=True)
class VideoInfo:
    path: str
    fps: float
    frame_count: int
    duration_s: float
    width: int
    height: int
    rotation_deg: int


@dataclass(frozen=True)
class Frame:
    index: int
    time_s: float
    image_rgb: np.ndarray | None  # upright, possibly scaled to MAX_ANALYSIS_SIDE_PX; None if not wanted


def open_container(path: Path) -> av.container.InputContainer:
    if not path.exists():
        raise VideoError(f"{path} does not exist")
    if path.is_dir():
        raise VideoError(f"{path} is a folder, not a video file")
    if path.stat().st_size == 0:
        raise VideoError(f"{path.name} is empty (0 bytes)")
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        raise VideoError(f"{path.name} is not a video file that can be read") from None
    if not container.streams.video:
        container.close()
        raise VideoError(f"{path.name} has no video track (audio only?)")
    return container


def _rotation_of(container: av.container.InputContainer) -> int:
    """Counter-clockwise rotation (0/90/180/270) to make frames upright."""
    stream = container.streams.video[0]
    try:
        for frame in container.decode(stream):
            return int(round(frame.rotation / 90.0)) % 4 * 90
    except av.error.FFmpegError:
        return 0
    return 0


def _upright_size(width: int, height: int, rotation_deg: int) -> tuple[int, int]:
    return (height, width) if rotation_deg in (90, 270) else (width, height)


def probe(path: Path | str) -> VideoInfo:
    """Read a video's header (and first frame, for rotation) without decoding it all."""
    path = Path(path)
    container = open_container(path)
    with container:
        stream = container.streams.video[0]
        rate = stream.average_rate or stream.guessed_rate
        fps = float(rate) if rate else 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration_s = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration_s = container.duration / av.time_base
        else:
            duration_s = 0.0
        frame_count = int(stream.frames) or int(round(duration_s * fps))
        width, height = stream.codec_context.width, stream.codec_context.height
        rotation = _rotation_of(container)
    if width <= 0 or height <= 0:
        raise VideoError(f"{path.name} has a video track with no picture size")
    width, height = _upright_size(width, height, rotation)
    info = VideoInfo(str(path), fps, frame_count, duration_s, width, height, rotation)
    _check_limits(info, ClipLimits.from_environment())
    return info


def _check_limits(info: VideoInfo, limits: ClipLimits) -> None:
    name = Path(info.path).name
    if info.width * info.height > limits.max_pixels:
        raise VideoError(f"{name} is {info.width}x{info.height}; clips up to {limits.max_pixels / 1e6:.1f} "
                         "megapixels a frame (8K) are analysed")
    if info.duration_s > limits.max_duration_s:
        raise VideoError(f"{name} lasts {info.duration_s / 60:.1f} minutes; clips up to "
                         f"{limits.max_duration_s / 60:.0f} minutes are analysed: cut it shorter")
    if info.frame_count > limits.max_frames:
        raise VideoError(f"{name} has {info.frame_count} frames; clips up to {limits.max_frames} frames are analysed")


def analysis_size(info: VideoInfo) -> tuple[int, int]:
    """Upright size the frames are decoded to (even, at most MAX_ANALYSIS_SIDE_PX)."""
    scale = min(1.0, MAX_ANALYSIS_SIDE_PX / max(info.width, info.height))
    return max(2, int(info.width * scale) // 2 * 2), max(2, int(info.height * scale) // 2 * 2)


def decode_size(info: VideoInfo, size: tuple[int, int] | None = None) -> tuple[int, int]:
    """The size frames are decoded to before they are turned upright (to be `size` upright, or
    the analysis size)."""
    width, height = size or analysis_size(info)
    return _upright_size(width, height, info.rotation_deg)


def scaling(size: tuple[int, int] | None) -> str | None:
    """How frames are scaled: for a video's pictures (`size` given) the fastest way, a millisecond a
    frame less (drawn over and encoded, nobody sees the difference); for pose, FFmpeg's default."""
    return "FAST_BILINEAR" if size else None


def upright_rgb(frame: av.VideoFrame, info: VideoInfo, decode_w: int, decode_h: int,
                interpolation: str | None = None) -> np.ndarray:
    image = frame.to_ndarray(width=decode_w, height=decode_h, format="rgb24", interpolation=interpolation)
    if info.rotation_deg:
        image = np.ascontiguousarray(np.rot90(image, k=info.rotation_deg // 90))
    return image


def read_frames(info: VideoInfo, warnings: list[str] | None = None,
                wanted: Callable[[int], bool] | None = None, size: tuple[int, int] | None = None) -> Iterator[Frame]:
    """Yield upright RGB frames with timestamps starting at 0, of the analysis size or `size`.

    Frames for which `wanted(index)` is False are decoded (the next ones may
    need them) but not converted to RGB: their `image_rgb` is None.

    A file that breaks part-way (truncated, damaged) ends the stream with a
    warning appended to `warnings` instead of an exception; a file that yields
    no frame at all raises `VideoError`.
    """
    path = Path(info.path)
    container = open_container(path)
    decode_w, decode_h = decode_size(info, size)
    fallback_step = 1.0 / info.fps if info.fps > 0 else 1.0 / 30.0
    limits = ClipLimits.from_environment()
    with container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        index = 0
        first_time: float | None = None
        last_time = -fallback_step
        try:
            for frame in container.decode(stream):
                if index >= limits.max_frames:
                    # The header may understate a clip; decoding stops at the limit all the same.
                    raise VideoError(f"{path.name} has more than {limits.max_frames} frames; clips up to "
                                     f"{limits.max_frames} frames are analysed")
                raw_time = frame.time
                if raw_time is None:
                    time_s = last_time + fallback_step
                else:
                    first_time = raw_time if first_time is None else first_time
                    time_s = raw_time - first_time
                    if time_s <= last_time:
                        time_s = last_time + fallback_step
                image = (upright_rgb(frame, info, decode_w, decode_h, scaling(size))
                         if wanted is None or wanted(index) else None)
                yield Frame(index, time_s, image)
                last_time = time_s
                index += 1
        except VideoError:
            raise
        except (av.error.FFmpegError, ValueError) as exc:
            if index == 0:
                raise VideoError(f"{path.name} holds no decodable frame ({exc.__class__.__name__})") from None
            if warnings is not None:
                warnings.append(f"{VIDEO_STOPS} after frame {index} "
                                "(truncated or damaged file); the rest was not analysed.")
        if index == 0:
            raise VideoError(f"{path.name} holds no video frames")
        if warnings is not None and info.frame_count > 10 and index < 0.95 * info.frame_count - 1:
            warnings.append(f"{VIDEO_STOPS} after frame {index} of the {info.frame_count} its header announces "
                            "(truncated file?); the rest was not analysed.")
