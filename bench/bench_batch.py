"""Clips per minute through `retrocoach batch` on this machine, with one and with two local workers
(not a test: figures vary by machine and load).

    .venv/bin/python bench/bench_batch.py [clips]

Eight different clips are made from the sample (each a little brighter), so that
no clip is skipped as done; each worker count analyses them into a fresh folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    from clips import transformed
    from coaching import batch
    from coaching.config import Thresholds
    from coaching.measures import Request

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    sample = ROOT / "sample_videos" / "retro_walk_side.mp4"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips = [transformed(sample, folder / f"clip{k}.mp4",
                             lambda f, k=k: np.clip(f.astype(np.int16) + 2 * k, 0, 255).astype(np.uint8))
                 for k in range(count)]
        print("workers | clips | seconds | clips per minute")
        for workers in (1, 2):
            out = folder / f"out{workers}"
            jobs = batch.plan(clips, out)
            start = time.perf_counter()
            outcomes = batch.run_batch(jobs, Thresholds(), Request(), "full", False, workers)
            elapsed = time.perf_counter() - start
            assert all(o.status == "done" for o in outcomes)
            print(f"{workers} | {count} | {elapsed:.1f} | {60 * count / elapsed:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
