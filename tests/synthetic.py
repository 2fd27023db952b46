"""Synthetic walkers as pose tracks with known answers.

A side-view walker is built from a gait phase per leg: during stance the foot
slides (relative to the pelvis) from its landing point to its lift-off point,
during swing it returns; the knee is solved from the hip-ankle distance that
gives a chosen knee flexion, so the per-stride knee range is exactly the one
asked for. The foot's pitch at landing sets toe-first or heel-first contacts.
A front-view walker turns the head (yaw) and the trunk (twist) on a schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vision.landmarks import INDEX, N_LANDMARKS, PoseTrack, make_track

Schedule = Callable[[float], float]
STANCE = 0.62


def constant(value: float) -> Schedule:
    return lambda t: value


def spells(value: float, spans: list[tuple[float, float]], base: float = 0.0) -> Schedule:
    """`value` inside any (start, end) span, `base` elsewhere."""
    return lambda t: value if any(a <= t < b for a, b in spans) else base


@dataclass
class Walker:
    duration_s: float = 12.0
    fps: float = 30.0
    stride_s: float = 1.2
    height_px: float = 500.0
    facing: int = 1  # +1 faces image right
    backward: bool = True
    treadmill: bool = False
    knee_rom_deg: float = 60.0
    landing_pitch_deg: float = 20.0  # + toe first, - heel first
    head_pitch_deg: Schedule = field(default_factory=lambda: constant(0.0))
    head_yaw_deg: Schedule = field(default_factory=lambda: constant(0.0))
    twist_deg: Schedule = field(default_factory=lambda: constant(0.0))
    reach: float = 0.10  # foot excursion each way from the pelvis, body heights
    visibility: float = 0.98


def _set(p: np.ndarray, name: str, xy: tuple[float, float], vis: float) -> None:
    p[INDEX[name]] = (xy[0], xy[1], 0.0, vis)


def _leg(w: Walker, phase: float, hip: np.ndarray) -> dict[str, np.ndarray]:
    h, f = w.height_px, w.facing
    seg = 0.245 * h
    travel = -f if w.backward else f
    if phase < STANCE:
        u = w.reach * h * (1 - 2 * phase / STANCE)  # along travel: landing point -> lift-off point
        knee = 10.0
    else:
        s = (phase - STANCE) / (1 - STANCE)
        u = -w.reach * h * np.cos(np.pi * s)
        knee = 10.0 + w.knee_rom_deg * np.sin(np.pi * s) ** 2
    reach_x = u * travel
    d = 2 * seg * np.cos(np.radians(knee) / 2)
    ankle = hip + np.array([reach_x, np.sqrt(max(d * d - reach_x * reach_x, 1.0))])
    mid = (hip + ankle) / 2
    axis = (ankle - hip) / np.linalg.norm(ankle - hip)
    normal = np.array([axis[1], -axis[0]]) * f
    if normal[0] * f < 0:
        normal = -normal
    knee_xy = mid + normal * np.sqrt(max(seg * seg - (d / 2) ** 2, 0.0))
    # Foot pitch: landing pitch at contact, flat in mid-stance, toe down at lift-off.
    land = w.landing_pitch_deg
    if phase < 0.12:
        pitch = land * (1 - phase / 0.12)
    elif phase < 0.45:
        pitch = 0.0
    elif phase < STANCE:
        pitch = 25.0 * (phase - 0.45) / (STANCE - 0.45)
    else:
        s = (phase - STANCE) / (1 - STANCE)
        pitch = 25.0 + (land - 25.0) * s
    foot_len = 0.15 * h
    heel = ankle + np.array([-f * 0.03 * h, 0.04 * h])
    toe = heel + foot_len * np.array([f * np.cos(np.radians(pitch)), np.sin(np.radians(pitch))])
    return {"hip": hip, "knee": knee_xy, "ankle": ankle, "heel": heel, "foot_index": toe}


def side_view(w: Walker) -> PoseTrack:
    n = int(round(w.duration_s * w.fps))
    times = np.arange(n) / w.fps
    points = np.zeros((n, N_LANDMARKS, 4))
    h, f = w.height_px, w.facing
    speed = 0.0 if w.treadmill else 2 * w.reach * h / (STANCE * w.stride_s)
    travel = -f if w.backward else f
    for i, t in enumerate(times):
        p = points[i]
        pelvis = np.array([1000.0 + travel * speed * (t - w.duration_s / 2), 0.45 * h + 100])
        for side, offset in (("left", 0.0), ("right", 0.5)):
            phase = (t / w.stride_s + offset) % 1.0
            hip = pelvis + np.array([0.01 * h * (1 if side == "left" else -1), 0.0])
            for part, xy in _leg(w, phase, hip).items():
                _set(p, f"{side}_{part}", tuple(xy), w.visibility)
        shoulder = pelvis + np.array([0.0, -0.3 * h])
        for side, dx in (("left", 0.02), ("right", -0.02)):
            _set(p, f"{side}_shoulder", (shoulder[0] + dx * h, shoulder[1]), w.visibility)
            _set(p, f"{side}_elbow", (shoulder[0] + dx * h, shoulder[1] + 0.17 * h), w.visibility)
            _set(p, f"{side}_wrist", (shoulder[0] + dx * h, shoulder[1] + 0.32 * h), w.visibility)
            for hand in ("pinky", "index", "thumb"):
                _set(p, f"{side}_{hand}", (shoulder[0] + dx * h, shoulder[1] + 0.36 * h), w.visibility)
        pitch = w.head_pitch_deg(t)
        ear = shoulder + np.array([0.0, -0.12 * h])
        eye_angle = np.radians(pitch - 8.0)
        eye = ear + 0.06 * h * np.array([f * np.cos(eye_angle), np.sin(eye_angle)])
        nose_angle = np.radians(pitch + 12.0)
        nose = ear + 0.09 * h * np.array([f * np.cos(nose_angle), np.sin(nose_angle)])
        for side in ("left", "right"):
            _set(p, f"{side}_ear", tuple(ear), w.visibility)
            for part in ("eye_inner", "eye", "eye_outer"):
                _set(p, f"{side}_{part}", tuple(eye), w.visibility)
        _set(p, "nose", tuple(nose), w.visibility)
        for side in ("left", "right"):
            _set(p, f"mouth_{side}", tuple(nose + np.array([-f * 0.01 * h, 0.03 * h])), w.visibility)
    return make_track(times, points)


def front_view(w: Walker) -> PoseTrack:
    """Walker facing the camera; backward walking recedes (shrinks), forward approaches."""
    n = int(round(w.duration_s * w.fps))
    times = np.arange(n) / w.fps
    points = np.zeros((n, N_LANDMARKS, 4))
    for i, t in enumerate(times):
        p = points[i]
        trend = -0.02 if w.backward else 0.02
        h = w.height_px * (1 + trend * t)
        cx, hip_y = 960.0, 600.0
        twist = np.radians(w.twist_deg(t))
        yaw = np.radians(w.head_yaw_deg(t))
        phase = (t / w.stride_s) % 1.0
        lift = 0.03 * h * np.sin(2 * np.pi * phase)
        for side, sign in (("left", 1), ("right", -1)):
            _set(p, f"{side}_hip", (cx + sign * 0.08 * h, hip_y), w.visibility)
            _set(p, f"{side}_shoulder", (cx + sign * 0.12 * h * np.cos(twist), hip_y - 0.3 * h), w.visibility)
            _set(p, f"{side}_elbow", (cx + sign * 0.14 * h, hip_y - 0.14 * h), w.visibility)
            _set(p, f"{side}_wrist", (cx + sign * 0.15 * h, hip_y), w.visibility)
            for hand in ("pinky", "index", "thumb"):
                _set(p, f"{side}_{hand}", (cx + sign * 0.15 * h, hip_y + 0.03 * h), w.visibility)
            step = max(0.0, sign * lift)
            _set(p, f"{side}_knee", (cx + sign * 0.08 * h, hip_y + 0.25 * h - step), w.visibility)
            _set(p, f"{side}_ankle", (cx + sign * 0.08 * h, hip_y + 0.5 * h - step), w.visibility)
            _set(p, f"{side}_heel", (cx + sign * 0.08 * h, hip_y + 0.53 * h - step), w.visibility)
            _set(p, f"{side}_foot_index", (cx + sign * 0.09 * h, hip_y + 0.55 * h - step), w.visibility)
            head_y = hip_y - 0.42 * h
            _set(p, f"{side}_ear", (cx + sign * 0.07 * h * np.cos(yaw), head_y), w.visibility)
            for part, dy in (("eye_inner", -0.02), ("eye", -0.02), ("eye_outer", -0.02)):
                _set(p, f"{side}_{part}", (cx + 0.07 * h * np.sin(yaw) + sign * 0.025 * h * np.cos(yaw),
                                           head_y + dy * h), w.visibility)
            _set(p, f"mouth_{side}", (cx + 0.07 * h * np.sin(yaw) + sign * 0.02 * h, head_y + 0.04 * h),
                 w.visibility)
        _set(p, "nose", (cx + 0.07 * h * np.sin(yaw), head_y + 0.01 * h), w.visibility)
    return make_track(times, points)
