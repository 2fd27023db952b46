"""Interactive charts of an analysis: angles over time, landings marked, fault spans shaded."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from coaching.analysis import Analysis

PART_COLOURS = {"toe": "#2e9d55", "heel": "#d9472b", "flat": "#c9a400"}
FAULT_FILL = "rgba(217, 71, 43, 0.12)"


def _nan_to_none(values: np.ndarray) -> list[float | None]:
    return [None if np.isnan(v) else round(float(v), 2) for v in values]


def angle_chart(analysis: Analysis) -> go.Figure:
    """Knee flexion left/right (with landings), head pitch, and head yaw / trunk twist."""
    kin = analysis.motion.kinematics
    t = kin.time_s
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        subplot_titles=("Knee flexion (°)", "Head pitch, down + (°)", "Head yaw and trunk twist (°)"))
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.knee_flexion_left_deg), name="left knee",
                             line={"color": "#ff8c00"}), row=1, col=1)
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.knee_flexion_right_deg), name="right knee",
                             line={"color": "#00a0e6"}), row=1, col=1)
    for part, colour in PART_COLOURS.items():
        contacts = [c for c in analysis.motion.gait.contacts if c.part == part]
        if contacts:
            y = [float(kin.knee(c.foot)[c.frame]) for c in contacts]
            fig.add_trace(go.Scatter(x=[c.time_s for c in contacts], y=y, mode="markers", name=f"{part}-first landing",
                                     marker={"color": colour, "size": 10, "symbol": "triangle-down"},
                                     text=[f"{c.foot} {part} first" for c in contacts]), row=1, col=1)
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.head_pitch_deg), name="head pitch",
                             line={"color": "#6a4c93"}), row=2, col=1)
    threshold = analysis.thresholds.head_down_deg
    fig.add_hline(y=threshold, line={"dash": "dot", "color": "#d9472b"}, row=2, col=1)
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(np.abs(kin.head_yaw_deg)), name="head yaw",
                             line={"color": "#1982c4"}), row=3, col=1)
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.twist_deg), name="trunk twist",
                             line={"color": "#8ac926"}), row=3, col=1)
    for finding in analysis.report.findings:
        end = max(finding.end_s, finding.start_s + 0.1)
        fig.add_vrect(x0=finding.start_s, x1=end, fillcolor=FAULT_FILL, line_width=0, row="all", col=1)
    fig.update_layout(height=620, margin={"l": 40, "r": 10, "t": 40, "b": 30}, hovermode="x unified",
                      legend={"orientation": "h", "y": -0.08})
    fig.update_xaxes(title_text="time (s)", row=3, col=1)
    return fig
