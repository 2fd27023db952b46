"""Walker following with a stub estimator (tests/helpers/stub_pose.py): who the tracker is shown,
how sightings link into paths. No MediaPipe: these check the following itself, frame by frame."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers.stub_pose import Block, BlockScene, block_pose, block_pose_missing_the_small
from vision.landmarks import INDEX
from vision.people import Sighting, choose_walker, link_paths, recorded_walker
from vision.tracking import LINK_MAX_GAP_S, track_frames, track_walker
from vision.video import probe, read_frames

WALKER = Block(x0=100, x1=420, height_px=200)  # crosses the left of the picture
BYSTANDER = Block(x0=560, x1=560, height_px=260)  # stands still at the right, taller


def hip_x(points: np.ndarray) -> np.ndarray:
    return (points[:, INDEX["left_hip"], 0] + points[:, INDEX["right_hip"], 0]) / 2


@pytest.fixture(scope="module")
def scene_clip(tmp_path_factory):
    scene = BlockScene((WALKER, BYSTANDER))
    return scene, scene.write(tmp_path_factory.mktemp("scene") / "walker_and_bystander.mp4")


def test_the_stub_alone_follows_the_taller_bystander(scene_clip) -> None:
    """The control: shown the whole picture, the tracker keeps to the bystander it found first."""
    _, clip = scene_clip
    passed = track_frames(read_frames(probe(clip)), block_pose, lambda _: (None, []))
    assert np.nanmedian(np.abs(hip_x(passed.points) - BYSTANDER.x0)) < 10


def test_the_tracker_is_shown_the_walker_and_follows_them_on_every_frame(scene_clip) -> None:
    scene, clip = scene_clip
    track, summary = track_walker(probe(clip), workers=1, estimator_factory=block_pose)
    assert summary.people_seen == 2 and summary.switches == 0
    truth = np.array([WALKER.hip_x_at(i / (scene.frame_count - 1)) for i in track.frame_index])
    error = np.abs(hip_x(track.points) - truth)
    assert np.mean(error < 10) >= 0.97  # NaN (blanked, or nobody tracked) counts as a miss
    assert np.all(np.isnan(error) | (error < 10))  # and no frame is on the bystander


def test_one_worker_and_two_give_the_same_track(scene_clip) -> None:
    """The stub travels to the second worker as MediaPipe's factory does."""
    _, clip = scene_clip
    one, _ = track_walker(probe(clip), workers=1, estimator_factory=block_pose)
    two, _ = track_walker(probe(clip), workers=2, estimator_factory=block_pose)
    assert np.array_equal(one.points, two.points, equal_nan=True)


def test_a_walker_who_leaves_the_picture_and_comes_back_is_followed_both_times_and_nobody_else(tmp_path) -> None:
    """Out of the picture for 6 s (longer than the survey links across), the walker comes back further
    along; the bystander standing there all the while is not taken for them in between."""
    walker = Block(x0=60, x1=600, height_px=200, away=(0.3, 0.7))
    bystander = Block(x0=320, x1=320, height_px=260)
    scene = BlockScene((walker, bystander), seconds=15.0)
    clip = scene.write(tmp_path / "away_and_back.mp4")
    track, summary = track_walker(probe(clip), workers=2, estimator_factory=block_pose)
    fraction = track.frame_index / (scene.frame_count - 1)
    seen = np.array([walker.in_picture(f) for f in fraction])
    truth = np.array([walker.hip_x_at(f) for f in fraction])
    error = np.abs(hip_x(track.points) - truth)
    for appearance in (seen & (fraction < 0.5), seen & (fraction > 0.5)):
        assert np.mean(error[appearance] < 10) >= 0.97
    assert np.isnan(hip_x(track.points)[~seen]).all()  # away: nobody, not the bystander
    assert summary.switches == 0


