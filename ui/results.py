"""The results view of one analysed clip: tiles, check cards with moments, video, charts, downloads.

Used by the upload page and, later, by the trainer's session review; holds
layout only, every number comes from the `Analysis`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from coaching import rules, walk_test
from coaching.accuracy import accuracy_note
from coaching.activity import bout_words
from coaching.analysis import Analysis
from coaching.frames_csv import frames_csv_text
from coaching.measures import Request
from coaching.opensim_files import mot_text, trc_text
from coaching.report import json_text
from coaching.report_html import STATUS_WORDS, backward_sentence, headline_tiles, not_judged, render_html
from coaching.verdict import verdict
from ui.charts import angle_chart, bout_timeline
from vision.landmarks import csv_text

STATUS_BADGE = {"ok": ":green-badge[Good]", "fault": ":red-badge[Work on this]",
                "not_assessable": ":gray-badge[Cannot judge]"}
MAX_MOMENT_BUTTONS = 12
# A check's card is two fifths of the page: four "▶ 5.6 s" buttons across wrap their labels
MOMENTS_A_ROW = 3
SPEED_REFERENCE = ("Reference: backward walking is slower than forward walking with shorter strides and about "
                   "the same cadence (Laufer 2005, J Gerontol A 60(5):627); in older adults every faller walked "
                   "backwards slower than 0.6 m/s (Fritz et al. 2013, Gait & Posture). Screening figures, "
                   "not a diagnosis.")


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
            st.markdown(f"**{rules.title(name)}** {STATUS_BADGE[check.status]}")
            st.caption(check.reason[0].upper() + check.reason[1:])
            if check.findings:
                st.markdown(f"**What happened:** {check.findings[0].message}"
                            + (f" (and {len(check.findings) - 1} more)" if len(check.findings) > 1 else ""))
                st.markdown(f"**How to fix it:** {check.findings[0].cue}")
                moments = check.findings[:MAX_MOMENT_BUTTONS]
                columns = st.columns(min(len(moments), MOMENTS_A_ROW))
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


def measures_request(key: str, height_cm: float | None = None) -> Request:
    """The walker's height and the timed test, as asked on the page (a trainer's adjusted frames kept)."""
    height_column, test_column = st.columns([1, 2])
    height = height_column.number_input("Walker's height (cm)", min_value=50.0, max_value=250.0, step=1.0,
                                        value=float(height_cm) if height_cm else None, format="%.0f",
                                        placeholder="optional", key=f"{key}_height_cm",
                                        help="Gives walking speed and step length in metres (side view only)")
    test = test_column.checkbox("Time the 3-metre backward walk test", key=f"{key}_test",
                                help="Film the walker standing, then walking 3 m backwards at a comfortable "
                                     "speed and stopping, camera at the side")
    frames = st.session_state.get(f"{key}_test_frames") if test else None
    return Request(height or None, walk_test.NAME if test else None, frames)


def show_measures(analysis: Analysis) -> None:
    """Speed and step length beside the cadence, with published reference figures."""
    report = analysis.report
    if report.speed_m_per_s is None:
        return
    columns = st.columns(4)
    columns[0].metric("Backward speed", f"{report.speed_m_per_s:.2f} m/s")
    columns[1].metric("Step length", "–" if report.step_length_m is None else f"{report.step_length_m:.2f} m")
    columns[2].metric("Stride length", "–" if report.stride_length_m is None else f"{report.stride_length_m:.2f} m")
    columns[3].metric("Cadence", "–" if report.cadence_steps_per_min is None
                      else f"{report.cadence_steps_per_min:.0f} /min")
    st.caption(f"From a stated height of {report.height_cm:g} cm (about 5 % error; README). " + SPEED_REFERENCE)


def _set_test_frames(key: str, start: int, end: int) -> None:
    st.session_state[f"{key}_test_frames"] = (start, end)


def show_test(analysis: Analysis, key: str) -> None:
    """The timed test: its time, the frames it ran between (adjustable), and the published cut-offs."""
    test = analysis.report.test
    if test is None:
        return
    with st.container(border=True, key=f"{key}_test_box"):
        st.markdown(f"**3-metre backward walk test: {test.time_s:.2f} s**")
        st.caption(test.verdict)
        frames = analysis.motion.track.frame_index
        lo, hi = int(frames[0]), int(frames[-1])
        fps = analysis.motion.fps or 30.0
        start_column, end_column, button_column = st.columns(3)
        start = start_column.number_input("Start frame", lo, hi, test.start_frame, key=f"{key}_test_start")
        end = end_column.number_input("End frame", lo, hi, test.end_frame, key=f"{key}_test_end")
        button_column.button("Use these frames", key=f"{key}_test_use", on_click=_set_test_frames,
                             args=(key, int(start), int(end)))
        for column, (label, frame) in zip(st.columns(2), (("start", test.start_frame),
                                                           ("end", test.end_frame))):
            column.button(f"▶ see the {label} ({frame / fps:.1f} s)", key=f"{key}_test_see_{label}",
                          on_click=seek_to, args=(key, frame / fps))
        st.caption("Published cut-offs: " + walk_test.reference_text())


def show_downloads(analysis: Analysis, video_path: Path | None, key: str, stem: str) -> None:
    """Download buttons whose files are made only when clicked (not on every rerun of the page)."""
    files = [("Report (JSON)", lambda: json_text(analysis.report), f"{stem}-report.json", "application/json",
              "json"),
             ("Angles per frame (CSV)", lambda: frames_csv_text(analysis.report, analysis.motion),
              f"{stem}-frames.csv", "text/csv", "frames"),
             ("Landmarks (CSV)", lambda: csv_text(analysis.motion.source_track), f"{stem}-landmarks.csv", "text/csv",
              "landmarks"),
             ("One-page report (HTML)", lambda: render_html(analysis), f"{stem}-report.html", "text/html", "html")]
    if video_path is not None:
        files.append(("Annotated video", video_path.read_bytes, f"{stem}-annotated.mp4", "video/mp4", "video"))
    if analysis.measures.scale is not None:
        files.append(("Markers for OpenSim (.trc)", lambda: trc_text(analysis, f"{stem}.trc"), f"{stem}.trc",
                      "text/plain", "trc"))
    files.append(("Angles for OpenSim (.mot)", lambda: mot_text(analysis, stem), f"{stem}.mot", "text/plain", "mot"))
    # one column a file: a file this clip has not (no video kept, no scale) leaves no gap
    for column, (label, data, name, mime, kind) in zip(st.columns(len(files)), files):
        column.download_button(label, data, name, mime, key=f"{key}_dl_{kind}")


def show_results(analysis: Analysis, video_path: Path | None, key: str, stem: str = "retrocoach") -> None:
    """Everything about one analysed clip; `key` keeps widgets of two views apart."""
    report = analysis.report
    st.subheader(verdict(report))
    st.markdown(backward_sentence(report))
    missing = not_judged(report)
    if missing and len(missing) < len(report.checks):
        st.caption("Not judged from this clip: " + "; ".join(missing) + ".")
    st.caption(accuracy_note(report.view))
    for warning in report.warnings:
        st.warning(warning)
    show_tiles(analysis)
    show_measures(analysis)
    show_test(analysis, key)
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
            st.dataframe([{"from (s)": f.start_s, "to (s)": f.end_s, "check": rules.title(f.rule),
                           "severity": f.severity, "what happened": f.message} for f in report.findings],
                         hide_index=True, width="stretch")
    if analysis.motion.track.detected.any():
        st.plotly_chart(angle_chart(analysis), width="stretch", key=f"{key}_chart")
    st.markdown("**Download the results**")
    show_downloads(analysis, video_path, key, stem)
    st.caption(" · ".join(f"{rules.title(n)}: {STATUS_WORDS[c.status].lower()}" for n, c in report.checks.items()))
