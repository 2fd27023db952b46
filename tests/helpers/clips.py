"""Making test clips: transformed copies of a sample, blank clips, audio-only files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from itertools import chain
from pathlib import Path

import av
import cv2
import numpy as np

from vision.encode import MAX_WIDTH_PX, H264Writer
from vision.video import probe, read_frames

# x264's output depends on its thread count, and the real walker's readings on the copies with it (on the portrait
# copy, 1-4 threads: 6 to 8 landings toe-first of 7 to 11 found, those as she walks out of the picture coming and
# going): the copies are encoded on a fixed count, the same bytes on any machine and in any run.
ENCODER_THREADS = 2


def _encoded(frames: Iterator[np.ndarray], target: Path, fps: float, crf: int = 23,
             max_width_px: int = MAX_WIDTH_PX) -> Path:
    """Write `frames` one at a time (a phone's 4K copy would hold gigabytes), at the first one's size."""
    first = next(frames)
    height, width = first.shape[:2]
    with H264Writer(target, fps, width, height, crf, threads=ENCODER_THREADS, max_width_px=max_width_px) as writer:
        for frame in chain([first], frames):
            writer.write(frame)
    return target


def transformed(source: Path, target: Path, change: Callable[[np.ndarray], np.ndarray], crf: int = 23,
                max_width_px: int = MAX_WIDTH_PX) -> Path:
    """Re-encode `source` with `change` applied to every frame (a higher `crf`, a lower bitrate)."""
    info = probe(source)
    return _encoded((change(f.image_rgb) for f in read_frames(info)), target, info.fps, crf, max_width_px)


def spliced(source: Path, target: Path, order: list[int]) -> Path:
    """A clip of `source`'s frames in the given order (repeat one to hold it, reverse a range to
    play it backwards): forward-then-backward walks and pauses from one real clip."""
    info = probe(source)
    frames = [f.image_rgb for f in read_frames(info)]
    return _encoded((frames[index] for index in order), target, info.fps)


def at_rate(source: Path, fps: int) -> Iterator[np.ndarray]:
    """`source`'s frames as a camera at a lower frame rate films them: the first at or after each of its ticks."""
    next_time = 0.0
    for frame in read_frames(probe(source)):
        if frame.time_s + 1e-6 >= next_time:
            next_time += 1.0 / fps
            yield frame.image_rgb


def retimed(source: Path, target: Path, fps: int) -> Path:
    """`source` re-timed to `fps` (at_rate), as an H.264 clip."""
    return _encoded(at_rate(source, fps), target, fps)


def exposed(source: Path, target: Path, fps: int) -> Path:
    """`source`, filmed at a multiple of `fps`, re-filmed at `fps` with the shutter open the whole frame (a phone's
    indoors): each picture the scene's mean over its 1/fps s, the source frames it spans weighted as a trapezoid."""
    info = probe(source)
    step = round(info.fps / fps)
    weights = np.r_[0.5, np.ones(step - 1), 0.5] / step

    def pictures() -> Iterator[np.ndarray]:
        spanned: list[np.ndarray] = []
        for frame in read_frames(info):
            spanned.append(frame.image_rgb.astype(np.float32))
            if len(spanned) == step + 1:
                yield np.clip(np.tensordot(weights, np.stack(spanned), 1) + 0.5, 0, 255).astype(np.uint8)
                spanned = spanned[step:]

    return _encoded(pictures(), target, fps)


def smeared(source: Path, target: Path, shutter: float, samples: int = 8) -> Path:
    """`source` as a camera at its frame rate films it with the shutter open `shutter` of each frame: each picture
    the mean of `samples` moments over that time, the frame carried towards the next along the optical flow (a
    real clip has no frames in between to average)."""
    info = probe(source)
    flow_of = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    moments = (np.arange(samples) + 0.5) / samples * shutter

    def pictures() -> Iterator[np.ndarray]:
        frames = (f.image_rgb for f in read_frames(info))
        image = next(frames)
        height, width = image.shape[:2]
        x, y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
        for following in frames:
            flow = flow_of.calc(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), cv2.cvtColor(following, cv2.COLOR_RGB2GRAY),
                                None)
            mean = sum(cv2.remap(image, x - t * flow[..., 0], y - t * flow[..., 1], cv2.INTER_LINEAR)
                       .astype(np.float32) for t in moments) / samples
            yield np.clip(mean + 0.5, 0, 255).astype(np.uint8)
            image = following

    return _encoded(pictures(), target, info.fps)


def there_and_back(start: int, hold: int, pause_frames: int) -> list[int]:
    """Frame order: from `start` to `hold` (backwards in time if `hold` comes first), that frame
    held, then the same frames the other way back to `start`."""
    step = 1 if hold >= start else -1
    there = list(range(start, hold + step, step))
    return there + [hold] * pause_frames + there[::-1]


def blank_clip(target: Path, frames: int = 45, size: tuple[int, int] = (320, 240), seed: int = 0) -> Path:
    """A clip of grey noise: nobody in it."""
    rng = np.random.default_rng(seed)
    with H264Writer(target, 30.0, *size, threads=ENCODER_THREADS) as writer:
        for _ in range(frames):
            writer.write(rng.integers(90, 160, size=(size[1], size[0], 3), dtype=np.uint8))
    return target


def audio_only(target: Path, seconds: float = 1.0) -> Path:
    container = av.open(str(target), mode="w")
    stream = container.add_stream("aac", rate=44100)
    samples = int(44100 * seconds)
    t = np.arange(samples) / 44100
    tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32).reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(tone, format="fltp", layout="mono")
    frame.sample_rate = 44100
    frame.pts = 0
    frame.time_base = Fraction(1, 44100)
    for packet in stream.encode(frame):
        container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return target


def rotate_tag(source: Path, target: Path, degrees: int = 90) -> Path:
    """Copy an mp4 and set its video track's display matrix, as phones do for portrait clips."""
    data = bytearray(source.read_bytes())
    at = data.find(b"tkhd")
    version = data[at + 4]
    matrix_at = at + 4 + 4 + (32 if version == 1 else 20) + 8 + 8
    one, minus_one, w = 0x00010000, 0xFFFF0000, 0x40000000
    matrices = {90: (0, one, 0, minus_one, 0, 0, 0, 0, w), 270: (0, minus_one, 0, one, 0, 0, 0, 0, w),
                180: (minus_one, 0, 0, 0, minus_one, 0, 0, 0, w)}
    for k, value in enumerate(matrices[degrees]):
        data[matrix_at + 4 * k: matrix_at + 4 * k + 4] = value.to_bytes(4, "big")
    target.write_bytes(bytes(data))
    return target


def y4m_camera(source: Path, target: Path, fps: int = 15, size: tuple[int, int] = (640, 360)) -> Path:
    """A raw .y4m clip for Chromium's fake camera (--use-file-for-fake-video-capture), at `fps`."""
    container = av.open(str(target), mode="w", format="yuv4mpegpipe")
    stream = container.add_stream("rawvideo", rate=fps)
    stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
    for frame in at_rate(source, fps):
        image = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format="yuv420p")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return target


def short_clip(target: Path, codec: str, frames: int = 20, size: tuple[int, int] = (160, 120)) -> Path:
    """A few frames of a moving gradient in the container `target`'s suffix names."""
    container = av.open(str(target), mode="w")
    stream = container.add_stream(codec, rate=30)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    x = np.linspace(0, 255, size[0], dtype=np.float32)
    for k in range(frames):
        row = ((x + 10 * k) % 256).astype(np.uint8)
        image = np.repeat(np.repeat(row[None, :, None], size[1], axis=0), 3, axis=2)
        for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return target
