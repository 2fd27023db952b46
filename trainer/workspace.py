"""A trainer's workspace: clients, sessions, comments and finding reviews.

Every read and write goes through a `Workspace` bound to one signed-in trainer
and is filtered by that trainer in the query itself, so another trainer's
client or session is indistinguishable from one that does not exist
(`NotFound`), whichever page or function asks. Videos are kept in the data
folder under their SHA-256; no name a user typed is ever used as a path.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as DbSession

from coaching.analysis import Analysis, restore
from coaching.config import ConfigError, Thresholds, load_thresholds
from coaching.findings import Finding
from coaching.measures import Request
from coaching.report import Report, json_text, report_from_json
from trainer.data_folder import cache_dir, forget_clip, keep_by_content, results_dir, videos_dir
from trainer.models import SETTINGS, AnalysisJob, Client, Comment, FindingReview, PendingSession, WalkSession
from vision.landmarks import csv_text, parse_csv

VERDICTS = ("confirmed", "dismissed")


class NotFound(LookupError):
    """No such client or session for this trainer."""


class StoreError(ValueError):
    """A change the workspace refuses; the message is for the user."""


@dataclass(frozen=True)
class ClientInfo:
    id: int
    name: str
    goal: str
    plan_minutes_per_session: float
    plan_sessions_per_week: int
    thresholds: dict[str, float]
    archived: bool
    session_count: int
    height_cm: float | None = None


@dataclass(frozen=True)
class WalkSessionInfo:
    id: int
    client_id: int
    recorded_on: date
    setting: str
    notes: str
    source_kind: str
    has_video: bool
    report: Report  # as stored (`session_analysis` re-checks it with the client's current thresholds)
    created_at: datetime


@dataclass(frozen=True)
class PendingInfo:
    """A session waiting for the analysis of its clip."""

    id: int
    client_id: int
    job_id: str
    clip_name: str
    recorded_on: date
    setting: str
    notes: str
    timed_test: bool


@dataclass(frozen=True)
class CommentInfo:
    id: int
    session_id: int
    time_s: float
    text: str
    created_at: datetime


def finding_key(finding: Finding) -> str:
    """Stable name of a finding within its session (rule and start time)."""
    return f"{finding.rule}@{finding.start_s:.2f}"


class Workspace:
    def __init__(self, engine: Engine, trainer_id: int, videos: Path | None = None,
                 cache: Path | None = None, results: Path | None = None) -> None:
        self._engine = engine
        self.trainer_id = trainer_id
        self._cache = cache
        self._results = results
        self._videos = videos or videos_dir()

    # -- ownership -------------------------------------------------------------------------------------------

    def _client(self, db: DbSession, client_id: int) -> Client:
        client = db.scalars(select(Client).where(Client.id == client_id,
                                                 Client.trainer_id == self.trainer_id)).first()
        if client is None:
            raise NotFound(f"no client {client_id}")
        return client

    def _walk_session_row(self, db: DbSession, session_id: int) -> WalkSession:
        row = db.scalars(select(WalkSession).join(Client).where(WalkSession.id == session_id,
                                                               Client.trainer_id == self.trainer_id)).first()
        if row is None:
            raise NotFound(f"no session {session_id}")
        return row

    # -- clients ---------------------------------------------------------------------------------------------

    @staticmethod
    def _client_info(client: Client, sessions: int) -> ClientInfo:
        return ClientInfo(client.id, client.name, client.goal, client.plan_minutes_per_session,
                          client.plan_sessions_per_week, json.loads(client.thresholds_json), client.archived,
                          sessions, client.height_cm)

    def list_clients(self, include_archived: bool = False) -> list[ClientInfo]:
        with DbSession(self._engine) as db:
            query = (select(Client, func.count(WalkSession.id)).outerjoin(WalkSession)
                     .where(Client.trainer_id == self.trainer_id).group_by(Client.id).order_by(Client.name))
            if not include_archived:
                query = query.where(Client.archived.is_(False))
            return [self._client_info(c, n) for c, n in db.execute(query).all()]

    def get_client(self, client_id: int) -> ClientInfo:
        with DbSession(self._engine) as db:
            client = self._client(db, client_id)
            return self._client_info(client, len(client.sessions))

    def add_client(self, name: str, goal: str = "", plan_minutes_per_session: float = 5.0,
                   plan_sessions_per_week: int = 3, height_cm: float | None = None) -> int:
        name, goal = _checked_client(name, goal, plan_minutes_per_session, plan_sessions_per_week, height_cm)
        with DbSession(self._engine) as db:
            client = Client(trainer_id=self.trainer_id, name=name, goal=goal,
                            plan_minutes_per_session=plan_minutes_per_session,
                            plan_sessions_per_week=plan_sessions_per_week, thresholds_json="{}", archived=False,
                            height_cm=height_cm)
            db.add(client)
            db.commit()
            return client.id

    def update_client(self, client_id: int, name: str, goal: str, plan_minutes_per_session: float,
                      plan_sessions_per_week: int, height_cm: float | None = None) -> None:
        name, goal = _checked_client(name, goal, plan_minutes_per_session, plan_sessions_per_week, height_cm)
        with DbSession(self._engine) as db:
            client = self._client(db, client_id)
            client.name, client.goal, client.height_cm = name, goal, height_cm
            client.plan_minutes_per_session = plan_minutes_per_session
            client.plan_sessions_per_week = plan_sessions_per_week
            db.commit()

    def set_archived(self, client_id: int, archived: bool) -> None:
        with DbSession(self._engine) as db:
            self._client(db, client_id).archived = archived
            db.commit()

    def delete_client(self, client_id: int) -> None:
        """The client, their sessions, notes and reviews, and videos no other session uses."""
        with DbSession(self._engine) as db:
            client = self._client(db, client_id)
            hashes = {(s.video_sha256, s.video_suffix) for s in client.sessions if s.video_sha256}
            hashes |= {(sha, suffix) for sha, suffix in db.execute(
                select(AnalysisJob.clip_sha256, AnalysisJob.clip_suffix).join(PendingSession)
                .where(PendingSession.client_id == client_id))}
            db.delete(client)
            db.commit()
            self._drop_unused_videos(db, hashes)

    def client_thresholds(self, client_id: int) -> Thresholds:
        return load_thresholds(overrides=self.get_client(client_id).thresholds)

    def set_client_thresholds(self, client_id: int, overrides: dict[str, float]) -> None:
        """Per-client threshold overrides (only the values that differ from the defaults)."""
        try:
            load_thresholds(overrides=overrides)
        except ConfigError as exc:
            raise StoreError(str(exc)) from None
        defaults = Thresholds()
        changed = {k: v for k, v in overrides.items() if getattr(defaults, k) != v}
        with DbSession(self._engine) as db:
            self._client(db, client_id).thresholds_json = json.dumps(changed, sort_keys=True)
            db.commit()

    # -- sessions --------------------------------------------------------------------------------------------

    def add_session(self, client_id: int, analysis: Analysis, recorded_on: date, setting: str, notes: str = "",
                    video: Path | None = None) -> int:
        """Store an analysed clip (or live session) for a client; the video is copied in by content hash."""
        with DbSession(self._engine) as db:
            session_id = self._insert_session(db, client_id, analysis, recorded_on, setting, notes, video)
            db.commit()
            return session_id

    def _insert_session(self, db: DbSession, client_id: int, analysis: Analysis, recorded_on: date, setting: str,
                        notes: str, video: Path | None) -> int:
        if setting not in SETTINGS:
            raise StoreError(f"setting must be one of: {', '.join(SETTINGS)}")
        self._client(db, client_id)
        sha, suffix = (None, None)
        if video is not None:
            sha, kept = keep_by_content(Path(video).read_bytes(), Path(video).suffix, self._videos)
            suffix = kept.suffix
        row = WalkSession(client_id=client_id, recorded_on=recorded_on, setting=setting,
                          notes=clean_text(notes, "notes"), source_kind=analysis.report.source.kind,
                          video_sha256=sha, video_suffix=suffix,
                          report_json=json_text(analysis.report), landmarks_csv=csv_text(analysis.motion.source_track))
        db.add(row)
        db.flush()
        return row.id

    def _drop_unused_videos(self, db: DbSession, hashes: set[tuple[str, str]]) -> None:
        for sha, suffix in hashes:
            still_used = db.scalar(select(func.count(WalkSession.id)).where(WalkSession.video_sha256 == sha))
            if not still_used:
                # Every copy goes: the workspace's, the pages' upload and annotated copies, and the
                # analysis jobs made from it with their results.
                for folder in (self._videos, self._cache or cache_dir()):
                    forget_clip(sha, folder)
                jobs = db.scalars(select(AnalysisJob).where(AnalysisJob.clip_sha256 == sha)).all()
                for job in jobs:
                    shutil.rmtree((self._results or results_dir()) / job.id, ignore_errors=True)
                    db.delete(job)
                db.commit()

    @staticmethod
    def _walk_session_info(row: WalkSession) -> WalkSessionInfo:
        return WalkSessionInfo(row.id, row.client_id, row.recorded_on, row.setting, row.notes, row.source_kind,
                               row.video_sha256 is not None, report_from_json(row.report_json), row.created_at)

    def list_sessions(self, client_id: int) -> list[WalkSessionInfo]:
        with DbSession(self._engine) as db:
            client = self._client(db, client_id)
            rows = sorted(client.sessions, key=lambda s: (s.recorded_on, s.id))
            return [self._walk_session_info(r) for r in rows]

    def get_session(self, session_id: int) -> WalkSessionInfo:
        with DbSession(self._engine) as db:
            return self._walk_session_info(self._walk_session_row(db, session_id))

    def session_video(self, session_id: int) -> Path | None:
        with DbSession(self._engine) as db:
            row = self._walk_session_row(db, session_id)
            if row.video_sha256 is None:
                return None
            path = self._videos / f"{row.video_sha256}{row.video_suffix}"
            return path if path.exists() else None

    def session_analysis(self, session_id: int, request: Request | None = None) -> Analysis:
        """The stored session re-checked with the client's current thresholds and height (no pose
        estimation); the test, with the frames the trainer set, as stored (or as `request` asks)."""
        with DbSession(self._engine) as db:
            row = self._walk_session_row(db, session_id)
            report = report_from_json(row.report_json)
            landmarks, client_id = row.landmarks_csv, row.client_id
        client = self.get_client(client_id)
        thresholds = load_thresholds(overrides=client.thresholds)
        test = report.test
        request = request or Request(client.height_cm or report.height_cm, test.name if test else None,
                                     (test.start_frame, test.end_frame) if test else None)
        return restore(report, parse_csv(landmarks), thresholds, self.session_video(session_id), request)

    def set_session_request(self, session_id: int, request: Request) -> Analysis:
        """Keep a session's measures as asked (a test timed, its frames set by the trainer)."""
        analysis = self.session_analysis(session_id, request)
        with DbSession(self._engine) as db:
            self._walk_session_row(db, session_id).report_json = json_text(analysis.report)
            db.commit()
        return analysis

    def update_session(self, session_id: int, recorded_on: date, setting: str, notes: str) -> None:
        if setting not in SETTINGS:
            raise StoreError(f"setting must be one of: {', '.join(SETTINGS)}")
        with DbSession(self._engine) as db:
            row = self._walk_session_row(db, session_id)
            row.recorded_on, row.setting, row.notes = recorded_on, setting, clean_text(notes, "notes")
            db.commit()

    def delete_session(self, session_id: int) -> None:
        with DbSession(self._engine) as db:
            row = self._walk_session_row(db, session_id)
            hashes = {(row.video_sha256, row.video_suffix)} if row.video_sha256 else set()
            db.delete(row)
            db.commit()
            self._drop_unused_videos(db, hashes)

    # -- sessions whose clip is still being analysed ---------------------------------------------------------

    def add_pending_session(self, client_id: int, job_id: str, recorded_on: date, setting: str, notes: str = "",
                            timed_test: bool = False) -> int:
        """A session to be saved once the analysis job of its clip is done (`complete_pending`)."""
        if setting not in SETTINGS:
            raise StoreError(f"setting must be one of: {', '.join(SETTINGS)}")
        with DbSession(self._engine) as db:
            self._client(db, client_id)
            row = PendingSession(client_id=client_id, job_id=job_id, recorded_on=recorded_on, setting=setting,
                                 notes=clean_text(notes, "notes"), timed_test=timed_test)
            db.add(row)
            db.commit()
            return row.id

    def pending_sessions(self, client_id: int) -> list[PendingInfo]:
        with DbSession(self._engine) as db:
            self._client(db, client_id)
            rows = db.execute(select(PendingSession, AnalysisJob.clip_name).join(AnalysisJob)
                              .where(PendingSession.client_id == client_id).order_by(PendingSession.id)).all()
            return [PendingInfo(p.id, p.client_id, p.job_id, name, p.recorded_on, p.setting, p.notes, p.timed_test)
                    for p, name in rows]

    def complete_pending(self, pending_id: int, analysis: Analysis, video: Path | None) -> int | None:
        """The pending session saved with its analysis; None when it is gone (another tab saved it)."""
        try:
            pending = self._pending(pending_id)
        except NotFound:
            return None
        with DbSession(self._engine) as db:
            gone = db.execute(delete(PendingSession).where(PendingSession.id == pending_id))
            if gone.rowcount != 1:
                return None
            session_id = self._insert_session(db, pending.client_id, analysis, pending.recorded_on, pending.setting,
                                              pending.notes, video)
            db.commit()
            return session_id

    def drop_pending(self, pending_id: int) -> None:
        pending = self._pending(pending_id)
        with DbSession(self._engine) as db:
            db.execute(delete(PendingSession).where(PendingSession.id == pending.id))
            db.commit()

    def _pending(self, pending_id: int) -> PendingInfo:
        with DbSession(self._engine) as db:
            row = db.scalars(select(PendingSession).join(Client).where(PendingSession.id == pending_id,
                                                                      Client.trainer_id == self.trainer_id)).first()
            if row is None:
                raise NotFound(f"no pending session {pending_id}")
            return PendingInfo(row.id, row.client_id, row.job_id, "", row.recorded_on, row.setting, row.notes,
                               row.timed_test)

    # -- comments and reviews --------------------------------------------------------------------------------

    def add_comment(self, session_id: int, time_s: float, text: str) -> int:
        text = clean_text(text, "note")
        if not text:
            raise StoreError("a note needs some text")
        with DbSession(self._engine) as db:
            self._walk_session_row(db, session_id)
            comment = Comment(session_id=session_id, time_s=max(0.0, float(time_s)), text=text)
            db.add(comment)
            db.commit()
            return comment.id

    def comments(self, session_id: int) -> list[CommentInfo]:
        with DbSession(self._engine) as db:
            row = self._walk_session_row(db, session_id)
            return [CommentInfo(c.id, c.session_id, c.time_s, c.text, c.created_at) for c in row.comments]

    def delete_comment(self, comment_id: int) -> None:
        with DbSession(self._engine) as db:
            comment = db.get(Comment, comment_id)
            if comment is None:
                raise NotFound(f"no note {comment_id}")
            self._walk_session_row(db, comment.session_id)
            db.delete(comment)
            db.commit()

    def review_finding(self, session_id: int, key: str, verdict: str) -> None:
        """Confirm or dismiss a finding; a later verdict replaces an earlier one, nothing is deleted."""
        if verdict not in VERDICTS:
            raise StoreError(f"verdict must be one of: {', '.join(VERDICTS)}")
        with DbSession(self._engine) as db:
            self._walk_session_row(db, session_id)
            review = db.scalars(select(FindingReview).where(FindingReview.session_id == session_id,
                                                            FindingReview.finding_key == key)).first()
            if review is None:
                db.add(FindingReview(session_id=session_id, finding_key=key, verdict=verdict))
            else:
                review.verdict = verdict
            db.commit()

    def reviews(self, session_id: int) -> dict[str, str]:
        with DbSession(self._engine) as db:
            return {r.finding_key: r.verdict for r in self._walk_session_row(db, session_id).reviews}

    def dismissed_findings(self, client_id: int) -> list[tuple[int, str]]:
        """(session id, finding key) of every dismissed finding of a client: where thresholds need tuning."""
        with DbSession(self._engine) as db:
            client = self._client(db, client_id)
            return [(s.id, r.finding_key) for s in client.sessions for r in s.reviews if r.verdict == "dismissed"]


