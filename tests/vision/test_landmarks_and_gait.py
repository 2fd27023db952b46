"""Landmark file round trip, leg-swap repair and the kinematic conventions."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.helpers.synthetic import Walker, side_view
from vision.gait import (_PROMINENCE_OF_BOTH_FEET, Contact, _between_crossings, _extremes, _feet_alternate,
                         _landing_part, analyse_gait, cadence)
from vision.kinematics import compute
from vision.landmarks import CSV_HEADER, INDEX, LandmarkFileError, make_track, read_csv, write_csv
from vision.motion import analyse_motion


def test_landmark_csv_round_trip_is_exact(tmp_path) -> None:
    track = side_view(Walker(duration_s=3.0))
    points = track.points.copy()
    points[10:14] = np.nan  # nobody found in a few frames
    track = make_track(track.time_s, points)
    path = tmp_path / "track.csv"
    write_csv(track, path)
    header = path.read_text().splitlines()[0].split(",")
    assert header[:6] == ["frame", "time_s", "nose_x", "nose_y", "nose_z", "nose_visibility"]
    assert header[-1] == "right_foot_index_visibility" and len(header) == 2 + 33 * 4
    again = read_csv(path)
    np.testing.assert_array_equal(again.points, track.points)
    np.testing.assert_array_equal(again.time_s, track.time_s)
    assert again.detected.sum() == track.frame_count - 4


def test_landmark_csv_with_missing_columns_is_refused(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(",".join(CSV_HEADER[:-8]) + "\n" + ",".join(["1"] * (len(CSV_HEADER) - 8)) + "\n")
    with pytest.raises(LandmarkFileError, match="lacks landmark columns: left_foot_index_x"):
        read_csv(path)


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("frame,time_s\n1,0.0\n", "lacks landmark columns"),
    (",".join(CSV_HEADER) + "\n", "no frames"),
    (",".join(CSV_HEADER) + "\n" + "0,0.0," + ",".join(["abc"] * 132) + "\n", "not a number"),
])
def test_unusable_landmark_files_say_why(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content)
    with pytest.raises(LandmarkFileError, match=message):
        read_csv(path)


def test_swapped_leg_labels_are_repaired_and_events_unchanged() -> None:
    track = side_view(Walker(duration_s=8.0))
    points = track.points.copy()
    left = [INDEX[f"left_{p}"] for p in ("hip", "knee", "ankle", "heel", "foot_index")]
    right = [INDEX[f"right_{p}"] for p in ("hip", "knee", "ankle", "heel", "foot_index")]
    swapped_frames = list(range(40, 52)) + list(range(130, 136))
    for i in swapped_frames:
        points[i, left + right] = points[i, right + left]
    clean = analyse_motion(track)
    broken = analyse_motion(make_track(track.time_s, points))
    assert broken.legs_swapped_frames == len(swapped_frames) and clean.legs_swapped_frames == 0
    assert [(c.row, c.foot, c.part) for c in broken.gait.contacts] == [
        (c.row, c.foot, c.part) for c in clean.gait.contacts]
    np.testing.assert_allclose(broken.kinematics.knee_flexion_left_deg, clean.kinematics.knee_flexion_left_deg)
    assert broken.gait.knee_rom_deg("left") == pytest.approx(clean.gait.knee_rom_deg("left"))


def test_angle_conventions() -> None:
    kin = compute(side_view(Walker(duration_s=4.0, knee_rom_deg=60.0)))
    assert np.nanmin(kin.knee_flexion_left_deg) == pytest.approx(10.0, abs=1.5)  # near straight in stance
    assert np.nanmax(kin.knee_flexion_left_deg) == pytest.approx(70.0, abs=1.5)
    assert np.nanmedian(kin.head_pitch_deg) == pytest.approx(0.0, abs=1.0)  # level gaze reads 0
    assert np.nanmax(kin.foot_pitch_left_deg) > 15  # toe below heel at landing is positive
    assert set(np.unique(kin.facing_sign[~np.isnan(kin.facing_sign)])) == {1.0}


def test_square_on_steps_count_only_where_both_feet_are_found_about_as_often() -> None:
    """One foot's landings alone would count half the steps at half the cadence."""
    assert _feet_alternate(["left", "right", "left"])
    assert _feet_alternate(["right", "left"] * 6 + ["right"])
    assert not _feet_alternate(["right"] * 7 + ["left"] * 3)
    assert not _feet_alternate(["right"] * 7)


