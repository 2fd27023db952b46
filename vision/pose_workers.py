"""Where spans of pose work run: this process and, with more cores, worker processes with MediaPipe loaded.

MediaPipe's graph keeps about one core busy, so a clip is analysed fastest on
one worker per core (`--workers`, RETROCOACH_POSE_WORKERS, default the number
of cores); this process is one of them, so nothing waits for a worker to
start. The others start as soon as they are asked for and load the model while
the clip is being opened; they are kept for the life of this process, so a
server's next clip starts warm. A process that has no thread besides its own
and no pose graph yet forks them (quick: nothing to import again); any other
spawns them (MediaPipe's threads, and a server's, do not survive a fork).
Workers report frames done through a queue, so one progress bar follows all.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context, util
from typing import Any, TypeVar

POSE_WORKERS_ENV = "RETROCOACH_POSE_WORKERS"
PR_SET_PDEATHSIG = 1
M_ARENA_MAX = -8  # glibc's mallopt parameter
END_MARK_WAIT_S = 5.0
T = TypeVar("T")

TICK_FRAMES = 10  # a task reports its progress every this many frames
Ticks = Callable[[int], None]  # frames done since the last call
Task = tuple[Callable[..., Any], tuple]  # a picklable function and its arguments; it takes `ticks=` too


def die_with_parent() -> None:
    """End this worker process when the one that started it ends, however it ended (a server
    stopped or killed must not leave workers holding a pose model each)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent had already gone
            os._exit(0)


def one_malloc_arena() -> None:
    """Have glibc give every thread of this process the one heap. MediaPipe's graph threads each took
    an arena of their own and a span's fresh tracker new ones, so a 60 s clip peaked 1.3x higher than
    a 6 s clip (1075 against 816 MB over all processes); with one arena 780-790 against 743 MB."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_pose_workers() -> int:
    """RETROCOACH_POSE_WORKERS, else one per core."""
    return max(1, int(os.environ.get(POSE_WORKERS_ENV) or cores()))


def ticking(frames: Iterable[T], ticks: Ticks | None) -> Iterator[T]:
    """`frames` passed on, counted to `ticks` every `TICK_FRAMES` and at the end."""
    count = 0
    for frame in frames:
        yield frame
        count += 1
        if ticks is not None and count % TICK_FRAMES == 0:
            ticks(TICK_FRAMES)
    if ticks is not None and count % TICK_FRAMES:
        ticks(count % TICK_FRAMES)


class FrameCount:
    """Frames done by every worker, as one (done, total) progress count."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, frames: int) -> None:
        self.done += frames
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


_worker_queue: Any = None  # in a worker process: where its ticks go


class WorkerTicks:
    """Ticks of a task on a worker process, sent to the process that handed it out (picklable)."""

    def __init__(self, token: int) -> None:
        self.token = token

    def __call__(self, frames: int) -> None:
        if _worker_queue is not None:
            _worker_queue.put((self.token, frames))


def _run_there(fn: Callable[..., Any], args: tuple, token: int) -> Any:
    """A task on a worker, its last tick followed by an end mark (so none is lost behind the result)."""
    try:
        return fn(*args, ticks=WorkerTicks(token))
    finally:
        if _worker_queue is not None:
            _worker_queue.put((token, None))


def _warm_up(queue: Any) -> None:
    global _worker_queue
    from vision.spans import warm_up

    die_with_parent()
    one_malloc_arena()
    _worker_queue = queue
    warm_up()


def _started() -> None:
    """A no-op task: handing one to each worker starts them all now."""


def _end_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


