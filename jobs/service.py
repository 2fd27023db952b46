"""The job service: a thread of the server process that feeds queued jobs to a pool of warm workers.

Pages only submit and read jobs (`jobs/queue.py`), so no page waits for an
analysis and a reload or a closed tab loses nothing. The pool is opened once
and kept, so its workers keep MediaPipe loaded between uploads. Jobs left
running by a server that stopped go back to the queue when the service starts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from jobs.queue import JobQueue
from jobs.runner import Pool, drain

log = logging.getLogger(__name__)
RESTART_PAUSE_S = 2.0


class JobService:
    def __init__(self, queue: JobQueue, open_pool: Callable[[], Pool]) -> None:
        self.queue = queue
        self._open_pool = open_pool
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="retrocoach-jobs", daemon=True)

    def start(self) -> JobService:
        requeued = self.queue.requeue_interrupted()
        if requeued:
            log.warning("%d job(s) left running by a server that stopped are queued again", requeued)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _serve(self) -> None:
        queue = self.queue
        while not self._stop.is_set():
            pool = self._open_pool()
            try:
                drain(pool, queue.claim_next, lambda item, done, total: queue.set_progress(item.job_id, done, total),
                      lambda item, outcome: queue.finish(item.job_id, outcome),
                      lambda item: queue.cancel_requested(item.job_id), self._stop)
            except Exception:  # noqa: BLE001 - the service outlives a database hiccup; its jobs are queued again
                log.exception("the job service failed; starting again")
                self._stop.wait(RESTART_PAUSE_S)
            finally:
                pool.close()
            queue.requeue_interrupted()
