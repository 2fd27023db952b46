"""The pool a command or the app runs its jobs on: Ray when an address is given, else local processes."""

from __future__ import annotations

import os

from jobs.runner import Pool


def open_pool(workers: int | None = None, ray_address: str | None = None, pose_workers: int | None = None) -> Pool:
    """`workers` at once, each analysis on `pose_workers` processes of its own on this machine (default:
    one per core, so one upload has every core; on Ray one, an actor per CPU)."""
    from jobs.ray_pool import RAY_ADDRESS_ENV

    address = ray_address or os.environ.get(RAY_ADDRESS_ENV)
    if address:
        from jobs.ray_pool import RayPool

        return RayPool(address, workers)
    from jobs.local_pool import LocalPool

    return LocalPool(workers, pose_workers)
