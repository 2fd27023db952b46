"""The `retrocoach` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from coaching.annotate import write_annotated_video
from coaching.analysis import INPUT_ERRORS, Analysis, analyze
from coaching.config import load_thresholds
from coaching.report import Report, write_frames_csv, write_json
from coaching.report_html import render_html
from vision.landmarks import write_csv
from vision.video import VideoError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="retrocoach", description="Coaching for backward walking from video.")
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("analyze", help="analyse a video or a landmark CSV")
    a.add_argument("input", type=Path, help="video (mp4 mov m4v avi webm mkv) or landmark .csv")
    a.add_argument("--json", type=Path, help="write the report as JSON")
    a.add_argument("--csv", type=Path, help="write per-frame angles and events as CSV")
    a.add_argument("--video", type=Path, help="write the annotated video (H.264 .mp4)")
    a.add_argument("--landmarks-out", type=Path, help="write the pose track as a landmark CSV")
    a.add_argument("--html", type=Path, help="write a one-page HTML report")
    a.add_argument("--config", type=Path, help="TOML file with [thresholds] overrides")
    a.add_argument("--model", default="full", help="pose model (only 'full' ships with MediaPipe 0.10.21)")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


class _Bar:
    """A tqdm bar fed by (done, total) callbacks."""

    def __init__(self, label: str, enabled: bool) -> None:
        self._bar = tqdm(desc=label, unit="frame", file=sys.stderr, disable=not enabled, leave=False)

    def __call__(self, done: int, total: int) -> None:
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def summary_text(report: Report) -> str:
    lines = [f"{report.source.path}: {report.direction} walking, {report.view} view, "
             f"walker in view {100 * report.person_detected_fraction:.0f} % of frames"]
    if report.cadence_steps_per_min:
        lines.append(f"cadence {report.cadence_steps_per_min:.0f} steps/min, knee range "
                     f"left {report.knee_rom_deg['left']} right {report.knee_rom_deg['right']} deg")
    for name, check in report.checks.items():
        lines.append(f"  {name:22s} {check.status:15s} {check.reason}")
    for f in report.findings:
        lines.append(f"  {f.start_s:6.2f}-{f.end_s:6.2f} s  {f.rule}: {f.message} -> {f.cue}")
    for w in report.warnings:
        lines.append(f"  note: {w}")
    lines.append(f"score: {report.score if report.score is not None else 'n/a'}")
    return "\n".join(lines)


def _write_outputs(args: argparse.Namespace, analysis: Analysis, show_progress: bool) -> None:
    if args.json:
        write_json(analysis.report, args.json)
    if args.csv:
        write_frames_csv(analysis.report, analysis.motion, args.csv)
    if args.landmarks_out:
        write_csv(analysis.motion.track, args.landmarks_out)
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(render_html(analysis), encoding="utf-8")
    if args.video:
        if analysis.video is None:
            raise VideoError("--video needs a video input; a landmark file has no pictures to draw on")
        bar = _Bar("drawing", show_progress)
        try:
            write_annotated_video(analysis, args.video, bar)
        finally:
            bar.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    show_progress = not args.quiet and sys.stderr.isatty()
    try:
        thresholds = load_thresholds(args.config)
        bar = _Bar("analysing", show_progress)
        try:
            analysis = analyze(args.input, thresholds, args.model, bar)
        finally:
            bar.close()
        _write_outputs(args, analysis, show_progress)
    except INPUT_ERRORS as exc:
        print(f"retrocoach: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"retrocoach: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    print(summary_text(analysis.report))
    return 0


def run() -> None:
    """Console entry point: MediaPipe's native logging goes to /dev/null, our own lines stay."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = os.fdopen(saved, "w", buffering=1)
    sys.exit(main())


if __name__ == "__main__":
    run()
