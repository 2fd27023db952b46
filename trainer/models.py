"""The database tables (SQLAlchemy 2 declarative models).

The schema is created and upgraded only by the Alembic migrations in
`trainer/migrations/`, which compare against these models.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SETTINGS = ("treadmill", "overground", "with partner")


def now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Trainer(Base):
    __tablename__ = "trainers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Client(Base):
    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    goal: Mapped[str] = mapped_column(Text, default="")
    plan_minutes_per_session: Mapped[float] = mapped_column(Float, default=5.0)
    plan_sessions_per_week: Mapped[int] = mapped_column(Integer, default=3)
    thresholds_json: Mapped[str] = mapped_column(Text, default="{}")
    height_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    sessions: Mapped[list[WalkSession]] = relationship(back_populates="client", cascade="all, delete-orphan",
                                                       passive_deletes=True)


class WalkSession(Base):
    """One practice session: its clip (by content hash) and its analysis, stored once."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[date] = mapped_column(Date)
    setting: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    source_kind: Mapped[str] = mapped_column(String(20))  # video, live, landmarks
    video_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    video_suffix: Mapped[str | None] = mapped_column(String(8), nullable=True)
    report_json: Mapped[str] = mapped_column(Text)
    landmarks_csv: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    client: Mapped[Client] = relationship(back_populates="sessions")
    comments: Mapped[list[Comment]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                   order_by="Comment.time_s")
    reviews: Mapped[list[FindingReview]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Comment(Base):
    """A trainer's note pinned to a moment of the session's video."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    time_s: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FindingReview(Base):
    """A trainer's verdict on one finding; dismissed ones are kept to show where thresholds need tuning."""

    __tablename__ = "finding_reviews"
    __table_args__ = (UniqueConstraint("session_id", "finding_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    finding_key: Mapped[str] = mapped_column(String(80))
    verdict: Mapped[str] = mapped_column(String(12))  # confirmed, dismissed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class AnalysisJob(Base):
    """One analysis (a clip by content hash, with its settings) and how far it has got; one row per
    clip and settings, so the same request is never analysed twice (`jobs/queue.py`)."""

    __tablename__ = "analysis_jobs"
    __table_args__ = (UniqueConstraint("clip_sha256", "settings_key"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random: a job's URL is not guessable
    clip_sha256: Mapped[str] = mapped_column(String(64))
    clip_suffix: Mapped[str] = mapped_column(String(8))
    clip_name: Mapped[str] = mapped_column(String(255))
    settings_key: Mapped[str] = mapped_column(String(16))
    settings_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)  # queued, running, done, failed, cancelled
    done_frames: Mapped[int] = mapped_column(Integer, default=0)
    total_frames: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PendingSession(Base):
    """A session a trainer added from a clip that is still being analysed: saved as a `WalkSession`
    once its job is done."""

    __tablename__ = "pending_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("analysis_jobs.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[date] = mapped_column(Date)
    setting: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    timed_test: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
