"""The view: how far the walking direction is foreshortened at an angle, and which leg is nearer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vision.landmarks import INDEX, N_LANDMARKS
from vision.view import SHOULDER_OVER_TORSO, faces_camera, facing_runs, near_leg, oblique_stretch


def torso(shoulder_width: float, hips_depth: float = 0.0, frames: int = 20) -> np.ndarray:
    """A torso 100 px long whose shoulders look `shoulder_width` px wide; the left hip
    `hips_depth` px further from the camera than the right."""
    points = np.full((frames, N_LANDMARKS, 4), np.nan)
    for side, sign in (("left", 1), ("right", -1)):
        points[:, INDEX[f"{side}_shoulder"]] = (200 + sign * shoulder_width / 2, 100, 0, 1)
        points[:, INDEX[f"{side}_hip"]] = (200 + sign * 10, 200, hips_depth if side == "left" else 0, 1)
    return points


@pytest.mark.parametrize("off_the_side_deg", [0, 20, 38])
def test_the_walking_direction_is_stretched_back_by_the_angle_the_shoulders_show(off_the_side_deg: float) -> None:
    """Shoulders seen at an angle look cos(facing) as wide as square on; the walk's direction
    shrinks by sin(facing)."""
    facing = math.radians(90 - off_the_side_deg)
    points = torso(100 * SHOULDER_OVER_TORSO * math.cos(facing))
    assert oblique_stretch(points) == pytest.approx(1 / math.sin(facing), rel=1e-6)


def test_past_45_degrees_from_the_side_the_stretch_stops_at_its_value_there() -> None:
    assert oblique_stretch(torso(100 * SHOULDER_OVER_TORSO * 0.9)) == pytest.approx(math.sqrt(2))


def test_the_near_leg_is_the_one_nearer_in_depth() -> None:
    assert near_leg(torso(40, hips_depth=90)) == "right"
    assert near_leg(torso(40, hips_depth=-90)) == "left"
    assert near_leg(torso(40, hips_depth=0)) is None


def test_a_walker_facing_the_camera_shows_their_left_shoulder_on_the_pictures_right() -> None:
    assert faces_camera(torso(40))
    assert not faces_camera(torso(-40))
    looking_back = torso(40)
    looking_back[:5] = torso(-40, frames=5)  # a quarter of the frames turned the other way
    assert faces_camera(looking_back)


def test_a_walker_who_turns_round_faces_the_camera_one_stretch_and_turns_their_back_the_next() -> None:
    """3 s facing the camera, then 3 s with the back to it; a half-second look the other way and a
    frame with no shoulders do not start a stretch of their own."""
    points = np.concatenate([torso(40, frames=90), torso(-40, frames=90)])
    points[30:45] = torso(-40, frames=15)
    points[120, INDEX["left_shoulder"]] = np.nan
    assert facing_runs(points, 30.0) == [(0, 90, True), (90, 180, False)]
    assert facing_runs(torso(-40, frames=90), 30.0) == [(0, 90, False)]
