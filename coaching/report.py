"""The `Report` of one analysed clip: typed records, and the JSON form they round-trip to.

JSON schema (version 1) is documented in the README and pinned by a stored example
(`tests/coaching/data/report_v1.json`); bump SCHEMA_VERSION on any change that renames
or removes a key.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from coaching.findings import CheckResult, Finding
from coaching.measures import Measures
from coaching.walk_test import WalkTest
from vision.bouts import Activity, Bout, BoutDirection
from vision.gait import FEET, Foot, Part
from vision.landmarks import PoseTrack
from vision.metres import Distances
from vision.motion import Direction, Motion
from vision.tracking import TrackingSummary
from vision.video import VideoInfo

SCHEMA_VERSION = 1
PENALTY = {"mild": 5, "moderate": 15, "severe": 25}
SourceKind = Literal["video", "landmarks", "live"]


class ReportFormatError(ValueError):
    """A stored report that is not a report of this schema."""


@dataclass(frozen=True)
class SourceInfo:
    path: str
    kind: SourceKind
    fps: float
    frame_count: int
    duration_s: float
    width: int | None
    height: int | None

    @classmethod
    def from_track(cls, path: str, kind: SourceKind, track: PoseTrack, video: VideoInfo | None = None,
                   size: tuple[int | None, int | None] = (None, None)) -> SourceInfo:
        """The one place a duration is worked out: from the first frame's start to the last frame's end.
        The picture size is the video's, else `size` (a live camera's)."""
        step = 1.0 / track.fps if track.fps > 0 else 0.0
        width, height = (video.width, video.height) if video else size
        return cls(path, kind, round(video.fps if video else track.fps, 3), track.frame_count,
                   round(float(track.time_s[-1] - track.time_s[0] + step), 3), width, height)


@dataclass(frozen=True)
class BoutRecord:
    """A bout in the report: frames of the source video, distances when a height was given."""

    index: int
    activity: Activity
    direction: BoutDirection
    start_frame: int
    end_frame: int
    start_s: float
    end_s: float
    steps: int
    cadence_steps_per_min: float | None
    speed_m_per_s: float | None
    step_length_m: float | None
    stride_length_m: float | None


@dataclass(frozen=True)
class ContactRecord:
    """A landing in the report; `frame` is a frame of the source video (not a row of the track)."""

    frame: int
    time_s: float
    foot: Foot
    part: Part
    pitch_change_deg: float
    bout: int = 0  # reports from before bouts have none


@dataclass(frozen=True)
class FootOffRecord:
    frame: int  # of the source video
    time_s: float
    foot: Foot
    bout: int = 0


# Keys schema 1 gained after its first release, with what a report stored before them reads as.
_ADDED_IN_V1: dict[str, Any] = {"walking_backward_s": 0.0, "bouts": [], "height_cm": None, "speed_m_per_s": None,
                                "step_length_m": None, "stride_length_m": None, "test": None}
_CHECK_KEYS_OMITTED = ("rule", "findings")  # the check's name is its key; its findings are listed once, at the top


@dataclass(frozen=True)
class Report:
    source: SourceInfo
    tracking: TrackingSummary | None
    direction: Direction
    direction_agreement: float
    view: str  # of the backward walking the checks judge (a walker standing about may show another)
    person_detected_fraction: float
    walking_time_s: float
    walking_backward_s: float
    bouts: tuple[BoutRecord, ...]
    contacts: tuple[ContactRecord, ...]
    foot_offs: tuple[FootOffRecord, ...]
    cadence_steps_per_min: float | None
    step_time_s: float | None
    stride_time_s: float | None
    stance_fraction: dict[Foot, float | None]
    knee_rom_deg: dict[Foot, float | None]
    knee_rom_symmetry_pct: float | None
    height_cm: float | None
    speed_m_per_s: float | None
    step_length_m: float | None
    stride_length_m: float | None
    test: WalkTest | None
    checks: dict[str, CheckResult]
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...]
    score: int | None

    def faults(self) -> list[str]:
        return [name for name, c in self.checks.items() if c.status == "fault"]

    def backward_bouts(self) -> list[BoutRecord]:
        return [b for b in self.bouts if b.activity == "walking" and b.direction == "backward"]

    def to_dict(self) -> dict[str, Any]:
        """The README's JSON schema, key for key."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name == "checks":
                value = {name: {k: v for k, v in dataclasses.asdict(c).items() if k not in _CHECK_KEYS_OMITTED}
                         for name, c in value.items()}
            elif isinstance(value, tuple):
                value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]
            elif dataclasses.is_dataclass(value):
                value = dataclasses.asdict(value)
            out[field.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report a `to_dict` (or a stored JSON of this schema) came from."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ReportFormatError(f"report schema {data.get('schema_version')!r}; this release reads "
                                    f"{SCHEMA_VERSION}")
        data = {**_ADDED_IN_V1, **data}
        try:
            findings = tuple(Finding(**f) for f in data["findings"])
            checks = {name: CheckResult(rule=name, findings=tuple(f for f in findings if f.rule == name), **c)
                      for name, c in data["checks"].items()}
            fields = {f.name for f in dataclasses.fields(cls)}
            values = {k: v for k, v in data.items() if k in fields}
            return cls(**{
                **values,
                "source": SourceInfo(**data["source"]),
                "tracking": TrackingSummary(**data["tracking"]) if data["tracking"] else None,
                "bouts": tuple(BoutRecord(**b) for b in data["bouts"]),
                "contacts": tuple(ContactRecord(**c) for c in data["contacts"]),
                "foot_offs": tuple(FootOffRecord(**o) for o in data["foot_offs"]),
                "test": WalkTest(**data["test"]) if data["test"] else None,
                "checks": checks,
                "findings": findings,
                "warnings": tuple(data["warnings"]),
            })
        except (KeyError, TypeError) as error:
            raise ReportFormatError(f"not a report of schema {SCHEMA_VERSION}: {error}") from error


