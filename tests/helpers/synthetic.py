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

from vision.head import EAR_DROP_READING, FACE_PITCH_SPAN, FACE_READING
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
        # The ear-to-eye line as MediaPipe draws it: it turns about half as far as the head.
        slope, intercept = FACE_READING["side"]
        eye_angle = np.radians(slope * pitch + intercept - 8.0)
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


def _front_nose_drop(pitch_deg: float) -> float:
    """The nose's drop below the ears, in body heights, for a head pitched `pitch_deg` down, as
    MediaPipe reports it from the front (`vision.head`: its face points move 0.39° a degree)."""
    ear_width = 0.14
    level = np.arcsin(0.01 / (ear_width * FACE_PITCH_SPAN))  # a level head's nose sits 0.01 below the ears
    slope = FACE_READING["front"][0]
    return ear_width * FACE_PITCH_SPAN * float(np.sin(level + np.radians(slope * pitch_deg)))


def front_view(w: Walker) -> PoseTrack:
    """Walker facing the camera; backward walking recedes (shrinks), forward approaches, by 4 % a
    second (a slow walker, 0.4 m/s, 10 m from the camera)."""
    n = int(round(w.duration_s * w.fps))
    times = np.arange(n) / w.fps
    points = np.zeros((n, N_LANDMARKS, 4))
    for i, t in enumerate(times):
        p = points[i]
        h = w.height_px * np.exp((-0.04 if w.backward else 0.04) * t)
        cx, hip_y = 960.0, 600.0
        twist = np.radians(w.twist_deg(t))
        yaw = np.radians(w.head_yaw_deg(t))
        phase = (t / w.stride_s) % 1.0
        # Each foot rises up the picture as it swings: 0.08 body heights at the usual reach (rendered
        # walkers: 0.06-0.11); a walker with no reach stands still.
        lift = 0.8 * w.reach * h * np.sin(2 * np.pi * phase)
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
            # The head sinks towards the shoulders as it tips down (`vision.head`: the ears' drop).
            head_y = hip_y - 0.42 * h + EAR_DROP_READING["front"][0] * w.head_pitch_deg(t) * 0.3 * h
            _set(p, f"{side}_ear", (cx + sign * 0.07 * h * np.cos(yaw), head_y), w.visibility)
            for part, dy in (("eye_inner", -0.02), ("eye", -0.02), ("eye_outer", -0.02)):
                _set(p, f"{side}_{part}", (cx + 0.07 * h * np.sin(yaw) + sign * 0.025 * h * np.cos(yaw),
                                           head_y + dy * h), w.visibility)
            _set(p, f"mouth_{side}", (cx + 0.07 * h * np.sin(yaw) + sign * 0.02 * h, head_y + 0.04 * h),
                 w.visibility)
        _set(p, "nose", (cx + 0.07 * h * np.sin(yaw), head_y + _front_nose_drop(w.head_pitch_deg(t)) * h),
             w.visibility)
    return make_track(times, points)


Leg = tuple[str, float]  # ("backward" | "forward" | "stand" | "turn", seconds)


def _pelvis_x(points: np.ndarray) -> np.ndarray:
    return (points[:, INDEX["left_hip"], 0] + points[:, INDEX["right_hip"], 0]) / 2


def _standing(w: Walker, seconds: float, facing: int) -> np.ndarray:
    still = Walker(duration_s=seconds, fps=w.fps, height_px=w.height_px, facing=facing, reach=0.0,
                   knee_rom_deg=0.0, visibility=w.visibility)
    return side_view(still).points


def _turning(w: Walker, seconds: float, facing: int) -> np.ndarray:
    """Turning about on the spot: shoulders swing square on to the camera halfway, facing flips there."""
    half = seconds / 2
    points = np.concatenate([_standing(w, half, facing), _standing(w, seconds - half, -facing)])
    n = len(points)
    spread = 0.10 * w.height_px * np.sin(np.pi * (np.arange(n) + 0.5) / n)
    for side, sign in (("left", 1), ("right", -1)):
        for part in ("shoulder", "elbow", "wrist", "hip"):
            scale = 1.0 if part != "hip" else 0.6
            points[:, INDEX[f"{side}_{part}"], 0] += sign * scale * spread
    return points


def route(legs: list[Leg], base: Walker | None = None, jitter_px: float = 1.5, seed: int = 0) -> PoseTrack:
    """A side-view walker going through `legs` one after another (the pelvis carries on where the
    last leg left it), with the pose model's frame-to-frame jitter added. The walker faces
    `base.facing` at the start; a turn flips it."""
    w = base or Walker()
    facing = w.facing
    pieces: list[np.ndarray] = []
    for kind, seconds in legs:
        if kind in ("backward", "forward"):
            # Forward walking lands on the heel, backward on the toe.
            landing = abs(w.landing_pitch_deg) * (1 if kind == "backward" else -1)
            start_s = sum(len(piece) for piece in pieces) / w.fps
            timed = {name: (lambda t, f=getattr(w, name), s=start_s: f(t + s))
                     for name in ("head_pitch_deg", "head_yaw_deg", "twist_deg")}  # schedules in route time
            walker = Walker(**{**w.__dict__, **timed, "duration_s": seconds, "facing": facing,
                               "backward": kind == "backward", "landing_pitch_deg": landing})
            piece = side_view(walker).points
        elif kind == "stand":
            piece = _standing(w, seconds, facing)
        else:
            piece = _turning(w, seconds, facing)
            facing = -facing
        if pieces:
            piece[:, :, 0] += _pelvis_x(pieces[-1])[-1] - _pelvis_x(piece)[0]
        pieces.append(piece)
    points = np.concatenate(pieces)
    rng = np.random.default_rng(seed)
    points[:, :, :2] += rng.normal(0.0, jitter_px, size=points[:, :, :2].shape)
    return make_track(np.arange(len(points)) / w.fps, points)
