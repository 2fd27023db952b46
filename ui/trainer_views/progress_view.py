"""A client's progress over the weeks, plan against done, and two sessions side by side."""

from __future__ import annotations

import streamlit as st

from trainer.export import client_zip, progress_html
from trainer.progress import SERIES, ProgressPoint, plan_weeks
from trainer.workspace import Workspace
from ui import analysis_cache
from ui.charts import plan_chart, progress_chart


def show_progress(ws: Workspace, client_id: int, points: list[ProgressPoint]) -> None:
    client = ws.get_client(client_id)
    if not points:
        st.info("Progress appears once the client has sessions.")
        return
    st.caption(f"{len(points)} session(s), judged with this client's current thresholds. "
               f"Plan: {client.plan_minutes_per_session:g} min backwards per session, "
               f"{client.plan_sessions_per_week} sessions a week.")
    st.plotly_chart(progress_chart(points), width="stretch", key="trainer_progress_chart")
    weeks = plan_weeks(client, points)
    st.markdown("#### Plan against done")
    st.plotly_chart(plan_chart(weeks), width="stretch", key="trainer_plan_chart")
    st.dataframe([{"week of": w.week_start, "sessions": f"{w.sessions_done} of {w.sessions_planned}",
                   "minutes backwards": f"{w.minutes_done:.1f} of {w.minutes_planned:g}"} for w in weeks],
                 hide_index=True, width="stretch")
    columns = st.columns(2)
    columns[0].download_button("Progress report (printable HTML)", lambda: progress_html(client, points, weeks),
                               f"progress-{client_id}.html", "text/html", key="trainer_progress_html")
    if columns[1].button("Prepare all of this client's data (zip)", key="trainer_zip_prepare"):
        st.session_state["trainer_zip"] = (client_id, client_zip(ws, client_id))
    prepared = st.session_state.get("trainer_zip")
    if prepared and prepared[0] == client_id:
        columns[1].download_button("Download the zip", prepared[1], f"client-{client_id}.zip", "application/zip",
                                   key="trainer_zip_download")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def compare_sessions(ws: Workspace, client_id: int, points: list[ProgressPoint]) -> None:
    sessions = ws.list_sessions(client_id)
    if len(sessions) < 2:
        st.info("Two sessions are needed to compare.")
        return
    labels = {s.id: f"{s.recorded_on} · {s.setting}" for s in sessions}
    ids = list(labels)
    columns = st.columns(2)
    first = columns[0].selectbox("Session A", ids, index=0, format_func=labels.get, key="trainer_cmp_a")
    second = columns[1].selectbox("Session B", ids, index=len(ids) - 1, format_func=labels.get, key="trainer_cmp_b")
    by_session = {p.session_id: p for p in points}
    start = st.slider("Start both videos at (s)", 0.0, 60.0, 0.0, 0.5, key="trainer_cmp_start")
    for column, session_id in zip(st.columns(2), (first, second)):
        with column:
            video = ws.session_video(session_id)
            analysis = ws.session_analysis(session_id)
            annotated = analysis_cache.annotated_video_for(video.stem, analysis) if video and analysis.video else None
            if annotated is not None:
                st.video(str(annotated), start_time=start, muted=True)
            else:
                st.caption("No video (live or landmark session).")
    a, b = by_session[first], by_session[second]
    rows = []
    for field, label in SERIES:
        va, vb = getattr(a, field), getattr(b, field)
        rows.append({"measure": label, "A": _fmt(va), "B": _fmt(vb),
                     "change": "–" if va is None or vb is None else f"{vb - va:+.1f}"})
    rows.append({"measure": "Score", "A": _fmt(a.score), "B": _fmt(b.score),
                 "change": "–" if a.score is None or b.score is None else f"{b.score - a.score:+d}"})
    st.dataframe(rows, hide_index=True, width="stretch")
