"""Walking bouts: real recordings that walk forwards, stop, turn and walk backwards.

Mixed clips are built from the sample: the clip as filmed (forward walking,
heel strikes), a frame held for a second (a stop), then the same frames played
backwards (backward walking, toe landings), in both orders and mirrored.
Synthetic routes add turns, stops, several backward bouts and a treadmill run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from coaching.analysis import Analysis, analyse_track, analyze
from coaching.config import Thresholds
from coaching.frames_csv import frames_csv_text
from coaching.report import SourceInfo
from tests.helpers.clips import spliced, there_and_back, transformed
from tests.helpers.synthetic import Walker, front_view, route, spells
from vision import bouts
from vision.landmarks import INDEX, swap_legs, write_csv

PAUSE_FRAMES = 30
# Forward clip: the walker is in view from about frame 40 to 200 of 230.
FORWARD_THEN_BACKWARD = there_and_back(0, 175, PAUSE_FRAMES)
BACKWARD_THEN_FORWARD = there_and_back(229, 60, PAUSE_FRAMES)


def run(track) -> Analysis:
    return analyse_track(track, Thresholds(), SourceInfo.from_track("route", "landmarks", track))


def spans_of(order: list[int]) -> dict[str, tuple[int, int]]:
    """The true frames of the two walks and the held frame in a there-and-back clip (first, last)."""
    there = order.index(order[len(order) // 2])  # first frame of the hold
    back = len(order) - 1 - order[::-1].index(order[len(order) // 2])  # last frame of the hold
    return {"first": (0, there), "pause": (there + 1, back - 1), "second": (back, len(order) - 1)}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, forward_clip: Path) -> dict[str, Analysis]:
    folder = tmp_path_factory.mktemp("mixed")
    forward_back = spliced(forward_clip, folder / "forward_back.mp4", FORWARD_THEN_BACKWARD)
    return {
        "forward_back": analyze(forward_back),
        "back_forward": analyze(spliced(forward_clip, folder / "back_forward.mp4", BACKWARD_THEN_FORWARD)),
        "forward_back_mirrored": analyze(transformed(forward_back, folder / "mirrored.mp4", lambda f: f[:, ::-1])),
    }


def covered(analysis: Analysis, activity: str, direction: str, span: tuple[int, int]) -> float:
    """Share of the frames of `span` in which the walker is seen that lie in a bout of that kind."""
    frames = [f for f in range(span[0], span[1] + 1) if analysis.motion.track.detected[f]]
    hits = 0
    for f in frames:
        bout = analysis.motion.bout_at(f)
        hits += bout is not None and bout.activity == activity and bout.direction == direction
    return hits / len(frames)


@pytest.mark.parametrize("name, first, second", [("forward_back", "forward", "backward"),
                                                 ("back_forward", "backward", "forward"),
                                                 ("forward_back_mirrored", "forward", "backward")])
def test_each_walk_and_the_stop_is_its_own_bout(mixed, name: str, first: str, second: str) -> None:
    analysis = mixed[name]
    order = FORWARD_THEN_BACKWARD if name != "back_forward" else BACKWARD_THEN_FORWARD
    spans = spans_of(order)
    assert covered(analysis, "walking", first, spans["first"]) >= 0.8
    assert covered(analysis, "walking", second, spans["second"]) >= 0.8
    assert covered(analysis, "standing", "none", spans["pause"]) >= 0.8
    report = analysis.report
    assert [b.activity for b in report.bouts] == ["walking", "standing", "walking"]
    # Bouts carry source-video frame numbers and times that agree with each other.
    for bout in report.bouts:
        assert bout.start_s == pytest.approx(bout.start_frame / 30.0, abs=0.02)


@pytest.mark.parametrize("name", ["forward_back", "back_forward", "forward_back_mirrored"])
def test_landings_are_read_with_their_bouts_direction(mixed, name: str) -> None:
    report = mixed[name].report
    direction = {b.index: b.direction for b in report.bouts}
    backward = [c.part for c in report.contacts if direction[c.bout] == "backward"]
    forward = [c.part for c in report.contacts if direction[c.bout] == "forward"]
    assert len(backward) >= 5 and backward.count("toe") / len(backward) >= 0.85
    assert len(forward) >= 5 and "toe" not in forward and forward.count("heel") / len(forward) >= 0.8
    # The checks judge the backward walk only: its toe landings are good form.
    assert report.checks["heel_first_landing"].status == "ok"
    assert report.direction in ("backward", "forward") and report.score == 100
    assert 4.0 <= report.walking_backward_s <= 5.5  # about 4.5 s of backward walking in view
    assert not any("forward walking" in w for w in report.warnings)


def test_backward_landings_match_the_reversed_clip(mixed, retro_analysis: Analysis) -> None:
    """The backward half of forward-then-backward is the reversed sample: its landings are the
    sample's, shifted (recall and precision within 3 frames)."""
    spans = spans_of(FORWARD_THEN_BACKWARD)
    start = spans["second"][0]
    # Clip frame start + k shows source frame 175 - k, which is frame 54 + k of the reversed sample.
    shift = start - 54
    bout_start = next(b for b in mixed["forward_back"].report.bouts if b.direction == "backward").start_frame
    truth = [c.frame + shift for c in retro_analysis.report.contacts
             if c.frame + shift >= bout_start + 9]  # a landing in the first 0.3 s out of a stop is not one
    found = [c.frame for c in mixed["forward_back"].report.contacts if c.frame >= bout_start + 9]
    matched = [t for t in truth if any(abs(t - f) <= 3 for f in found)]
    assert len(matched) / len(truth) >= 0.85 and len(matched) / len(found) >= 0.85


