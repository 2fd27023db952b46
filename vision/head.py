"""Head pitch, head yaw and trunk twist, each measured the way the camera's view allows.

From the side the head's tilt is the ear-to-eye line, and a turn of the head shows as the nose
coming back over the ears; the trunk's twist shows as the shoulders widening while the hips stay
narrow. From the front the tilt shows as the nose dropping against the ears and as the ears
sinking towards the shoulders (the neck bends with the head); from behind, where the face is a
guess, as the ears sinking alone.
Square on, a turn shows as the nose moving sideways between the ears, a twist as the shoulders
narrowing against the hips (and, from behind, against their own width).
The gains are calibrated against rendered walkers with exact truth (tests/rendered/, README
"Views and accuracy"): MediaPipe's face points move less than the head does.
"""

from __future__ import annotations

import numpy as np

from vision.view import SHOULDER_OVER_TORSO

# The eye centre sits about 8 degrees above the ear-to-orbit (Frankfort) line
# that is level when the head is held level; adding it makes level gaze read 0.
EYE_ABOVE_FRANKFORT_DEG = 8.0
# Front view: the nose's drop against the ears, in ear widths, per unit sine of head pitch.
FACE_PITCH_SPAN = 0.7
# What MediaPipe reads against the rendered truth: raw = slope * true + intercept. From the face,
# in degrees: its points move about half as far as the head turns down (side 0.52, front 0.39), so
# a 20 degree head-down spell would read as 8-10 uncalibrated. From the ears' drop towards the
# shoulders, in torso lengths: in front 0.0027 (a laptop on a desk, 0.85 m) to 0.0035 (1.35 m) a
# degree, behind 0.0011-0.0014 (1.35 and 1.7 m; there the guessed face points moved 3 degrees for
# a 25 degree tilt). In front and behind the intercepts also depend on the camera's height, which
# the walker's own neutral takes out.
FACE_READING = {"side": (0.52, -3.4), "front": (0.39, 12.3)}
EAR_DROP_READING = {"front": (0.0031, -0.46), "back": (0.0012, -0.42)}
# In front both readings are taken, each weighted by the inverse of its variance: frame to frame about
# its own line against the truth the face's scatters 8.2 degrees, the ears' 3.0 (medians over 27
# rendered front clips). An equal mean let the face's slope, which fell to 0.22 a degree on two heavier
# walkers (the ears' to 0.0018-0.0025), hide a 27 degree spell (read 19).
READING_SCATTER_DEG = {"face": 8.2, "ears": 3.0}
# At an angle, the drop of the face's five points against the shoulders, in torso lengths a degree
# (four rendered cameras 45-52 degrees off the facing): 0.0018-0.0029 with the face towards the
# camera, 0.0016-0.0021 with the back to it. A head tipping down carries the face forwards, down
# the picture of a camera in front and up that of one behind (square on: 0.0031 and 0.0012).
OBLIQUE_DROP_READING = {"faces camera": 0.0025, "back to camera": 0.0019}
EARS = ("left_ear", "right_ear")
FACE = ("nose", "left_eye", "right_eye") + EARS
# MediaPipe's face and shoulder points turn less than the body does: measured against the
# rendered truth, per view (README "Views and accuracy"); shoulders widen little in profile. (From the
# side a face turning towards the camera reads short, but a gain there would lift a real walker's profile
# jitter towards a look.) From behind the nose is a guess that barely leaves the ears' midpoint until the
# face starts to show: over 38 rendered back clips the truth's turns read (median, degrees of the nose's
# reading) 12 at 45, 21 at 65, 30 at 75, 51 at 95, so a gain (1.6 until this round) read a 55 degree
# glance as 21 and counted 32 of 53 looks. The reading is mapped onto the truth piecewise instead, its
# 45 set where clean walking's reading stays below in 99 frames of 100 (15, pooled), not at the median.
BACK_YAW_FROM_READING_DEG = ((0.0, 6.0, 15.0, 30.0, 53.0), (0.0, 15.0, 45.0, 70.0, 90.0))
TWIST_GAIN = {"side": 2.5, "front": 1.3, "back": 1.3}
# A head turned this far is looking back, and its tilt is not read. From the side a head tipped
# down reads turned too (the nose comes nearer the ears in the picture): 24-28 degrees in the
# rendered spells, 30 or more in a third of their frames from the walker's left, where looks read
# 50-80; so there a turn counts from further. From behind the tilt is the ears' drop, which a turn
# barely moves, and the turn is read on the truth's scale (BACK_YAW_FROM_READING_DEG): a turn masks the
# tilt there from 51, the reading the gain of 1.6 read as 30, so the head-down reading is as it was
# calibrated and tested (at 30 on the new scale more frames were masked, 39 for 8 on one walk, and three
# clips' tilt read more than 10 degrees off at one frame in ten, none before).
TURNED_DEG = 30.0
TURNED_DEG_BY_VIEW = {"side": 40.0, "back": 51.0}
# Apparent hip width over torso length when seen square on (MediaPipe on the rendered walkers).
HIP_OVER_TORSO = 0.38


