"""Database schema (SQLAlchemy 2), the engine, and migrations (Alembic).

SQLite in the data folder by default, with no set-up; any SQLAlchemy URL
through RETROCOACH_DATABASE_URL (PostgreSQL is tested). The schema is created
and upgraded only by the Alembic migrations in `coaching/migrations/`.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint,
                        create_engine, event)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DATA_DIR_ENV = "RETROCOACH_DATA_DIR"
DATABASE_URL_ENV = "RETROCOACH_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
SETTINGS = ("treadmill", "overground", "with partner")


def now() -> datetime:
    return datetime.now(timezone.utc)


def data_dir() -> Path:
    """Where the database (by default) and the videos live: RETROCOACH_DATA_DIR or ./retrocoach_data."""
    path = Path(os.environ.get(DATA_DIR_ENV, "retrocoach_data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / 'retrocoach.db'}"


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


BUSY_TIMEOUT_S = 15.0


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DBAPI types vary)
    """Foreign keys on; write-ahead log so readers never wait for a writer; a writer waits for
    another writer up to BUSY_TIMEOUT_S instead of failing with 'database is locked'. The driver's
    own transaction handling is switched off (it would commit before each CREATE or ALTER) and
    `_sqlite_begin` starts every transaction, so a migration that fails half-way undoes itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection) -> None:  # noqa: ANN001 (SQLAlchemy passes its Connection)
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database), migrated to the latest schema
    (a SQLite file is backed up first when a migration is due)."""
    url = url or database_url()
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        _backup_before_migrating(engine)
    upgrade(engine)
    return engine


def _backup_before_migrating(engine: Engine) -> Path | None:
    """A copy of a SQLite database file beside it, made with SQLite's backup API, when its
    schema is older than this release's (a migration that fails half-way loses nothing)."""
    path = engine.url.database
    if not path or path == ":memory:" or not Path(path).exists():
        return None
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if current is None or current == head:
        return None
    target = Path(f"{path}.before-{head}-{now().strftime('%Y%m%dT%H%M%S')}.bak")
    source, copy = sqlite3.connect(path), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    os.chmod(target, 0o600)
    return target


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
