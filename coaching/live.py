"""Live coaching: the batch checks run over a sliding window of the last few seconds.

One frame at a time goes in with its own timestamp; out comes the frame with
the skeleton, knee angles and the current cue drawn large, plus counters.
Every half second the window's pose track goes through the same analysis as
an uploaded clip (`analyse_track`): there is no second set of rules. The
walker is followed as in batch analysis: a survey of everyone in view runs in
a background thread on the newest frame, and bystanders are greyed out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType

import numpy as np

from coaching.activity import paused_cue
from coaching.analysis import Analysis, analyse_track
from coaching.config import Thresholds
from coaching.report import SourceInfo
from coaching.rules import head_down
from vision import overlay
from vision.kinematics import knee_flexion_deg
from vision.landmarks import N_LANDMARKS, make_track
from vision.motion import Motion
from vision.people import PersonPath, find_people, others_than, sighting_from, walker_with_returns
from vision.pose import EstimatorFactory, MediaPipeFactory, PoseEstimator
from vision.tracking import SURVEY_INTERVAL_S, SurveyFeed, TrackingSummary, walker_frames_only, walker_view

WINDOW_S = 6.0
TICK_S = 0.5
CUE_FRESH_S = 1.0  # a finding that ended this recently is still the current cue
CONTACT_MARK_S = 0.4
LIVE_TEXT_SCALE = 1.8  # readable from about 4 m on a laptop screen
# Live, the survey for bystanders looks once a second (batch: twice), leaving the CPU to the
# camera stream; at a webcam people rarely appear faster than that.
LIVE_SURVEY_INTERVAL_S = 2 * SURVEY_INTERVAL_S
# Live, whom to follow is judged from the last this many surveys (about 4 s): the person in front
# of the camera now, who may have walked out of the picture and back in.
LIVE_SURVEY_MEMORY = 4
SEVERITY_ORDER = {"severe": 0, "moderate": 1, "mild": 2}


@dataclass(frozen=True)
class LiveStatus:
    time_s: float
    frames_analysed: int
    person_in_view: bool
    direction: str
    backward_s: float
    steps: int
    cadence_steps_per_min: float | None
    cue: str | None
    cue_rule: str | None


@dataclass(frozen=True)
class _WindowState:
    """What the last window check found (replaced whole, so readers never see half an update)."""

    direction: str
    cadence_steps_per_min: float | None
    cue: str | None
    cue_rule: str | None


class _Surveyor:
    """Finds everyone in the newest offered frame, in its own thread; older offers are dropped."""

    def __init__(self, detector: PoseEstimator, feed: SurveyFeed) -> None:
        self._detector = detector
        self._feed = feed
        self._slot: tuple[np.ndarray, float, int] | None = None
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="retrocoach-survey", daemon=True)
        self._thread.start()

    def offer(self, image: np.ndarray, time_s: float, index: int) -> None:
        with self._wake:
            self._slot = (image, time_s, index)
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._slot is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                image, time_s, index = self._slot
                self._slot = None
            people = find_people(image, self._detector)
            self._feed.add([sighting_from(p, index, time_s) for p in people])

    def close(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join(timeout=5)
        self._detector.close()


class LiveSession:
    """Landmark rows in, in time order; the window checks, cue and counters, and the session report.

    `paths` tells who is who (from a survey of the frames); without it every
    row is taken to be the walker. A walker who walks out of the picture and
    back in is the walker each time.
    """

    def __init__(self, thresholds: Thresholds | None = None, window_s: float = WINDOW_S, tick_s: float = TICK_S,
                 paths: Callable[[], list[PersonPath]] = list, background: bool = False) -> None:
        self.thresholds = thresholds or Thresholds()
        # In the background the window checks never hold up a frame; a tick that is due
        # while the last one still runs is skipped.
        self._ticker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retrocoach-tick") if background else None
        self._ticking: Future | None = None
        self._window_s, self._tick_s = window_s, tick_s
        self._paths = paths
        self._lock = threading.Lock()
        self._times: list[float] = []
        self._points: list[np.ndarray] = []
        self._size: tuple[int | None, int | None] = (None, None)
        self._first_time: float | None = None
        self._last_tick_s: float | None = None
        self._last_step_s = -np.inf
        self._backward_s = 0.0
        self._steps = 0
        self.window: Analysis | None = None
        # The backward walking's steady head pitch by row so far, and the way the walker faced the camera.
        self._head_pitch: dict[int, tuple[str, float]] = {}
        self._head_neutral_deg: dict[str, float] = {}
        self._window_state = _WindowState("unknown", None, None, None)
        self.status = LiveStatus(0.0, 0, False, "unknown", 0.0, 0, None, None, None)

    def _walker_frames(self, points: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, TrackingSummary]:
        """The rows with anyone but the walker blanked (whoever is alone in the picture is coached)."""
        paths = self._paths()
        walker = walker_with_returns(paths)
        return walker_frames_only(points, times, paths, walker, others_than(walker, paths))

    def session_time(self, time_s: float) -> float:
        """Seconds since the session's first frame."""
        if self._first_time is None:
            self._first_time = time_s
        return time_s - self._first_time

    def accepts(self, t: float) -> bool:
        """False for a repeated or out-of-order frame (it would add nothing)."""
        return not self._times or t > self._times[-1]

    @property
    def frame_count(self) -> int:
        return len(self._times)

    def add(self, t: float, landmarks: np.ndarray | None, size: tuple[int | None, int | None] = (None, None)) -> None:
        """One row at session time `t` (landmarks in pixels, or None when nobody was found)."""
        with self._lock:
            self._times.append(t)
            self._points.append(np.full((N_LANDMARKS, 4), np.nan) if landmarks is None else landmarks)
            self._size = size
        if self._last_tick_s is None or t - self._last_tick_s >= self._tick_s:
            if self._ticker is None:
                self._tick(t)
            elif self._ticking is None or self._ticking.done():
                self._ticking = self._ticker.submit(self._tick, t)
        window = self._window_state
        self.status = LiveStatus(t, len(self._times), landmarks is not None, window.direction, self._backward_s,
                                 self._steps, window.cadence_steps_per_min, window.cue, window.cue_rule)

    def _tick(self, t: float) -> None:
        """Run the checks over the last `window_s` seconds and update cue and counters."""
        elapsed = t - self._last_tick_s if self._last_tick_s is not None else 0.0
        self._last_tick_s = t
        with self._lock:
            start = int(np.searchsorted(self._times, t - self._window_s))
            times = np.array(self._times[start:])
            points = np.array(self._points[start:])
        if len(times) < 10 or np.isnan(points[:, :, 0]).all():
            self._window_state = _WindowState("unknown", None, None, None)
            return
        points, _ = self._walker_frames(points, times)
        track = make_track(times, points, np.arange(start, start + len(times)))
        source = SourceInfo.from_track("live window", "live", track, size=self._size)
        self.window = analyse_track(track, self.thresholds, source, head_neutral_deg=self._head_neutral_deg)
        self._learn_head_neutral(self.window.motion)
        report = self.window.report
        motion = self.window.motion
        now = motion.bouts[-1] if motion.bouts and motion.bouts[-1].last >= motion.track.frame_count - 2 else None
        if now is not None and now.coached:
            self._backward_s += elapsed
        backward = {b.index for b in motion.bouts if b.coached}
        for contact in motion.gait.contacts:
            if contact.bout in backward and contact.time_s > self._last_step_s + 0.3:
                self._steps += 1
                self._last_step_s = contact.time_s
        current = [f for f in report.findings if f.end_s >= t - CUE_FRESH_S]
        cue = min(current, key=lambda f: SEVERITY_ORDER[f.severity]) if current else None
        direction = now.direction if now is not None and now.direction != "none" else "unknown"
        paused = paused_cue(now) if now is not None else None
        if paused:
            self._window_state = _WindowState(direction, None, paused, None)
        else:
            self._window_state = _WindowState(direction, report.cadence_steps_per_min,
                                              cue.cue if cue else None, cue.rule if cue else None)

    def _learn_head_neutral(self, motion: Motion) -> None:
        """The walker's neutral head from all the backward walking so far, for the next windows: a
        window in which the head stays down has no neutral of its own."""
        coached = motion.coached()
        if coached is None:
            return
        steady = head_down.steady_pitch(coached)
        for way, frames in head_down.facings(coached).items():
            for row, pitch in zip(coached.track.frame_index[frames], steady[frames]):
                if not np.isnan(pitch):
                    self._head_pitch[int(row)] = (way, float(pitch))
        self._head_neutral_deg = {
            way: head_down.neutral_deg(np.array([p for w, p in self._head_pitch.values() if w == way]),
                                       head_down.read_as(way, coached.view))
            for way in {w for w, _ in self._head_pitch.values()}}

    def close(self) -> None:
        if self._ticker is not None:
            self._ticker.shutdown(wait=True)

    def legs_seen(self) -> tuple[str, ...]:
        """The legs whose knee angle the latest window shows (none square on, the near one at an angle)."""
        return self.window.motion.legs_seen if self.window is not None else ("left", "right")

    def recent_contacts(self, t: float) -> dict[str, str]:
        """Foot -> part for landings within the last moment, to mark on the picture."""
        if self.window is None:
            return {}
        return {c.foot: c.part for c in self.window.motion.gait.contacts if 0 <= t - c.time_s <= CONTACT_MARK_S}

    def report(self) -> Analysis:
        """The whole session analysed as one clip (checks, findings with times, metrics, track)."""
        with self._lock:
            times = np.array(self._times)
            points = np.array(self._points).reshape(-1, N_LANDMARKS, 4)
        if len(times) == 0:
            raise ValueError("the live session has no frames yet")
        points, tracking = self._walker_frames(points, times)
        track = make_track(times, points)
        source = SourceInfo.from_track("live session", "live", track, size=self._size)
        return analyse_track(track, self.thresholds, source, tracking)


