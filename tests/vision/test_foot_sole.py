"""The feet's pitch from the person mask: a drawn leg and foot, its sole at a known angle."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from vision.foot_sole import refined_feet, sole_slope
from vision.landmarks import INDEX, N_LANDMARKS

SIZE = (240, 320)


def drawn_foot(pitch_deg: float, length_px: float = 40.0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A mask with a shin and a foot facing image right, its toe `pitch_deg` up (heel on the floor),
    and the true heel, toe and ankle points."""
    heel = np.array([140.0, 180.0])
    along = np.array([np.cos(np.radians(pitch_deg)), -np.sin(np.radians(pitch_deg))])
    up = np.array([along[1], -along[0]])  # the foot's top side
    toe = heel + length_px * along
    ankle = heel + 0.25 * length_px * along + 0.45 * length_px * up
    mask = np.zeros(SIZE, np.uint8)
    foot = np.array([heel, toe, toe + 0.2 * length_px * up, heel + 0.5 * length_px * up])
    cv2.fillPoly(mask, [np.round(foot).astype(np.int32)], 1)
    shin = np.array([ankle - [8, 0], ankle + [8, 0], ankle + [12, -90], ankle + [-4, -90]])
    cv2.fillPoly(mask, [np.round(shin).astype(np.int32)], 1)
    return mask.astype(bool), {"heel": heel, "toe": toe, "ankle": ankle}


@pytest.mark.parametrize("pitch_deg", [-25.0, 0.0, 20.0])
def test_the_sole_edge_gives_the_foots_pitch(pitch_deg: float) -> None:
    mask, p = drawn_foot(pitch_deg)
    slope = sole_slope(mask, p["heel"], p["toe"], p["ankle"])
    assert slope is not None and -np.degrees(np.arctan(slope)) == pytest.approx(pitch_deg, abs=3.0)


def test_the_models_toe_down_guess_is_turned_to_the_soles_toe_up() -> None:
    """The model's heel and toe (40 degrees toe down about the foot's middle) turn to the drawn
    foot's 20 degrees toe up; their middle and length stay; the other landmarks do not move."""
    mask, p = drawn_foot(20.0)
    middle, half = (p["heel"] + p["toe"]) / 2, 20.0 * np.array([np.cos(np.radians(-40)), -np.sin(np.radians(-40))])
    values = np.zeros((N_LANDMARKS, 4))
    for side in ("left", "right"):
        values[INDEX[f"{side}_heel"], :2], values[INDEX[f"{side}_foot_index"], :2] = middle - half, middle + half
        values[INDEX[f"{side}_ankle"], :2] = p["ankle"]
    out = refined_feet(values, mask)
    heel, toe = out[INDEX["right_heel"], :2], out[INDEX["right_foot_index"], :2]
    d = toe - heel
    assert np.degrees(np.arctan2(-d[1], d[0])) == pytest.approx(20.0, abs=3.0)
    assert np.allclose((heel + toe) / 2, middle) and np.linalg.norm(d) == pytest.approx(40.0)
    untouched = [i for i in range(N_LANDMARKS) if i not in {INDEX[f"{s}_{part}"] for s in ("left", "right")
                                                           for part in ("heel", "foot_index")}]
    assert np.array_equal(out[untouched], values[untouched])


def test_a_foot_too_small_or_seen_end_on_keeps_the_models_points() -> None:
    mask, p = drawn_foot(20.0, length_px=14.0)  # a pixel of edge is 4 degrees and more
    assert sole_slope(mask, p["heel"], p["toe"], p["ankle"]) is None
    mask, p = drawn_foot(20.0)
    end_on = p["heel"] + np.array([5.0, -38.0])  # the toe straight above the heel: pointing at the camera
    assert sole_slope(mask, p["heel"], end_on, p["ankle"]) is None
    assert sole_slope(np.zeros(SIZE, bool), p["heel"], p["toe"], p["ankle"]) is None
