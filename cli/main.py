"""The `retrocoach` command.

Each command imports only what it uses, inside the function that runs it:
`--help` starts at once, `analyze` never loads the database, the web
libraries or the plotting stack unless an output asks for it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

if TYPE_CHECKING:
    from coaching.analysis import Analysis
    from coaching.report import Report

TESTS = ("3mbwt",)  # coaching.measures.TESTS, named here so that --help imports nothing


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
    a.add_argument("--workers", type=int, help="processes estimating pose on spans of the clip (the same result "
                                               "for any count); default: one per core, this one among them")
    a.add_argument("--height-cm", type=float, help="the walker's height: speed and step length in metres")
    a.add_argument("--test", choices=TESTS, help="time a clinical test (3mbwt: the 3-metre backward walk test; "
                                                 "needs --height-cm)")
    a.add_argument("--trc", type=Path, help="write the pose track as OpenSim markers in metres (needs --height-cm)")
    a.add_argument("--mot", type=Path, help="write the joint angles as an OpenSim motion file")
    live = commands.add_parser("live", help="coach live from a camera, or from a file played at its real pace")
    source = live.add_mutually_exclusive_group(required=True)
    source.add_argument("--camera", type=int, help="camera index (0 is the first webcam)")
    source.add_argument("--source", type=Path, help="a video file played at its real pace, as if it were a camera")
    live.add_argument("--every-frame", action="store_true",
                      help="with --source: coach every frame of the file, as fast as this machine goes (no drops)")
    live.add_argument("--no-window", action="store_true", help="no OpenCV window; print the status once a second")
    live.add_argument("--json", type=Path, help="write the session report as JSON when the session ends")
    live.add_argument("--landmarks-out", type=Path, help="write the session's pose track as a landmark CSV")
    live.add_argument("--html", type=Path, help="write a one-page HTML report of the session")
    live.add_argument("--config", type=Path, help="TOML file with [thresholds] overrides")
    live.add_argument("--model", default="full", help="pose model (only 'full' ships with MediaPipe 0.10.21)")
    batch = commands.add_parser("batch", help="analyse many clips (files, folders, globs) into a folder")
    batch.add_argument("inputs", nargs="+", help="video files, folders of them, or glob patterns")
    batch.add_argument("--out", type=Path, required=True, help="folder for the results and summary.csv")
    batch.add_argument("--workers", type=int, help="clips analysed at once (default: the number of cores, "
                                                   "or of the Ray cluster's CPUs)")
    batch.add_argument("--ray", metavar="ADDRESS", help="run the workers on the Ray cluster at ADDRESS "
                                                        "(default: RETROCOACH_RAY_ADDRESS, else this machine)")
    batch.add_argument("--video", action="store_true", help="also write each clip's annotated video")
    batch.add_argument("--config", type=Path, help="TOML file with [thresholds] overrides")
    batch.add_argument("--model", default="full", help="pose model (only 'full' ships with MediaPipe 0.10.21)")
    batch.add_argument("--height-cm", type=float, help="the walkers' height, for metres (one height for all)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    admin = commands.add_parser("admin", help="manage trainer accounts")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    add = admin_commands.add_parser("add-trainer", help="create a trainer who can sign in to the Trainer page")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    admin_commands.add_parser("list-trainers", help="the trainers' usernames")
    remove = admin_commands.add_parser("remove-trainer", help="remove a trainer with all their clients and sessions")
    remove.add_argument("username")
    reset = admin_commands.add_parser("reset-password", help="set a trainer's password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    admin_commands.add_parser("setup-token", help="the one-time token for the first account on the Trainer page")
    return parser


class _Bar:
    """A tqdm bar fed by (done, total) callbacks."""

    def __init__(self, label: str, enabled: bool) -> None:
        tqdm.monitor_interval = 0  # no monitor thread: a process with only its own thread may fork its pose workers
        self._bar = tqdm(desc=label, unit="frame", file=sys.stderr, disable=not enabled, leave=False)

    def __call__(self, done: int, total: int) -> None:
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def summary_text(report: Report) -> str:
    from coaching.activity import bout_words, steps_words
    from coaching.verdict import verdict

    lines = [f"{report.source.path}: {report.direction} walking, {report.view} view, "
             f"walker in view {100 * report.person_detected_fraction:.0f} % of frames",
             f"walked backwards {report.walking_backward_s:.1f} s of {report.source.duration_s:.1f} s"]
    for b in report.bouts:
        cadence = f", {b.cadence_steps_per_min:.0f} steps/min" if b.cadence_steps_per_min else ""
        lines.append(f"  bout {b.index}: {b.start_s:5.1f}-{b.end_s:5.1f} s "
                     f"{bout_words(b.activity, b.direction)}, {steps_words(b.steps)}{cadence}")
    if report.cadence_steps_per_min:
        knees = {foot: "not judged" if deg is None else f"{deg} deg" for foot, deg in report.knee_rom_deg.items()}
        lines.append(f"cadence {report.cadence_steps_per_min:.0f} steps/min, knee range "
                     f"left {knees['left']}, right {knees['right']}")
    if report.speed_m_per_s is not None:
        step = f", step {report.step_length_m:.2f} m" if report.step_length_m else ""
        lines.append(f"backward walking speed {report.speed_m_per_s:.2f} m/s{step} (height {report.height_cm:g} cm)")
    if report.test:
        lines.append(f"3-metre backward walk test: {report.test.verdict}")
    for name, check in report.checks.items():
        lines.append(f"  {name:22s} {check.status:15s} {check.reason}")
    for f in report.findings:
        lines.append(f"  {f.start_s:6.2f}-{f.end_s:6.2f} s  {f.rule}: {f.message} -> {f.cue}")
    for w in report.warnings:
        lines.append(f"  note: {w}")
    lines.append(f"{verdict(report)}; score: {report.score if report.score is not None else 'n/a'}")
    return "\n".join(lines)


def _write_outputs(args: argparse.Namespace, analysis: Analysis, show_progress: bool) -> None:
    from coaching.opensim_files import mot_text, trc_text
    from coaching.frames_csv import write_frames_csv
    from coaching.report import write_json
    from vision.landmarks import write_csv
    from vision.video import VideoError

    if args.json:
        write_json(analysis.report, args.json)
    if getattr(args, "csv", None):
        write_frames_csv(analysis.report, analysis.motion, args.csv)
    if args.landmarks_out:
        write_csv(analysis.motion.source_track, args.landmarks_out)
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        from coaching.report_html import render_html

        args.html.write_text(render_html(analysis), encoding="utf-8")
    for path, text in ((getattr(args, "trc", None), trc_text), (getattr(args, "mot", None), mot_text)):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(analysis, path.name), encoding="utf-8")
    if getattr(args, "video", None):
        if analysis.video is None:
            raise VideoError("--video needs a video input; a landmark file has no pictures to draw on")
        from coaching.annotate import write_annotated_video

        bar = _Bar("drawing", show_progress)
        try:
            write_annotated_video(analysis, args.video, bar, getattr(args, "workers", None))
        finally:
            bar.close()


WINDOW_TITLE = "RetroCoach live (q to stop)"


def _live(args: argparse.Namespace) -> Analysis:
    """Run a live session until the source ends or q is pressed; the session's analysis."""
    import cv2

    from coaching.config import load_thresholds
    from coaching.live import LiveCoach
    from vision.camera import Camera, PacedFile
    from vision.video import VideoError

    if not args.no_window and sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise VideoError("no display to open a window on; add --no-window")
    source = Camera(args.camera) if args.camera is not None else PacedFile(args.source, every_frame=args.every_frame)
    coach = LiveCoach(load_thresholds(args.config), args.model)
    last_print = -1.0
    try:
        for _, time_s, image in source.frames():
            annotated = coach.process(image, time_s)
            if not args.no_window:
                cv2.imshow(WINDOW_TITLE, cv2.cvtColor(annotated, cv2.COLOR_RGB2BGR))
                if cv2.waitKey(1) & 0xFF in (ord("q"), 27):
                    break
            elif time_s - last_print >= 1.0:
                status = coach.status
                print(f"{status.time_s:6.1f} s  {status.direction:8s} backwards {status.backward_s:4.0f} s  "
                      f"steps {status.steps:3d}  cue: {status.cue or '-'}", file=sys.stderr)
                last_print = time_s
    finally:
        coach.close()
        if not args.no_window:
            cv2.destroyAllWindows()
    print(f"analysed {coach.frame_count} of {source.frames_offered} frames", file=sys.stderr)
    return coach.report()


