"""Where spans of pose work run: in this process, or on worker processes with MediaPipe loaded.

MediaPipe's graph keeps about one core busy, so a clip is analysed fastest on
one worker per core; that path (`vision/spans.py`) is chosen with 2 or more
(`--workers`, RETROCOACH_POSE_WORKERS) and is not yet the default: a tracker
started fresh mid-clip sometimes misses a landing of the far leg that the one
pass finds. The workers are spawned (MediaPipe's threads do not survive a fork) as
soon as they are asked for, load the model while the clip is being opened,
and are kept for the life of this process, so a server's next clip starts warm.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context, util
from typing import Any

POSE_WORKERS_ENV = "RETROCOACH_POSE_WORKERS"
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """End this worker process when the one that started it ends, however it ended (a server
    stopped or killed must not leave workers holding a pose model each)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent had already gone
            os._exit(0)


def default_pose_workers() -> int:
    """1 (the one pass) unless RETROCOACH_POSE_WORKERS says otherwise."""
    return max(1, int(os.environ.get(POSE_WORKERS_ENV) or 1))


class InProcess(Executor):
    """Runs each task at once, here: one worker, no process to start."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future, as a pool does
            future.set_exception(exc)
        return future


def _warm_up() -> None:
    from vision.spans import warm_up

    die_with_parent()
    warm_up()


def _started() -> None:
    """A no-op task: handing one to each worker starts them all now."""


def _end_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def pose_executor(workers: int | None = None) -> Executor:
    """`workers` warm worker processes (kept and reused), or this process for one."""
    global _pool, _pool_size
    workers = workers or default_pose_workers()
    if workers <= 1:
        return InProcess()
    if _pool is None or _pool_size != workers or getattr(_pool, "_broken", False):
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_warm_up)
        _pool_size = workers
        # A process that exits joins its children before the hook that stops a pool has run, and
        # they would wait for that hook: end them first (they hold nothing worth keeping).
        util.Finalize(_pool, _end_workers, args=(_pool,), exitpriority=10)
        for _ in range(workers):
            _pool.submit(_started)
    return _pool
