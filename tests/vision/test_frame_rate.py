"""A webcam in dim light, or a cheap one, films at 15 fps: the checks work in seconds, not frames, so the rendered
walks' faults are found with half the frames as with all 30 (the clips re-timed as such a camera films them)."""

from __future__ import annotations

import pytest

from coaching.analysis import analyze
from coaching.report import Report
from tests.helpers.clips import retimed
from tests.helpers.rendered import clip, load_truth

WEBCAM_FPS = 15


@pytest.fixture(scope="module")
def at_webcam_rate(tmp_path_factory) -> dict[str, Report]:
    folder = tmp_path_factory.mktemp("webcam")
    return {f"{variant}/{view}": analyze(retimed(clip(variant, view), folder / f"{variant}_{view}.mp4",
                                                 WEBCAM_FPS)).report
            for variant, view in (("faults", "front"), ("heel_first", "side"))}


def test_a_laptop_at_15_fps_finds_the_head_down_spell_and_the_twisted_look_at_their_times(at_webcam_rate) -> None:
    """The spell within 0.2 s of the truth at each end; the look on the truth's twist, called twisted."""
    report, truth = at_webcam_rate["faults/front"], load_truth("faults")
    assert report.source.fps == pytest.approx(WEBCAM_FPS, rel=0.01) and report.view == "front"
    (spell,) = [f for f in report.findings if f.rule == "head_down"]
    (truth_spell,) = truth.spells_of("head_down")
    assert spell.start_s == pytest.approx(truth_spell.start_s, abs=0.2)
    assert spell.end_s == pytest.approx(truth_spell.end_s, abs=0.2)
    (look,) = [f for f in report.findings if f.rule == "shoulder_check_twist"]
    (twist,) = truth.spells_of("trunk_twist")
    assert look.message.startswith("Trunk twisted") and look.start_s < twist.end_s and look.end_s > twist.start_s


def test_a_phone_at_the_side_at_15_fps_finds_each_heel_first_landing_and_no_toe_first_one(at_webcam_rate) -> None:
    """Every heel-first landing with its stance in the clip (not in its last 0.9 s) flagged within 5/30 s, as
    at 30 fps, but for the walk's first, which reads flat at 30 fps too (found while the foot still points its
    toe from the swing: test_rendered_views HEEL_MISSES); none of the toe-first ones."""
    report, truth = at_webcam_rate["heel_first/side"], load_truth("heel_first")
    found = [f for f in report.findings if f.rule == "heel_first_landing"]
    first_s, end_s = min(t.time_s for t in truth.landings), truth.time_s[-1] - 0.9

    def flagged(landing) -> bool:
        return any(f.message.startswith(f"The {landing.foot} heel") and abs(f.start_s - landing.time_s) <= 5 / 30
                   for f in found)

    heel = [t for t in truth.landings if t.part == "heel" and first_s < t.time_s < end_s]
    assert len(heel) == 8 and all(flagged(t) for t in heel), (heel, found)
    assert not any(flagged(t) for t in truth.landings if t.part == "toe"), found