def test_frames_csv_carries_bouts_and_the_landmark_file_gives_the_same_bouts(mixed, tmp_path: Path) -> None:
    analysis = mixed["forward_back"]
    rows = frames_csv_text(analysis.report, analysis.motion).splitlines()
    header = rows[0].split(",")
    activities = {r.split(",")[header.index("activity")] for r in rows[1:]}
    assert {"walking", "standing", ""} <= activities
    landmarks = tmp_path / "landmarks.csv"
    write_csv(analysis.motion.source_track, landmarks)
    assert analyze(landmarks).report.bouts == analysis.report.bouts


def synthetic_bouts(analysis: Analysis) -> list[tuple[str, str]]:
    return [(b.activity, b.direction) for b in analysis.report.bouts]


def test_stops_and_turns_between_backward_bouts() -> None:
    analysis = run(route([("forward", 4.0), ("turn", 1.2), ("backward", 6.0), ("stand", 2.0), ("backward", 4.0)]))
    assert synthetic_bouts(analysis) == [("walking", "forward"), ("turning", "none"), ("walking", "backward"),
                                         ("standing", "none"), ("walking", "backward")]
    starts = [b.start_s for b in analysis.report.bouts]
    assert starts == pytest.approx([0.0, 4.0, 5.2, 11.2, 13.2], abs=0.35)
    parts = {b.index: {c.part for c in analysis.report.contacts if c.bout == b.index}
             for b in analysis.report.bouts}
    assert parts == {0: {"heel"}, 1: set(), 2: {"toe"}, 3: set(), 4: {"toe"}}
    assert analysis.report.walking_backward_s == pytest.approx(10.0, abs=0.6)
    assert analysis.report.direction == "backward"


def test_forward_walking_never_raises_a_fault() -> None:
    """Head down and stiff, heel-striking legs while walking forwards back to the start: no finding;
    the same head-down spell in the backward bout is found there."""
    walker = Walker(head_pitch_deg=spells(30.0, [(0.0, 5.0), (12.0, 15.0)]), knee_rom_deg=60.0)
    analysis = run(route([("forward", 5.0), ("stand", 1.5), ("backward", 10.0)], walker))
    report = analysis.report
    assert report.checks["heel_first_landing"].status == "ok"
    (finding,) = report.findings
    assert finding.rule == "head_down" and finding.start_s == pytest.approx(12.0, abs=0.2)