def _password(args: argparse.Namespace) -> str | None:
    """The new password, from standard input or typed twice (None when the two differ)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        print("retrocoach: the passwords differ", file=sys.stderr)
        return None
    return password


def _admin(args: argparse.Namespace) -> int:
    from trainer import accounts
    from trainer.data_folder import data_dir
    from trainer.database import database_url, make_engine

    engine = make_engine()
    where = shown_url(database_url())
    try:
        if args.admin_command == "list-trainers":
            print("\n".join(accounts.list_trainers(engine)) or f"no trainers yet ({where})")
        elif args.admin_command == "remove-trainer":
            accounts.remove_trainer(engine, args.username)
            print(f"trainer {args.username.strip()} removed with their clients and sessions ({where})")
        elif args.admin_command == "setup-token":
            if accounts.has_trainers(engine):
                print("retrocoach: trainer accounts exist already; add more with add-trainer", file=sys.stderr)
                return 2
            print(accounts.setup_token(data_dir()))
        else:
            password = _password(args)
            if password is None:
                return 2
            if args.admin_command == "add-trainer":
                accounts.add_trainer(engine, args.username, password)
                print(f"trainer {args.username.strip()} added ({where})")
            else:
                accounts.reset_password(engine, args.username, password)
                print(f"password of {args.username.strip()} changed ({where})")
    except accounts.AccountError as exc:
        print(f"retrocoach: {exc}", file=sys.stderr)
        return 2
    return 0


def _batch(args: argparse.Namespace) -> int:
    """Exit 0 when every clip is done or skipped, 1 when any failed (each with its reason)."""
    from coaching.config import ConfigError, load_thresholds
    from coaching.measures import Request
    from jobs import batch
    from jobs.pools import open_pool
    from jobs.work import JobSettings

    try:
        thresholds = load_thresholds(args.config)
    except ConfigError as exc:
        print(f"retrocoach: {exc}", file=sys.stderr)
        return 2
    paths, missing = batch.expand_inputs(args.inputs)
    for item in missing:
        print(f"retrocoach: nothing found at {item}", file=sys.stderr)
    if not paths:
        print("retrocoach: no video files among the inputs", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    items = batch.plan(paths, args.out, JobSettings(thresholds, Request(args.height_cm), args.model, args.video))
    bar = tqdm(total=len(items), desc="clips", unit="clip", file=sys.stderr,
               disable=args.quiet or not sys.stderr.isatty())
    # One pose process per clip: the clips keep the cores busy.
    outcomes = batch.run_batch(items, lambda: open_pool(args.workers, args.ray, pose_workers=1),
                               lambda _: bar.update(1))
    bar.close()
    summary = batch.write_summary(outcomes, args.out)
    for outcome in outcomes:
        if outcome.status == "failed":
            print(f"retrocoach: {outcome.clip}: {outcome.reason}", file=sys.stderr)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "skipped", "failed")}
    print(f"{counts['done']} analysed, {counts['skipped']} skipped (done before), {counts['failed']} failed; "
          f"summary in {summary}")
    return 1 if counts["failed"] else 0


def shown_url(url: str) -> str:
    """A database URL fit to print: its password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "admin":
        return _admin(args)
    if args.command == "batch":
        return _batch(args)
    from coaching.analysis import INPUT_ERRORS

    if args.command == "live":
        if args.every_frame and args.camera is not None:
            print("retrocoach: --every-frame is for a file (--source); a camera is always coached live",
                  file=sys.stderr)
            return 2
        try:
            analysis = _live(args)
            _write_outputs(args, analysis, False)
        except (*INPUT_ERRORS, ValueError) as exc:  # ValueError: a session that got no frame at all
            print(f"retrocoach: {exc}", file=sys.stderr)
            return 2
        print(summary_text(analysis.report))
        return 0
    show_progress = not args.quiet and sys.stderr.isatty()
    from coaching.analysis import analyze
    from coaching.config import load_thresholds
    from coaching.measures import Request
    from vision.metres import NotMeasured

    try:
        thresholds = load_thresholds(args.config)
        bar = _Bar("analysing", show_progress)
        try:
            request = Request(args.height_cm, args.test)
            analysis = analyze(args.input, thresholds, args.model, bar, request, args.workers)
        finally:
            bar.close()
        _write_outputs(args, analysis, show_progress)
    except (*INPUT_ERRORS, NotMeasured) as exc:
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
