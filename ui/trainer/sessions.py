"""A client's sessions: adding one (upload, the analysed clip, or the last live session) and the list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from coaching import walk_test
from coaching.analysis import INPUT_ERRORS, Analysis, recheck
from coaching.measures import Request
from coaching.db import SETTINGS
from coaching.report_html import verdict_of
from coaching.store import StoreError, Workspace
from ui import store
from ui.progress_bar import ProgressBar
from vision.video import VIDEO_SUFFIXES

UPLOAD, ANALYSED, LIVE = "Upload a clip", "The clip on 'Analyze a clip'", "The last live session"


def _analysis_to_save(choice: str, uploaded) -> tuple[Analysis, Path | None] | None:  # noqa: ANN001
    if choice == UPLOAD:
        if uploaded is None:
            st.error("Choose a video to upload first.")
            return None
        digest, path = store.store_clip(uploaded.getvalue(), Path(uploaded.name).suffix)
        bar = ProgressBar()
        try:
            return store.analysis_for(digest, path, bar), path
        finally:
            bar.empty()
    if choice == ANALYSED:
        source = st.session_state.get("source")
        if not source:
            st.error("No clip has been analysed on the 'Analyze a clip' page in this browser session.")
            return None
        path = Path(source["path"])
        return store.analysis_for(source["digest"], path), path
    holder = st.session_state.get("live_holder")
    analysis = holder.session_report() if holder is not None else None
    if analysis is None:
        st.error("No live session has been recorded in this browser session.")
        return None
    return analysis, None


def add_session(ws: Workspace, client_id: int, first: bool) -> None:
    # A fresh set of widgets after each save, so the form comes back empty.
    nonce = st.session_state.setdefault("trainer_add_nonce", 0)
    with st.expander("Add a session", expanded=first):
        choice = st.radio("Session from", (UPLOAD, ANALYSED, LIVE), horizontal=True, key="trainer_add_from")
        uploaded = None
        if choice == UPLOAD:
            uploaded = st.file_uploader("Video of the session", type=[s.lstrip(".") for s in VIDEO_SUFFIXES],
                                        key=f"trainer_upload_{nonce}")
        columns = st.columns(2)
        recorded_on = columns[0].date_input("Date", value=date.today(), key="trainer_add_date")
        setting = columns[1].selectbox("Setting", SETTINGS, key="trainer_add_setting")
        notes = st.text_area("Notes", key=f"trainer_add_notes_{nonce}", placeholder="How it went, what to practise next")
        timed = st.checkbox("The clip is a 3-metre backward walk test (standing start, 3 m backwards, stop)",
                            key=f"trainer_add_test_{nonce}")
        if st.button("Save session", type="primary", key="trainer_add_save"):
            try:
                picked = _analysis_to_save(choice, uploaded)
                if picked is not None:
                    analysis, video = picked
                    request = Request(ws.get_client(client_id).height_cm, walk_test.NAME if timed else None)
                    analysis = recheck(analysis, analysis.thresholds, request)
                    session_id = ws.add_session(client_id, analysis, recorded_on, setting, notes, video)
                    st.session_state[_pick_key(client_id)] = session_id  # show the new session next
                    st.session_state["trainer_add_nonce"] = nonce + 1
                    st.rerun()
            except INPUT_ERRORS as exc:
                st.error(f"This file cannot be analysed: {exc}.")
            except StoreError as exc:
                st.error(str(exc))


def session_list(ws: Workspace, client_id: int) -> int | None:
    """The sessions as a pick list, newest first; returns the one picked (remembered across reruns)."""
    sessions = ws.list_sessions(client_id)
    if not sessions:
        st.info("No sessions yet: add the first one above.")
        return None
    labels = {s.id: f"{s.recorded_on} · {s.setting} · score "
                    f"{'–' if s.report['score'] is None else s.report['score']} · "
                    f"{verdict_of([c['status'] for c in s.report['checks'].values()])}" for s in reversed(sessions)}
    ids = list(labels)
    if st.session_state.get(_pick_key(client_id)) not in ids:
        st.session_state[_pick_key(client_id)] = ids[0]
    return st.selectbox("Session", ids, format_func=labels.get, key=_pick_key(client_id))


def _pick_key(client_id: int) -> str:
    return f"trainer_pick_{client_id}"
