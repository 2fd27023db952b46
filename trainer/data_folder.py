"""The data folder: where the database (by default), the clips and the results live.

Every file a user's upload becomes is named by its content's SHA-256, in a folder
open to this user only; no name a user typed is ever used as a path.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

from coaching.content import sha256_of_file
from vision.video import VIDEO_SUFFIXES

DATA_DIR_ENV = "RETROCOACH_DATA_DIR"
STALE_PART_S = 3600.0


def data_dir() -> Path:
    """Where the database (by default) and the videos live: RETROCOACH_DATA_DIR or ./retrocoach_data."""
    path = Path(os.environ.get(DATA_DIR_ENV, "retrocoach_data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_by_content(data: bytes, suffix: str, folder: Path) -> tuple[str, Path]:
    """Save `data` in `folder` as <sha256><suffix>, readable by this user only.

    The name comes from the content, never from the user; an unknown suffix becomes .mp4
    (the decoder goes by the content, the suffix only helps a person opening the file).
    Each save writes its own temporary file beside the target and renames it into place,
    so saves racing for the same clip never see each other's half-written bytes, and a
    save killed part-way leaves only a temporary file that the next save of the folder
    removes. A file already under that name is kept only if its content has that hash
    (anything planted or damaged there is replaced).
    """
    sha = hashlib.sha256(data).hexdigest()
    suffix = suffix.lower() if suffix.lower() in VIDEO_SUFFIXES else ".mp4"
    private_folder(folder)
    target = folder / f"{sha}{suffix}"
    if target.is_file() and not target.is_symlink() and sha256_of_file(target) == sha:
        return sha, target
    handle, temporary = tempfile.mkstemp(prefix=f".{sha[:16]}-", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha, target


def private_folder(folder: Path) -> Path:
    """`folder`, made if need be, open to this user only, without temporary files of saves that
    died more than an hour ago."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    cutoff = time.time() - STALE_PART_S
    for leftover in folder.glob(".*.part"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:
            pass  # another save finished or cleaned it meanwhile
    return folder


def videos_dir() -> Path:
    """The trainer workspace's videos, by content hash."""
    return private_folder(data_dir() / "videos")


def cache_dir() -> Path:
    """Clips uploaded to the pages and their annotated copies (pruned by the pages to a size budget)."""
    return private_folder(data_dir() / "cache")


def results_dir() -> Path:
    """Finished analysis jobs' files, a folder per job (`jobs/queue.py`)."""
    return private_folder(data_dir() / "results")


def forget_clip(sha: str, folder: Path) -> None:
    """Every file in `folder` made from the clip with this hash (the clip, its annotated copies)."""
    for path in folder.glob(f"{sha}*"):
        path.unlink(missing_ok=True)
