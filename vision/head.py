"""Head pitch, head yaw and trunk twist, each measured the way the camera's view allows.

From the side the head's tilt is the ear-to-eye line, and a turn of the head shows as the nose
coming back over the ears; the trunk's twist shows as the shoulders widening while the hips stay
narrow. From the front or behind the tilt shows as the nose dropping against the ears, a turn as
the nose moving sideways between them, a twist as the shoulders narrowing against the hips.
The gains are calibrated against rendered walkers with exact truth (tests/rendered/, README
"Accuracy"): MediaPipe's face points move less than the head does.
"""

from __future__ import annotations

import numpy as np

from vision.view import shoulder_width_ratio

# The eye centre sits about 8 degrees above the ear-to-orbit (Frankfort) line
# that is level when the head is held level; adding it makes level gaze read 0.
EYE_ABOVE_FRANKFORT_DEG = 8.0
# Side view: MediaPipe's ear-to-eye line turns this much less than the head (rendered truth).
SIDE_PITCH_GAIN = 1.0
# Front view: the nose's drop against the ears, in ear widths, per unit sine of head pitch.
FACE_PITCH_SPAN = 0.7
# Apparent widths over torso length when seen square on (MediaPipe on the rendered walkers).
SHOULDER_OVER_TORSO = 0.71
HIP_OVER_TORSO = 0.38
# At an angle the leg's plane is never seen flatter than this (a guard against a noisy width).
MIN_SAGITTAL_SHARE = 0.4


def _reference(series: np.ndarray) -> float:
    """A high percentile of a width ratio: its value when seen square on."""
    valid = series[~np.isnan(series)]
    return float(np.percentile(valid, 90)) if len(valid) else np.nan


def _arcsin_deg(ratio: np.ndarray) -> np.ndarray:
    return np.degrees(np.arcsin(np.clip(ratio, -1, 1)))


def _arccos_deg(ratio: np.ndarray) -> np.ndarray:
    return np.degrees(np.arccos(np.clip(ratio, 0, 1)))


def sagittal_share(points: np.ndarray) -> float:
    """How much of the walker's forward direction an oblique camera shows: the cosine of the
    angle between the picture and the walker's side, from the shoulders' typical width."""
    ratio = float(np.nanmedian(shoulder_width_ratio(points)))
    return max(MIN_SAGITTAL_SHARE, float(np.sqrt(max(0.0, 1 - min(1.0, ratio / SHOULDER_OVER_TORSO) ** 2))))


def pitch_deg(p: dict[str, np.ndarray], view: str) -> np.ndarray:
    """Head pitch, positive = tipped down. Side: on the walker's own scale (0 = level gaze);
    front and back: only its changes are meaningful (the camera's height shifts it)."""
    if view in ("front", "back"):
        ear_mid = (p["left_ear"] + p["right_ear"]) / 2
        width = np.abs(p["left_ear"][:, 0] - p["right_ear"][:, 0])
        drop = (p["nose"][:, 1] - ear_mid[:, 1]) / _reference(width)
        return _arcsin_deg(drop / FACE_PITCH_SPAN)
    pitches = []
    for side in ("left", "right"):
        d = p[f"{side}_eye"] - p[f"{side}_ear"]
        pitches.append(np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0]))))
    raw = np.nanmean(np.vstack(pitches), axis=0) + EYE_ABOVE_FRANKFORT_DEG
    return SIDE_PITCH_GAIN * raw


def yaw_deg(p: dict[str, np.ndarray], view: str, torso_len: np.ndarray) -> np.ndarray:
    """Head yaw: front and back signed (0 = facing the camera axis); side, how far the face has
    turned out of profile (towards or away from the camera), unsigned."""
    ear_mid = (p["left_ear"] + p["right_ear"]) / 2
    if view == "side":
        # In profile the nose is furthest from the ears in the picture; tipping the head turns
        # that distance within the picture, turning it shortens it.
        reach = np.linalg.norm(p["nose"] - ear_mid, axis=1) / torso_len
        return _arccos_deg(reach / _reference(reach))
    # A head is about a sphere with the ears at its sides, so the nose's offset
    # from the ears' midpoint is sin(yaw) times half the ear-to-ear width.
    ear_width = np.abs(p["left_ear"][:, 0] - p["right_ear"][:, 0]) / torso_len
    return _arcsin_deg(2 * (p["nose"][:, 0] - ear_mid[:, 0]) / (_reference(ear_width) * torso_len))


def twist_deg(p: dict[str, np.ndarray], view: str, torso_len: np.ndarray) -> np.ndarray:
    """Shoulders turned against the hips about the vertical, degrees (unsigned)."""
    shoulders = np.abs(p["left_shoulder"][:, 0] - p["right_shoulder"][:, 0]) / torso_len
    hips = np.abs(p["left_hip"][:, 0] - p["right_hip"][:, 0]) / torso_len
    if view == "side":
        return np.abs(_arcsin_deg(shoulders / SHOULDER_OVER_TORSO) - _arcsin_deg(hips / HIP_OVER_TORSO))
    return np.abs(_arccos_deg(shoulders / _reference(shoulders)) - _arccos_deg(hips / _reference(hips)))
