"""The report's JSON schema, pinned by stored examples: a synthetic route with a timed test and
faults (`report_v1_route.json`) and the sample clip with walker following (`report_v1_sample.json`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coaching.analysis import analyse_track
from coaching.config import Thresholds
from coaching.measures import Request
from coaching.report import Report, ReportFormatError, SourceInfo, report_from_json
from tests.helpers.synthetic import Walker, route, spells

DATA = Path(__file__).parent / "data"
EXAMPLES = ("report_v1_route.json", "report_v1_sample.json")


def route_report() -> Report:
    """The analysis `report_v1_route.json` was written from."""
    walker = Walker(height_px=400.0, stride_s=1.3, knee_rom_deg=38.0, head_pitch_deg=spells(35.0, [(4.0, 8.0)]))
    track = route([("stand", 2.0), ("backward", 12.0), ("stand", 1.0)], walker)
    source = SourceInfo.from_track("synthetic route.csv", "landmarks", track)
    return analyse_track(track, Thresholds(), source, request=Request(165.0, "3mbwt")).report


def assert_same_schema(stored: Any, fresh: Any, where: str = "report") -> None:
    """The same keys at every level, lists of alike items, and the same kind of leaf where neither is null."""
    if isinstance(stored, dict):
        assert isinstance(fresh, dict) and list(fresh) == list(stored), where
        for key in stored:
            assert_same_schema(stored[key], fresh[key], f"{where}.{key}")
    elif isinstance(stored, list):
        assert isinstance(fresh, list), where
        for item in fresh:
            if stored:
                assert_same_schema(stored[0], item, f"{where}[]")
    elif stored is not None and fresh is not None:
        assert _kind(stored) == _kind(fresh), where


def _kind(value: Any) -> str:
    return "number" if isinstance(value, (int, float)) and not isinstance(value, bool) else type(value).__name__


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_stored_report_round_trips_exactly(name: str) -> None:
    text = (DATA / name).read_text()
    report = report_from_json(text)
    assert json.dumps(report.to_dict(), indent=2) + "\n" == text
    assert all(type(c).__name__ == "ContactRecord" for c in report.contacts) and report.contacts


def test_the_route_example_is_what_the_analysis_writes() -> None:
    stored = json.loads((DATA / "report_v1_route.json").read_text())
    fresh = route_report()
    assert_same_schema(stored, fresh.to_dict())
    assert fresh.test is not None and fresh.findings and fresh.bouts[1].speed_m_per_s is not None
    assert fresh.to_dict() == stored  # the same numbers too: a change here is a change of the analysis


def test_the_sample_example_has_the_schema_of_a_fresh_video_report(retro_analysis) -> None:
    stored = json.loads((DATA / "report_v1_sample.json").read_text())
    assert_same_schema(stored, retro_analysis.report.to_dict())
    assert retro_analysis.report.tracking is not None and retro_analysis.report.tracking.people_seen == 2


def test_a_report_stored_before_the_later_schema_1_keys_still_reads() -> None:
    data = json.loads((DATA / "report_v1_route.json").read_text())
    for key in ("walking_backward_s", "bouts", "height_cm", "speed_m_per_s", "step_length_m", "stride_length_m",
                "test"):
        del data[key]
    for event in data["contacts"] + data["foot_offs"]:
        del event["bout"]
    report = Report.from_dict(data)
    assert report.bouts == () and report.test is None and report.walking_backward_s == 0.0
    assert report.checks["head_down"].status == "fault" and {c.bout for c in report.contacts} == {0}


@pytest.mark.parametrize("text", ['{"schema_version": 2}', '{"schema_version": 1, "source": {}}', "not json"])
def test_what_is_not_a_report_of_this_schema_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ReportFormatError, match="schema|JSON"):
        report_from_json(text)
