"""Check thresholds with their sources, overridable from a TOML file.

Every default comes from ../shared/DOMAIN.md (research/biomech.md §8). Each
field carries its group, label, unit, one-line reason and range (`threshold_infos`),
from which the settings pages are built.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A config file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class ThresholdInfo:
    """What the settings pages and the reports say of one threshold, and the range it may take."""

    name: str
    group: str
    label: str
    unit: str
    why: str
    minimum: float
    maximum: float
    default: float | int

    @property
    def is_int(self) -> bool:
        return isinstance(self.default, int)


def _threshold(default: float | int, group: str, label: str, unit: str, why: str, maximum: float,
               minimum: float = 0.0) -> Any:
    """A threshold field carrying its metadata (read back by `threshold_infos`)."""
    return field(default=default, metadata={"threshold": (group, label, unit, why, minimum, maximum)})


QUALITY, HEAD, LOOKS, LANDINGS, KNEE = "Clip quality", "Head down", "Looking back", "Landings", "Knee bend"


@dataclass(frozen=True)
class Thresholds:
    visibility_min: float = _threshold(
        0.5, QUALITY, "Landmark visibility at least", "", "MediaPipe itself hides landmarks under 0.5 visibility",
        1.0)
    min_strides_per_side: int = _threshold(
        3, QUALITY, "Strides per leg at least", "strides",
        "medians over 3+ strides tame the 5-7 degree per-frame error of 2D pose", 100, 1)
    min_assessable_s: float = _threshold(
        2.0, QUALITY, "Seconds of head in view at least", "s", "shorter stretches are too brief to judge posture",
        600.0)
    min_body_height_px: float = _threshold(
        110.0, QUALITY, "Walker height in picture at least (px)", "px",
        "smaller walkers (nose to ankle) leave too few pixels per shank for a trustworthy knee or foot angle; "
        "set where a downscaled sample clip stopped agreeing with the original", 4000.0)
    running_cadence_min: float = _threshold(
        150.0, QUALITY, "Running from (steps/min)", "steps/min",
        "walking cadence rarely passes 140 steps a minute, running starts about 150; a bout this fast is running "
        "and is not coached", 400.0)
    head_down_deg: float = _threshold(
        20.0, HEAD, "Head down at (° below own neutral)", "°",
        "below the walker's own neutral (their head at its highest 15 % of the walk); phone users reach 31-38 "
        "degrees below level (Appl Ergon 2019)", 90.0)
    head_down_severe_deg: float = _threshold(30.0, HEAD, "Severe from (°)", "°", "smartphone-like posture",
                                             90.0)
    head_down_min_s: float = _threshold(
        2.0, HEAD, "Longest allowed spell (s)", "s", "a glance at the floor is fine; a sustained stare is not",
        600.0)
    head_down_max_fraction: float = _threshold(
        0.30, HEAD, "Largest allowed share of the walk", "", "head down for this share of the walk counts even in "
        "short bouts", 1.0)
    look_yaw_deg: float = _threshold(45.0, LOOKS, "A look turns the head (°)", "°",
                                     "a shoulder check turns the head at least this far", 180.0)
    look_min_s: float = _threshold(0.3, LOOKS, "Shortest look (s)", "s",
                                   "head onset alone takes about 0.26 s; shorter turns are noise", 60.0)
    twist_deg: float = _threshold(30.0, LOOKS, "Trunk twist counts as a look (°)", "°",
                                  "normal walking twists the trunk under 10 degrees; 2D width noise is about 20",
                                  180.0)
    looks_per_min_max: float = _threshold(6.0, LOOKS, "Most looks per minute", "/min",
                                          "heuristic: more than one look every ~8 strides", 120.0)
    look_time_fraction_max: float = _threshold(0.25, LOOKS, "Largest share of time looking back", "",
                                               "heuristic: looking back more than a quarter of the time", 1.0)
    look_max_s: float = _threshold(2.0, LOOKS, "Longest look (s)", "s",
                                   "a look-and-return takes 0.5-1 s; over 2 s is a stare", 60.0)
    heel_first_max_fraction: float = _threshold(
        0.30, LANDINGS, "Largest share of heel-first landings", "",
        "2D events are +-1 frame, so a share of steps, not any single step", 1.0)
    heel_first_min_count: int = _threshold(
        2, LANDINGS, "Heel-first landings of a foot at least", "landings",
        "one heel-first landing among a few is a misstep or a misread (live, a passer-by's crouch at the "
        "picture's edge read as one), not a habit", 100, 1)
    knee_rom_min_deg: float = _threshold(45.0, KNEE, "Knee range at least (°)", "°",
                                         "healthy swing range 61 +- 6 degrees; knee OA 55 +- 6 (BMC MSK 2013)", 180.0)
    knee_rom_borderline_deg: float = _threshold(50.0, KNEE, "Borderline below (°)", "°",
                                                "61 - 2 SD of healthy swing range", 180.0)
    knee_rom_asymmetry_max_deg: float = _threshold(10.0, KNEE, "Left-right difference at most (°)", "°",
                                                   "about twice the 2D knee-angle error", 180.0)


def threshold_infos() -> tuple[ThresholdInfo, ...]:
    """Every threshold's metadata, in the order of the fields."""
    return tuple(ThresholdInfo(f.name, *f.metadata["threshold"], f.default)
                 for f in dataclasses.fields(Thresholds))


def threshold_groups() -> dict[str, tuple[ThresholdInfo, ...]]:
    """The thresholds by the check they tune, the checks' groups first and clip quality last."""
    infos = threshold_infos()
    order = (HEAD, LOOKS, LANDINGS, KNEE, QUALITY)
    return {group: tuple(i for i in infos if i.group == group) for group in order}


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
    infos = {i.name: i for i in threshold_infos()}
    unknown = sorted(set(values) - set(infos))
    if unknown:
        raise ConfigError(f"unknown threshold(s): {', '.join(unknown)}; known: {', '.join(infos)}")
    typed: dict[str, float | int] = {}
    for name, value in values.items():
        info = infos[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"threshold {name} must be a finite number, got {value!r}")
        if not info.minimum <= value <= info.maximum:
            raise ConfigError(f"threshold {name} must be between {info.minimum:g} and {info.maximum:g}, got {value!r}")
        typed[name] = int(value) if info.is_int else float(value)
    return Thresholds(**typed)