def _reference(series: np.ndarray) -> float:
    """A high percentile of a width ratio: its value when seen square on."""
    valid = series[~np.isnan(series)]
    return float(np.percentile(valid, 90)) if len(valid) else np.nan


def _typical(series: np.ndarray) -> float:
    return float(np.nanmedian(series)) if np.any(~np.isnan(series)) else np.nan


def _arcsin_deg(ratio: np.ndarray) -> np.ndarray:
    return np.degrees(np.arcsin(np.clip(ratio, -1, 1)))


def _arccos_deg(ratio: np.ndarray) -> np.ndarray:
    return np.degrees(np.arccos(np.clip(ratio, 0, 1)))


def pitch_deg(p: dict[str, np.ndarray], view: str, yaw_deg: np.ndarray, twist_deg: np.ndarray,
              torso_len: np.ndarray, faces_camera: bool) -> np.ndarray:
    """Head pitch, positive = tipped down; NaN while the head is turned (a look over the shoulder
    moves the face points as a tilt would) and, where the shoulders are a reference (in front and
    behind), while the trunk is twisted. Side: on the walker's own scale (0 = level gaze); front,
    back and at an angle: only its changes are meaningful (the camera's height shifts it). In
    front, the face's reading and the ears' weighted by their scatter (READING_SCATTER_DEG). At an
    angle a turn is not told, and a brief look passes under a head-down spell's running median."""
    if view == "oblique":
        facing = "faces camera" if faces_camera else "back to camera"
        return _drop(p, torso_len, FACE) / OBLIQUE_DROP_READING[facing]
    turned = np.abs(yaw_deg) >= TURNED_DEG_BY_VIEW.get(view, TURNED_DEG)
    readings, weights = [], []
    if view != "back":  # behind, the face points are a guess
        raw = _face_pitch_deg(p, torso_len) if view == "front" else _profile_pitch_deg(p)
        slope, intercept = FACE_READING.get(view, (1.0, 0.0))
        readings.append((raw - intercept) / slope)
        weights.append(READING_SCATTER_DEG["face"] ** -2)
    if view in EAR_DROP_READING:
        slope, intercept = EAR_DROP_READING[view]
        readings.append((_drop(p, torso_len, EARS) - intercept) / slope)
        weights.append(READING_SCATTER_DEG["ears"] ** -2)
        turned |= twist_deg >= TURNED_DEG
    pitch = np.average(readings, axis=0, weights=weights)
    with np.errstate(invalid="ignore"):
        pitch[turned] = np.nan
    return pitch


def _drop(p: dict[str, np.ndarray], torso_len: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """How far the named head points are below the shoulders on average, in torso lengths
    (negative: above them; a walker receding from the camera keeps the ratio). The neck bends with
    a head tipping down, carrying the head forward and down."""
    head_y = np.mean([p[name][:, 1] for name in names], axis=0)
    shoulders = (p["left_shoulder"][:, 1] + p["right_shoulder"][:, 1]) / 2
    return (head_y - shoulders) / torso_len


def _face_pitch_deg(p: dict[str, np.ndarray], torso_len: np.ndarray) -> np.ndarray:
    """The nose's drop in ear widths. The width is the head's square-on one (a high percentile over
    the walk: a turned head looks narrower) at this frame's scale (the torso's length), so a walker
    receding from the camera, who halves in size, does not read as lifting their head."""
    ear_mid = (p["left_ear"] + p["right_ear"]) / 2
    width = np.abs(p["left_ear"][:, 0] - p["right_ear"][:, 0]) / torso_len
    drop = (p["nose"][:, 1] - ear_mid[:, 1]) / (_reference(width) * torso_len)
    return _arcsin_deg(drop / FACE_PITCH_SPAN)


def _profile_pitch_deg(p: dict[str, np.ndarray]) -> np.ndarray:
    pitches = []
    for side in ("left", "right"):
        d = p[f"{side}_eye"] - p[f"{side}_ear"]
        pitches.append(np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0]))))
    return np.nanmean(np.vstack(pitches), axis=0) + EYE_ABOVE_FRANKFORT_DEG


