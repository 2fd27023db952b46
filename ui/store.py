"""Analyses cached by the content of the clip, shared by all browser sessions.

A clip is stored once under its SHA-256 (never under the name the user gave
it), analysed once, and re-checked cheaply when thresholds change; annotated
videos are cached per clip and thresholds. The same bytes give the same
result, so sharing between sessions reveals nothing a session did not upload.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from coaching.analysis import Analysis, analyze, recheck
from coaching.annotate import write_annotated_video
from coaching.config import Thresholds
from coaching.measures import Request
from coaching.store import keep_by_content

CACHE_DIR = Path(tempfile.gettempdir()) / "retrocoach-cache"
MAX_ANALYSES = 16
_lock = threading.Lock()
_analyses: OrderedDict[str, Analysis] = OrderedDict()
_busy: dict[str, threading.Lock] = {}


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_clip(data: bytes, suffix: str) -> tuple[str, Path]:
    """Save an uploaded clip under its content hash; returns (digest, path)."""
    return keep_by_content(data, suffix, CACHE_DIR)


def _key_lock(key: str) -> threading.Lock:
    with _lock:
        return _busy.setdefault(key, threading.Lock())


def analysis_for(digest: str, path: Path, progress: Callable[[int, int], None] | None = None) -> Analysis:
    """The analysis of a stored clip with default thresholds: pose estimation at most once."""
    with _key_lock(digest):
        with _lock:
            if digest in _analyses:
                _analyses.move_to_end(digest)
                return _analyses[digest]
        result = analyze(path, Thresholds(), progress=progress)
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
    path = CACHE_DIR / f"{digest}-{thresholds_key(analysis.thresholds)}-annotated.mp4"
    with _key_lock(str(path)):
        if not path.exists():
            partial = path.with_name(path.stem + ".part.mp4")
            write_annotated_video(analysis, partial)
            partial.replace(path)
    return path
