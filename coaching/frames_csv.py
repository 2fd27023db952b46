"""The per-frame CSV of an analysis: angles, gait events, faults and bouts, one row per frame."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from coaching.report import Report
from vision.motion import Motion


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
    contact = {(c.row, c.foot): c.part for c in motion.gait.contacts}
    lift = {(o.row, o.foot) for o in motion.gait.foot_offs}
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