def yaw_deg(p: dict[str, np.ndarray], view: str, torso_len: np.ndarray) -> np.ndarray:
    """Head yaw: front and back signed (0 = facing as the walk typically does); side, how far the face has
    turned out of profile (towards or away from the camera), unsigned. At an angle, NaN: the face
    reading saturates, and a turn away from the camera moves nothing seen."""
    if view == "oblique":
        return np.full(len(torso_len), np.nan)
    ear_mid = (p["left_ear"] + p["right_ear"]) / 2
    if view == "side":
        # In profile the nose is furthest from the ears in the picture; tipping the head turns
        # that distance within the picture, turning it shortens it.
        reach = np.linalg.norm(p["nose"] - ear_mid, axis=1) / torso_len
        yaw = _arccos_deg(reach / _reference(reach))
    else:
        # A head is about a sphere with the ears at its sides, so the nose's offset
        # from the ears' midpoint is sin(yaw) times half the ear-to-ear width.
        ear_width = np.abs(p["left_ear"][:, 0] - p["right_ear"][:, 0]) / torso_len
        yaw = _arcsin_deg(2 * (p["nose"][:, 0] - ear_mid[:, 0]) / (_reference(ear_width) * torso_len))
        # Against the walk's typical yaw (looks back are brief): a camera off the walking line reads
        # the walker's straight-ahead head turned all walk (+16 degrees from behind 22 degrees to the
        # right, +13 from in front 12 degrees to the right), adding to looks one way and taking from the other.
        yaw = yaw - _typical(yaw)
        if view == "back":
            return np.sign(yaw) * np.interp(np.abs(yaw), *BACK_YAW_FROM_READING_DEG)
    return np.clip(yaw, -90.0, 90.0)


def twist_deg(p: dict[str, np.ndarray], view: str, torso_len: np.ndarray) -> np.ndarray:
    """Shoulders turned against the hips about the vertical, degrees (unsigned). At an angle, NaN:
    the rendered twists showed only when they turned the shoulders into profile."""
    if view == "oblique":
        return np.full(len(torso_len), np.nan)
    shoulders = np.abs(p["left_shoulder"][:, 0] - p["right_shoulder"][:, 0])
    hips = np.abs(p["left_hip"][:, 0] - p["right_hip"][:, 0])
    # The walk's typical shoulders against hips is the untwisted one (looks back are brief).
    if view == "side":
        # In profile a twist either way widens the shoulders while the hips stay narrow. A camera
        # a little off square to the path, or the walker's own carriage, widens one of them all
        # walk long: from the rendered walker's left the hips read 0.09 torso lengths wide, from
        # its right 0.03, and a look with the head alone read a 31 degree twist. Only the shoulders
        # widening past the hips counts: the hips widening with each step is the gait's sway
        # (counted both ways, looks with the head alone read up to 30 degrees of twist, 25 without).
        # The model narrows the hips during a look with the head alone (from 0.10 torso lengths to none,
        # on a held-out walker from the left), which against the hips alone read 43 degrees of twist:
        # the shoulders must also widen past their own typical width (both must show it, as from behind).
        shoulder_deg = _arcsin_deg(shoulders / torso_len / SHOULDER_OVER_TORSO)
        shoulders_past_hips = shoulder_deg - _arcsin_deg(hips / torso_len / HIP_OVER_TORSO)
        twist = np.maximum(np.fmin(shoulders_past_hips - _typical(shoulders_past_hips),
                                   shoulder_deg - _typical(shoulder_deg)), 0.0)
    else:
        # Square on, a twist narrows the shoulders against the hips, which stay square. From behind the
        # hips' apparent width swings by a quarter through each step (20-27 px against 51 px shoulders on a
        # tripod at 1.7 m), which against the hips alone read 32 degrees of twist on clean walking, so there
        # the shoulders must also narrow against their own typical width. In front the hips hold still,
        # and the shoulders' own width narrowed least: within twisted looks the model can widen the hips
        # as it narrows the shoulders (a 45-50 degree twist from 8 degrees off the front read 17-26 against
        # both, 40 against the hips); against the hips alone 22 of 26 rendered twisted looks are found
        # twisted (19 against both), and still none of 21 with the head alone.
        ratio = shoulders / hips
        twist = _arccos_deg(ratio / _typical(ratio))
        if view == "back":
            width = shoulders / torso_len
            twist = np.fmin(twist, _arccos_deg(width / _typical(width)))
    return np.clip(TWIST_GAIN.get(view, 1.0) * twist, 0.0, 90.0)
