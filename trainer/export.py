"""Exports of a client's work: printable progress report, session reports, everything as a zip."""

from __future__ import annotations

import html
import io
import json
import zipfile
from dataclasses import asdict

import matplotlib.pyplot as plt

from coaching.frames_csv import frames_csv_text
from coaching.opensim_files import mot_text, trc_text
from coaching.report import json_text
from coaching.report_html import page, png_base64, render_html
from trainer.progress import SERIES, PlanWeek, ProgressPoint, plan_weeks, progress
from trainer.workspace import ClientInfo, Workspace
from vision import palette
from vision.landmarks import csv_text



def _progress_chart(points: list[ProgressPoint]) -> str:
    fig, axes = plt.subplots(len(SERIES), 1, figsize=(8, 1.6 * len(SERIES)), dpi=90, sharex=True)
    dates = [p.recorded_on for p in points]
    for ax, (field, label) in zip(axes, SERIES):
        values = [getattr(p, field) for p in points]
        ax.plot([d for d, v in zip(dates, values) if v is not None], [v for v in values if v is not None],
                marker="o", color=palette.FAULT)
        ax.set_ylabel(label.lower(), fontsize=7, rotation=0, ha="right")
    return png_base64(fig)


def progress_html(client: ClientInfo, points: list[ProgressPoint], weeks: list[PlanWeek]) -> str:
    esc = html.escape
    body = [f"<h1>Progress: {esc(client.name)}</h1>",
            f"<p class='sub'>Goal: {esc(client.goal or '–')} · plan: {client.plan_minutes_per_session:g} min "
            f"backwards per session, {client.plan_sessions_per_week} sessions a week</p>"]
    if not points:
        return page(f"Progress of {client.name}", body + ["<p>No sessions yet.</p>"])
    body.append("<h2>Sessions</h2><table><tr><th>date</th><th>setting</th><th>knee L/R (°)</th>"
                "<th>heel-first</th><th>head down</th><th>looks/min</th><th>cadence</th><th>min backwards</th>"
                "<th>score</th></tr>")

    def fmt(value: float | None, unit: str = "") -> str:
        return "–" if value is None else f"{value:.0f}{unit}"

    for p in points:
        body.append(f"<tr><td>{p.recorded_on}</td><td>{esc(p.setting)}</td><td>{fmt(p.knee_rom_left_deg)} / "
                    f"{fmt(p.knee_rom_right_deg)}</td><td>{fmt(p.heel_first_pct, ' %')}</td>"
                    f"<td>{fmt(p.head_down_s, ' s')}</td><td>{fmt(p.looks_per_min)}</td>"
                    f"<td>{fmt(p.cadence_steps_per_min)}</td><td>{p.minutes_backward:.1f}</td>"
                    f"<td>{fmt(p.score)}</td></tr>")
    body.append("</table><h2>Plan against done</h2><table><tr><th>week of</th><th>sessions</th>"
                "<th>minutes backwards</th></tr>")
    body += [f"<tr><td>{w.week_start}</td><td>{w.sessions_done} of {w.sessions_planned}</td>"
             f"<td>{w.minutes_done:.1f} of {w.minutes_planned:g}</td></tr>" for w in weeks]
    body.append(f"</table><h2>Over time</h2><img alt='progress charts' "
                f"src='data:image/png;base64,{_progress_chart(points)}'>")
    return page(f"Progress of {client.name}", body)


def session_html(workspace: Workspace, session_id: int) -> str:
    session = workspace.get_session(session_id)
    client = workspace.get_client(session.client_id)
    notes = [(c.time_s, c.text) for c in workspace.comments(session_id)]
    return render_html(workspace.session_analysis(session_id),
                       f"{client.name}: {session.recorded_on} ({session.setting})", notes)


def client_zip(workspace: Workspace, client_id: int) -> bytes:
    """Everything about a client: details, progress report, and per session the report (JSON and
    HTML), per-frame CSV, landmark CSV, notes, finding reviews and the video."""
    client = workspace.get_client(client_id)
    points = progress(workspace, client_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("client.json", json.dumps(asdict(client), indent=2))
        archive.writestr("progress.html", progress_html(client, points, plan_weeks(client, points)))
        for session in workspace.list_sessions(client_id):
            folder = f"sessions/{session.recorded_on}-{session.id}"
            analysis = workspace.session_analysis(session.id)
            archive.writestr(f"{folder}/report.json", json_text(analysis.report))
            archive.writestr(f"{folder}/report.html", session_html(workspace, session.id))
            archive.writestr(f"{folder}/frames.csv", frames_csv_text(analysis.report, analysis.motion))
            archive.writestr(f"{folder}/landmarks.csv", csv_text(analysis.motion.source_track))
            archive.writestr(f"{folder}/angles.mot", mot_text(analysis, "angles"))
            if analysis.measures.scale is not None:
                archive.writestr(f"{folder}/markers.trc", trc_text(analysis, "markers.trc"))
            archive.writestr(f"{folder}/notes.json", json.dumps(
                [{"time_s": c.time_s, "text": c.text, "created_at": c.created_at.isoformat()}
                 for c in workspace.comments(session.id)], indent=2))
            archive.writestr(f"{folder}/reviews.json", json.dumps(workspace.reviews(session.id), indent=2))
            video = workspace.session_video(session.id)
            if video is not None:
                archive.write(video, f"{folder}/video{video.suffix}")
    return buffer.getvalue()