def score(checks: dict[str, CheckResult]) -> int | None:
    """100 less a penalty per faulty check by its worst finding; None if nothing could be judged."""
    judged = [c for c in checks.values() if c.status != "not_assessable"]
    if not judged:
        return None
    penalty = 0
    for c in judged:
        if c.status == "fault":
            penalty += max((PENALTY[f.severity] for f in c.findings), default=PENALTY["moderate"])
    return max(0, 100 - penalty)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), digits)


@dataclass(frozen=True)
class _Metres:
    """Distances of a bout or of all backward walking, or none (no height given, or not walking)."""

    speed_m_per_s: float | None = None
    step_length_m: float | None = None
    stride_length_m: float | None = None

    @classmethod
    def of(cls, distances: Distances | None) -> _Metres:
        return cls(**dataclasses.asdict(distances)) if distances else cls()


def _bout_record(bout: Bout, frames: np.ndarray, distances: Distances | None) -> BoutRecord:
    metres = _Metres.of(distances)
    return BoutRecord(bout.index, bout.activity, bout.direction, int(frames[bout.first]), int(frames[bout.last]),
                      bout.start_s, bout.end_s, bout.steps, bout.cadence_steps_per_min, metres.speed_m_per_s,
                      metres.step_length_m, metres.stride_length_m)


def build_report(motion: Motion, checks: dict[str, CheckResult], source: SourceInfo,
                 tracking: TrackingSummary | None, warnings: list[str], measures: Measures,
                 height_cm: float | None) -> Report:
    """Events of every bout; cadence, knee range and stance from the backward walking (all walking when
    there is none)."""
    coached = motion.coached()
    judged = coached or motion
    gait = judged.gait
    frames = motion.track.frame_index
    rom = {foot: _round(gait.knee_rom_deg(foot)) if foot in judged.legs_seen else None for foot in FEET}
    symmetry = None
    if rom["left"] and rom["right"]:
        symmetry = _round(100 * abs(rom["left"] - rom["right"]) / (0.5 * (rom["left"] + rom["right"])))
    findings = tuple(sorted((f for c in checks.values() for f in c.findings), key=lambda f: (f.start_s, f.rule)))
    backward = _Metres.of(measures.backward)
    return Report(
        source=source,
        tracking=tracking,
        direction=motion.direction,
        direction_agreement=motion.direction_agreement,
        view=judged.view,
        person_detected_fraction=round(motion.person_detected_fraction, 4),
        walking_time_s=round(motion.walking_time_s, 3),
        walking_backward_s=round(motion.walking_backward_s, 3),
        bouts=tuple(_bout_record(b, frames, measures.bouts.get(b.index)) for b in motion.bouts),
        contacts=tuple(ContactRecord(int(frames[c.row]), round(c.time_s, 4), c.foot, c.part, c.pitch_change_deg,
                                     c.bout) for c in motion.gait.contacts),
        foot_offs=tuple(FootOffRecord(int(frames[o.row]), round(o.time_s, 4), o.foot, o.bout)
                        for o in motion.gait.foot_offs),
        cadence_steps_per_min=gait.cadence_steps_per_min,
        step_time_s=gait.step_time_s,
        stride_time_s=_round(gait.stride_time_s(), 3),
        stance_fraction={foot: _round(gait.stance_fraction(foot), 3) if foot in judged.legs_seen else None
                         for foot in FEET},
        knee_rom_deg=rom,
        knee_rom_symmetry_pct=symmetry,
        height_cm=height_cm,
        speed_m_per_s=backward.speed_m_per_s,
        step_length_m=backward.step_length_m,
        stride_length_m=backward.stride_length_m,
        test=measures.test,
        checks=checks,
        findings=findings,
        warnings=tuple(warnings),
        score=score(checks),
    )


def json_text(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"


def report_from_json(text: str) -> Report:
    try:
        return Report.from_dict(json.loads(text))
    except json.JSONDecodeError as error:
        raise ReportFormatError(f"not a JSON report: {error}") from error


def write_json(report: Report, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text(report), encoding="utf-8")
