"""Derive the small sample clips from ../shared/videos/side_walk_forward.mp4.

retro_walk_side.mp4   the clip played backwards in time (kinematically close to
                      backward walking with toe-first landings), 640x360 H.264
forward_walk_side.mp4 the clip as filmed, 640x360 H.264

Run from the repository root: .venv/bin/python sample_videos/make_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2

from vision.encode import H264Writer
from vision.video import probe, read_frames

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "videos" / "side_walk_forward.mp4"
SIZE = (640, 360)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    info = probe(source)
    frames = [cv2.resize(f.image_rgb, SIZE, interpolation=cv2.INTER_AREA) for f in read_frames(info)]
    out = Path(__file__).parent
    for name, sequence in (("forward_walk_side.mp4", frames), ("retro_walk_side.mp4", frames[::-1])):
        with H264Writer(out / name, info.fps, *SIZE) as writer:
            for image in sequence:
                writer.write(image)
    return 0


if __name__ == "__main__":
    sys.exit(main())
