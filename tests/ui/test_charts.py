"""The charts draw what the checks judge: the knees a view shows, and the head's tilt the limit applies to."""

from __future__ import annotations

import numpy as np

from coaching.analysis import Analysis, analyse_track, analyze
from coaching.config import Thresholds
from coaching.report import SourceInfo
from coaching.report_html import render_html
from tests.helpers.rendered import clip
from tests.helpers.synthetic import Walker, front_view, side_view, spells
from ui.charts import angle_chart
from vision.landmarks import PoseTrack

SPELL_S = (8.0, 14.0)


def run(track: PoseTrack) -> Analysis:
    return analyse_track(track, Thresholds(), SourceInfo.from_track("synthetic", "landmarks", track))


def traces(analysis: Analysis) -> dict[str, object]:
    return {trace.name: trace for trace in angle_chart(analysis).data}


def test_square_on_no_knee_is_drawn_and_the_head_tilt_crosses_the_limit_in_the_spell_only() -> None:
    analysis = run(front_view(Walker(duration_s=20.0, head_pitch_deg=spells(35.0, [SPELL_S]))))
    assert analysis.report.view == "front" and analysis.report.checks["reduced_knee_range"].status == "not_assessable"
    drawn = traces(analysis)
    assert "left knee" not in drawn and "right knee" not in drawn
    assert "head yaw" in drawn and "trunk twist" in drawn
    tilt = drawn["head tilt"]
    t, y = np.asarray(tilt.x), np.array([np.nan if v is None else v for v in tilt.y])
    inside = (t > SPELL_S[0] + 1.0) & (t < SPELL_S[1] - 1.0)
    before = (t > 1.0) & (t < SPELL_S[0] - 1.0)
    limit = analysis.thresholds.head_down_deg
    assert np.nanmin(y[inside]) > limit and np.nanmax(y[before]) < limit
    page = render_html(analysis)
    assert "Knee angles" not in page and "Work on this" in page


def test_from_the_side_both_knees_are_drawn_in_the_chart_and_the_report() -> None:
    analysis = run(side_view(Walker()))
    drawn = traces(analysis)
    assert max(drawn["left knee"].y) > 50.0 and max(drawn["right knee"].y) > 50.0
    assert "Knee angles" in render_html(analysis)


def test_at_an_angle_the_near_knee_is_drawn_and_no_panel_for_turns_the_view_cannot_measure() -> None:
    """At an angle head turns and twist are not measured: no panel for them (the page says which camera shows
    them)."""
    analysis = analyze(clip("faults_b", "oblique_back"))
    assert analysis.report.view == "oblique"
    figure = angle_chart(analysis)
    drawn = {trace.name for trace in figure.data}
    assert "left knee" in drawn and "right knee" not in drawn  # behind-left: the left leg is the near one
    assert "head yaw" not in drawn and "trunk twist" not in drawn
    titles = [note.text for note in figure.layout.annotations]
    assert titles == ["Knee flexion (°)", "Head tilt below your own neutral, down + (°)"]
