"""A client's sessions: adding them (uploads, the analysed clip, or the last live session), those still
being analysed, and the list."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coaching import walk_test
from coaching.analysis import recheck
from coaching.config import Thresholds
from coaching.measures import Request
from coaching.verdict import verdict_of
from jobs.queue import CANCELLED, DONE, FAILED
from trainer.models import SETTINGS
from trainer.workspace import StoreError, Workspace
from ui import analysis_cache
from ui.job_status import status_text
from ui.server import job_queue
from ui.text import plain
from vision.video import VIDEO_SUFFIXES

UPLOAD, ANALYSED, LIVE = "Upload a clip", "The clip on 'Analyze a clip'", "The last live session"


def _session_request(ws: Workspace, client_id: int, timed: bool) -> Request:
    return Request(ws.get_client(client_id).height_cm, walk_test.NAME if timed else None)


def _queue_uploads(ws: Workspace, client_id: int, uploads: list, recorded_on: date, setting: str, notes: str,
                   timed: bool) -> bool:
    """Each clip becomes an analysis job and a session that is saved when its job is done."""
    if not uploads:
        st.error("Choose one or more videos to upload first.")
        return False
    for uploaded in uploads:
        job = analysis_cache.submit(uploaded.getvalue(), uploaded.name)
        ws.add_pending_session(client_id, job.id, recorded_on, setting, notes, timed)
    return True


def _save_picked(ws: Workspace, client_id: int, choice: str, recorded_on: date, setting: str, notes: str,
                 timed: bool) -> bool:
    """The clip of 'Analyze a clip' (a pending session while its job runs) or the last live
    session, saved and picked; False with the reason shown when there is none."""
    if choice == ANALYSED:
        job_id = st.session_state.get("job_id")
        if not job_id:
            st.error("No clip has been analysed on the 'Analyze a clip' page in this browser session.")
            return False
        job = job_queue().get(job_id)
        if job.status != DONE:
            ws.add_pending_session(client_id, job.id, recorded_on, setting, notes, timed)
            return True
        analysis, video = analysis_cache.job_analysis(job), job_queue().clip_path(job)
    else:
        holder = st.session_state.get("live_holder")
        analysis, video = (holder.session_report() if holder is not None else None), None
        if analysis is None:
            st.error("No live session has been recorded in this browser session.")
            return False
    analysis = recheck(analysis, analysis.thresholds, _session_request(ws, client_id, timed))
    st.session_state[_pick_key(client_id)] = ws.add_session(client_id, analysis, recorded_on, setting, notes, video)
    return True


def add_session(ws: Workspace, client_id: int, first: bool) -> None:
    # A fresh set of widgets after each save, so the form comes back empty.
    nonce = st.session_state.setdefault("trainer_add_nonce", 0)
    with st.expander("Add a session", expanded=first):
        choice = st.radio("Session from", (UPLOAD, ANALYSED, LIVE), horizontal=True, key="trainer_add_from")
        uploads = []
        if choice == UPLOAD:
            uploads = st.file_uploader("Videos of the session (several at once: each becomes a session)",
                                       type=[s.lstrip(".") for s in VIDEO_SUFFIXES], accept_multiple_files=True,
                                       key=f"trainer_upload_{nonce}")
        columns = st.columns(2)
        recorded_on = columns[0].date_input("Date", value=date.today(), key="trainer_add_date")
        setting = columns[1].selectbox("Setting", SETTINGS, key="trainer_add_setting")
        notes = st.text_area("Notes", key=f"trainer_add_notes_{nonce}", placeholder="How it went, what to practise next")
        timed = st.checkbox("The clip is a 3-metre backward walk test (standing start, 3 m backwards, stop)",
                            key=f"trainer_add_test_{nonce}")
        if st.button("Save session", type="primary", key="trainer_add_save"):
            try:
                if choice == UPLOAD:
                    saved = _queue_uploads(ws, client_id, uploads, recorded_on, setting, notes, timed)
                else:
                    saved = _save_picked(ws, client_id, choice, recorded_on, setting, notes, timed)
                if saved:
                    st.session_state["trainer_add_nonce"] = nonce + 1
                    st.rerun()
            except StoreError as exc:
                st.error(str(exc))


@st.fragment(run_every=2.0)
def pending_sessions(ws: Workspace, client_id: int) -> None:
    """Clips still being analysed for this client, each saved as a session the moment its job is done."""
    pending = ws.pending_sessions(client_id)
    if not pending:
        return
    queue = job_queue()
    saved = False
    st.markdown(f"**Being analysed ({len(pending)})** — keep working; each becomes a session when it is done.")
    for item in pending:
        job = queue.get(item.job_id)
        label = f"{plain(item.clip_name)} · {item.recorded_on} · {item.setting}"
        if job.status == DONE:
            try:
                analysis = recheck(analysis_cache.job_analysis(job), Thresholds(), _session_request(ws, client_id,
                                                                                             item.timed_test))
                saved = ws.complete_pending(item.id, analysis, queue.clip_path(job)) is not None or saved
            except StoreError as exc:
                st.error(f"{label}: {exc}")
            continue
        row = st.columns([5, 1])
        if job.status in (FAILED, CANCELLED):
            row[0].error(f"{label}: {'cancelled' if job.status == CANCELLED else job.reason}")
            if row[1].button("Remove", key=f"pending_remove_{item.id}"):
                ws.drop_pending(item.id)
                st.rerun()
        else:
            row[0].progress(job.fraction, text=f"{label} — {status_text(queue, job)}")
            if row[1].button("Cancel", key=f"pending_cancel_{item.id}"):
                queue.cancel(job.id)
                st.rerun()
    if saved:
        st.rerun()


def session_list(ws: Workspace, client_id: int) -> int | None:
    """The sessions as a pick list, newest first; returns the one picked (remembered across reruns)."""
    sessions = ws.list_sessions(client_id)
    if not sessions:
        st.info("No sessions yet: add the first one above.")
        return None
    labels = {s.id: f"{s.recorded_on} · {s.setting} · score "
                    f"{'–' if s.report.score is None else s.report.score} · "
                    f"{verdict_of([c.status for c in s.report.checks.values()])}" for s in reversed(sessions)}
    ids = list(labels)
    if st.session_state.get(_pick_key(client_id)) not in ids:
        st.session_state[_pick_key(client_id)] = ids[0]
    return st.selectbox("Session", ids, format_func=labels.get, key=_pick_key(client_id))


def _pick_key(client_id: int) -> str:
    return f"trainer_pick_{client_id}"
