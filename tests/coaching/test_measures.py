"""Measures in metres, the 3-metre backward walk test and the OpenSim files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from coaching.analysis import Analysis, analyse_track
from coaching.config import Thresholds
from coaching.frames_csv import FRAME_COLUMNS
from coaching.measures import Request
from coaching.opensim_files import mot_text, trc_text
from coaching.report import SourceInfo
from tests.helpers.synthetic import STANCE, Walker, _standing, front_view, route
from vision.landmarks import INDEX, LANDMARK_NAMES
from vision.metres import NOSE_HEIGHT_OF_STATURE


def run(track, request: Request) -> Analysis:
    return analyse_track(track, Thresholds(), SourceInfo.from_track("route", "landmarks", track),
                         request=request)


def px_per_m(walker: Walker, height_cm: float) -> float:
    """The synthetic body's scale: its standing nose-to-heel span is that share of its stature."""
    still = _standing(walker, 0.1, 1)[0]
    span = still[INDEX["left_heel"], 1] - still[INDEX["nose"], 1]
    return span / (NOSE_HEIGHT_OF_STATURE * height_cm / 100.0)


def walking_speed_px(walker: Walker) -> float:
    return 2 * walker.reach * walker.height_px / (STANCE * walker.stride_s)


@pytest.mark.parametrize("height_cm, stride_s, height_px", [(170.0, 1.2, 400.0), (152.0, 1.0, 300.0),
                                                            (188.0, 1.4, 520.0)])
def test_speed_and_step_length_of_a_synthetic_walker(height_cm: float, stride_s: float, height_px: float) -> None:
    walker = Walker(stride_s=stride_s, height_px=height_px)
    report = run(route([("forward", 5.0), ("stand", 1.5), ("backward", 10.0)], walker), Request(height_cm)).report
    speed = walking_speed_px(walker) / px_per_m(walker, height_cm)
    step = speed * stride_s / 2
    assert report.height_cm == height_cm
    assert report.speed_m_per_s == pytest.approx(speed, rel=0.05)
    assert report.step_length_m == pytest.approx(step, rel=0.05)
    assert report.stride_length_m == pytest.approx(2 * step, rel=0.05)
    walking = [b for b in report.bouts if b.activity == "walking"]
    assert [b.direction for b in walking] == ["forward", "backward"]
    for bout in walking:
        assert bout.speed_m_per_s == pytest.approx(speed, rel=0.05)
    standing = next(b for b in report.bouts if b.activity == "standing")
    assert standing.speed_m_per_s is None


def test_three_metre_backward_walk_timed_within_a_frame() -> None:
    walker = Walker(height_px=400.0, stride_s=1.3)
    report = run(route([("stand", 2.0), ("backward", 12.0), ("stand", 1.0)], walker), Request(165.0, "3mbwt")).report
    speed = walking_speed_px(walker) / px_per_m(walker, 165.0)
    truth_s = 3.0 / speed
    test = report.test
    assert test.name == "3mbwt"
    assert test.time_s == pytest.approx(truth_s, abs=1 / 30)
    assert test.start_frame == pytest.approx(60, abs=1)  # the walk starts after 2 s standing
    assert "not a diagnosis" in test.verdict and "Polo-Ferrero" in test.reference
    side = "at or above" if truth_s >= 5.5 else "below"
    assert f"{side} the 5.5 s cut-off" in test.verdict


def test_trainer_adjusted_test_frames_are_used() -> None:
    walker = Walker(height_px=400.0)
    track = route([("stand", 2.0), ("backward", 10.0)], walker)
    report = run(track, Request(170.0, "3mbwt", (61, 241))).report
    assert (report.test.start_frame, report.test.end_frame) == (61, 241)
    assert report.test.time_s == pytest.approx(6.0, abs=1e-6)


def test_without_height_or_from_the_front_nothing_in_metres() -> None:
    track = route([("backward", 8.0)])
    report = run(track, Request()).report
    assert report.speed_m_per_s is None and report.height_cm is None and report.test is None
    assert not any("Not measured" in w for w in report.warnings)  # nothing asked, nothing to excuse
    asked = run(track, Request(None, "3mbwt")).report
    assert asked.test is None and any("need the walker's height" in w for w in asked.warnings)
    front = run(front_view(Walker(duration_s=10.0)), Request(170.0)).report
    assert front.speed_m_per_s is None
    assert any("camera at the side" in w and "from the front" in w for w in front.warnings)


