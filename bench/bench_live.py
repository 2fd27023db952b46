"""How fast the live coach runs, without a browser: frames per second it sustains and the
delay from a frame's arrival to its annotated frame, at 640x480 (a sample clip letterboxed).

    .venv/bin/python bench/bench_live.py [clip] [--seconds 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np

from coaching.live import LiveCoach
from vision.video import probe, read_frames

ROOT = Path(__file__).resolve().parents[1]
SIZE = (640, 480)


def letterbox(image: np.ndarray) -> np.ndarray:
    height, width = image.shape[:2]
    scale = min(SIZE[0] / width, SIZE[1] / height)
    resized = cv2.resize(image, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)
    out = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    y, x = (SIZE[1] - resized.shape[0]) // 2, (SIZE[0] - resized.shape[1]) // 2
    out[y: y + resized.shape[0], x: x + resized.shape[1]] = resized
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("clip", nargs="?", default=str(ROOT / "sample_videos" / "retro_walk_side.mp4"))
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the simulated session")
    args = parser.parse_args()
    info = probe(args.clip)
    frames = [letterbox(f.image_rgb) for f in read_frames(info)]
    step = 1.0 / info.fps
    delays = []
    with LiveCoach() as coach:
        start = time.perf_counter()
        n = 0
        while n * step < args.seconds:
            arrived = time.perf_counter()
            coach.process(frames[n % len(frames)], n * step)
            delays.append(time.perf_counter() - arrived)
            n += 1
        elapsed = time.perf_counter() - start
    delays_ms = np.array(delays) * 1000
    print(f"frames {n} at {SIZE[0]}x{SIZE[1]}: {n / elapsed:.1f} fps sustained (back to back)")
    print(f"delay per frame: median {np.median(delays_ms):.1f} ms, 95th percentile "
          f"{np.percentile(delays_ms, 95):.1f} ms, max {delays_ms.max():.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
