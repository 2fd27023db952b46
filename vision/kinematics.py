"""Joint and segment angles as time series, from a cleaned pose track.

Cleaning follows the gait-analysis habit (Stenum 2021, biomech.md §6):
landmarks under the visibility threshold are dropped, gaps up to 120 ms are
filled linearly, and each
unbroken run is smoothed with a zero-lag 2nd-order Butterworth filter (6 Hz).
Longer gaps stay NaN: nothing is invented across them.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.signal import butter, filtfilt

from vision import head
from vision.landmarks import INDEX, PoseTrack
from vision.view import View, classify_view, facing_runs, sagittal, seen_as, torso_px

VISIBILITY_MIN = 0.5
# From the side the far knee is half hidden behind the near leg and the model marks it 0.52-0.83 visible
# (medians over 49 rendered side clips): at the gate itself. A walker in black leggings read 0.53 and lost half
# the far knee's frames and its verdict (two strides of five kept); knees kept down to 0.1 under the gate keep
# all five, and move no other clip's knee range by more than 5 degrees.
_KNEE_GATE_BELOW = 0.1
_KNEES = [INDEX["left_knee"], INDEX["right_knee"]]
MAX_GAP_S = 0.12
CUTOFF_HZ = 6.0


@dataclass(frozen=True)
class Kinematics:
    """Angles in degrees per frame (NaN where not measurable).

    Conventions: knee flexion 0 = straight leg; hip flexion and trunk lean are
    positive towards the way the walker faces; foot pitch is positive with the
    toe below the heel; head pitch is positive with the head tipped down, 0 =
    level gaze; head yaw 0 = looking at the camera axis (side view: the face in
    profile); twist is shoulders against hips about the vertical axis. The head
    and twist angles are measured for `view` (vision/head.py).
    """

    time_s: np.ndarray
    points: np.ndarray
    facing_sign: np.ndarray
    knee_flexion_left_deg: np.ndarray
    knee_flexion_right_deg: np.ndarray
    hip_flexion_left_deg: np.ndarray
    hip_flexion_right_deg: np.ndarray
    foot_pitch_left_deg: np.ndarray
    foot_pitch_right_deg: np.ndarray
    trunk_lean_deg: np.ndarray
    head_pitch_deg: np.ndarray
    head_yaw_deg: np.ndarray
    twist_deg: np.ndarray
    faces_camera: np.ndarray  # 1 where the chest is turned to the camera, 0 the back (front, back, oblique), else NaN
    view: View = "unknown"

    @property
    def fps(self) -> float:
        return 1.0 / float(np.median(np.diff(self.time_s))) if len(self.time_s) > 1 else 0.0

    def knee(self, side: str) -> np.ndarray:
        return self.knee_flexion_left_deg if side == "left" else self.knee_flexion_right_deg

    def foot_pitch(self, side: str) -> np.ndarray:
        return self.foot_pitch_left_deg if side == "left" else self.foot_pitch_right_deg

    def xy(self, name: str) -> np.ndarray:
        return self.points[:, INDEX[name], :2]

    def rows(self, lo: int, hi: int) -> Kinematics:
        """Frames lo to hi - 1 (a bout and its margins)."""
        return dataclasses.replace(self, **{f.name: getattr(self, f.name)[lo:hi] for f in dataclasses.fields(self)
                                            if f.name != "view"})

    def for_view(self, view: View) -> Kinematics:
        """The head and twist angles measured as `view` allows (the same object if it already is)."""
        if view == self.view:
            return self
        return dataclasses.replace(self, view=view, **_view_angles(self.points, view, self.fps))

    def only(self, keep: np.ndarray) -> Kinematics:
        """The same timeline with every measurement blanked outside `keep` (frames that are not judged)."""
        def blank(values: np.ndarray) -> np.ndarray:
            out = values.copy()
            out[~keep] = np.nan
            return out

        return dataclasses.replace(self, **{f.name: blank(getattr(self, f.name))
                                            for f in dataclasses.fields(self) if f.name not in ("time_s", "view")})


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a boolean vector, as (first, last + 1) index pairs."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def fill_short_gaps(series: np.ndarray, time_s: np.ndarray, max_gap_s: float = MAX_GAP_S) -> np.ndarray:
    """Linear fill of NaN gaps no longer than `max_gap_s` with data on both sides."""
    out = series.copy()
    for lo, hi in true_runs(np.isnan(series)):
        if lo == 0 or hi == len(series):
            continue
        if time_s[hi] - time_s[lo - 1] <= max_gap_s + 1e-9 + (time_s[lo] - time_s[lo - 1]):
            out[lo:hi] = np.interp(time_s[lo:hi], [time_s[lo - 1], time_s[hi]], [series[lo - 1], series[hi]])
    return out


def smooth(series: np.ndarray, fps: float, cutoff_hz: float = CUTOFF_HZ) -> np.ndarray:
    """Zero-lag Butterworth low-pass over each unbroken run; short runs stay as they are."""
    if fps <= 0:
        return series.copy()
    cutoff = min(cutoff_hz, 0.8 * fps / 2)
    b, a = butter(2, cutoff / (fps / 2))
    out = series.copy()
    pad = 3 * max(len(a), len(b))
    for lo, hi in true_runs(~np.isnan(series)):
        if hi - lo > pad:
            out[lo:hi] = filtfilt(b, a, series[lo:hi])
    return out


def hidden(points: np.ndarray, visibility_min: float = VISIBILITY_MIN) -> np.ndarray:
    """(frames, landmarks): True where a point is under the visibility gate (the knees' a little lower)."""
    gate = np.full(points.shape[1], visibility_min)
    gate[_KNEES] -= _KNEE_GATE_BELOW
    return points[:, :, 3] < gate


def clean_points(track: PoseTrack, visibility_min: float = VISIBILITY_MIN, smoothing: bool = True) -> np.ndarray:
    """Visibility gate, short-gap filling and (optionally) smoothing of x, y, z."""
    points = track.points.copy()
    points[hidden(points, visibility_min), :3] = np.nan
    fps = track.fps
    for landmark in range(points.shape[1]):
        for k in range(3):
            filled = fill_short_gaps(points[:, landmark, k], track.time_s)
            points[:, landmark, k] = smooth(filled, fps) if smoothing else filled
    return points


def _angle_at(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Inner angle a-b-c in degrees."""
    u, v = a - b, c - b
    cos = np.sum(u * v, axis=1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def knee_flexion_deg(points: np.ndarray, side: str) -> np.ndarray:
    """Knee flexion (0 = straight) per frame from (frames, 33, >=2) landmark positions."""
    hip, knee, ankle = (points[:, INDEX[f"{side}_{part}"], :2] for part in ("hip", "knee", "ankle"))
    return 180.0 - _angle_at(hip, knee, ankle)


def _signed_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Angle from vector a to vector b in image coordinates (y down), degrees."""
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    dot = np.sum(a * b, axis=1)
    return np.degrees(np.arctan2(cross, dot))


def median_filter_nan(x: np.ndarray, width: int) -> np.ndarray:
    half = max(width // 2, 1)
    out = np.full_like(x, np.nan)
    for i in range(len(x)):
        window = x[max(0, i - half): i + half + 1]
        if np.any(~np.isnan(window)):
            out[i] = np.nanmedian(window)
    return out


def facing_sign(points: np.ndarray, fps: float) -> np.ndarray:
    """+1 where the walker faces image right, -1 left (side views), NaN if unclear.

    Votes: each foot's heel-to-toe direction and the ear-to-nose direction,
    each in units of its own length, then a one-second running median.
    """
    def direction(a: str, b: str) -> np.ndarray:
        d = points[:, INDEX[b], :2] - points[:, INDEX[a], :2]
        return d[:, 0] / np.maximum(np.linalg.norm(d, axis=1), 1e-6)

    votes = np.vstack([direction("left_heel", "left_foot_index"), direction("right_heel", "right_foot_index"),
                       (direction("left_ear", "nose") + direction("right_ear", "nose")) / 2])
    score = np.nanmean(votes, axis=0)
    score = median_filter_nan(score, int(fps) if fps > 0 else 30)
    sign = np.sign(score)
    sign[(np.abs(score) < 0.3) | np.isnan(score)] = np.nan
    return sign


def _view_angles(points: np.ndarray, view: View, fps: float) -> dict[str, np.ndarray]:
    """The angles whose measurement depends on the view: the head's and the trunk's twist. In front,
    behind or at an angle each stretch the walker faces one way is measured as its own view, against
    its own references: a walker who turns round shows the back of their head instead of the face."""
    if view not in ("front", "back", "oblique") or not len(points):
        return {**_angles(points, view, True), "faces_camera": np.full(len(points), np.nan)}
    parts = []
    for lo, hi, chest in facing_runs(points, fps):
        parts.append({**_angles(points[lo:hi], seen_as(view, chest), chest),
                      "faces_camera": np.full(hi - lo, float(chest))})
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def _angles(points: np.ndarray, view: View, chest_to_camera: bool) -> dict[str, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        p = {name: points[:, i, :2] for name, i in INDEX.items()}
        torso_len = torso_px(points)
        yaw, twist = head.yaw_deg(p, view, torso_len), head.twist_deg(p, view, torso_len)
        pitch = head.pitch_deg(p, view, yaw, twist, torso_len, chest_to_camera)
        return {"head_pitch_deg": pitch, "head_yaw_deg": yaw, "twist_deg": twist}


def compute(track: PoseTrack, visibility_min: float = VISIBILITY_MIN, smoothing: bool = True,
            view_from: np.ndarray | None = None) -> Kinematics:
    """Angles for every frame; frames without a person (or a needed landmark) give NaN. The view is
    told from the frames `view_from` marks (all if None): a walker standing about turns to the
    camera otherwise than they walk."""
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return _compute(track, visibility_min, smoothing, view_from)


def _compute(track: PoseTrack, visibility_min: float, smoothing: bool, view_from: np.ndarray | None) -> Kinematics:
    points = clean_points(track, visibility_min, smoothing)
    facing = facing_sign(points, track.fps)
    view = classify_view(points if view_from is None else points[view_from])
    # Angles of the body in the walking plane (at an angle the picture is stretched back to it).
    in_plane = sagittal(points, view)
    p = {name: in_plane[:, i, :2] for name, i in INDEX.items()}
    hip_mid = (p["left_hip"] + p["right_hip"]) / 2
    shoulder_mid = (p["left_shoulder"] + p["right_shoulder"]) / 2
    trunk_down = hip_mid - shoulder_mid

    def hip(side: str) -> np.ndarray:
        return -_signed_between(trunk_down, p[f"{side}_knee"] - p[f"{side}_hip"]) * facing

    def foot(side: str) -> np.ndarray:
        d = p[f"{side}_foot_index"] - p[f"{side}_heel"]
        return np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0])))

    up = shoulder_mid - hip_mid
    trunk_lean = np.degrees(np.arctan2(up[:, 0] * facing, -up[:, 1]))

    return Kinematics(
        time_s=track.time_s, points=points, facing_sign=facing,
        hip_flexion_left_deg=hip("left"), hip_flexion_right_deg=hip("right"),
        foot_pitch_left_deg=foot("left"), foot_pitch_right_deg=foot("right"),
        knee_flexion_left_deg=knee_flexion_deg(in_plane, "left"),
        knee_flexion_right_deg=knee_flexion_deg(in_plane, "right"),
        trunk_lean_deg=trunk_lean, view=view, **_view_angles(points, view, track.fps),
    )
