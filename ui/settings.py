"""The threshold inputs of the sidebar and of a client's settings, built from the fields' metadata."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coaching.config import ThresholdInfo, Thresholds, threshold_groups, threshold_infos


def _input(where: DeltaGenerator, info: ThresholdInfo, value: float | int, key: str) -> float | int:
    small = not info.is_int and info.default < 1
    lo, hi = (int(info.minimum), int(info.maximum)) if info.is_int else (float(info.minimum), float(info.maximum))
    return where.number_input(info.label, value=min(max(value, lo), hi), min_value=lo, max_value=hi,
                              step=1 if info.is_int else (0.05 if small else 1.0),
                              format=None if info.is_int else ("%.2f" if small else "%.1f"),
                              help=f"{info.why} (default {info.default})", key=key)


def threshold_inputs(current: Thresholds, key_prefix: str, box_of_group: Callable[[str], DeltaGenerator],
                     columns: int = 1) -> Thresholds:
    """A number input for every threshold, a box per group (`box_of_group` makes it), `columns` to a row."""
    values: dict[str, float | int] = {}
    for group, infos in threshold_groups().items():
        box = box_of_group(group)
        slots = box.columns(columns) if columns > 1 else [box]
        for k, info in enumerate(infos):
            values[info.name] = _input(slots[k % columns], info, getattr(current, info.name),
                                       f"{key_prefix}_{info.name}")
    return Thresholds(**values)


def threshold_sidebar(prefix: str = "th") -> Thresholds:
    """The sidebar's thresholds, from the defaults; returns the thresholds as set."""
    st.sidebar.header("Check settings")
    st.sidebar.caption("Defaults come from the research behind RetroCoach; changing one re-runs the checks "
                       "on the stored pose track, without analysing the video again.")
    if st.sidebar.button("Reset to defaults", key=f"{prefix}_reset"):
        for info in threshold_infos():
            st.session_state.pop(f"{prefix}_{info.name}", None)
    return threshold_inputs(Thresholds(), prefix, lambda group: st.sidebar.expander(group, expanded=False))
