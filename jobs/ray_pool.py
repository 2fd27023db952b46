"""Workers on a Ray cluster: one actor per worker, each holding a warm MediaPipe.

Clips go to the actors through Ray's object store (the actor may be on a
machine that cannot see this one's files) and the result files come back
the same way; `drain` writes them where the caller keeps results. An actor
whose process dies is replaced by a fresh one (not restarted in place: a call
sent while Ray still believes the old process alive fails again) and its job
comes back as `WorkerDied`, for `drain` to run again on whichever worker is
free: Ray itself never re-runs a job (`max_restarts=0`, `max_task_retries=0`),
so none is done twice.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobs.runner import WorkerDied
from jobs.work import WorkItem, WorkOutcome, analyse_item, warm_up

RAY_ADDRESS_ENV = "RETROCOACH_RAY_ADDRESS"
PROGRESS_WAIT_S = 2.0


class PoseWorker:
    """A Ray actor: analyses one clip at a time; a second thread answers progress and cancel."""

    def __init__(self) -> None:
        warm_up()
        self._progress: dict[str, tuple[int, int]] = {}
        self._cancels: set[str] = set()
        self._lock = threading.Lock()

    def analyse(self, item: WorkItem, clip: bytes) -> WorkOutcome:
        with tempfile.TemporaryDirectory(prefix="retrocoach-ray-") as tmp:
            path = Path(tmp) / f"clip{item.clip.suffix}"
            path.write_bytes(clip)

            def report(done: int, total: int) -> None:
                with self._lock:
                    self._progress[item.job_id] = (done, total)

            try:
                return analyse_item(item, path, report, lambda: item.job_id in self._cancels)
            finally:
                with self._lock:
                    self._progress.pop(item.job_id, None)
                    self._cancels.discard(item.job_id)

    def progress(self, job_id: str) -> tuple[int, int] | None:
        with self._lock:
            return self._progress.get(job_id)

    def cancel(self, job_id: str) -> None:
        self._cancels.add(job_id)

    def pid(self) -> int:
        return os.getpid()


@dataclass(frozen=True)
class _Handle:
    ref: Any  # ray.ObjectRef of the outcome
    actor: Any
    item: WorkItem


class RayPool:
    """`workers` actors (default: one per CPU the cluster has) on the cluster at `address`."""

    def __init__(self, address: str, workers: int | None = None) -> None:
        import ray

        self._ray = ray
        if not ray.is_initialized():
            ray.init(address=address, log_to_driver=False, logging_level="WARNING")
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._actor_class = ray.remote(num_cpus=1, max_concurrency=2, max_restarts=0, max_task_retries=0)(PoseWorker)
        self._actors = [self._actor_class.remote() for _ in range(self.workers)]
        self._busy: set[int] = set()

    def start(self, item: WorkItem) -> _Handle:
        actor = next(a for a in self._actors if id(a) not in self._busy)
        self._busy.add(id(actor))
        clip = self._ray.put(item.clip.read_bytes())
        return _Handle(actor.analyse.remote(item, clip), actor, item)

    def finished(self, handle: _Handle) -> bool:
        ready, _ = self._ray.wait([handle.ref], timeout=0)
        return bool(ready)

    def outcome(self, handle: _Handle) -> WorkOutcome:
        self._busy.discard(id(handle.actor))
        try:
            return self._ray.get(handle.ref)
        except self._ray.exceptions.RayActorError as exc:
            self._replace(handle.actor)
            raise WorkerDied(str(exc)) from exc

    def _replace(self, dead: Any) -> None:
        self._ray.kill(dead, no_restart=True)
        self._actors = [self._actor_class.remote() if a is dead else a for a in self._actors]

    def progress(self, handle: _Handle) -> tuple[int, int] | None:
        try:
            return self._ray.get(handle.actor.progress.remote(handle.item.job_id), timeout=PROGRESS_WAIT_S)
        except self._ray.exceptions.RayError:
            return None  # the actor has died; its job will come back as such

    def cancel(self, handle: _Handle) -> None:
        handle.actor.cancel.remote(handle.item.job_id)

    def worker_pids(self) -> list[int]:
        return self._ray.get([a.pid.remote() for a in self._actors])

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._ray.shutdown()
