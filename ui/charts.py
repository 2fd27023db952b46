"""Interactive charts of an analysis: angles over time, landings marked, fault spans shaded."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from coaching.activity import bout_words
from coaching.analysis import Analysis
from coaching.rules.common import LOOK_VIEWS
from coaching.rules.head_down import tilt_deg
from trainer.progress import SERIES
from vision import palette
from vision.motion import Motion

MARGIN_PX = {"l": 40, "r": 10, "t": 40, "b": 30}


def _nan_to_none(values: np.ndarray) -> list[float | None]:
    return [None if np.isnan(v) else round(float(v), 2) for v in values]


def head_tilt_deg(motion: Motion) -> np.ndarray:
    """The head's tilt the head-down check compares with its limit: over the neutral of the backward
    walking (the raw pitch carries a per-view offset, -160 degrees at an angle)."""
    return tilt_deg(motion.coached() or motion)


def angle_chart(analysis: Analysis) -> go.Figure:
    """Knee flexion of the legs the view shows (with landings), head tilt, and head yaw / trunk twist where the
    view shows them."""
    kin = analysis.motion.kinematics
    t = kin.time_s
    legs = analysis.motion.legs_seen  # square on a knee's "angle" means nothing: no knee is drawn
    knee_title = "Knee flexion (°)" if legs else "Landings (knee angles need a camera at the side)"
    turns = analysis.motion.view in LOOK_VIEWS  # at an angle neither is measured: no empty panel for them
    titles = (knee_title, "Head tilt below your own neutral, down + (°)") + (
        ("Head yaw and trunk twist (°)",) if turns else ())
    height_px = 210 * len(titles) - 10
    plots_px = height_px - MARGIN_PX["t"] - MARGIN_PX["b"]
    fig = make_subplots(rows=len(titles), cols=1, shared_xaxes=True, vertical_spacing=40 / plots_px,
                        subplot_titles=titles)  # 40 px between the panels, room for the next one's title
    for foot in legs:
        fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.knee(foot)), name=f"{foot} knee",
                                 line={"color": palette.LEG[foot]}), row=1, col=1)
    for part, colour in palette.PART.items():
        contacts = [c for c in analysis.motion.gait.contacts if c.part == part]
        if contacts:
            y = [float(kin.knee(c.foot)[c.row]) if c.foot in legs else 0.0 for c in contacts]
            name = "landing (its part unseen)" if part == "unseen" else f"{part}-first landing"
            fig.add_trace(go.Scatter(x=[c.time_s for c in contacts], y=y, mode="markers", name=name,
                                     marker={"color": colour, "size": 10, "symbol": "triangle-down"},
                                     text=[f"{c.foot} {name}" for c in contacts]), row=1, col=1)
    fig.add_trace(go.Scatter(x=t, y=_nan_to_none(head_tilt_deg(analysis.motion)), name="head tilt",
                             line={"color": palette.HEAD_PITCH}), row=2, col=1)
    threshold = analysis.thresholds.head_down_deg
    fig.add_hline(y=threshold, line={"dash": "dot", "color": palette.FAULT}, row=2, col=1)
    if turns:
        fig.add_trace(go.Scatter(x=t, y=_nan_to_none(np.abs(kin.head_yaw_deg)), name="head yaw",
                                 line={"color": palette.HEAD_YAW}), row=3, col=1)
        fig.add_trace(go.Scatter(x=t, y=_nan_to_none(kin.twist_deg), name="trunk twist",
                                 line={"color": palette.TWIST}), row=3, col=1)
    for finding in analysis.report.findings:
        end = max(finding.end_s, finding.start_s + 0.1)
        fig.add_vrect(x0=finding.start_s, x1=end, fillcolor=palette.FAULT_FILL, line_width=0, row="all", col=1)
    # the legend 44 px under the plots, below the time axis's title, whatever their height
    fig.update_layout(height=height_px, margin=MARGIN_PX, hovermode="x unified",
                      legend={"orientation": "h", "y": -44 / plots_px})
    fig.update_xaxes(title_text="time (s)", row=len(titles), col=1)
    if not legs:
        fig.update_yaxes(visible=False, row=1, col=1)
    return fig


def bout_timeline(analysis: Analysis) -> go.Figure:
    """One bar per bout along the clip's time, coloured by what the walker did."""
    fig = go.Figure()
    for bout in analysis.motion.bouts:
        words = bout_words(bout.activity, bout.direction)
        coached = "coached" if bout.coached else "not coached"
        fig.add_trace(go.Bar(x=[bout.duration_s], base=[bout.start_s], y=["bouts"], orientation="h",
                             marker_color=palette.ACTIVITY.get(words, palette.LINE), name=words, showlegend=False,
                             customdata=[[bout.start_s]], text=[words], textposition="inside",
                             hovertemplate=f"{words} ({coached})<br>%{{base:.1f}}–{bout.end_s:.1f} s<extra></extra>"))
    duration = float(analysis.motion.track.time_s[-1]) if analysis.motion.track.frame_count else 0.0
    fig.update_layout(height=110, barmode="overlay", margin={"l": 10, "r": 10, "t": 10, "b": 30},
                      yaxis={"visible": False}, xaxis={"title": "time (s)", "range": [0, duration]})
    return fig


def progress_chart(points: list) -> go.Figure:
    """One small chart per measure across a client's sessions (x = session date)."""
    fig = make_subplots(rows=5, cols=2, subplot_titles=[label for _, label in SERIES],
                        vertical_spacing=0.1, horizontal_spacing=0.08)
    dates = [p.recorded_on for p in points]
    for k, (field, label) in enumerate(SERIES):
        values = [getattr(p, field) for p in points]
        fig.add_trace(go.Scatter(x=dates, y=values, mode="lines+markers", name=label, showlegend=False,
                                 line={"color": palette.FAULT}), row=k // 2 + 1, col=k % 2 + 1)
    _date_axis(fig, dates)
    fig.update_layout(height=950, margin=MARGIN_PX)
    return fig


def _date_axis(fig: go.Figure, dates: list) -> None:
    """Days on the x axis, with a week's room around a single session (not hours of one day)."""
    fig.update_xaxes(type="date", tickformat="%d %b")
    if len(set(dates)) == 1:
        day = dates[0]
        fig.update_xaxes(range=[day - timedelta(days=3), day + timedelta(days=3)])


def plan_chart(weeks: list) -> go.Figure:
    """Minutes walked backwards each week against the plan."""
    fig = go.Figure()
    week_ms = 6 * 24 * 3600 * 1000  # bars a week wide (less a day's gap) on the date axis
    fig.add_trace(go.Bar(x=[w.week_start + timedelta(days=3) for w in weeks], y=[w.minutes_done for w in weeks],
                         width=[week_ms] * len(weeks), name="done", marker_color=palette.DONE))
    fig.add_trace(go.Scatter(x=[w.week_start + timedelta(days=3) for w in weeks], y=[w.minutes_planned for w in weeks],
                             name="planned",
                             mode="lines+markers", line={"dash": "dash", "color": palette.MUTED}))
    _date_axis(fig, [w.week_start for w in weeks])
    fig.update_layout(height=300, margin={"l": 40, "r": 10, "t": 30, "b": 30}, yaxis_title="minutes backwards",
                      legend={"orientation": "h"})
    return fig
