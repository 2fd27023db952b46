"""Shared fixtures: sample clips, analyses run once per session, and derived clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ray_local  # noqa: F401 - before anything imports ray: its clusters stay on loopback
from tests.helpers.postgres import pg_bin, postgres_url
from tests.helpers.resources import SAMPLES, require


@pytest.fixture(scope="session")
def retro_clip() -> Path:
    return SAMPLES / "retro_walk_side.mp4"


@pytest.fixture(scope="session")
def forward_clip() -> Path:
    return SAMPLES / "forward_walk_side.mp4"


@pytest.fixture(scope="session")
def retro_analysis(retro_clip: Path):
    from coaching.analysis import analyze

    return analyze(retro_clip)


@pytest.fixture(scope="session")
def forward_analysis(forward_clip: Path):
    from coaching.analysis import analyze

    return analyze(forward_clip)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'retrocoach.db'}"
        return
    require(pg_bin() is not None, "PostgreSQL is not installed (apt-get install postgresql)")
    with postgres_url() as url:
        yield url


@pytest.fixture()
def engine(database_url):
    from trainer.database import make_engine

    engine = make_engine(database_url)
    yield engine
    with engine.begin() as connection:
        for table in ("pending_sessions", "analysis_jobs", "finding_reviews", "comments", "sessions", "clients",
                      "trainers"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    engine.dispose()