# A heel-first landing as the rendered side cameras saw it (30 fps, degrees toe down against the
# flat foot): found two frames before the heel touches, with the swing's pointed toe, its toe up
# a frame after, then down flat.
HEEL_SHOWN_LATE = np.array([12.0, 3.0, -5.0, -11.0, -12.0, -9.0, -4.0, -1.0, 0.0, 0.0, 0.0])
# A real foot as found: flat, then its reading sinking through the stance and staying there.
SINKING = np.array([2.0, -4.0, -8.0, -11.0, -13.0, -15.0, -16.0, -15.0, -15.0, -15.0, -15.0])


def test_a_heel_first_landing_is_told_by_the_toe_up_just_after_it_is_found() -> None:
    assert _landing_part(HEEL_SHOWN_LATE, 0, 0.0, 0.0, 30.0) == ("heel", -11.0)
    # A toe-first landing coming down flat; past 0.1 s its reading is the stance's, not the landing's.
    assert _landing_part(np.r_[20.0, 15.0, 9.0, 4.0, -9.0], 0, 0.0, 0.0, 30.0) == ("toe", 20.0)


def test_a_foot_whose_reading_sinks_through_its_stance_is_not_landing_on_its_heel() -> None:
    own_flat = float(np.median(SINKING[4:]))
    assert _landing_part(SINKING, 0, 0.0, own_flat, 30.0) == ("flat", 2.0)


def test_without_the_stance_after_it_a_landing_is_read_as_it_lands() -> None:
    """The clip's last landing, or a live window's: the toe up just after is not confirmed."""
    assert _landing_part(HEEL_SHOWN_LATE, 0, 0.0, None, 30.0) == ("toe", 12.0)


def _landings(times_s: list[float]) -> list[Contact]:
    return [Contact(round(t * 30), t, "left" if k % 2 else "right", "unseen", 0.0) for k, t in enumerate(times_s)]


def test_steps_alternating_short_and_long_count_one_each() -> None:
    """Square on one foot's landings are found early and the other's late (rendered slow walk
    from the front: 0.54 s and 0.93 s by turns for 0.75 s steps); each interval is one step."""
    intervals = [0.54, 0.93] * 5 + [0.54]
    steps_per_min, step_s = cadence(_landings(np.cumsum([0.9] + intervals).tolist()))
    assert step_s == pytest.approx(sum(intervals) / len(intervals), abs=0.001)
    assert steps_per_min == pytest.approx(60 * len(intervals) / sum(intervals), abs=0.1)


def test_steps_a_third_as_long_as_the_next_count_one_each() -> None:
    """From a camera close behind, the left foot's landings are found 0.3-0.4 s late (held-out
    `late_faults`: 0.27-0.33 s and 0.8-0.87 s by turns for 0.55 s steps). Counted interval by
    interval, a 0.27 s one rounded to no step (one at least) and a 0.83 s one to two: 127 steps a
    minute for 109."""
    intervals = [0.27, 0.83] * 5
    steps_per_min, step_s = cadence(_landings(np.cumsum([0.7] + intervals).tolist()))
    assert step_s == pytest.approx(0.55, abs=0.001)
    assert steps_per_min == pytest.approx(109.1, abs=0.1)


def test_a_missed_landing_does_not_slow_the_cadence() -> None:
    times = [0.5 + 0.6 * k for k in range(12) if k != 5]
    assert cadence(_landings(times)) == (100.0, 0.6)


def _reach(stop_s: float | None, end_s: float = 4.0) -> np.ndarray:
    """A foot's reach at 30 fps: one landing a second (a peak at 0.5, 1.5, ...), held from `stop_s` on."""
    time_s = np.arange(0.0, end_s, 1 / 30)
    if stop_s is not None:
        time_s = np.minimum(time_s, stop_s)
    return np.sin(2 * np.pi * (time_s - 0.25))


def test_the_landing_a_walker_stops_on_is_found_where_the_reach_is_held() -> None:
    """A stop just after a landing, or on a shorter last step, holds the foot's reach (no fall follows):
    held 0.1 s it is a landing, where the hold began."""
    walking = [15, 45, 75]
    assert _extremes(_reach(None), 30.0, 0.4, open_end=True).tolist() == walking + [105]
    assert _extremes(_reach(3.55), 30.0, 0.4, open_end=True).tolist() == walking + [105]
    assert _extremes(_reach(3.4), 30.0, 0.4, open_end=True).tolist() == walking + [102]
    # Held for less than 0.1 s at the track's end, or still rising: the foot may be reaching yet.
    assert _extremes(_reach(3.55, end_s=3.6), 30.0, 0.4, open_end=True).tolist() == walking
    assert _extremes(_reach(None, end_s=3.45), 30.0, 0.4, open_end=True).tolist() == walking
    assert _extremes(_reach(3.55), 30.0, 0.4).tolist() == walking


