"""Clips per minute through `retrocoach batch` on this machine: one and two local workers, and two
Ray workers on a cluster started here (not a test: figures vary by machine and load).

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
    from ray_local import loopback_cluster  # first: before ray is imported
    from clips import transformed

    from jobs import batch
    from jobs.local_pool import LocalPool
    from jobs.ray_pool import RayPool
    from jobs.work import JobSettings

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    sample = ROOT / "sample_videos" / "retro_walk_side.mp4"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips = [transformed(sample, folder / f"clip{k}.mp4",
                             lambda f, k=k: np.clip(f.astype(np.int16) + 2 * k, 0, 255).astype(np.uint8))
                 for k in range(count)]
        cluster = loopback_cluster(2)
        pools = {"1 local": lambda: LocalPool(1), "2 local": lambda: LocalPool(2),
                 "2 Ray": lambda: RayPool(cluster.address, 2)}
        print("workers | clips | seconds | clips per minute")
        for name, open_pool in pools.items():
            items = batch.plan(clips, folder / name.replace(" ", "_"), JobSettings())
            start = time.perf_counter()
            outcomes = batch.run_batch(items, open_pool)
            elapsed = time.perf_counter() - start
            assert all(o.status == "done" for o in outcomes)
            print(f"{name} | {count} | {elapsed:.1f} | {60 * count / elapsed:.1f}")
        cluster.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
