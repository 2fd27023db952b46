"""Everything the checks need to know about how the walker moved, in one object."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from vision import gait as gait_mod
from vision import kinematics
from vision.gait import Direction, Gait
from vision.kinematics import Kinematics
from vision.landmarks import PoseTrack, swap_legs, with_missing_frames
from vision.view import View, classify_view


@dataclass(frozen=True)
class Motion:
    """`source_track` is the track as given; `track` is it on an even timeline (dropped frames put
    back as empty rows), which is what the kinematics and the gait events index into."""

    source_track: PoseTrack
    track: PoseTrack
    kinematics: Kinematics
    gait: Gait
    view: View
    direction: Direction
    direction_agreement: float
    legs_swapped_frames: int

    @property
    def fps(self) -> float:
        return self.track.fps

    @property
    def body_height_px(self) -> float:
        """Typical nose-to-ankle height of the walker in the picture (NaN if never seen)."""
        return gait_mod.body_height_px(self.kinematics)

    @property
    def person_detected_fraction(self) -> float:
        return float(self.source_track.detected.mean()) if self.source_track.frame_count else 0.0

    @property
    def walking_time_s(self) -> float:
        """Time with the walker in view (frames with a person times the frame step)."""
        if self.track.frame_count < 2:
            return 0.0
        return float(self.source_track.detected.sum() / self.fps) if self.fps > 0 else 0.0


def analyse_motion(track: PoseTrack, visibility_min: float = kinematics.VISIBILITY_MIN,
                   direction_agreement: float = 0.8) -> Motion:
    with warnings.catch_warnings():
        # All-NaN frames (nobody in view) are expected; their means are NaN by design.
        warnings.simplefilter("ignore", RuntimeWarning)
        even = with_missing_frames(track)
        swaps = gait_mod.leg_swaps(kinematics.compute(even, visibility_min, smoothing=False))
        kin = kinematics.compute(swap_legs(even, swaps), visibility_min)
        view = classify_view(kin.points)
        gait = gait_mod.analyse_gait(kin)
        direction, agreement = gait_mod.walking_direction(kin, gait, view, direction_agreement)
    return Motion(track, even, kin, gait, view, direction, agreement, int(swaps.sum()))