class LiveCoach:
    """Frames in with `process` (pose, walker following, drawing); the rest is a `LiveSession`."""

    def __init__(self, thresholds: Thresholds | None = None, model: str = "full",
                 window_s: float = WINDOW_S, tick_s: float = TICK_S,
                 estimator_factory: EstimatorFactory | None = None) -> None:
        # Live, the feet's pitch is the model's: the mask would slow every frame by a fifth and leave a
        # MediaPipe thread in the server after the session (the laptop in front does not judge landings).
        estimators = estimator_factory or MediaPipeFactory(model, feet_from_mask=False)
        self._tracker: PoseEstimator | None = estimators(True)
        self._feed = SurveyFeed()
        self._surveyor: _Surveyor | None = _Surveyor(estimators(False), self._feed)
        self.live_session = LiveSession(thresholds, window_s, tick_s, self._feed.paths, background=True)
        self._last_box: np.ndarray | None = None
        self._last_survey_s = -np.inf

    @property
    def status(self) -> LiveStatus:
        return self.live_session.status

    @property
    def frame_count(self) -> int:
        return self.live_session.frame_count

    def process(self, image_rgb: np.ndarray, time_s: float) -> np.ndarray:
        """Analyse one frame (its own timestamp, seconds) and return it annotated."""
        if self._tracker is None:
            raise RuntimeError("this live session is closed")
        t = self.live_session.session_time(time_s)
        if not self.live_session.accepts(t):
            return image_rgb
        index = self.live_session.frame_count
        if self._surveyor is not None and t - self._last_survey_s >= LIVE_SURVEY_INTERVAL_S:
            self._surveyor.offer(image_rgb, t, index)
            self._last_survey_s = t
        walker, others = self._feed.walker_and_others(recent=LIVE_SURVEY_MEMORY)
        landmarks = self._tracker.estimate(walker_view(image_rgb, t, walker, others, self._last_box))
        self._last_box = None if landmarks is None else sighting_from(landmarks, index, t).box
        self.live_session.add(t, landmarks, (image_rgb.shape[1], image_rgb.shape[0]))
        return self._draw(image_rgb, landmarks, t)

    def _draw(self, image: np.ndarray, landmarks: np.ndarray | None, t: float) -> np.ndarray:
        status = self.status
        cadence = f"{status.cadence_steps_per_min:.0f}/min" if status.cadence_steps_per_min else "-"
        line = f"backwards {status.backward_s:4.0f} s   steps {status.steps}   cadence {cadence}"
        if landmarks is None:
            points, knees = np.full((N_LANDMARKS, 2), np.nan), {}
        else:
            points = landmarks[:, :2]
            knees = {side: float(knee_flexion_deg(landmarks[None], side)[0]) for side in self.live_session.legs_seen()}
        return overlay.draw(image, points, knees, self.live_session.recent_contacts(t), status.cue, line,
                            LIVE_TEXT_SCALE)

    def report(self) -> Analysis:
        return self.live_session.report()

    def close(self) -> None:
        """Release the pose models and the threads; the session's data stays for `report()`."""
        self.live_session.close()
        if self._surveyor is not None:
            self._surveyor.close()
            self._surveyor = None
        if self._tracker is not None:
            self._tracker.close()
            self._tracker = None

    def __enter__(self) -> LiveCoach:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
