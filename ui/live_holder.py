"""The bridge between streamlit-webrtc's worker thread and the live page of one browser session.

Frame callbacks run in a worker thread where `st.*` does not work; they hand
frames to a `LiveCoach` held here, and the page reads its status. Each browser
session has its own holder (in `st.session_state`), so nothing of one user's
stream reaches another's page.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time

import av
import cv2

from coaching.analysis import Analysis
from coaching.config import Thresholds
from coaching.live import LiveCoach

ICE_SERVERS_ENV = "RETROCOACH_ICE_SERVERS"
# A browser that goes away without STOP may take the WebRTC stack half a minute to notice;
# with no frame for this long the session is ended here and its models and threads released.
IDLE_END_S = 5.0
log = logging.getLogger(__name__)


def ice_servers() -> list[dict]:
    """ICE servers from RETROCOACH_ICE_SERVERS (a JSON list); none by default.

    On localhost or a LAN no STUN/TURN server is needed, and asking for one
    here (no internet) would stall the connection while ICE gathering waits.
    """
    raw = os.environ.get(ICE_SERVERS_ENV, "").strip()
    if not raw:
        return []
    try:
        servers = json.loads(raw)
    except json.JSONDecodeError:
        log.error("%s is not valid JSON; using no ICE servers", ICE_SERVERS_ENV)
        return []
    return servers if isinstance(servers, list) else []


MAX_LIVE_ENV = "RETROCOACH_MAX_LIVE"
# Each live session keeps two pose models busy; more at once than the machine has cores for
# would slow every one of them. Others wait for a free place, told so on their picture.
_live_places = threading.BoundedSemaphore(int(os.environ.get(MAX_LIVE_ENV, "2")))
BUSY_TEXT = "All live places are taken: coaching starts when one is free"


class LiveHolder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.waiting = False
        self.thresholds = Thresholds()
        self.coach: LiveCoach | None = None
        self.finished: LiveCoach | None = None
        self._report: Analysis | None = None
        self._last_frame = 0.0

    def on_frame(self, frame: av.VideoFrame) -> av.VideoFrame:
        """Worker thread: one camera frame in, the annotated frame out."""
        with self._lock:
            if self.coach is None:
                if not _live_places.acquire(blocking=False):
                    self.waiting = True
                    return _with_text(frame, BUSY_TEXT)
                self.waiting = False
                self.coach = LiveCoach(self.thresholds)
                threading.Thread(target=self._watch, args=(self.coach,), name="retrocoach-live-watch",
                                 daemon=True).start()
            coach = self.coach
            self._last_frame = time.monotonic()
        try:
            image = frame.to_ndarray(format="rgb24")
            annotated = coach.process(image, float(frame.time if frame.time is not None else 0.0))
        except Exception:
            log.exception("live frame failed")
            return frame
        out = av.VideoFrame.from_ndarray(annotated, format="rgb24")
        out.pts, out.time_base = frame.pts, frame.time_base
        return out

    def _watch(self, coach: LiveCoach) -> None:
        """End `coach`'s session once frames stop coming (the browser left without STOP)."""
        while True:
            time.sleep(1.0)
            with self._lock:
                if self.coach is not coach:
                    return
                idle = time.monotonic() - self._last_frame > IDLE_END_S
            if idle:
                self.on_ended()
                return

    def on_ended(self) -> None:
        """The stream stopped (STOP pressed, or no frame for a while)."""
        with self._lock:
            coach, self.coach = self.coach, None
            self.waiting = False
        if coach is not None:
            _live_places.release()
            coach.close()
            self.finished = coach
            self._report = None

    def session_report(self) -> Analysis | None:
        """The last finished session as an analysis (computed once), if it had frames."""
        if self.finished is None or self.finished.frame_count == 0:
            return None
        if self._report is None:
            self._report = self.finished.report()
        return self._report


def _with_text(frame: av.VideoFrame, text: str) -> av.VideoFrame:
    """The camera frame with one line of text on it (no pose work)."""
    image = frame.to_ndarray(format="rgb24")
    cv2.rectangle(image, (0, 0), (image.shape[1], 40), (0, 0, 0), -1)
    cv2.putText(image, text, (10, 27), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1, cv2.LINE_AA)
    out = av.VideoFrame.from_ndarray(image, format="rgb24")
    out.pts, out.time_base = frame.pts, frame.time_base
    return out
