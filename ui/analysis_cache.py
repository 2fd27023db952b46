"""The pages' clips and their analyses, shared by all browser sessions.

A clip is stored once under its SHA-256 (never under the name the user gave
it) and analysed once, as a job (`jobs/`), by the server's warm workers; a
done job's analysis is re-checked cheaply when thresholds change; annotated
videos come with the job and are drawn again per thresholds when those differ. The same bytes give the same
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
from pathlib import Path

from coaching.analysis import Analysis, recheck, restore
from coaching.annotate import write_annotated_video
from coaching.config import Thresholds
from coaching.measures import Request
from coaching.report import report_from_json
from jobs.queue import JobInfo
from jobs.work import LANDMARKS, REPORT, VIDEO, JobSettings
from trainer.data_folder import cache_dir, keep_by_content
from ui.server import job_queue
from vision.landmarks import read_csv

CACHE_BUDGET_ENV = "RETROCOACH_CACHE_MB"
DEFAULT_CACHE_MB = 2048
MAX_ANALYSES = 16  # kept in memory
PAGE_JOB = JobSettings(video=True)  # the pages' analyses: default settings, with the annotated video
_lock = threading.Lock()
_analyses: OrderedDict[str, Analysis] = OrderedDict()
_busy: dict[str, threading.Lock] = {}


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


def submit(data: bytes, name: str) -> JobInfo:
    """Keep an uploaded clip by its content and queue its analysis (or find the one there is)."""
    digest, path = store_clip(data, Path(name).suffix)
    return job_queue().submit(digest, path.suffix, name, PAGE_JOB)


def job_video(job: JobInfo) -> Path:
    """Where a done job keeps its annotated video."""
    return job_queue().results_folder(job) / VIDEO


def job_analysis(job: JobInfo) -> Analysis:
    """A done job's analysis with default thresholds, read from its results once per server."""
    with _key_lock(job.id):
        with _lock:
            if job.id in _analyses:
                _analyses.move_to_end(job.id)
                return _analyses[job.id]
        queue = job_queue()
        folder = queue.results_folder(job)
        report = report_from_json((folder / REPORT).read_text(encoding="utf-8"))
        clip = queue.clip_path(job)
        result = restore(report, read_csv(folder / LANDMARKS), Thresholds(), clip if clip.exists() else None,
                         job.settings.request)
        with _lock:
            _analyses[job.id] = result
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


def annotated_video_for(digest: str, analysis: Analysis, drawn: Path | None = None) -> Path:
    """The annotated video for this clip and these thresholds: `drawn` (a job's own, made with the
    defaults) when it fits, else drawn once here and reused (in this server process alone: workers
    started from it would have to load the server again)."""
    if drawn is not None and analysis.thresholds == Thresholds() and drawn.exists():
        return drawn
    folder = cache_dir()
    path = folder / f"{digest}-{thresholds_key(analysis.thresholds)}-annotated.mp4"
    with _key_lock(str(path)):
        if not path.exists():
            handle, partial = tempfile.mkstemp(prefix=f".{digest[:16]}-", suffix=".part.mp4", dir=folder)
            os.close(handle)
            try:
                write_annotated_video(analysis, Path(partial), workers=1)
                os.replace(partial, path)
            finally:
                Path(partial).unlink(missing_ok=True)
            prune(folder, keep=path)
        path.touch()
    return path