class _Listeners:
    """Routes the workers' ticks to the callback of the task that sent them."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self._callbacks: dict[int, Ticks | None] = {}
        self._ended: dict[int, threading.Event] = {}
        self._tokens = itertools.count()
        self._lock = threading.Lock()
        threading.Thread(target=self._route, name="pose-worker-ticks", daemon=True).start()

    def add(self, callback: Ticks | None) -> int:
        with self._lock:
            token = next(self._tokens)
            self._callbacks[token] = callback
            self._ended[token] = threading.Event()
        return token

    def remove(self, token: int, ran: bool) -> None:
        """Forget a task's callback, once its ticks have all come if it `ran` (a worker that died
        sends no end mark; nor does a task that never reached one, hence the bound)."""
        if ran:
            self._ended[token].wait(timeout=END_MARK_WAIT_S)
        with self._lock:
            self._callbacks.pop(token, None)
            self._ended.pop(token, None)

    def _route(self) -> None:
        while True:
            try:
                token, frames = self.queue.get()
            except (EOFError, OSError):
                return
            with self._lock:
                callback, ended = self._callbacks.get(token), self._ended.get(token)
            if frames is None:
                if ended is not None:
                    ended.set()
            elif callback is not None:
                callback(frames)


_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_listeners: _Listeners | None = None


def _forking_is_safe() -> bool:
    from vision.pose import graphs_made

    return threading.active_count() == 1 and not graphs_made()


def _worker_pool(size: int) -> tuple[ProcessPoolExecutor, _Listeners]:
    """`size` warm worker processes, kept and reused."""
    global _pool, _pool_size, _listeners
    if _pool is None or _pool_size != size or getattr(_pool, "_broken", False):
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        fork = _forking_is_safe()
        if fork:
            import mediapipe  # noqa: F401 - loaded once here, inherited by the forked workers
        context = get_context("fork" if fork else "spawn")
        queue = context.Queue()
        _pool = ProcessPoolExecutor(max_workers=size, mp_context=context, initializer=_warm_up, initargs=(queue,))
        _pool_size = size
        _listeners = _Listeners(queue)
        # A process that exits joins its children before the hook that stops a pool has run, and
        # they would wait for that hook: end them first (they hold nothing worth keeping).
        util.Finalize(_pool, _end_workers, args=(_pool,), exitpriority=10)
        for _ in range(size):
            _pool.submit(_started)
    assert _listeners is not None
    return _pool, _listeners


class PoseWorkers:
    """This process and `workers` - 1 warm worker processes, each taking the next task when free."""

    def __init__(self, workers: int | None = None) -> None:
        self.count = workers or default_pose_workers()
        one_malloc_arena()
        self._pool = _worker_pool(self.count - 1) if self.count > 1 else None

    def run(self, tasks: Sequence[Task], ticks: Ticks | None = None) -> list[Any]:
        """Every task's result, in the order given; the first failure is raised once the tasks
        already running have ended (none is started after it)."""
        todo = deque(enumerate(tasks))
        results: list[Any] = [None] * len(tasks)
        failures: list[BaseException] = []
        lock = threading.Lock()
        tick_lock = threading.Lock()

        def counted(frames: int) -> None:
            if ticks is not None:
                with tick_lock:
                    ticks(frames)

        def take() -> tuple[int, Task] | None:
            with lock:
                return todo.popleft() if todo and not failures else None

        def here() -> None:
            while (job := take()) is not None:
                index, (fn, args) = job
                try:
                    results[index] = fn(*args, ticks=counted)
                except BaseException as exc:  # noqa: BLE001 - raised to the caller below
                    failures.append(exc)

        def there(pool: ProcessPoolExecutor, listeners: _Listeners) -> None:
            while (job := take()) is not None:
                index, (fn, args) = job
                token = listeners.add(counted)
                ran = True
                try:
                    results[index] = pool.submit(_run_there, fn, args, token).result()
                except BrokenProcessPool as exc:
                    ran = False
                    failures.append(exc)
                except BaseException as exc:  # noqa: BLE001 - raised to the caller below
                    failures.append(exc)
                finally:
                    listeners.remove(token, ran)

        slots = [threading.Thread(target=here, name="pose-here")]
        if self._pool is not None:
            pool, listeners = self._pool
            slots += [threading.Thread(target=there, args=(pool, listeners), name="pose-there")
                      for _ in range(self.count - 1)]
        for slot in slots:
            slot.start()
        for slot in slots:
            slot.join()
        if failures:
            raise failures[0]
        return results