def test_a_clip_without_backward_walking_is_not_coached() -> None:
    report = run(route([("forward", 8.0)])).report
    assert {c.status for c in report.checks.values()} == {"not_assessable"}
    assert all("forward walking" in c.reason for c in report.checks.values())
    assert report.walking_backward_s == 0 and report.score is None


@pytest.mark.parametrize("stride_s", [0.72, 0.66])
def test_treadmill_run_is_running_with_its_cadence(stride_s: float) -> None:
    analysis = run(route([("forward", 12.0)], Walker(height_px=400, stride_s=stride_s, treadmill=True)))
    (bout,) = analysis.report.bouts
    assert bout.activity == "running" and bout.direction == "forward"
    assert bout.cadence_steps_per_min == pytest.approx(120.0 / stride_s, rel=0.02)
    assert any("running" in w for w in analysis.report.warnings)
    assert {c.status for c in analysis.report.checks.values()} == {"not_assessable"}


def test_treadmill_walking_is_one_bout_per_direction() -> None:
    walker = Walker(treadmill=True, height_px=400)
    assert synthetic_bouts(run(route([("backward", 10.0)], walker))) == [("walking", "backward")]
    assert synthetic_bouts(run(route([("forward", 10.0)], walker))) == [("walking", "forward")]


def test_treadmill_walking_keeps_its_direction_where_the_model_trades_the_legs_now_and_then() -> None:
    """Filmed from the side at hip height the far foot stands higher in the picture than the near
    one. Where the model trades the legs for two frames a stride, the far foot's lowest points are
    the near foot's, and its few "grounded" frames are the trades' jumps: they must not outvote the
    near foot's stance."""
    track = route([("backward", 10.0)], Walker(treadmill=True, height_px=400))
    points = track.points.copy()
    points[:, [INDEX[f"left_{part}"] for part in ("ankle", "heel", "foot_index")], 1] -= 20.0
    for phase in range(0, 36, 6):  # where in the stride the trades fall
        trades = np.flatnonzero((np.arange(track.frame_count) + phase) % 36 < 2)
        assert synthetic_bouts(run(swap_legs(dataclasses.replace(track, points=points), trades))) == [
            ("walking", "backward")], phase


def test_a_still_walker_with_jittery_landmarks_is_standing() -> None:
    analysis = run(route([("stand", 5.0)], jitter_px=3.0))
    assert synthetic_bouts(analysis) == [("standing", "none")]
    assert np.isclose(analysis.report.walking_backward_s, 0.0)


@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_treadmill_running_with_a_short_stance_keeps_its_direction(monkeypatch, direction: str) -> None:
    """Running spends under half the stride on the ground: the swing is the slower phase, so the
    direction comes from the foot on the ground, not from which phase is faster."""
    from tests.helpers import synthetic

    monkeypatch.setattr(synthetic, "STANCE", 0.38)
    analysis = run(route([(direction, 10.0)], Walker(height_px=400, stride_s=0.7, treadmill=True)))
    (bout,) = analysis.report.bouts
    assert (bout.activity, bout.direction) == ("running", direction)
    assert bout.cadence_steps_per_min == pytest.approx(120 / 0.7, rel=0.02)


def test_a_camera_at_an_angle_near_square_on_reads_one_facing_throughout() -> None:
    """The shoulders' width ratio of a walker filmed from about 45 degrees behind and above
    (rendered: 0.54-0.61) wanders across the square-on threshold: the cue the facing is read from
    must not flip with it, or the walk is cut into turns."""
    wandering = bouts.SQUARE_MIN_RATIO + 0.03 * np.sin(np.arange(240) / 4.0)
    assert not bouts._square_on(wandering - 0.02).any()
    assert bouts._square_on(wandering + 0.02).all()
    turning_round = np.concatenate([np.full(30, 0.1), np.full(30, 0.7), np.full(30, 0.1)])  # side, square on, side
    assert bouts._square_on(turning_round).tolist() == [False] * 30 + [True] * 30 + [False] * 30


