"""Analysis jobs in the database: submitted by the pages, claimed by the job service, watched by everyone.

A job is one clip (by content hash) with one set of settings, and there is one
row for each such pair: submitting a clip that is queued, running or done
gives that job back (a done one with its results at once), so the same
request is never analysed twice; a failed or cancelled one is queued again.
Claims are a conditional UPDATE, so two services never take the same job.
Results live in `results/<job id>/` as the work item's files.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from jobs.work import JobSettings, WorkItem, WorkOutcome
from trainer.models import AnalysisJob, now

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)
NAME_CHARS = 255


class JobNotFound(LookupError):
    """No job with that id (a mistyped or expired link)."""


@dataclass(frozen=True)
class JobInfo:
    id: str
    clip_sha256: str
    clip_suffix: str
    clip_name: str
    settings: JobSettings
    status: str
    done_frames: int
    total_frames: int
    reason: str
    cancel_requested: bool
    queued_at: datetime
    started_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def fraction(self) -> float:
        if self.status == DONE:
            return 1.0
        return min(self.done_frames / self.total_frames, 1.0) if self.total_frames else 0.0


def _info(row: AnalysisJob) -> JobInfo:
    return JobInfo(row.id, row.clip_sha256, row.clip_suffix, row.clip_name, JobSettings.from_json(row.settings_json),
                   row.status, row.done_frames, row.total_frames, row.reason, row.cancel_requested, row.queued_at,
                   row.started_at)


class JobQueue:
    """The jobs table, with the folders where clips (by hash) and results (by job) are kept."""

    def __init__(self, engine: Engine, clips: Path, results: Path) -> None:
        self._engine = engine
        self.clips = clips
        self.results = results

    def clip_path(self, job: JobInfo) -> Path:
        return self.clips / f"{job.clip_sha256}{job.clip_suffix}"

    def results_folder(self, job: JobInfo) -> Path:
        return self.results / job.id

    def item(self, job: JobInfo) -> WorkItem:
        return WorkItem(job.id, self.clip_path(job), job.clip_sha256, job.settings, self.results_folder(job),
                        job.clip_name)

    def submit(self, sha256: str, suffix: str, name: str, settings: JobSettings) -> JobInfo:
        """The job for this clip (already kept under its hash in `clips`) and settings: the existing
        one where there is one (queued again if it failed, was cancelled or lost its results), else
        a new one. Every step writes before it reads, so racing submits on SQLite wait for each
        other instead of failing."""
        key = settings.key()
        with DbSession(self._engine) as db:
            db.add(AnalysisJob(id=secrets.token_hex(16), clip_sha256=sha256, clip_suffix=suffix,
                               clip_name=name[:NAME_CHARS], settings_key=key, settings_json=settings.to_json(),
                               status=QUEUED, done_frames=0, total_frames=0, reason="", cancel_requested=False,
                               attempts=0, queued_at=now()))
            try:
                db.commit()
            except IntegrityError:
                db.rollback()  # there is a job for this clip and these settings
        job = self._find(sha256, key)
        if job.status in (FAILED, CANCELLED) or (job.status == DONE and not self._has_results(job.id)):
            with DbSession(self._engine) as db:
                db.execute(update(AnalysisJob).where(AnalysisJob.id == job.id, AnalysisJob.status == job.status)
                           .values(status=QUEUED, reason="", cancel_requested=False, done_frames=0,
                                   queued_at=now(), finished_at=None))
                db.commit()
            job = self._find(sha256, key)
        return job

    def _find(self, sha256: str, key: str) -> JobInfo:
        with DbSession(self._engine) as db:
            return _info(db.scalars(select(AnalysisJob).where(AnalysisJob.clip_sha256 == sha256,
                                                              AnalysisJob.settings_key == key)).one())

    def _has_results(self, job_id: str) -> bool:
        return (self.results / job_id / "done.json").is_file()

    def get(self, job_id: str) -> JobInfo:
        with DbSession(self._engine) as db:
            row = db.get(AnalysisJob, job_id) if isinstance(job_id, str) and len(job_id) <= 32 else None
            if row is None:
                raise JobNotFound(f"no job {job_id!r}")
            return _info(row)

    def position(self, job: JobInfo) -> int:
        """How many queued jobs go before this one (0 once it runs)."""
        if job.status != QUEUED:
            return 0
        with DbSession(self._engine) as db:
            return db.scalar(select(func.count(AnalysisJob.id)).where(
                AnalysisJob.status == QUEUED, AnalysisJob.queued_at < job.queued_at)) or 0

    def claim_next(self) -> WorkItem | None:
        """The oldest queued job, now running; None when the queue is empty. One statement, so
        that SQLite takes its write lock first instead of upgrading a read (which fails under a race)."""
        oldest = (select(AnalysisJob.id).where(AnalysisJob.status == QUEUED)
                  .order_by(AnalysisJob.queued_at, AnalysisJob.id).limit(1).scalar_subquery())
        with DbSession(self._engine) as db:
            claimed = db.execute(update(AnalysisJob).where(AnalysisJob.id == oldest, AnalysisJob.status == QUEUED)
                                 .values(status=RUNNING, started_at=now(), attempts=AnalysisJob.attempts + 1)
                                 .returning(AnalysisJob.id)).scalar()
            db.commit()
        return self.item(self.get(claimed)) if claimed else None

    def set_progress(self, job_id: str, done: int, total: int) -> None:
        with DbSession(self._engine) as db:
            db.execute(update(AnalysisJob).where(AnalysisJob.id == job_id, AnalysisJob.status == RUNNING)
                       .values(done_frames=done, total_frames=total))
            db.commit()

    def finish(self, job_id: str, outcome: WorkOutcome) -> None:
        with DbSession(self._engine) as db:
            row = db.get(AnalysisJob, job_id)
            if row is not None:
                row.status, row.reason, row.finished_at = outcome.status, outcome.reason, now()
                if outcome.status == DONE:
                    row.done_frames = row.total_frames
                db.commit()

    def cancel(self, job_id: str) -> None:
        """A queued job is cancelled at once; a running one is asked to stop (its worker checks often)."""
        with DbSession(self._engine) as db:
            db.execute(update(AnalysisJob).where(AnalysisJob.id == job_id, AnalysisJob.status == QUEUED)
                       .values(status=CANCELLED, reason="cancelled", finished_at=now()))
            db.execute(update(AnalysisJob).where(AnalysisJob.id == job_id, AnalysisJob.status == RUNNING)
                       .values(cancel_requested=True))
            db.commit()

    def cancel_requested(self, job_id: str) -> bool:
        with DbSession(self._engine) as db:
            return bool(db.scalar(select(AnalysisJob.cancel_requested).where(AnalysisJob.id == job_id)))

    def requeue_interrupted(self) -> int:
        """Jobs left running by a service that stopped (a restart, a crash) go back to the queue,
        except those whose cancel was asked for."""
        running = AnalysisJob.status == RUNNING
        with DbSession(self._engine) as db:
            db.execute(update(AnalysisJob).where(running, AnalysisJob.cancel_requested.is_(True))
                       .values(status=CANCELLED, reason="cancelled", finished_at=now()))
            result = db.execute(update(AnalysisJob).where(running).values(status=QUEUED, done_frames=0))
            db.commit()
            return result.rowcount
