"""Head pitch at an angle: the face's drop against the shoulders, on the scale of the way the
walker faces the camera; turns and twists are not measured there. From behind, a turn on the
scale the rendered truth showed."""

from __future__ import annotations

import numpy as np
import pytest

from vision import head


def head_points(face_drop: np.ndarray) -> dict[str, np.ndarray]:
    """Shoulders level at y 100 with a torso 100 px long below them; the face's five points
    `face_drop` torso lengths below the shoulders (negative: above)."""
    frames = len(face_drop)
    p = {name: np.column_stack([np.full(frames, 200.0 + dx), 100.0 + 100.0 * face_drop])
         for name, dx in (("nose", 0), ("left_eye", 5), ("right_eye", -5), ("left_ear", 12), ("right_ear", -12))}
    p |= {"left_shoulder": np.tile([230.0, 100.0], (frames, 1)), "right_shoulder": np.tile([170.0, 100.0], (frames, 1))}
    return p


def test_at_an_angle_the_same_drop_of_the_face_is_a_larger_tilt_with_the_back_to_the_camera() -> None:
    """A head tipping down carries the face forwards: down the picture of a camera in front, up
    that of one behind, so from behind the face drops less a degree. The tilt grows with the drop."""
    drop = np.array([-0.40, -0.35, -0.30])
    torso_len = np.full(3, 100.0)
    unmeasured = np.full(3, np.nan)
    facing, back = (head.pitch_deg(head_points(drop), "oblique", unmeasured, unmeasured, torso_len, towards)
                    for towards in (True, False))
    assert np.diff(facing) == pytest.approx([0.05 / 0.0025] * 2)
    assert np.diff(back) == pytest.approx([0.05 / 0.0019] * 2)


def test_at_an_angle_turns_and_twists_are_not_measured() -> None:
    p = head_points(np.full(3, -0.4)) | {"left_hip": np.tile([210.0, 200.0], (3, 1)),
                                        "right_hip": np.tile([190.0, 200.0], (3, 1))}
    torso_len = np.full(3, 100.0)
    assert np.isnan(head.yaw_deg(p, "oblique", torso_len)).all()
    assert np.isnan(head.twist_deg(p, "oblique", torso_len)).all()
    assert not np.isnan(head.yaw_deg(p, "front", torso_len)).any()


def test_from_behind_the_noses_small_shift_is_read_as_the_larger_turn_the_rendered_truth_showed() -> None:
    """From behind the nose, a guess, barely leaves the ears' midpoint until the face shows: the shift that reads
    15 degrees in front reads 45 (the look limit) behind, either way, and the walk's typical head reads 0."""
    shift_px = 12.0 * np.sin(np.radians(15.0))  # half the ears' 24 px width times sin 15 degrees
    p = head_points(np.full(7, -0.4))
    p["nose"] = p["nose"] + np.column_stack([[0.0, 0.0, 0.0, shift_px, -shift_px, 0.0, 0.0], np.zeros(7)])
    torso_len = np.full(7, 100.0)
    assert head.yaw_deg(p, "front", torso_len)[[0, 3, 4]] == pytest.approx([0.0, 15.0, -15.0])
    assert head.yaw_deg(p, "back", torso_len)[[0, 3, 4]] == pytest.approx([0.0, 45.0, -45.0])