def _labels_and_facing(facing_after: float) -> tuple[list[object], np.ndarray, np.ndarray]:
    """Walking backwards facing the picture's left, a 'turn' (a twisted look at an angle shows the
    shoulders square on), then the clip ends 2.5 s later facing `facing_after`, as the rendered
    slow walk's look at 5.6 s did at 30 fps; the chest towards the camera until then, and away from
    it after a turn round."""
    walking = ("walking", "backward", 1)
    labels = ([walking] * 160 + [("turning", "none", 0)] * 18 + [("walking", "backward", 0)] * 35
              + [("turning", "none", 0)] * 20 + [("walking", "none", 0)] * 7)
    facing = np.r_[np.full(170, -1.0), np.full(55, 2.0), np.full(15, facing_after)]
    chest = np.r_[np.ones(225), np.full(15, 1.0 if facing_after == -1.0 else -1.0)]
    return labels, facing, chest


def test_a_look_the_clip_ends_soon_after_is_a_look_and_a_turn_at_its_end_a_turn() -> None:
    labels, facing, chest = _labels_and_facing(-1.0)
    assert bouts._looks_not_turns(labels, facing, chest, round(bouts.LOOK_MAX_S * 30), 15, 15) == [labels[0]] * len(labels)
    blip = ("walking", "forward", 0)  # the shoulders traded for a frame just before the look
    labels[159] = blip
    assert bouts._looks_not_turns(labels, facing, chest, round(bouts.LOOK_MAX_S * 30), 15, 15) == (
        [labels[0]] * 159 + [blip] + [labels[0]] * (len(labels) - 160))
    labels, facing, chest = _labels_and_facing(1.0)  # turned round: facing the picture's right
    assert bouts._looks_not_turns(labels, facing, chest, round(bouts.LOOK_MAX_S * 30), 15, 15) == labels


def test_a_walker_standing_still_while_the_camera_creeps_up_is_standing() -> None:
    """Square on, a body that grows without stepping is a camera moving (a partner's phone, a
    following camera catching up after the walker stopped), not walking towards it."""
    still = front_view(Walker(duration_s=6.0, backward=False, reach=0.0, knee_rom_deg=0.0))
    assert synthetic_bouts(run(still)) == [("standing", "none")]


def test_a_twisted_look_that_leaves_a_square_on_walker_read_at_an_angle_is_a_look() -> None:
    """A laptop about 20 degrees off the walker's front reads the shoulders near the square-on limit:
    a look with the trunk twisted can leave them read as at an angle (the side code) after it. The
    chest still towards the camera says it was a look; turned away, a turn."""
    square, angled = ("walking", "backward", 0), ("walking", "backward", -1)
    labels = [square] * 60 + [("turning", "none", 0)] * 20 + [angled] * 150
    facing = np.r_[np.full(70, 2.0), np.full(160, 1.0)]
    looked = bouts._looks_not_turns(labels, facing, np.ones(230), round(bouts.LOOK_MAX_S * 30), 15, 15)
    assert looked == [square] * 80 + [angled] * 150
    turned = bouts._looks_not_turns(labels, facing, np.r_[np.ones(70), -np.ones(160)], round(bouts.LOOK_MAX_S * 30),
                                    15, 15)
    assert turned == labels


def test_stepping_of_unknown_direction_run_into_a_walk_of_known_direction_is_that_walk() -> None:
    """Square on with a camera that follows the walker, the first second after a stand may show no
    direction: run straight into half a second or more of backward walking, it is that walk; a
    shorter stretch of known direction (a blip) carries nothing, nor does one across a stop."""
    unknown, backward, standing = ("walking", "none", 0), ("walking", "backward", 0), ("standing", "none", 0)
    labels = [standing] * 15 + [unknown] * 36 + [backward] * 90
    assert bouts._walks_on(labels, 15) == [standing] * 15 + [backward] * 126
    blip = [unknown] * 60 + [backward] * 4 + [unknown] * 60
    assert bouts._walks_on(blip, 15) == blip
    stopped = [backward] * 60 + [standing] * 20 + [unknown] * 60
    assert bouts._walks_on(stopped, 15) == stopped
