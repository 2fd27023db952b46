"""Analyses cached by the content of the clip, shared by all browser sessions.

A clip is stored once under its SHA-256 (never under the name the user gave
it), analysed once, and re-checked cheaply when thresholds change; annotated
videos are cached per clip and thresholds. The same bytes give the same
result, so sharing between sessions reveals nothing a session did not upload.
Files live in the data folder's `cache/`, readable by this user only, and the
oldest go once the folder passes its size budget (RETROCOACH_CACHE_MB).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from coaching.analysis import Analysis, analyze, recheck
from coaching.annotate import write_annotated_video
from coaching.config import Thresholds
from coaching.measures import Request
from coaching.store import cache_dir, keep_by_content

CACHE_BUDGET_ENV = "RETROCOACH_CACHE_MB"
DEFAULT_CACHE_MB = 2048
MAX_ANALYSES = 16  # kept in memory
# Pose estimation keeps about a core busy: more analyses at once than that only slow each other.
_analysis_places = threading.BoundedSemaphore(int(os.environ.get("RETROCOACH_MAX_ANALYSES", "2")))
_lock = threading.Lock()
_analyses: OrderedDict[str, Analysis] = OrderedDict()
_busy: dict[str, threading.Lock] = {}


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_clip(data: bytes, suffix: str) -> tuple[str, Path]:
    """Save an uploaded clip under its content hash; returns (digest, path)."""
    saved = keep_by_content(data, suffix, cache_dir())
    saved[1].touch()  # recently used: the last to be pruned
    prune(cache_dir(), keep=saved[1])
    return saved


def cache_budget_bytes() -> int:
    return int(float(os.environ.get(CACHE_BUDGET_ENV, DEFAULT_CACHE_MB)) * 1024 * 1024)


def prune(folder: Path, keep: Path, budget_bytes: int | None = None) -> None:
    """Remove the least recently used files until the folder fits its budget (never `keep`)."""
    budget = cache_budget_bytes() if budget_bytes is None else budget_bytes
    files = [(f.stat(), f) for f in folder.iterdir() if f.is_file() and f != keep and not f.name.startswith(".")]
    total = sum(st.st_size for st, _ in files) + (keep.stat().st_size if keep.exists() else 0)
    for st, path in sorted(files, key=lambda item: item[0].st_mtime):
        if total <= budget:
            break
        path.unlink(missing_ok=True)
        total -= st.st_size


def _key_lock(key: str) -> threading.Lock:
    with _lock:
        return _busy.setdefault(key, threading.Lock())


def analysis_for(digest: str, path: Path, progress: Callable[[int, int], None] | None = None,
                 waiting: Callable[[], None] | None = None) -> Analysis:
    """The analysis of a stored clip with default thresholds: pose estimation at most once, and
    at most RETROCOACH_MAX_ANALYSES at a time (`waiting` is told when this one has to queue)."""
    with _key_lock(digest):
        with _lock:
            if digest in _analyses:
                _analyses.move_to_end(digest)
                return _analyses[digest]
        if not _analysis_places.acquire(blocking=False):
            if waiting:
                waiting()
            _analysis_places.acquire()
        try:
            result = analyze(path, Thresholds(), progress=progress)
        finally:
            _analysis_places.release()
        with _lock:
            _analyses[digest] = result
            while len(_analyses) > MAX_ANALYSES:
                _analyses.popitem(last=False)
        return result


def with_settings(analysis: Analysis, thresholds: Thresholds, request: Request = Request()) -> Analysis:
    """The cached analysis re-checked for these thresholds and measures (no pose estimation)."""
    if thresholds == Thresholds() and request == analysis.request:
        return analysis
    return recheck(analysis, thresholds, request)


def thresholds_key(thresholds: Thresholds) -> str:
    text = repr(sorted(dataclasses.asdict(thresholds).items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def annotated_video_for(digest: str, analysis: Analysis) -> Path:
    """The annotated video for this clip and these thresholds (drawn once, then reused)."""
    folder = cache_dir()
    path = folder / f"{digest}-{thresholds_key(analysis.thresholds)}-annotated.mp4"
    with _key_lock(str(path)):
        if not path.exists():
            handle, partial = tempfile.mkstemp(prefix=f".{digest[:16]}-", suffix=".part.mp4", dir=folder)
            os.close(handle)
            try:
                write_annotated_video(analysis, Path(partial))
                os.replace(partial, path)
            finally:
                Path(partial).unlink(missing_ok=True)
            prune(folder, keep=path)
        path.touch()
    return path
