"""The check thresholds in the sidebar, each with its default and a one-line reason."""

from __future__ import annotations

import dataclasses

import streamlit as st

from coaching.config import WHY, Thresholds

GROUPS: dict[str, tuple[str, ...]] = {
    "Head down": ("head_down_deg", "head_down_severe_deg", "head_down_min_s", "head_down_max_fraction"),
    "Looking back": ("look_yaw_deg", "look_min_s", "twist_deg", "looks_per_min_max", "look_time_fraction_max",
                     "look_max_s"),
    "Landings": ("heel_first_max_fraction",),
    "Knee bend": ("knee_rom_min_deg", "knee_rom_borderline_deg", "knee_rom_asymmetry_max_deg"),
    "Clip quality": ("visibility_min", "min_strides_per_side", "min_assessable_s", "min_body_height_px",
                     "running_cadence_min"),
}
LABELS: dict[str, str] = {
    "head_down_deg": "Head down at (° below own neutral)",
    "head_down_severe_deg": "Severe from (°)",
    "head_down_min_s": "Longest allowed spell (s)",
    "head_down_max_fraction": "Largest allowed share of the walk",
    "look_yaw_deg": "A look turns the head (°)",
    "look_min_s": "Shortest look (s)",
    "twist_deg": "Trunk twist counts as a look (°)",
    "looks_per_min_max": "Most looks per minute",
    "look_time_fraction_max": "Largest share of time looking back",
    "look_max_s": "Longest look (s)",
    "heel_first_max_fraction": "Largest share of heel-first landings",
    "knee_rom_min_deg": "Knee range at least (°)",
    "knee_rom_borderline_deg": "Borderline below (°)",
    "knee_rom_asymmetry_max_deg": "Left-right difference at most (°)",
    "visibility_min": "Landmark visibility at least",
    "min_strides_per_side": "Strides per leg at least",
    "min_assessable_s": "Seconds of head in view at least",
    "min_body_height_px": "Walker height in picture at least (px)",
    "running_cadence_min": "Running from (steps/min)",
}


def threshold_sidebar(prefix: str = "th") -> Thresholds:
    """Number inputs for every threshold; returns the thresholds as set."""
    defaults = Thresholds()
    fields = {f.name: f for f in dataclasses.fields(Thresholds)}
    st.sidebar.header("Check settings")
    st.sidebar.caption("Defaults come from the research behind RetroCoach; changing one re-runs the checks "
                       "on the stored pose track, without analysing the video again.")
    if st.sidebar.button("Reset to defaults", key=f"{prefix}_reset"):
        for name in fields:
            st.session_state.pop(f"{prefix}_{name}", None)
    values: dict[str, float | int] = {}
    for group, names in GROUPS.items():
        with st.sidebar.expander(group, expanded=False):
            for name in names:
                default = getattr(defaults, name)
                is_int = fields[name].type in (int, "int")
                values[name] = st.number_input(
                    LABELS[name], value=default, min_value=0 if is_int else 0.0,
                    step=1 if is_int else (0.05 if default < 1 else 1.0),
                    format=None if is_int else ("%.2f" if default < 1 else "%.1f"),
                    help=f"{WHY[name]} (default {default})", key=f"{prefix}_{name}")
    return Thresholds(**values)