def test_a_leg_that_reaches_less_keeps_its_landings_where_the_feet_come_level_between_them() -> None:
    """One stride in 40 frames, as the held-out stiff right leg from a tripod at the left: the left
    foot reaches 0.21 body heights (landing at 0, 40, ...), the right only 0.07, its swing nearly
    done by frame 14 and landing at 21, while the left still reaches past the pelvis. The feet's
    maximum dips 0.025 between the two landings, too little for a peak of its own, but the feet come
    level either side of the right's landing: every landing is found, each once."""
    frames = np.arange(240)

    def foot(knots: list[tuple[int, float]]) -> np.ndarray:
        x, y = zip(*knots)
        return np.interp(frames % 40, x, y)

    left = foot([(0, 0.21), (26, -0.11), (40, 0.21)])
    right = foot([(0, -0.143), (6, -0.21), (14, 0.06), (21, 0.07), (40, -0.143)])
    lead, trail = np.maximum(left, right), np.minimum(left, right)
    gap_s = 0.7 * 20 / 30
    peaks = _extremes(lead, 30.0, gap_s, prominence=_PROMINENCE_OF_BOTH_FEET)
    assert peaks.tolist() == [40, 80, 120, 160, 200]  # the left's alone
    crossings = _extremes(trail - lead, 30.0, gap_s / 2, prominence=_PROMINENCE_OF_BOTH_FEET)
    assert _between_crossings(lead, crossings, peaks, int(0.8 * gap_s * 30)).tolist() == [
        21, 40, 61, 80, 101, 120, 141, 160, 181, 200, 221]


def test_a_glitch_that_brings_the_feet_level_just_after_a_landing_adds_no_landing() -> None:
    """One step in 20 frames, each foot landing at its furthest reach and moving back through a stance of 30
    frames, so the feet come level 15 frames after a landing. For three frames after each landing the model
    puts the feet level (as on the real walker with a little sensor noise), a crossing of its own: the reach
    left in the 12 frames from it to the true crossing, falling from the landing, is that landing's, not a
    step's. Every landing is found, once."""
    frames = np.arange(240)

    def foot(shift: int) -> np.ndarray:
        return np.interp((frames + shift) % 40, [0, 30, 40], [0.2, -0.2, 0.2])

    left, right = foot(0), foot(20)
    glitch = np.isin(frames % 20, [2, 3, 4]) & (frames > 20)
    left[glitch] = right[glitch] = (left[glitch] + right[glitch]) / 2
    lead, trail = np.maximum(left, right), np.minimum(left, right)
    gap_s = 0.7 * 20 / 30
    peaks = _extremes(lead, 30.0, gap_s, prominence=_PROMINENCE_OF_BOTH_FEET)
    crossings = _extremes(trail - lead, 30.0, gap_s / 2, prominence=_PROMINENCE_OF_BOTH_FEET)
    assert {23, 43, 63} <= set(crossings.tolist())  # the glitches' crossings are found
    assert _between_crossings(lead, crossings, peaks, int(0.8 * gap_s * 30)).tolist() == list(range(20, 240, 20))


def test_from_the_side_the_far_knee_read_straight_behind_the_near_leg_keeps_its_range() -> None:
    """While the knees overlap in the picture the model pulls the far knee's points towards the near
    leg and reads it straighter than it is: its straightest reading is taken where they are apart. The
    near knee's comes from every frame."""
    track = side_view(Walker(duration_s=8.0))
    points = track.points.copy()
    points[:, INDEX["right_hip"], 2] = -0.1  # the right leg nearer the camera
    kin = compute(make_track(track.time_s, points))
    thigh = np.linalg.norm(kin.xy("right_hip") - kin.xy("right_knee"), axis=1)
    behind = np.abs(kin.xy("left_knee")[:, 0] - kin.xy("right_knee")[:, 0]) < 0.1 * thigh
    straighter = {f"knee_flexion_{foot}_deg": np.where(behind, 0.0, kin.knee(foot)) for foot in ("left", "right")}
    pulled = dataclasses.replace(kin, **straighter)
    sign = -int(kin.facing_sign[0])  # travel against the facing: walking backwards
    clean_gait, pulled_gait = analyse_gait(kin, sign), analyse_gait(pulled, sign)
    assert behind.mean() > 0.05 and len(clean_gait.strides_of("left")) >= 5
    assert np.nanmin(kin.knee_flexion_left_deg[behind]) > 9.0
    assert pulled_gait.knee_rom_deg("left") == pytest.approx(clean_gait.knee_rom_deg("left"), abs=0.5)
    assert pulled_gait.knee_rom_deg("right") > clean_gait.knee_rom_deg("right") + 9.0