MAX_CHARS = {"name": 120, "goal": 2000, "notes": 5000, "note": 2000}


def clean_text(value: str, field: str) -> str:
    """User text stripped and checked against its column's length, the same on every database."""
    value = value.strip()
    if len(value) > MAX_CHARS[field]:
        raise StoreError(f"the {field} is {len(value)} characters long; at most {MAX_CHARS[field]} fit")
    if "\x00" in value:
        raise StoreError(f"the {field} holds a NUL character")
    return value


def _checked_client(name: str, goal: str, minutes: float, per_week: int, height_cm: float | None) -> tuple[str, str]:
    """The client's name and goal cleaned, once every field has been checked."""
    name, goal = clean_text(name, "name"), clean_text(goal, "goal")
    if not name:
        raise StoreError("a client needs a name")
    _check_plan(minutes, per_week)
    _check_height(height_cm)
    return name, goal


def _check_height(height_cm: float | None) -> None:
    if height_cm is not None and not (50.0 <= height_cm <= 250.0):
        raise StoreError("a height must be between 50 and 250 cm")


def _check_plan(minutes: float, per_week: int) -> None:
    if not 0 < minutes <= 180:
        raise StoreError("minutes backwards per session must be between 0 and 180")
    if not 0 < per_week <= 14:
        raise StoreError("sessions per week must be between 1 and 14")
