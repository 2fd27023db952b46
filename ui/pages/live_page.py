"""Live coaching: the webcam through streamlit-webrtc, cues on the picture, a report at the end."""

from __future__ import annotations

import json
import time

import streamlit as st
import streamlit.components.v1 as components
from streamlit_webrtc import WebRtcMode, webrtc_streamer

from ui.access import allowed
from ui.live_holder import BUSY_TEXT, LiveHolder, ice_servers
from ui.results import show_results
from ui.settings import threshold_sidebar

SPEAK_EVERY_S = 5.0


def _speak(text: str) -> None:
    """Say a cue with the browser's speech synthesis."""
    components.html(f"<script>const u = new SpeechSynthesisUtterance({json.dumps(text)});"
                    "window.parent.speechSynthesis ? window.parent.speechSynthesis.speak(u) "
                    ": speechSynthesis.speak(u);</script>", height=0)


@st.fragment(run_every=1.0)
def live_panel(holder: LiveHolder, speak: bool) -> None:
    coach = holder.coach
    if coach is None and holder.waiting:
        st.warning(BUSY_TEXT)
        return
    if coach is None:
        st.caption("Press START, allow the camera, step back 3–5 m so your whole body is in view, "
                   "and walk backwards. Facing the laptop, head down and looks over the shoulder are "
                   "coached; with the laptop at the side of your path, landings and knee bend too; "
                   "at an angle, head down and the nearer leg's landings and knee.")
        return
    status = coach.status
    columns = st.columns(4)
    columns[0].metric("Walking backwards", f"{status.backward_s:.0f} s")
    columns[1].metric("Steps", status.steps)
    columns[2].metric("Cadence", f"{status.cadence_steps_per_min:.0f} /min" if status.cadence_steps_per_min else "–")
    columns[3].metric("Frames analysed", status.frames_analysed)
    if status.cue:
        st.error(f"**{status.cue}**")
    elif status.person_in_view:
        st.success("Form looks good: keep going.")
    else:
        st.info("Looking for you: step into the picture, whole body in view.")
    if speak and status.cue:
        last_cue, last_time = st.session_state.get("live_spoken", ("", float("-inf")))
        if status.cue != last_cue or time.monotonic() - last_time >= SPEAK_EVERY_S:
            _speak(status.cue)
            st.session_state["live_spoken"] = (status.cue, time.monotonic())


def render() -> None:
    st.title("Live coaching")
    if not allowed():
        return
    holder: LiveHolder = st.session_state.setdefault("live_holder", LiveHolder())
    holder.thresholds = threshold_sidebar(prefix="live_th")
    speak = st.sidebar.toggle("Speak the cues", value=False,
                              help=f"Your browser reads each cue aloud, the same cue at most every "
                                   f"{SPEAK_EVERY_S:.0f} s.")
    ctx = webrtc_streamer(
        key="live", mode=WebRtcMode.SENDRECV, rtc_configuration={"iceServers": ice_servers()},
        media_stream_constraints={"video": {"width": 640, "height": 480}, "audio": False},
        video_frame_callback=holder.on_frame, on_video_ended=holder.on_ended, async_processing=True)
    if ctx.state.playing:
        live_panel(holder, speak)
        return
    analysis = holder.session_report()
    if analysis is None:
        st.info("The coach watches the same things as for an uploaded clip, over the last few seconds: "
                "head up, looking back, toe-first landings and knee bend. When you press STOP, "
                "the whole session is analysed here.")
        return
    st.markdown("### Your last session")
    show_results(analysis, None, key="live_results", stem="live-session")


render()
