"""Check thresholds with their sources, overridable from a TOML file.

Every default comes from ../shared/DOMAIN.md (research/biomech.md §8); the
`WHY` table carries a one-line reason for each, for reports and the settings
page.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A config file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Thresholds:
    # Quality gates
    visibility_min: float = 0.5
    min_strides_per_side: int = 3
    min_assessable_s: float = 2.0
    min_body_height_px: float = 110.0
    running_cadence_min: float = 150.0
    # Head down
    head_down_deg: float = 20.0
    head_down_severe_deg: float = 30.0
    head_down_min_s: float = 2.0
    head_down_max_fraction: float = 0.30
    # Shoulder checks
    look_yaw_deg: float = 45.0
    look_min_s: float = 0.3
    twist_deg: float = 30.0
    looks_per_min_max: float = 6.0
    look_time_fraction_max: float = 0.25
    look_max_s: float = 2.0
    # Landing
    heel_first_max_fraction: float = 0.30
    # Knee range
    knee_rom_min_deg: float = 45.0
    knee_rom_borderline_deg: float = 50.0
    knee_rom_asymmetry_max_deg: float = 10.0


WHY: dict[str, str] = {
    "visibility_min": "MediaPipe itself hides landmarks under 0.5 visibility",
    "min_strides_per_side": "medians over 3+ strides tame the 5-7 degree per-frame error of 2D pose",
    "min_assessable_s": "shorter stretches are too brief to judge posture",
    "min_body_height_px": "smaller walkers (nose to ankle) leave too few pixels per shank for a trustworthy knee "
                          "or foot angle; set where a downscaled sample clip stopped agreeing with the original",
    "running_cadence_min": "walking cadence rarely passes 140 steps a minute, running starts about 150; "
                           "a bout this fast is running and is not coached",
    "head_down_deg": "below the walker's own neutral (their head at its highest 15 % of the walk); phone "
                     "users reach 31-38 degrees below level (Appl Ergon 2019)",
    "head_down_severe_deg": "smartphone-like posture",
    "head_down_min_s": "a glance at the floor is fine; a sustained stare is not",
    "head_down_max_fraction": "head down for this share of the walk counts even in short bouts",
    "look_yaw_deg": "a shoulder check turns the head at least this far",
    "look_min_s": "head onset alone takes about 0.26 s; shorter turns are noise",
    "twist_deg": "normal walking twists the trunk under 10 degrees; 2D width noise is about 20",
    "looks_per_min_max": "heuristic: more than one look every ~8 strides",
    "look_time_fraction_max": "heuristic: looking back more than a quarter of the time",
    "look_max_s": "a look-and-return takes 0.5-1 s; over 2 s is a stare",
    "heel_first_max_fraction": "2D events are +-1 frame, so a share of steps, not any single step",
    "knee_rom_min_deg": "healthy swing range 61 +- 6 degrees; knee OA 55 +- 6 (BMC MSK 2013)",
    "knee_rom_borderline_deg": "61 - 2 SD of healthy swing range",
    "knee_rom_asymmetry_max_deg": "about twice the 2D knee-angle error",
}


# Thresholds that no longer exist; stored overrides of them are ignored, not refused.
RETIRED = ("direction_agreement",)


def load_thresholds(path: Path | str | None = None, overrides: dict[str, float] | None = None) -> Thresholds:
    """Defaults, then a TOML file's `[thresholds]` table, then explicit overrides."""
    values: dict[str, float] = {}
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config {path.name} is not valid TOML: {exc}") from None
        table = data.get("thresholds", data)
        if not isinstance(table, dict):
            raise ConfigError(f"config {path.name}: [thresholds] must be a table")
        values.update(table)
    values.update(overrides or {})
    for name in RETIRED:
        values.pop(name, None)
    fields = {f.name: f for f in dataclasses.fields(Thresholds)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(f"unknown threshold(s): {', '.join(unknown)}; known: {', '.join(fields)}")
    typed: dict[str, float | int] = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"threshold {name} must be a finite number, got {value!r}")
        typed[name] = int(value) if fields[name].type in (int, "int") else float(value)
    return Thresholds(**typed)
