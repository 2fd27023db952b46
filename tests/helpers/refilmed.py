"""What two rendered walks must still show when filmed another way (another frame rate, another picture size):
the `faults` walk from in front, its head-down spell and twisted look; the `heel_first` walk from the side, its
landings."""

from __future__ import annotations

import pytest

from coaching.report import Report
from tests.helpers.rendered import load_truth

# Each walk and the camera it is re-filmed from.
WALKS = (("faults", "front"), ("heel_first", "side"))


def assert_spell_and_twisted_look_found(report: Report) -> None:
    """The `faults` walk from in front: the head-down spell within 0.2 s of the truth at each end; the look on
    the truth's twist, called twisted."""
    truth = load_truth("faults")
    assert report.view == "front"
    (spell,) = [f for f in report.findings if f.rule == "head_down"]
    (truth_spell,) = truth.spells_of("head_down")
    assert spell.start_s == pytest.approx(truth_spell.start_s, abs=0.2)
    assert spell.end_s == pytest.approx(truth_spell.end_s, abs=0.2)
    (look,) = [f for f in report.findings if f.rule == "shoulder_check_twist"]
    (twist,) = truth.spells_of("trunk_twist")
    assert look.message.startswith("Trunk twisted") and look.start_s < twist.end_s and look.end_s > twist.start_s


def assert_heel_first_landings_found(report: Report) -> None:
    """The `heel_first` walk from the side: every heel-first landing with its stance in the clip (not in its
    last 0.9 s) flagged within 5/30 s, but for the walk's first, which reads flat in the rendered clip too
    (found while the foot still points its toe from the swing: test_rendered_views HEEL_MISSES); none of the
    toe-first ones."""
    truth = load_truth("heel_first")
    found = [f for f in report.findings if f.rule == "heel_first_landing"]
    first_s, end_s = min(t.time_s for t in truth.landings), truth.time_s[-1] - 0.9

    def flagged(landing) -> bool:
        return any(f.message.startswith(f"The {landing.foot} heel") and abs(f.start_s - landing.time_s) <= 5 / 30
                   for f in found)

    heel = [t for t in truth.landings if t.part == "heel" and first_s < t.time_s < end_s]
    assert len(heel) == 8 and all(flagged(t) for t in heel), (heel, found)
    assert not any(flagged(t) for t in truth.landings if t.part == "toe"), found