def test_a_walker_too_small_for_the_detector_is_found_in_a_closer_look_and_followed_from_the_start(tmp_path) -> None:
    """Coming up to the camera from far off, the walker is under a quarter of the picture's height, which the
    stub (as BlazePose's detector) does not find in the whole frame, for the first 30 % of the clip: the
    survey finds them in a crop and the tracker is shown one, so they are followed from the first frame."""
    walker = Block(x0=330, x1=310, height_px=60, end_height_px=160, floor_y=300)
    scene = BlockScene((walker,))
    clip = scene.write(tmp_path / "coming_up.mp4")
    whole = track_frames(read_frames(probe(clip)), block_pose_missing_the_small, lambda _: (None, []))
    fraction = whole.frame_index / (scene.frame_count - 1)
    assert np.isnan(hip_x(whole.points)[fraction < 0.28]).all()  # the control: the whole frame shows nobody
    assert not np.isnan(hip_x(whole.points)[fraction > 0.32]).any()
    track, summary = track_walker(probe(clip), workers=2, estimator_factory=block_pose_missing_the_small)
    truth = np.array([walker.hip_x_at(i / (scene.frame_count - 1)) for i in track.frame_index])
    assert np.mean(np.abs(hip_x(track.points) - truth) < 5) >= 0.97
    assert summary.people_seen == 1


def _sighting(frame: int, time_s: float, x: float, height_px: float) -> Sighting:
    y = 300.0
    box = np.array([x - 0.3 * height_px, y - 0.6 * height_px, x + 0.3 * height_px, y + 0.6 * height_px])
    return Sighting(frame, time_s, box, np.array([x, y]), height_px, np.array([0.1, 0.0]))


def test_two_people_crossing_keep_their_paths() -> None:
    """A walks right, B walks left; where they cross, each sighting goes to the path heading there
    (linking to the nearest last position would swap them: after the crossing each is nearer the other's)."""
    frames = []
    for k in range(8):
        t = 0.5 * k
        frames.append([_sighting(15 * k, t, 300 + 150 * t, 200.0), _sighting(15 * k, t, 700 - 150 * t, 190.0)])
    paths = link_paths(frames, max_gap_s=LINK_MAX_GAP_S)
    assert len(paths) == 2
    for path in paths:
        xs = [s.hip_xy[0] for s in path.sightings]
        heights = {s.height_px for s in path.sightings}
        assert len(xs) == 8 and len(heights) == 1
        assert np.all(np.diff(xs) > 0) or np.all(np.diff(xs) < 0)


def test_the_walker_is_the_one_who_walks_not_the_one_seen_as_often_standing() -> None:
    frames = [[_sighting(15 * k, 0.5 * k, 200 + 60 * k, 200.0), _sighting(15 * k, 0.5 * k, 900, 240.0)]
              for k in range(8)]
    walker = choose_walker(link_paths(frames, max_gap_s=LINK_MAX_GAP_S))
    assert walker is not None and walker.sightings[0].hip_xy[0] == 200


def test_a_recorded_walker_is_joined_across_a_return_but_not_with_whoever_the_link_caught_before_it() -> None:
    """The walker walks 0-4.5 s, is away, and walks again 13-15 s; someone of their size stands
    elsewhere 6-9 s, and the survey links them to the walker's return 4 s later (a walk could
    cover that). The return is joined to the walker; the one standing is someone else."""
    def walk(times, x0, speed):
        return [[_sighting(round(30 * t), t, x0 + speed * (t - times[0]), 200.0)] for t in times]
    frames = (walk(np.arange(0.0, 4.6, 0.5), 100.0, 40.0) + walk(np.arange(6.0, 9.1, 0.5), 900.0, 0.0)
              + walk(np.arange(13.0, 15.1, 0.5), 600.0, 50.0))
    paths = link_paths(frames, max_gap_s=LINK_MAX_GAP_S)
    assert sorted((p.start_s, p.end_s) for p in paths) == [(0.0, 4.5), (6.0, 15.0)]  # the link caught them
    walker, others = recorded_walker(paths)
    assert walker is not None and walker.appearances == ((0.0, 4.5), (13.0, 15.0))
    assert walker.in_view(np.array([2.0, 7.0, 14.0])).tolist() == [True, False, True]
    assert [(o.start_s, o.end_s) for o in others] == [(6.0, 9.0)]
    assert recorded_walker(paths[:1]) == (paths[0], [])  # one path: the walker as `choose_walker` has it
