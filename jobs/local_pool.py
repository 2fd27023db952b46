"""Worker processes on this machine, each with MediaPipe loaded once (the default pool).

Spawned, not forked: MediaPipe's threads do not survive a fork. Progress and
cancel requests cross over through a manager's dictionaries. When a worker
dies the executor is broken for every job on it: those jobs come back as
`WorkerDied` (and `drain` runs them again) and a fresh executor takes over.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.managers import SyncManager
from typing import Any

from jobs.runner import WorkerDied
from jobs.work import WorkItem, WorkOutcome, analyse_item, warm_up
from vision.pose_workers import default_pose_workers, die_with_parent


def default_workers() -> int:
    """As many as cores: MediaPipe keeps about one core busy (RETROCOACH_WORKERS to change)."""
    return max(1, int(os.environ.get("RETROCOACH_WORKERS") or os.cpu_count() or 1))


def _run(item: WorkItem, progress: Any, cancels: Any) -> WorkOutcome:
    def report(done: int, total: int) -> None:
        progress[item.job_id] = (done, total)

    return analyse_item(item, item.clip, report, lambda: item.job_id in cancels)


@dataclass(frozen=True)
class _Handle:
    future: Future
    item: WorkItem


class LocalPool:
    def __init__(self, workers: int | None = None, pose_workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.pose_workers = pose_workers or default_pose_workers()
        self._context = get_context("spawn")
        self._manager = SyncManager(ctx=self._context)
        self._manager.start(initializer=die_with_parent)
        self._progress = self._manager.dict()
        self._cancels = self._manager.dict()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context, initializer=warm_up,
                                   initargs=(self.pose_workers,))

    def start(self, item: WorkItem) -> _Handle:
        try:
            future = self._executor.submit(_run, item, self._progress, self._cancels)
        except BrokenProcessPool:
            self._executor = self._new_executor()
            future = self._executor.submit(_run, item, self._progress, self._cancels)
        return _Handle(future, item)

    def finished(self, handle: _Handle) -> bool:
        return handle.future.done()

    def outcome(self, handle: _Handle) -> WorkOutcome:
        self._progress.pop(handle.item.job_id, None)
        self._cancels.pop(handle.item.job_id, None)
        if handle.future.cancelled():
            return WorkOutcome(handle.item.job_id, "cancelled", "cancelled")
        try:
            return handle.future.result()
        except BrokenProcessPool as exc:
            raise WorkerDied(str(exc)) from exc

    def progress(self, handle: _Handle) -> tuple[int, int] | None:
        return self._progress.get(handle.item.job_id)

    def cancel(self, handle: _Handle) -> None:
        if not handle.future.cancel():
            self._cancels[handle.item.job_id] = True

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (to watch memory, or to stop one in a test)."""
        return [p.pid for p in (getattr(self._executor, "_processes", None) or {}).values()]

    def close(self) -> None:
        pids = self.worker_pids()
        self._executor.shutdown(wait=False, cancel_futures=True)
        for pid in pids:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
        self._manager.shutdown()
