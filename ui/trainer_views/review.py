"""Reviewing one stored session: results, notes pinned to moments, confirming or dismissing findings."""

from __future__ import annotations

import dataclasses

import streamlit as st

from coaching import rules
from trainer.export import session_html
from trainer.models import SETTINGS
from trainer.workspace import StoreError, Workspace, finding_key
from ui import analysis_cache
from ui.results import seek_to, show_results
from ui.text import plain

VERDICT_BADGE = {"confirmed": ":red-badge[Confirmed]", "dismissed": ":gray-badge[Dismissed]"}


def _notes(ws: Workspace, session_id: int, key: str) -> None:
    st.markdown("#### Notes at moments")
    with st.form(f"{key}_note_form", clear_on_submit=True):
        columns = st.columns([1, 4])
        time_s = columns[0].number_input("At (s)", min_value=0.0, step=0.1, format="%.1f",
                                         value=float(st.session_state.get(f"{key}_seek_s", 0.0)))
        text = columns[1].text_input("Note", placeholder="What the client should notice here")
        if st.form_submit_button("Add note"):
            try:
                ws.add_comment(session_id, time_s, text)
            except StoreError as exc:
                st.error(str(exc))
    for comment in ws.comments(session_id):
        columns = st.columns([1, 6, 1])
        columns[0].button(f"▶ {comment.time_s:.1f} s", key=f"{key}_note_seek_{comment.id}", on_click=seek_to,
                          args=(key, comment.time_s))
        columns[1].markdown(plain(comment.text))
        if columns[2].button("Delete", key=f"{key}_note_delete_{comment.id}"):
            ws.delete_comment(comment.id)
            st.rerun()


def _finding_reviews(ws: Workspace, session_id: int, findings: tuple, key: str) -> None:
    if not findings:
        return
    st.markdown("#### Findings: confirm or dismiss")
    st.caption("Dismissed findings are kept: they show where the thresholds need tuning for this client.")
    verdicts = ws.reviews(session_id)
    for k, finding in enumerate(findings):
        name = finding_key(finding)
        columns = st.columns([5, 1, 1])
        badge = VERDICT_BADGE.get(verdicts.get(name), ":blue-badge[Not reviewed]")
        columns[0].markdown(f"{badge} **{rules.title(finding.rule)}** at {finding.start_s:.1f} s: "
                            f"{finding.message}")
        if columns[1].button("Confirm", key=f"{key}_confirm_{k}"):
            ws.review_finding(session_id, name, "confirmed")
            st.rerun()
        if columns[2].button("Dismiss", key=f"{key}_dismiss_{k}"):
            ws.review_finding(session_id, name, "dismissed")
            st.rerun()


def _details(ws: Workspace, session_id: int, key: str) -> None:
    info = ws.get_session(session_id)
    with st.expander("Session details"):
        with st.form(f"{key}_details"):
            recorded_on = st.date_input("Date", value=info.recorded_on)
            setting = st.selectbox("Setting", SETTINGS, index=SETTINGS.index(info.setting))
            notes = st.text_area("Notes", value=info.notes)
            if st.form_submit_button("Save details"):
                ws.update_session(session_id, recorded_on, setting, notes)
                st.rerun()
        if st.checkbox("I want to delete this session", key=f"{key}_delete_ok"):
            if st.button("Delete session", key=f"{key}_delete", type="primary"):
                ws.delete_session(session_id)
                st.rerun()


def review_session(ws: Workspace, session_id: int) -> None:
    key = f"session_{session_id}"
    info = ws.get_session(session_id)
    analysis = ws.session_analysis(session_id)
    frames = st.session_state.pop(f"{key}_test_frames", None)
    if frames is not None and analysis.report.test is not None:
        # The trainer set the test's start and end frames: keep them with the session.
        analysis = ws.set_session_request(session_id, dataclasses.replace(analysis.request, test_frames=frames))
    video = ws.session_video(session_id)
    annotated = analysis_cache.annotated_video_for(video.stem, analysis) if video is not None and analysis.video else None
    st.markdown(f"### {info.recorded_on} · {info.setting}" + (f" · {plain(info.notes)}" if info.notes else ""))
    show_results(analysis, annotated, key=key, stem=f"session-{info.recorded_on}-{session_id}")
    st.download_button("Printable session report (HTML)", lambda: session_html(ws, session_id),
                       f"session-{info.recorded_on}-{session_id}.html", "text/html", key=f"{key}_print")
    _notes(ws, session_id, key)
    _finding_reviews(ws, session_id, analysis.report.findings, key)
    _details(ws, session_id, key)
