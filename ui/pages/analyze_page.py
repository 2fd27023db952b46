"""Analyze a clip: upload (or the sample), watch it being analysed, read the coaching."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from jobs.queue import CANCELLED, FAILED, JobInfo, JobNotFound
from ui import analysis_cache
from ui.access import allowed
from ui.job_status import status_text
from ui.results import measures_request, show_results
from ui.server import job_queue
from ui.settings import threshold_sidebar
from ui.text import plain
from vision.video import VIDEO_SUFFIXES

SAMPLE = Path(__file__).resolve().parents[2] / "sample_videos" / "retro_walk_side.mp4"
HOW_TO_FILM = """
**How to film**
- Camera **side-on** to the walking line, at **hip height**, not held at the chest (from higher up knee bends read up to 14° off), 3–5 m away.
- The **whole body** in frame, head to feet, for the whole walk (filmed from the waist up, head down and
  looks over the shoulder are still judged; landings and knee bend are not).
- **60 fps** if the phone allows (30 fps at least), camera **steady and level** (a shelf or tripod; from the
  side a picture tilted 8° one way reads a level head as 12° down).
- The walker at least **180 px tall** in the video (a phone at 3–5 m is plenty; a 640×480 webcam, within
  about 4 m): in a smaller picture heel-first landings read toe first.
- **Shoes that stand out from the floor**: grey shoes on a grey floor hide the foot's tilt as it lands
  (heel-first landings read flat).
- Walk **backwards** for at least 6 steps; walking to the start, stops and turns are fine: only the
  backward walking is coached.

**What each set-up can judge**
- Phone **at the side** of the path: all four: head down, looks over the shoulder (the face turning),
  toe-first landings and knee bend (and speed in metres with the walker's height).
- Camera **in front** (a laptop the walker faces while stepping away) or **behind**: head down and
  looks over the shoulder with trunk twist; not landings or knee bend. Keep it in line with the path:
  from 15–25° off it a trunk twisting towards the camera's side does not show. A walker who turns round shows
  the camera the back of the head instead of the face, judged against its own level: keep the head up
  for the first steps each way. Head down is measured against the head's own carriage in the clip, so a
  head kept down from the first step to the last shows from the side, in front only when far down.
- Camera **at an angle** (about 45°): head down, and the landings and knee bend of the leg nearer the
  camera (the far leg is behind it); not looks over the shoulder (a look away from the camera is
  hidden): move it to the side for all four.
"""
log = logging.getLogger(__name__)


def _analyse(data: bytes, name: str) -> None:
    """Queue the clip; the job's id goes in the address, so a reload or a new tab finds it again."""
    job = analysis_cache.submit(data, name)
    st.session_state["job_id"] = job.id
    st.query_params["job"] = job.id
    st.session_state.pop("results_seek_s", None)


def _choose_source() -> None:
    upload_column, guide_column = st.columns([3, 2])
    with upload_column:
        uploaded = st.file_uploader("Upload a video of backward walking",
                                    type=[s.lstrip(".") for s in VIDEO_SUFFIXES], key="upload")
        if uploaded is not None and st.session_state.get("upload_id") != uploaded.file_id:
            st.session_state["upload_id"] = uploaded.file_id
            _analyse(uploaded.getvalue(), uploaded.name)
        if st.button("Try the sample clip", type="primary" if uploaded is None else "secondary"):
            _analyse(SAMPLE.read_bytes(), SAMPLE.name)
    with guide_column:
        if st.session_state.get("job_id"):
            with st.expander("How to film"):  # out of the way once there are results to read
                st.markdown(HOW_TO_FILM)
        else:
            st.markdown(HOW_TO_FILM)


def _job_from_link() -> None:
    """The job named in the address (a reload, a shared link) becomes this tab's job."""
    linked = st.query_params.get("job")
    if linked and linked != st.session_state.get("job_id"):
        try:
            job_queue().get(linked)
        except JobNotFound:
            st.warning("The analysis in this link is not on this server (any more): upload the clip again.")
            del st.query_params["job"]
            return
        st.session_state["job_id"] = linked
        st.session_state.pop("results_seek_s", None)


@st.fragment(run_every=1.5)
def _follow(job_id: str) -> None:
    """Progress while the job waits or runs; the whole page again once it has finished."""
    queue = job_queue()
    job = queue.get(job_id)
    if job.finished:
        st.rerun()
    st.progress(job.fraction, text=status_text(queue, job))
    if st.button("Cancel the analysis", key="cancel_job"):
        queue.cancel(job_id)
        st.rerun()


def _finished(job: JobInfo, thresholds, request) -> None:  # noqa: ANN001 - the sidebar's records
    if job.status == FAILED:
        st.error(f"This file cannot be analysed: {job.reason}. Try another clip (mp4, mov, m4v, avi, webm or mkv).")
        return
    if job.status == CANCELLED:
        st.info("The analysis of this clip was cancelled.")
        if st.button("Analyse it again"):
            job_queue().submit(job.clip_sha256, job.clip_suffix, job.clip_name, job.settings)
            st.rerun()
        return
    try:
        analysis = analysis_cache.with_settings(analysis_cache.job_analysis(job), thresholds, request)
        video = analysis_cache.annotated_video_for(job.clip_sha256, analysis, analysis_cache.job_video(job)) if analysis.video else None
    except Exception:
        log.exception("showing the results of job %s failed", job.id)
        st.error("Something went wrong while showing this clip's results. It has been logged; please try another clip.")
        return
    show_results(analysis, video, key="results", stem=Path(job.clip_name).stem or "clip")


def render() -> None:
    st.title("Analyze a clip")
    if not allowed():
        return
    thresholds = threshold_sidebar()
    _job_from_link()
    _choose_source()
    job_id = st.session_state.get("job_id")
    if not job_id:
        st.info("Upload a clip, or try the sample clip to see what RetroCoach tells you.")
        return
    job = job_queue().get(job_id)
    st.markdown(f"#### {plain(job.clip_name)}")
    request = measures_request(key="results")
    if job.finished:
        _finished(job, thresholds, request)
    else:
        _follow(job_id)


render()
