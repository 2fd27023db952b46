"""The results view of one analysed clip: tiles, check cards with moments, video, charts, downloads.

Used by the upload page and, later, by the trainer's session review; holds
layout only, every number comes from the `Analysis`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from coaching.activity import bout_words
from coaching.analysis import Analysis
from coaching.report import frames_csv_text, json_text
from coaching.report_html import (CHECK_TITLES, STATUS_WORDS, backward_sentence, headline_tiles, render_html,
                                  verdict)
from ui.charts import angle_chart, bout_timeline
from vision.landmarks import csv_text

STATUS_BADGE = {"ok": ":green-badge[Good]", "fault": ":red-badge[Work on this]",
                "not_assessable": ":gray-badge[Cannot judge]"}
MAX_MOMENT_BUTTONS = 12


def _seek_key(key: str) -> str:
    return f"{key}_seek_s"


def seek_to(key: str, time_s: float) -> None:
    """Make the results view `key` show its video from `time_s` on the next run."""
    st.session_state[_seek_key(key)] = time_s


def show_tiles(analysis: Analysis) -> None:
    tiles = headline_tiles(analysis.report)
    for row in (tiles[:4], tiles[4:8]):
        for column, (label, value) in zip(st.columns(4), row):
            column.metric(label, value)


def show_check_cards(analysis: Analysis, key: str) -> None:
    for name, check in analysis.report.checks.items():
        with st.container(border=True, key=f"{key}_card_{name}"):
            st.markdown(f"**{CHECK_TITLES[name]}** {STATUS_BADGE[check.status]}")
            st.caption(check.reason[0].upper() + check.reason[1:])
            if check.findings:
                st.markdown(f"**What happened:** {check.findings[0].message}"
                            + (f" (and {len(check.findings) - 1} more)" if len(check.findings) > 1 else ""))
                st.markdown(f"**How to fix it:** {check.findings[0].cue}")
                moments = check.findings[:MAX_MOMENT_BUTTONS]
                columns = st.columns(min(len(moments), 6))
                for k, finding in enumerate(moments):
                    columns[k % len(columns)].button(
                        f"▶ {finding.start_s:.1f} s", key=f"{key}_{name}_moment_{k}",
                        help=finding.message, on_click=seek_to, args=(key, finding.start_s))


def show_bouts(analysis: Analysis, key: str) -> None:
    """The clip's bouts on a timeline (click a bar or a ▶ button to see it in the video)."""
    bouts = analysis.motion.bouts
    if not bouts:
        return
    event = st.plotly_chart(bout_timeline(analysis), width="stretch", key=f"{key}_bouts", on_select="rerun",
                            selection_mode="points")
    points = event.selection.points if event and event.selection else []
    if points and points[0].get("customdata") is not None:
        start_s = float(points[0]["customdata"][0])
        if st.session_state.get(_seek_key(key)) != start_s:
            seek_to(key, start_s)
            st.rerun()
    shown = bouts[:MAX_MOMENT_BUTTONS]
    columns = st.columns(min(len(shown), 4))
    for k, bout in enumerate(shown):
        words = bout_words(bout.activity, bout.direction)
        columns[k % len(columns)].button(f"▶ {bout.start_s:.1f} s {words}", key=f"{key}_bout_{k}",
                                         on_click=seek_to, args=(key, bout.start_s))


def show_downloads(analysis: Analysis, video_path: Path | None, key: str, stem: str) -> None:
    """Download buttons whose files are made only when clicked (not on every rerun of the page)."""
    columns = st.columns(5)
    columns[0].download_button("Report (JSON)", lambda: json_text(analysis.report), f"{stem}-report.json",
                               "application/json", key=f"{key}_dl_json")
    columns[1].download_button("Angles per frame (CSV)", lambda: frames_csv_text(analysis.report, analysis.motion),
                               f"{stem}-frames.csv", "text/csv", key=f"{key}_dl_frames")
    columns[2].download_button("Landmarks (CSV)", lambda: csv_text(analysis.motion.source_track),
                               f"{stem}-landmarks.csv", "text/csv", key=f"{key}_dl_landmarks")
    columns[3].download_button("One-page report (HTML)", lambda: render_html(analysis), f"{stem}-report.html",
                               "text/html", key=f"{key}_dl_html")
    if video_path is not None:
        columns[4].download_button("Annotated video", video_path.read_bytes, f"{stem}-annotated.mp4",
                                   "video/mp4", key=f"{key}_dl_video")


def show_results(analysis: Analysis, video_path: Path | None, key: str, stem: str = "retrocoach") -> None:
    """Everything about one analysed clip; `key` keeps widgets of two views apart."""
    report = analysis.report
    st.subheader(verdict(report))
    st.markdown(backward_sentence(report))
    for warning in report.warnings:
        st.warning(warning)
    show_tiles(analysis)
    if video_path is None:
        show_check_cards(analysis, key)
    else:
        video_column, cards_column = st.columns([3, 2])
        with video_column:
            seek = float(st.session_state.get(_seek_key(key), 0.0))
            st.video(str(video_path), start_time=seek, autoplay=seek > 0, muted=True)
            st.caption("Skeleton (orange = left, blue = right), knee angles, landings (green = toe first, "
                       "red = heel first) and the current cue. The ▶ buttons jump to the moments.")
            show_bouts(analysis, key)
        with cards_column:
            show_check_cards(analysis, key)
    if report.findings:
        with st.expander(f"All {len(report.findings)} moments", expanded=False):
            st.dataframe([{"from (s)": f.start_s, "to (s)": f.end_s, "check": CHECK_TITLES[f.rule],
                           "severity": f.severity, "what happened": f.message} for f in report.findings],
                         hide_index=True, width="stretch")
    if analysis.motion.track.detected.any():
        st.plotly_chart(angle_chart(analysis), width="stretch", key=f"{key}_chart")
    st.markdown("**Download the results**")
    show_downloads(analysis, video_path, key, stem)
    st.caption(" · ".join(f"{CHECK_TITLES[n]}: {STATUS_WORDS[c.status].lower()}" for n, c in report.checks.items()))
