"""The one-page HTML report a client can keep: verdict, numbers, checks, moments, a knee chart.

Self-contained (inline CSS, the chart as an embedded PNG) so it opens offline
and prints on one or two pages.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from coaching import rules  # noqa: E402
from coaching.accuracy import accuracy_note  # noqa: E402
from coaching.analysis import Analysis  # noqa: E402
from coaching.report import Report  # noqa: E402
from coaching.verdict import verdict  # noqa: E402
from vision import palette  # noqa: E402

STATUS_WORDS = {"ok": "Good", "fault": "Work on this", "not_assessable": "Cannot judge from this clip"}
_CSS = f"""
body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:820px;margin:24px auto;
color:{palette.INK};padding:0 16px}}h1{{font-size:1.6em;margin-bottom:0}}.sub{{color:{palette.MUTED};margin-top:4px}}
.tiles{{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}}.tile{{border:1px solid {palette.LINE};border-radius:8px;
padding:8px 12px;min-width:110px}}.tile b{{display:block;font-size:1.3em}}.check{{border-left:6px solid #999;
padding:6px 12px;margin:10px 0;background:#f7f9fb}}.ok{{border-color:{palette.STATUS["ok"]}}}
.fault{{border-color:{palette.STATUS["fault"]}}}.not_assessable{{border-color:{palette.STATUS["not_assessable"]}}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #e3e8ee;
padding:4px 6px;text-align:left;font-size:.92em}}.warn{{background:#fff5d6;padding:8px 12px;border-radius:6px}}
img{{max-width:100%}}@media print{{body{{margin:0}}}}
"""


def not_judged(report: Report) -> list[str]:
    """'Knee bend: knee bends need a camera at the side', one line per check this clip could
    not judge."""
    return [f"{rules.title(name)}: {check.reason.split(';')[0]}" for name, check in report.checks.items()
            if check.status == "not_assessable"]


def backward_sentence(report: Report) -> str:
    """'Walked backwards 4.8 s of 13.4 s; the checks judge that part only.'"""
    if report.walking_backward_s <= 0:
        return f"No backward walking found in {report.source.duration_s:.1f} s."
    return (f"Walked backwards {report.walking_backward_s:.1f} s of {report.source.duration_s:.1f} s; "
            "the checks, steps, cadence and knee range come from that part only.")


def png_base64(fig: plt.Figure) -> str:
    """A matplotlib figure as base64 PNG (and closed)."""
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _knee_chart(analysis: Analysis) -> plt.Figure:
    """The knees this view shows (Motion.legs_seen): square on, a knee's "angle" means nothing."""
    kin = analysis.motion.kinematics
    fig, ax = plt.subplots(figsize=(8, 2.6), dpi=100)
    for foot in analysis.motion.legs_seen:
        ax.plot(kin.time_s, kin.knee(foot), label=f"{foot} knee", color=palette.LEG[foot])
    for c in analysis.motion.gait.contacts:
        ax.axvline(c.time_s, color=palette.PART[c.part], linewidth=0.8, alpha=0.7)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("knee flexion (deg)")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def _fmt(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:.0f}{unit}"


def headline_tiles(report: Report) -> list[tuple[str, str]]:
    """(label, value) of the numbers a report leads with, for the page and the HTML alike."""
    backward = report.backward_bouts()
    steps = sum(b.steps for b in backward) if backward else len(report.contacts)
    return [("Direction", report.direction), ("View", report.view),
            ("Steps backwards" if backward else "Steps", str(steps) if steps else "not seen"),
            ("Cadence", _fmt(report.cadence_steps_per_min, " /min")),
            ("Knee range L", _fmt(report.knee_rom_deg["left"], "°")),
            ("Knee range R", _fmt(report.knee_rom_deg["right"], "°")),
            ("Score", _fmt(report.score)),
            ("Walked backwards", f"{report.walking_backward_s:.1f} of {report.source.duration_s:.1f} s")]


def page(title: str, body: list[str]) -> str:
    """A self-contained printable page around `body` (HTML fragments)."""
    return "\n".join([f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
                      f"<style>{_CSS}</style></head><body>", *body, "</body></html>"])


def render_html(analysis: Analysis, title: str = "Backward walking report",
                notes: list[tuple[float, str]] | None = None) -> str:
    """The one-page report; `notes` are a trainer's (time, text) comments."""
    r = analysis.report
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>",
             f"<p class='sub'>{esc(r.source.path.rsplit('/', 1)[-1])} · {r.source.duration_s:.1f} s · "
             f"{esc(verdict(r))}</p>", f"<p class='sub'>{esc(backward_sentence(r))}</p>"]
    parts += [f"<p class='sub'>Not judged: {esc(line)}.</p>" for line in not_judged(r)]
    parts.append("<div class='tiles'>")
    parts += [f"<div class='tile'>{esc(k)}<b>{esc(v)}</b></div>" for k, v in headline_tiles(r)]
    parts.append("</div>")
    if r.speed_m_per_s is not None:
        step = f", steps of {r.step_length_m:.2f} m" if r.step_length_m else ""
        parts.append(f"<p>Backward walking speed {r.speed_m_per_s:.2f} m/s{step} (stated height "
                     f"{r.height_cm:g} cm; about 5 % error).</p>")
    if r.test:
        parts.append(f"<div class='check'><b>3-metre backward walk test: {r.test.time_s:.2f} s</b>"
                     f"<br>{esc(r.test.verdict)}<br><small>{esc(r.test.reference)}</small></div>")
    parts += [f"<p class='warn'>{esc(w)}</p>" for w in r.warnings]
    parts.append("<h2>Checks</h2>")
    for name, check in r.checks.items():
        cue = next((f.cue for f in check.findings), "")
        parts.append(f"<div class='check {check.status}'><b>{esc(rules.title(name))}: "
                     f"{esc(STATUS_WORDS[check.status])}</b><br>{esc(check.reason)}"
                     + (f"<br><i>How to fix it:</i> {esc(cue)}" if cue else "") + "</div>")
    if r.findings:
        parts.append("<h2>Moments</h2><table><tr><th>time</th><th>what happened</th><th>severity</th></tr>")
        parts += [f"<tr><td>{f.start_s:.1f}–{f.end_s:.1f} s</td><td>{esc(f.message)}</td><td>{f.severity}</td></tr>"
                  for f in r.findings]
        parts.append("</table>")
    if notes:
        parts.append("<h2>Trainer's notes</h2><table><tr><th>time</th><th>note</th></tr>")
        parts += [f"<tr><td>{t:.1f} s</td><td>{esc(text)}</td></tr>" for t, text in notes]
        parts.append("</table>")
    if analysis.motion.track.detected.any() and analysis.motion.legs_seen:
        parts.append(f"<h2>Knee angles</h2><img alt='knee angles over time' "
                     f"src='data:image/png;base64,{png_base64(_knee_chart(analysis))}'>")
    parts.append(f"<p class='sub'>RetroCoach · {esc(accuracy_note(r.view))}</p>")
    return page(title, parts)
