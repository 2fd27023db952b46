"""One analysis as a unit of work: a clip and its settings in, the result files out as bytes.

The same function runs in a local worker process and in a Ray actor on another
machine, so it reads nothing but the clip it is handed and returns its files
rather than writing them where the caller keeps results.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from coaching.config import Thresholds
from coaching.measures import Request

REPORT, FRAMES, LANDMARKS, VIDEO, DONE = "report.json", "frames.csv", "landmarks.csv", "annotated.mp4", "done.json"
PROGRESS_EVERY_S = 0.25
JOB_NICENESS = 5
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The job was cancelled while it ran."""


@dataclass(frozen=True)
class JobSettings:
    """Everything a result depends on besides the clip."""

    thresholds: Thresholds = Thresholds()
    request: Request = Request()
    model: str = "full"
    video: bool = False

    def to_json(self) -> str:
        return json.dumps({"thresholds": asdict(self.thresholds), "request": asdict(self.request),
                           "model": self.model, "video": self.video}, sort_keys=True, default=str)

    @classmethod
    def from_json(cls, text: str) -> JobSettings:
        data = json.loads(text)
        request = dict(data["request"])
        if request.get("test_frames") is not None:
            request["test_frames"] = tuple(request["test_frames"])
        return cls(Thresholds(**data["thresholds"]), Request(**request), data["model"], data["video"])

    def key(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class WorkItem:
    job_id: str
    clip: Path  # where the caller keeps the clip
    sha256: str
    settings: JobSettings
    folder: Path  # where the caller keeps the results
    label: str  # the clip as the report names it

    def is_done(self) -> bool:
        """Results for this clip and these settings are in the folder already."""
        try:
            done = json.loads((self.folder / DONE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return done.get("sha256") == self.sha256 and done.get("settings") == self.settings.key()


@dataclass(frozen=True)
class WorkOutcome:
    job_id: str
    status: str  # done, failed, cancelled
    reason: str = ""
    files: tuple[tuple[str, bytes], ...] = ()  # name, content: what `write_results` puts in the folder


def warm_up(pose_workers: int = 1) -> None:
    """Load the analysis code and MediaPipe once per worker, so a job starts on a warm worker: here
    and in the `pose_workers` - 1 processes beside it that its analyses use (`vision/pose_workers.py`;
    started first, so they can be forked); lower the worker's priority."""
    import os

    import coaching.analysis  # noqa: F401 - imported for its side effect: the code is loaded
    import coaching.annotate  # noqa: F401
    from vision.pose_workers import POSE_WORKERS_ENV, PoseWorkers, die_with_parent
    from vision.spans import warm_up as warm_pose

    die_with_parent()
    # A job is background work: a live session in the server process goes first for the cores
    # (the pose workers started below inherit this).
    os.nice(JOB_NICENESS)
    os.environ[POSE_WORKERS_ENV] = str(pose_workers)
    PoseWorkers(pose_workers)
    warm_pose()


def throttled(progress: Progress, cancelled: Callable[[], bool]) -> Progress:
    """A progress callback that passes on at most four updates a second and stops a cancelled job."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or done >= total:
            last[0] = now
            if cancelled():
                raise Cancelled
            progress(done, total)

    return report


def analyse_item(item: WorkItem, clip: Path, progress: Progress, cancelled: Callable[[], bool]) -> WorkOutcome:
    """Analyse `clip` (the item's clip, wherever this worker has it); a bad clip is a failure with
    the reason a user can act on, never an exception."""
    from coaching.analysis import INPUT_ERRORS, analyze
    from coaching.frames_csv import frames_csv_text
    from coaching.report import json_text
    from vision.landmarks import write_csv

    report_progress = throttled(progress, cancelled)
    settings = item.settings
    try:
        analysis = analyze(clip, settings.thresholds, settings.model, report_progress, settings.request)
        report = analysis.report
        analysis = dataclasses.replace(analysis, report=dataclasses.replace(
            report, source=dataclasses.replace(report.source, path=item.label)))
        with tempfile.TemporaryDirectory(prefix="retrocoach-job-") as tmp:
            landmarks = Path(tmp) / LANDMARKS
            write_csv(analysis.motion.source_track, landmarks)
            files = [(REPORT, json_text(analysis.report).encode()),
                     (FRAMES, frames_csv_text(analysis.report, analysis.motion).encode()),
                     (LANDMARKS, landmarks.read_bytes())]
            if settings.video and analysis.video is not None:
                from coaching.annotate import write_annotated_video

                video = Path(tmp) / VIDEO
                write_annotated_video(analysis, video)
                files.append((VIDEO, video.read_bytes()))
    except Cancelled:
        return WorkOutcome(item.job_id, "cancelled", "cancelled")
    except INPUT_ERRORS as exc:  # named by the clip as the caller knows it, not this worker's copy
        return WorkOutcome(item.job_id, "failed", str(exc).replace(clip.name, Path(item.label).name))
    except OSError as exc:
        return WorkOutcome(item.job_id, "failed", f"{exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one clip's failure must not stop the others
        return WorkOutcome(item.job_id, "failed", f"the analysis failed ({type(exc).__name__})")
    files.append((DONE, json.dumps({"sha256": item.sha256, "settings": settings.key()}).encode()))
    return WorkOutcome(item.job_id, "done", "", tuple(files))


def write_results(outcome: WorkOutcome, folder: Path) -> None:
    """The outcome's files in `folder`, all or none: written beside it, then moved in place,
    `done.json` last so that a folder with it is complete."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    for name, content in outcome.files:
        (staging / name).write_bytes(content)
    folder.mkdir(exist_ok=True)
    (folder / DONE).unlink(missing_ok=True)
    for name, _ in sorted(outcome.files, key=lambda f: f[0] == DONE):
        (staging / name).replace(folder / name)
    staging.rmdir()
