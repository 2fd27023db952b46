"""Runs work items on a pool of workers, whichever kind: one loop for the local pool and for Ray.

A `Pool` starts items on its workers and says how they are doing; `drain`
keeps every worker busy, writes each result where the item says, and tries a
job again on another worker when the one running it died (up to
`MAX_ATTEMPTS`), so nothing is lost and nothing is done twice.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from jobs.work import WorkItem, WorkOutcome, write_results

MAX_ATTEMPTS = 3
POLL_S = 0.2


class WorkerDied(Exception):
    """The worker running an item stopped before it answered."""


class Pool(Protocol):
    workers: int

    def start(self, item: WorkItem) -> Any:
        """Hand the item to a free worker; returns a handle for the other calls."""

    def finished(self, handle: Any) -> bool: ...

    def outcome(self, handle: Any) -> WorkOutcome:
        """The finished item's outcome; raises `WorkerDied` when its worker died."""

    def progress(self, handle: Any) -> tuple[int, int] | None: ...

    def cancel(self, handle: Any) -> None: ...

    def close(self) -> None: ...


def drain(pool: Pool, next_item: Callable[[], WorkItem | None],
          on_progress: Callable[[WorkItem, int, int], None], on_outcome: Callable[[WorkItem, WorkOutcome], None],
          should_cancel: Callable[[WorkItem], bool] = lambda _: False,
          stop: threading.Event | None = None) -> None:
    """Run items until `next_item` has no more and none is running (with `stop`: until it is set,
    asking `next_item` again every `POLL_S`)."""
    running: dict[int, tuple[Any, WorkItem]] = {}
    retry: deque[WorkItem] = deque()
    attempts: dict[str, int] = {}
    while True:
        while len(running) < pool.workers:
            item = retry.popleft() if retry else next_item()
            if item is None:
                break
            handle = pool.start(item)
            running[id(handle)] = (handle, item)
        if (stop is not None and stop.is_set()) or (stop is None and not running and not retry):
            return  # a stopped service leaves its running jobs to be queued again at the next start
        for key, (handle, item) in list(running.items()):
            if not pool.finished(handle):
                if should_cancel(item):
                    pool.cancel(handle)
                if (done := pool.progress(handle)) is not None:
                    on_progress(item, *done)
                continue
            del running[key]
            try:
                outcome = pool.outcome(handle)
            except WorkerDied:
                attempts[item.job_id] = attempts.get(item.job_id, 0) + 1
                if attempts[item.job_id] < MAX_ATTEMPTS:
                    retry.append(item)
                    continue
                outcome = WorkOutcome(item.job_id, "failed",
                                      f"the worker analysing it stopped {MAX_ATTEMPTS} times; the clip may be damaged")
            if outcome.status == "done":
                write_results(outcome, item.folder)
            on_outcome(item, WorkOutcome(outcome.job_id, outcome.status, outcome.reason))
        if running:
            time.sleep(POLL_S)
        elif stop is not None:
            stop.wait(POLL_S)
