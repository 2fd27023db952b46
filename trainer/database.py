"""The engine and the migrations (Alembic) of the trainer database.

SQLite in the data folder by default, with no set-up; any SQLAlchemy URL
through RETROCOACH_DATABASE_URL (PostgreSQL is tested). The schema is created
and upgraded only by the Alembic migrations in `trainer/migrations/`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from trainer.data_folder import data_dir
from trainer.models import now

DATABASE_URL_ENV = "RETROCOACH_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url() -> str:
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / 'retrocoach.db'}"


BUSY_TIMEOUT_S = 15.0


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DBAPI types vary)
    """Foreign keys on; write-ahead log; a transaction waits for a writer up to BUSY_TIMEOUT_S
    instead of failing with 'database is locked'. The driver's own transaction handling is switched
    off (it would commit before each CREATE or ALTER) and `_sqlite_begin` starts every transaction,
    so a migration that fails half-way undoes itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection) -> None:  # noqa: ANN001 (SQLAlchemy passes its Connection)
    """Every transaction takes the write lock when it starts. A plain BEGIN reads first, and its
    first write then fails at once, without the busy wait, whenever another connection (a job
    worker's progress) has written since: a session saved while clips are analysed was refused."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


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
