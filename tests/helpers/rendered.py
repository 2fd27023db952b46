"""The rendered test set (tests/rendered/, made by render/make_test_set.py): clips and their exact truth."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RENDERED = Path(__file__).resolve().parents[1] / "rendered"
VIEWS = ("side", "front", "back", "oblique", "oblique_back", "front_low", "back_high", "oblique_left",
         "oblique_back_high", "side_left", "side_high", "oblique_back_right", "oblique_front_left", "front_high",
         "side_floor", "back_right_near", "oblique_front_right_far", "back_left_low", "front_right_desk", "side_far_tele",
         "oblique_back_left_far", "front_left_shelf", "side_left_high", "back_far", "oblique_front_right_near",
         "side_right_near", "front_right_tripod", "back_left_phone", "oblique_front_left_high", "front_laptop_low",
         "back_right_tripod", "side_left_phone", "oblique_back_left_30", "side_right_low", "side_upright_phone",
         "back_upright_phone", "front_upright_phone", "oblique_front_right_upright", "side_left_upright", "side_handheld",
         "back_handheld_upright", "front_handheld", "side_left_handheld_upright", "front_waist_up", "front_desk_close",
         "back_waist_up", "side_waist_up", "front_table_standing", "side_tripod_standing", "back_tripod_standing",
         "oblique_front_standing", "side_right_hip", "side_left_hip", "side_wide", "back_wide",
         "oblique_front_left_wide", "front_webcam_wide", "side_left_wide", "back_high_wide", "back_tripod_4m",
         "back_right_18", "front_right_8", "oblique_back_right_60", "side_right_far",
         "front_left_10", "back_right_12_low", "back_left_20_low", "back_far_high", "back_right_6_chest",
         "side_rolled", "front_rolled", "back_rolled", "oblique_rolled")
FEET = ("left", "right")


@dataclass(frozen=True)
class Landing:
    foot: str
    time_s: float
    part: str  # the part of the foot that touched first: toe, heel or flat


@dataclass(frozen=True)
class Spell:
    kind: str  # head_down, glance or trunk_twist
    start_s: float
    end_s: float
    side: str | None = None
    with_trunk_twist: bool = False


@dataclass(frozen=True)
class Truth:
    time_s: np.ndarray
    knee_deg: dict[str, np.ndarray]
    head_pitch_deg: np.ndarray
    head_yaw_deg: np.ndarray
    trunk_twist_deg: np.ndarray
    landings: tuple[Landing, ...]
    spells: tuple[Spell, ...]

    def landings_of(self, foot: str) -> list[Landing]:
        return [c for c in self.landings if c.foot == foot]

    def spells_of(self, kind: str) -> list[Spell]:
        return [s for s in self.spells if s.kind == kind]

    def knee_rom_deg(self, foot: str) -> float:
        """Median over strides (landing to landing of one foot) of the knee's range, as the app measures it."""
        times = [c.time_s for c in self.landings_of(foot)]
        knee = self.knee_deg[foot]
        ranges = [np.ptp(knee[(self.time_s >= a) & (self.time_s <= b)]) for a, b in zip(times, times[1:])]
        return float(np.median(ranges))


def clip(variant: str, view: str) -> Path:
    return RENDERED / variant / f"{view}.mp4"


def variants() -> list[str]:
    return sorted(p.name for p in RENDERED.iterdir() if (p / "truth_events.json").exists())


def load_truth(variant: str) -> Truth:
    folder = RENDERED / variant
    with open(folder / "truth_per_frame.csv") as handle:
        rows = list(csv.DictReader(handle))
    column = {name: np.array([float(r[name]) for r in rows]) for name in rows[0]}
    events = json.loads((folder / "truth_events.json").read_text())["events"]
    landings = tuple(Landing(e["side"].lower(), e["time_s"], e["first"]) for e in events if e["type"] == "foot_contact")
    spells = tuple(Spell(e["type"], e["start_s"], e["end_s"], e.get("side", "").lower() or None,
                         bool(e.get("with_trunk_twist")))
                   for e in events if e["type"] in ("head_down", "glance", "trunk_twist"))
    return Truth(column["time_s"], {"left": column["knee_flex_L"], "right": column["knee_flex_R"]},
                 column["head_pitch_down"], column["head_yaw_rel_pelvis"], column["trunk_twist"], landings, spells)
