"""Analyze a clip: upload (or the sample), watch it being analysed, read the coaching."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from coaching.analysis import INPUT_ERRORS
from ui import store
from ui.access import allowed
from ui.progress_bar import ProgressBar
from ui.results import measures_request, show_results
from ui.settings import threshold_sidebar
from ui.text import plain
from vision.video import VIDEO_SUFFIXES

SAMPLE = Path(__file__).resolve().parents[2] / "sample_videos" / "retro_walk_side.mp4"
HOW_TO_FILM = """
**How to film**
- Camera **side-on** to the walking line, at **hip height**, 3–5 m away.
- The **whole body** in frame, head to feet, for the whole walk.
- **60 fps** if the phone allows (30 fps at least), camera **steady** (a shelf or tripod).
- Walk **backwards** for at least 6 steps; walking to the start, stops and turns are fine: only the
  backward walking is coached.

**What each set-up can judge**
- Phone **at the side** of the path: head down, toe-first landings, knee bend (and speed in metres with
  the walker's height).
- Camera **in front** (a laptop the walker faces while stepping away) or **behind**: looks over the
  shoulder and trunk twist.
"""
log = logging.getLogger(__name__)


def _choose_source() -> None:
    upload_column, guide_column = st.columns([3, 2])
    with upload_column:
        uploaded = st.file_uploader("Upload a video of backward walking",
                                    type=[s.lstrip(".") for s in VIDEO_SUFFIXES], key="upload")
        if uploaded is not None:
            data = uploaded.getvalue()
            digest = store.digest_of(data)
            if st.session_state.get("source", {}).get("digest") != digest:
                digest, path = store.store_clip(data, Path(uploaded.name).suffix)
                st.session_state["source"] = {"digest": digest, "path": str(path), "name": uploaded.name}
                st.session_state.pop("results_seek_s", None)
        if st.button("Try the sample clip", type="primary" if uploaded is None else "secondary"):
            digest, path = store.store_clip(SAMPLE.read_bytes(), SAMPLE.suffix)
            st.session_state["source"] = {"digest": digest, "path": str(path), "name": SAMPLE.name}
            st.session_state.pop("results_seek_s", None)
    with guide_column:
        if st.session_state.get("source"):
            with st.expander("How to film"):  # out of the way once there are results to read
                st.markdown(HOW_TO_FILM)
        else:
            st.markdown(HOW_TO_FILM)


def render() -> None:
    st.title("Analyze a clip")
    if not allowed():
        return
    thresholds = threshold_sidebar()
    _choose_source()
    source = st.session_state.get("source")
    if not source:
        st.info("Upload a clip, or try the sample clip to see what RetroCoach tells you.")
        return
    st.markdown(f"#### {plain(source['name'])}")
    request = measures_request(key="results")
    bar = ProgressBar()
    try:
        analysis = store.analysis_for(source["digest"], Path(source["path"]), bar, waiting=lambda: st.info(
            "Other clips are being analysed right now; yours starts as soon as one is done."))
        analysis = store.with_settings(analysis, thresholds, request)
        video = store.annotated_video_for(source["digest"], analysis) if analysis.video else None
    except INPUT_ERRORS as exc:
        bar.empty()
        st.error(f"This file cannot be analysed: {exc}. Try another clip (mp4, mov, m4v, avi, webm or mkv).")
        return
    except Exception:
        bar.empty()
        log.exception("analysis failed for %s", source["digest"])
        st.error("Something went wrong while analysing this clip. It has been logged; please try another clip.")
        return
    bar.empty()
    show_results(analysis, video, key="results", stem=Path(source["name"]).stem or "clip")


render()
