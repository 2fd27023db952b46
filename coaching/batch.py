"""A folder of clips in one command: each analysed in a pool of worker processes, resumable.

Every clip gets a folder `<stem>-<sha256[:12]>/` in the output with its report
(JSON), per-frame CSV, landmark CSV and, when asked, the annotated video; a
`done.json` there names the clip's hash and the settings it was analysed with,
so a second run skips what is done and re-analyses what changed. `summary.csv`
lists every clip with its outcome. MediaPipe keeps about one core busy, so as
many workers as cores analyse as many clips at once.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from coaching.config import Thresholds
from coaching.content import sha256_of_file
from coaching.measures import Request
from vision.video import VIDEO_SUFFIXES

DONE_FILE = "done.json"
SUMMARY_FILE = "summary.csv"


@dataclass(frozen=True)
class ClipJob:
    path: Path
    sha256: str
    folder: Path  # where its outputs go


@dataclass(frozen=True)
class ClipOutcome:
    clip: str
    sha256: str
    status: str  # done, skipped, failed
    reason: str
    direction: str | None = None
    walking_backward_s: float | None = None
    cadence_steps_per_min: float | None = None
    knee_rom_left_deg: float | None = None
    knee_rom_right_deg: float | None = None
    speed_m_per_s: float | None = None
    score: int | None = None


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Video files from files, folders (not recursive) and glob patterns; and what matched nothing."""
    found: dict[Path, None] = {}
    missing = []
    for item in inputs:
        paths = [Path(p) for p in sorted(glob.glob(item))] or ([Path(item)] if Path(item).exists() else [])
        if not paths:
            missing.append(item)
        for path in paths:
            candidates = sorted(path.iterdir()) if path.is_dir() else [path]
            for candidate in candidates:
                if candidate.is_file() and candidate.suffix.lower() in VIDEO_SUFFIXES:
                    found[candidate.resolve()] = None
    return list(found), missing


def settings_key(thresholds: Thresholds, request: Request, model: str, video: bool) -> str:
    """What the results depend on besides the clip: a short hash of the settings."""
    text = json.dumps({"thresholds": asdict(thresholds), "request": asdict(request), "model": model,
                       "video": video}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan(paths: list[Path], out: Path) -> list[ClipJob]:
    jobs = []
    for path in paths:
        sha = sha256_of_file(path)
        jobs.append(ClipJob(path, sha, out / f"{path.stem}-{sha[:12]}"))
    return jobs


def is_done(job: ClipJob, key: str) -> bool:
    try:
        done = json.loads((job.folder / DONE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return done.get("sha256") == job.sha256 and done.get("settings") == key


def analyse_clip(job: ClipJob, thresholds: Thresholds, request: Request, model: str, video: bool,
                 key: str) -> ClipOutcome:
    """One clip, in a worker process: analysis and its files; failures come back as a reason."""
    from coaching.analysis import INPUT_ERRORS, analyze
    from coaching.report import write_frames_csv, write_json
    from vision.landmarks import write_csv

    try:
        analysis = analyze(job.path, thresholds, model, request=request)
        job.folder.mkdir(parents=True, exist_ok=True)
        write_json(analysis.report, job.folder / "report.json")
        write_frames_csv(analysis.report, analysis.motion, job.folder / "frames.csv")
        write_csv(analysis.motion.source_track, job.folder / "landmarks.csv")
        if video:
            from coaching.annotate import write_annotated_video

            write_annotated_video(analysis, job.folder / "annotated.mp4")
        (job.folder / DONE_FILE).write_text(json.dumps({"sha256": job.sha256, "settings": key}), encoding="utf-8")
    except INPUT_ERRORS as exc:
        return ClipOutcome(job.path.name, job.sha256, "failed", str(exc))
    except OSError as exc:
        return ClipOutcome(job.path.name, job.sha256, "failed", f"{exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one clip's failure must not stop the batch
        return ClipOutcome(job.path.name, job.sha256, "failed", f"the analysis failed ({type(exc).__name__})")
    r = analysis.report
    return ClipOutcome(job.path.name, job.sha256, "done", "", r.direction, r.walking_backward_s,
                       r.cadence_steps_per_min, r.knee_rom_deg["left"], r.knee_rom_deg["right"],
                       r.speed_m_per_s, r.score)


def _skipped(job: ClipJob) -> ClipOutcome:
    report = json.loads((job.folder / "report.json").read_text(encoding="utf-8"))
    return ClipOutcome(job.path.name, job.sha256, "skipped", "done before with the same settings",
                       report["direction"], report["walking_backward_s"], report["cadence_steps_per_min"],
                       report["knee_rom_deg"]["left"], report["knee_rom_deg"]["right"],
                       report.get("speed_m_per_s"), report["score"])


def run_batch(jobs: list[ClipJob], thresholds: Thresholds, request: Request, model: str, video: bool,
              workers: int, progress: Callable[[ClipOutcome], None] | None = None) -> list[ClipOutcome]:
    """Every job done or skipped, in the order given; `progress` hears of each as it finishes."""
    key = settings_key(thresholds, request, model, video)
    outcomes: dict[ClipJob, ClipOutcome] = {}
    todo = []
    for job in jobs:
        if is_done(job, key):
            outcomes[job] = _skipped(job)
            if progress:
                progress(outcomes[job])
        else:
            todo.append(job)
    if todo:
        # Spawned workers: MediaPipe's threads do not survive a fork.
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))),
                                 mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(analyse_clip, job, thresholds, request, model, video, key): job for job in todo}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcomes[job] = future.result()
                except BrokenProcessPool:
                    outcomes[job] = ClipOutcome(job.path.name, job.sha256, "failed",
                                                "the worker analysing it stopped; run the batch again")
                if progress:
                    progress(outcomes[job])
    return [outcomes[job] for job in jobs]


def write_summary(outcomes: list[ClipOutcome], out: Path) -> Path:
    path = out / SUMMARY_FILE
    fields = list(ClipOutcome.__dataclass_fields__)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow({k: ("" if v is None else v) for k, v in asdict(outcome).items()})
    return path


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
