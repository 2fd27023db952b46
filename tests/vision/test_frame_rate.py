"""A webcam in dim light, or a cheap one, films at 15 fps: the checks work in seconds, not frames, so the rendered
walks' faults are found with half the frames as with all 30 (the clips re-timed as such a camera films them)."""

from __future__ import annotations

import pytest

from coaching.analysis import analyze
from coaching.report import Report
from tests.helpers.clips import retimed
from tests.helpers.refilmed import WALKS, assert_heel_first_landings_found, assert_spell_and_twisted_look_found
from tests.helpers.rendered import clip

WEBCAM_FPS = 15


@pytest.fixture(scope="module")
def at_webcam_rate(tmp_path_factory) -> dict[str, Report]:
    folder = tmp_path_factory.mktemp("webcam")
    return {variant: analyze(retimed(clip(variant, view), folder / f"{variant}_{view}.mp4", WEBCAM_FPS)).report
            for variant, view in WALKS}


def test_a_laptop_at_15_fps_finds_the_head_down_spell_and_the_twisted_look_at_their_times(at_webcam_rate) -> None:
    report = at_webcam_rate["faults"]
    assert report.source.fps == pytest.approx(WEBCAM_FPS, rel=0.01)
    assert_spell_and_twisted_look_found(report)


def test_a_phone_at_the_side_at_15_fps_finds_each_heel_first_landing_and_no_toe_first_one(at_webcam_rate) -> None:
    report = at_webcam_rate["heel_first"]
    assert report.source.fps == pytest.approx(WEBCAM_FPS, rel=0.01)
    assert_heel_first_landings_found(report)
