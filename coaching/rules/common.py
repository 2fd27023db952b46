"""Pieces every rule uses: view gates, episodes of a condition, findings for spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from coaching.findings import Finding, Severity
from vision.gait import FEET, FEET_SEEN_MIN, feet_seen_share
from vision.kinematics import true_runs
from vision.motion import Motion

VIEW_WORDS = {"side": "from the side", "front": "from the front", "back": "from behind",
              "oblique": "at an angle", "unknown": "from a view that could not be told"}
# Views each kind of check can be judged from (what the rendered walkers showed).
# At an angle the knee and the landings of the leg nearer the camera (Motion.legs_seen): the far
# leg is behind it.
KNEE_VIEWS = ("side", "oblique")
LANDING_VIEWS = ("side", "oblique")
HEAD_PITCH_VIEWS = ("side", "front", "back", "oblique")
LOOK_VIEWS = ("front", "back", "side")
# Where the camera stands, for saying which set-up would show a check (at an angle shows one leg,
# so the side is what to advise).
CAMERA_WORDS = {"side": "at the side", "front": "in front", "back": "behind"}
_NEEDS = " need a camera "


def needed_camera(views: tuple[str, ...]) -> str:
    """'a camera in front or behind' for the views a check can be judged from."""
    words = [CAMERA_WORDS[v] for v in views if v in CAMERA_WORDS]
    return "a camera " + (", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0])


def wrong_view(motion: Motion, allowed: tuple[str, ...], what: str) -> str | None:
    """A reason to refuse judging `what`, or None when the view allows it: it names the set-up
    that would show it ('looks over the shoulder need a camera in front or behind; ...')."""
    if motion.view in allowed:
        return None
    return f"{what} need {needed_camera(allowed)}; this clip is filmed {VIEW_WORDS[motion.view]}"


def camera_needed(reason: str) -> tuple[str, str] | None:
    """(what, camera) of a wrong-view refusal: ('looks over the shoulder', 'a camera in front,
    behind or at the side'); None for any other reason."""
    head = reason.split(";")[0]
    if _NEEDS not in head:
        return None
    what, camera = head.split(_NEEDS, 1)
    return what, "a camera " + camera


def too_small(motion: Motion, min_height_px: float, what: str) -> str | None:
    """A reason to refuse judging `what` when the walker is too small in the picture."""
    height = motion.body_height_px
    if not height >= min_height_px:
        return None if np.isnan(height) else (
            f"the walker is only {height:.0f} px tall in the picture, too small to judge {what} "
            f"(at least {min_height_px:.0f} px needed); film closer or at a higher resolution")
    return None


def feet_out_of_picture(motion: Motion, what: str) -> str | None:
    """A reason to refuse judging `what` when the feet are out of the picture in most frames."""
    share = feet_seen_share(motion.kinematics)
    if share < FEET_SEEN_MIN:
        return (f"the walker's feet are out of the picture in {100 * (1 - share):.0f} % of the backward walking: "
                f"{what} need the whole body in view, head to feet: film from further away")
    return None


def leg_view_refusal(motion: Motion, views: tuple[str, ...], min_height_px: float, what: str) -> str | None:
    """Why angles of the legs cannot be judged here (wrong view, no leg seen, feet out of the picture,
    walker too small), or None."""
    refusal = (wrong_view(motion, views, what) or feet_out_of_picture(motion, what)
               or too_small(motion, min_height_px, what))
    if refusal is None and not motion.legs_seen:
        return f"{what} need a camera at the side; at this angle it could not be told which leg is nearer"
    return refusal


def hidden_leg_note(motion: Motion) -> str:
    """'; the left leg is behind the right at this angle: film from the side to judge both', or ''."""
    hidden = [foot for foot in FEET if foot not in motion.legs_seen]
    if len(hidden) != 1:
        return ""
    return f"; the {hidden[0]} leg is behind the {motion.legs_seen[0]} at this angle: film from the side to judge both"


@dataclass(frozen=True)
class Episode:
    first: int
    last: int  # inclusive frame index into the track
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def frame_step_s(motion: Motion) -> float:
    return 1.0 / motion.fps if motion.fps > 0 else 0.0


def episodes(motion: Motion, mask: np.ndarray, min_s: float) -> list[Episode]:
    """Runs of `mask` lasting at least `min_s` (each frame counts one frame step)."""
    time_s = motion.track.time_s
    step = frame_step_s(motion)
    found = []
    for lo, hi in true_runs(mask):
        episode = Episode(lo, hi - 1, float(time_s[lo]), float(time_s[hi - 1] + step))
        if episode.duration_s >= min_s - 1e-9:
            found.append(episode)
    return found


def bridged(motion: Motion, mask: np.ndarray, max_gap_s: float) -> np.ndarray:
    """`mask` with gaps of at most `max_gap_s` between two runs filled: a spell that the
    measurement's noise, or a glance aside, interrupts for a moment is one spell."""
    out = mask.copy()
    runs = true_runs(mask)
    for (_, end), (start, _) in zip(runs, runs[1:]):
        if (start - end) * frame_step_s(motion) <= max_gap_s + 1e-9:
            out[end:start] = True
    return out


def held(values: np.ndarray, enter: float, keep: float) -> np.ndarray:
    """Frames of runs at or above `keep` that reach `enter` somewhere (hysteresis): a spell starts at
    its threshold and lasts until the reading is clearly back, not at the first frame the
    measurement's noise dips under it."""
    with np.errstate(invalid="ignore"):
        return grown(values >= max(enter, keep), values >= keep)


def grown(core: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """`core` grown over the runs of `keep` that hold it: each run of `keep` with a core frame in it, whole."""
    runs, _ = ndimage.label(core | keep)
    return np.isin(runs, runs[core])


def lasting(motion: Motion, mask: np.ndarray, min_s: float) -> np.ndarray:
    """`mask` without its runs shorter than `min_s`."""
    out = np.zeros_like(mask)
    for episode in episodes(motion, mask, min_s):
        out[episode.first: episode.last + 1] = True
    return out


def valid_seconds(motion: Motion, series: np.ndarray) -> float:
    return float(np.sum(~np.isnan(series)) * frame_step_s(motion))


def finding(rule: str, motion: Motion, episode: Episode, severity: Severity, message: str, cue: str) -> Finding:
    frames = motion.track.frame_index
    return Finding(rule, round(episode.start_s, 3), round(episode.end_s, 3), int(frames[episode.first]),
                   int(frames[episode.last]), severity, message, cue)
