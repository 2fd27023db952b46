"""What one server process keeps for every browser session: the database engine and the job service."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from jobs.pools import open_pool
from jobs.queue import JobQueue
from jobs.service import JobService
from trainer import accounts
from trainer.data_folder import data_dir
from trainer.data_folder import cache_dir, results_dir
from trainer.database import make_engine

log = logging.getLogger("retrocoach")


@st.cache_resource
def engine() -> Engine:
    """One engine per server process, migrated to the latest schema on first use; on a fresh
    install the server's log gets the one-time token for the first trainer account."""
    eng = make_engine()
    if not accounts.has_trainers(eng):
        log.warning("No trainer accounts yet. Setup token for the first one: %s", accounts.setup_token(data_dir()))
    return eng


@st.cache_resource
def _job_service() -> JobService:
    """Started once per server: its workers (local processes, or Ray with RETROCOACH_RAY_ADDRESS) stay warm."""
    return JobService(JobQueue(engine(), cache_dir(), results_dir()), open_pool).start()


def job_queue() -> JobQueue:
    return _job_service().queue