def test_treadmill_speed_is_not_measured() -> None:
    report = run(route([("backward", 10.0)], Walker(treadmill=True, height_px=400.0)), Request(170.0)).report
    assert report.speed_m_per_s is None
    assert any("treadmill" in w for w in report.warnings)


def read_trc(path: Path) -> tuple[list[list[str]], np.ndarray]:
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter="\t"))
    data = np.array([[float(v) for v in row] for row in rows[6:] if row], dtype=float)
    return rows[:5], data


def test_opensim_files_parse_and_round_trip(tmp_path: Path) -> None:
    walker = Walker(height_px=400.0)
    analysis = run(route([("stand", 1.0), ("backward", 6.0)], walker), Request(170.0))
    trc = tmp_path / "walk.trc"
    trc.write_text(trc_text(analysis, trc.name), encoding="utf-8")
    header, data = read_trc(trc)
    assert header[0][:2] == ["PathFileType", "4"]
    meta = dict(zip(header[1], header[2]))
    assert meta["Units"] == "m" and int(meta["NumMarkers"]) == 33 and int(meta["NumFrames"]) == len(data)
    assert [name for name in header[3][2:] if name] == list(LANDMARK_NAMES)
    assert data.shape == (analysis.motion.track.frame_count, 2 + 3 * 33)
    scale = analysis.measures.scale
    points = analysis.motion.track.points
    nose = INDEX["nose"]
    assert np.allclose(data[:, 2 + 3 * nose], points[:, nose, 0] / scale.px_per_m, atol=1e-5)
    # Y up from the floor: the nose about 0.91 of the stated height above the heels.
    heel = INDEX["left_heel"]
    nose_height = np.median(data[:, 3 + 3 * nose] - data[:, 3 + 3 * heel])
    assert nose_height == pytest.approx(NOSE_HEIGHT_OF_STATURE * 1.70, rel=0.05)

    mot = tmp_path / "walk.mot"
    mot.write_text(mot_text(analysis, "walk"), encoding="utf-8")
    lines = mot.read_text(encoding="utf-8").splitlines()
    end = lines.index("endheader")
    meta = dict(line.split("=") for line in lines[1:end] if "=" in line)
    table = list(csv.DictReader(lines[end + 1:], delimiter="\t"))
    assert meta["inDegrees"] == "yes" and int(meta["nRows"]) == len(table)
    assert int(meta["nColumns"]) == len(FRAME_COLUMNS) + 1
    knee = np.array([float(r["knee_flexion_left_deg"]) for r in table])
    assert np.allclose(knee, analysis.motion.kinematics.knee_flexion_left_deg, atol=1e-4, equal_nan=True)


def test_cli_writes_measures_and_files_and_refuses_trc_without_height(tmp_path: Path, retro_clip: Path,
                                                                      capsys) -> None:
    out = tmp_path / "out"
    assert main(["analyze", str(retro_clip), "--height-cm", "165", "--json", str(out / "r.json"),
                 "--trc", str(out / "r.trc"), "--mot", str(out / "r.mot"), "--quiet"]) == 0
    report = json.loads((out / "r.json").read_text())
    # The sample is a woman's ordinary walk played backwards: a plausible human walking speed.
    assert 0.6 <= report["speed_m_per_s"] <= 1.8 and 0.4 <= report["step_length_m"] <= 0.9
    assert report["height_cm"] == 165.0 and report["test"] is None
    assert (out / "r.trc").stat().st_size > 0 and (out / "r.mot").stat().st_size > 0
    assert "backward walking speed" in capsys.readouterr().out
    assert main(["analyze", str(retro_clip), "--trc", str(out / "x.trc"), "--quiet"]) == 2
    assert "needs the walker's height" in capsys.readouterr().err
    assert not (out / "x.trc").exists()


def test_real_clip_three_metre_test_needs_a_standing_start(retro_analysis: Analysis) -> None:
    """The sample walker is already walking as she enters: the test says why it cannot be timed."""
    from coaching.analysis import recheck

    again = recheck(retro_analysis, retro_analysis.thresholds, Request(165.0, "3mbwt"))
    assert again.report.test is None
    assert any("could not be timed" in w for w in again.report.warnings)


def test_html_report_carries_speed_and_the_test() -> None:
    from coaching.report_html import render_html

    analysis = run(route([("stand", 2.0), ("backward", 12.0)], Walker(height_px=400.0)), Request(170.0, "3mbwt"))
    page = render_html(analysis)
    assert f"3-metre backward walk test: {analysis.report.test.time_s:.2f} s" in page
    assert f"Backward walking speed {analysis.report.speed_m_per_s:.2f} m/s" in page and "not a diagnosis" in page
