"""The `Report` of one analysed clip and its JSON and per-frame CSV forms.

JSON schema (version 1) is documented in the README; bump SCHEMA_VERSION on
any change that renames or removes a key.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coaching.findings import CheckResult, Finding
from coaching.measures import Measures
from vision.bouts import Bout
from vision.metres import Distances
from vision.gait import FEET
from vision.motion import Motion

SCHEMA_VERSION = 1
PENALTY = {"mild": 5, "moderate": 15, "severe": 25}


@dataclass(frozen=True)
class SourceInfo:
    path: str
    kind: str  # "video" or "landmarks"
    fps: float
    frame_count: int
    duration_s: float
    width: int | None
    height: int | None


@dataclass(frozen=True)
class Report:
    source: SourceInfo
    tracking: dict[str, Any] | None
    direction: str
    direction_agreement: float
    view: str
    person_detected_fraction: float
    walking_time_s: float
    walking_backward_s: float
    bouts: tuple[dict[str, Any], ...]
    contacts: tuple[dict[str, Any], ...]
    foot_offs: tuple[dict[str, Any], ...]
    cadence_steps_per_min: float | None
    step_time_s: float | None
    stride_time_s: float | None
    stance_fraction: dict[str, float | None]
    knee_rom_deg: dict[str, float | None]
    knee_rom_symmetry_pct: float | None
    height_cm: float | None
    speed_m_per_s: float | None
    step_length_m: float | None
    stride_length_m: float | None
    test: dict[str, Any] | None
    checks: dict[str, CheckResult]
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...]
    score: int | None

    def faults(self) -> list[str]:
        return [name for name, c in self.checks.items() if c.status == "fault"]

    def to_dict(self) -> dict[str, Any]:
        checks = {name: {k: v for k, v in dataclasses.asdict(c).items() if k not in ("rule", "findings")}
                  for name, c in self.checks.items()}
        return {
            "schema_version": SCHEMA_VERSION,
            "source": dataclasses.asdict(self.source),
            "tracking": self.tracking,
            "direction": self.direction,
            "direction_agreement": self.direction_agreement,
            "view": self.view,
            "person_detected_fraction": self.person_detected_fraction,
            "walking_time_s": self.walking_time_s,
            "walking_backward_s": self.walking_backward_s,
            "bouts": list(self.bouts),
            "contacts": list(self.contacts),
            "foot_offs": list(self.foot_offs),
            "cadence_steps_per_min": self.cadence_steps_per_min,
            "step_time_s": self.step_time_s,
            "stride_time_s": self.stride_time_s,
            "stance_fraction": self.stance_fraction,
            "knee_rom_deg": self.knee_rom_deg,
            "knee_rom_symmetry_pct": self.knee_rom_symmetry_pct,
            "height_cm": self.height_cm,
            "speed_m_per_s": self.speed_m_per_s,
            "step_length_m": self.step_length_m,
            "stride_length_m": self.stride_length_m,
            "test": self.test,
            "checks": checks,
            "findings": [dataclasses.asdict(f) for f in self.findings],
            "warnings": list(self.warnings),
            "score": self.score,
        }


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


def _bout_dict(bout: Bout, frames: np.ndarray, distances: Distances | None) -> dict[str, Any]:
    return {"index": bout.index, "activity": bout.activity, "direction": bout.direction,
            "start_frame": int(frames[bout.first]), "end_frame": int(frames[bout.last]),
            "start_s": bout.start_s, "end_s": bout.end_s, "steps": bout.steps,
            "cadence_steps_per_min": bout.cadence_steps_per_min,
            **_distance_keys(distances)}


def _distance_keys(distances: Distances | None) -> dict[str, float | None]:
    if distances is None:
        return {"speed_m_per_s": None, "step_length_m": None, "stride_length_m": None}
    return {"speed_m_per_s": distances.speed_m_per_s, "step_length_m": distances.step_length_m,
            "stride_length_m": distances.stride_length_m}


def build_report(motion: Motion, checks: dict[str, CheckResult], source: SourceInfo,
                 tracking: dict[str, Any] | None, warnings: list[str], measures: Measures,
                 height_cm: float | None) -> Report:
    """Events of every bout; cadence, knee range and stance from the backward walking (all walking when
    there is none)."""
    coached = motion.coached()
    gait = (coached or motion).gait
    frames = motion.track.frame_index
    rom = {foot: _round(gait.knee_rom_deg(foot)) for foot in FEET}
    symmetry = None
    if rom["left"] and rom["right"]:
        symmetry = _round(100 * abs(rom["left"] - rom["right"]) / (0.5 * (rom["left"] + rom["right"])))
    findings = tuple(sorted((f for c in checks.values() for f in c.findings), key=lambda f: (f.start_s, f.rule)))
    return Report(
        source=source,
        tracking=tracking,
        direction=motion.direction,
        direction_agreement=motion.direction_agreement,
        view=motion.view,
        person_detected_fraction=round(motion.person_detected_fraction, 4),
        walking_time_s=round(motion.walking_time_s, 3),
        walking_backward_s=round(motion.walking_backward_s, 3),
        bouts=tuple(_bout_dict(b, frames, measures.bouts.get(b.index)) for b in motion.bouts),
        contacts=tuple({"frame": int(frames[c.frame]), "time_s": round(c.time_s, 4), "foot": c.foot, "part": c.part,
                        "pitch_change_deg": c.pitch_change_deg, "bout": c.bout} for c in motion.gait.contacts),
        foot_offs=tuple({"frame": int(frames[o.frame]), "time_s": round(o.time_s, 4), "foot": o.foot,
                         "bout": o.bout} for o in motion.gait.foot_offs),
        cadence_steps_per_min=gait.cadence_steps_per_min,
        step_time_s=gait.step_time_s,
        stride_time_s=_round(gait.stride_time_s(), 3),
        stance_fraction={foot: _round(gait.stance_fraction(foot), 3) for foot in FEET},
        knee_rom_deg=rom,
        knee_rom_symmetry_pct=symmetry,
        height_cm=height_cm,
        **_distance_keys(measures.backward),
        test=measures.test.to_dict() if measures.test else None,
        checks=checks,
        findings=findings,
        warnings=tuple(warnings),
        score=score(checks),
    )


def json_text(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"


def write_json(report: Report, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text(report), encoding="utf-8")


FRAME_COLUMNS: tuple[str, ...] = (
    "knee_flexion_left_deg", "knee_flexion_right_deg", "hip_flexion_left_deg", "hip_flexion_right_deg",
    "foot_pitch_left_deg", "foot_pitch_right_deg", "trunk_lean_deg", "head_pitch_deg", "head_yaw_deg", "twist_deg",
)


def write_frames_csv(report: Report, motion: Motion, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(frames_csv_text(report, motion), encoding="utf-8")


def frames_csv_text(report: Report, motion: Motion) -> str:
    """One row per frame: angles, gait events and the checks at fault in that frame."""
    kin = motion.kinematics
    n = motion.track.frame_count
    contact = {(c.frame, c.foot): c.part for c in motion.gait.contacts}
    lift = {(o.frame, o.foot) for o in motion.gait.foot_offs}
    active: list[set[str]] = [set() for _ in range(n)]
    frame_pos = {int(f): i for i, f in enumerate(motion.track.frame_index)}
    for f in report.findings:
        for frame in range(f.start_frame, f.end_frame + 1):
            if frame in frame_pos:
                active[frame_pos[frame]].add(f.rule)
    series = [getattr(kin, name) for name in FRAME_COLUMNS]
    handle = io.StringIO(newline="")
    writer = csv.writer(handle)
    writer.writerow(("frame", "time_s", "person") + FRAME_COLUMNS +
                    ("contact_left", "contact_right", "foot_off_left", "foot_off_right", "faults",
                     "bout", "activity", "direction"))
    detected = motion.track.detected
    for i in range(n):
        values = ["" if np.isnan(s[i]) else f"{s[i]:.2f}" for s in series]
        bout = motion.bout_at(i)
        where = ("", "", "") if bout is None else (bout.index, bout.activity, bout.direction)
        writer.writerow([int(motion.track.frame_index[i]), f"{motion.track.time_s[i]:.6f}", int(detected[i]),
                         *values, contact.get((i, "left"), ""), contact.get((i, "right"), ""),
                         int((i, "left") in lift), int((i, "right") in lift), ";".join(sorted(active[i])), *where])
    return handle.getvalue()
