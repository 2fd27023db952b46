"""`analyze(source) -> Report`: the one pipeline behind the CLI, the pages and the tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coaching import rules
from coaching.config import ConfigError, Thresholds
from coaching.findings import CheckResult, not_assessable
from coaching.measures import Measures, Request, measure
from coaching.report import Report, SourceInfo, build_report
from vision.landmarks import LandmarkFileError, PoseTrack, read_csv
from vision.motion import Motion, analyse_motion
from vision.pose import ModelNotAvailableError
from vision.pose_workers import PoseWorkers
from vision.tracking import TrackingSummary, track_walker
from vision.video import VIDEO_STOPS, VideoError, VideoInfo, probe

LANDMARK_SUFFIXES = (".csv",)
# What bad input raises; the message is meant for the user.
INPUT_ERRORS = (VideoError, LandmarkFileError, ConfigError, ModelNotAvailableError)
MIN_FPS = 29.5  # 29.97 fps phone clips count as 30


@dataclass(frozen=True)
class Analysis:
    """A report with the motion it came from (for drawing, charts and the per-frame CSV)."""

    report: Report
    motion: Motion
    video: VideoInfo | None
    thresholds: Thresholds
    request: Request = Request()
    measures: Measures = Measures(None)


@dataclass(frozen=True)
class LoadedTrack:
    track: PoseTrack
    video: VideoInfo | None  # None for a landmark CSV
    tracking: TrackingSummary | None


def load_track(source: Path, model: str = "full", progress: Callable[[int, int], None] | None = None,
               warnings: list[str] | None = None, workers: int | None = None) -> LoadedTrack:
    """Pose track from a landmark CSV, or from a video through pose estimation on `workers`
    processes (default: one per core); the workers start loading the model before the clip is opened."""
    if source.suffix.lower() in LANDMARK_SUFFIXES:
        return LoadedTrack(read_csv(source), None, None)
    PoseWorkers(workers)  # started now: they load the model while the clip is opened
    info = probe(source)
    track, summary = track_walker(info, model, progress, warnings, workers)
    return LoadedTrack(track, info, summary)


def _shown(motion: Motion) -> str | None:
    """What the walker does instead of backward walking, in words (None when nothing could be told)."""
    activities = {(b.activity, b.direction) for b in motion.bouts}
    if ("walking", "forward") in activities:
        return "forward walking"
    running = [b for b in motion.bouts if b.activity == "running"]
    if running:
        fastest = max(b.cadence_steps_per_min or 0.0 for b in running)
        return f"running ({fastest:.0f} steps/min)"
    return None


def _untold(motion: Motion) -> str:
    """'; which way 6.7 s of stepping went could not be told: ...', or '' (stepping of unknown
    direction is taken as backward only in a clip without forward walking or running)."""
    unknown_s = sum(b.duration_s for b in motion.bouts if b.activity == "unknown")
    if unknown_s < 1.0:
        return ""
    return (f"; which way {unknown_s:.1f} s of stepping went could not be told (a camera in front or behind that "
            "moves with the walker shows neither): film from the side, or keep the camera still")


def run_checks(motion: Motion, thresholds: Thresholds) -> dict[str, CheckResult]:
    """The checks judge backward walking only: forward walking, running, standing and turning never raise a fault."""
    coached = motion.coached()
    if coached is None:
        shown = _shown(motion)
        reason = (f"no backward walking was found: the clip shows {shown}, which is not coached" if shown else
                  "no backward walking was found in the clip") + _untold(motion)
        return {rule.name: not_assessable(rule.name, reason, rule.unit) for rule in rules.ALL}
    return {rule.name: rule.check(coached, thresholds) for rule in rules.ALL}


def _quality_warnings(motion: Motion, thresholds: Thresholds) -> list[str]:
    notes = []
    if motion.direction_assumed:
        notes.append(f"From {'behind' if motion.view == 'back' else 'in front'} nothing showed which way the walker "
                     "went (the camera moved with them, or a treadmill); the stepping is taken to be backward "
                     "walking.")
    if motion.coached() is None:
        shown = _shown(motion)
        if shown:
            notes.append(f"This clip shows {shown}. RetroCoach coaches backward walking: "
                         "film yourself walking backwards for feedback that applies" + _untold(motion) + ".")
        else:
            notes.append("Could not tell whether the walking is backward or forward.")
    if 0 < motion.fps < MIN_FPS:
        notes.append(f"The video has {motion.fps:.0f} frames a second; 30 or more (60 better) "
                     "makes landings and timing reliable.")
    if motion.person_detected_fraction == 0:
        notes.append("Nobody was found in the clip.")
    elif motion.person_detected_fraction < 0.7:
        notes.append(f"The walker is in view in only {100 * motion.person_detected_fraction:.0f} % of the frames; "
                     "only those were analysed.")
    return notes


def analyse_track(track: PoseTrack, thresholds: Thresholds, source: SourceInfo,
                  tracking: TrackingSummary | None = None, warnings: list[str] | None = None,
                  video: VideoInfo | None = None, request: Request = Request(),
                  head_neutral_deg: Mapping[str, float] | None = None) -> Analysis:
    """The checks, measures and report of a track; `head_neutral_deg` is the walker's neutral head
    pitch, for each way of facing the camera, when known from before the track (a live window)."""
    motion = analyse_motion(track, thresholds.visibility_min, thresholds.running_cadence_min)
    if head_neutral_deg:
        motion = dataclasses.replace(motion, head_neutral_deg=head_neutral_deg)
    checks = run_checks(motion, thresholds)
    measures = measure(motion, request)
    notes = _quality_warnings(motion, thresholds) + list(warnings or []) + list(measures.notes)
    report = build_report(motion, checks, source, tracking, notes, measures, request.height_cm)
    return Analysis(report, motion, video, thresholds, request, measures)


def analyze(source: Path | str, thresholds: Thresholds | None = None, model: str = "full",
            progress: Callable[[int, int], None] | None = None, request: Request = Request(),
            workers: int | None = None) -> Analysis:
    """Analyse a video file or a landmark CSV (pose on `workers` processes: the same result for any count)."""
    source = Path(source)
    thresholds = thresholds or Thresholds()
    warnings: list[str] = []
    loaded = load_track(source, model, progress, warnings, workers)
    src = SourceInfo.from_track(str(source), "video" if loaded.video else "landmarks", loaded.track, loaded.video)
    return analyse_track(loaded.track, thresholds, src, loaded.tracking, warnings, loaded.video, request)


def recheck(analysis: Analysis, thresholds: Thresholds, request: Request | None = None) -> Analysis:
    """Re-run the checks with new thresholds (and measures with a new request) on the same track
    (no pose estimation)."""
    report = analysis.report
    return analyse_track(analysis.motion.source_track, thresholds, report.source, report.tracking,
                         carried_warnings(report.warnings), analysis.video, request or analysis.request)


def restore(report: Report, track: PoseTrack, thresholds: Thresholds, video_path: Path | None,
            request: Request = Request()) -> Analysis:
    """An analysis rebuilt from its stored report and landmark track, re-checked for these
    thresholds and this request (no pose estimation)."""
    video = probe(video_path) if video_path is not None else None
    return analyse_track(track, thresholds, report.source, report.tracking, carried_warnings(report.warnings),
                         video, request)


def carried_warnings(warnings: list[str] | tuple[str, ...]) -> list[str]:
    """The warnings of a report that come from reading the video, not from the motion: a re-check
    of the stored track recomputes the rest, these it must carry over."""
    return [w for w in warnings if w.startswith(VIDEO_STOPS)]
