"""A folder of clips in one command: each analysed on a pool of workers (local or Ray), resumable.

Every clip gets a folder `<stem>-<sha256[:12]>/` in the output with its report
(JSON), per-frame CSV, landmark CSV and, when asked, the annotated video; a
`done.json` there names the clip's hash and the settings it was analysed with,
so a second run skips what is done and re-analyses what changed. `summary.csv`
lists every clip with its outcome.
"""

from __future__ import annotations

import csv
import glob
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from coaching.content import sha256_of_file
from coaching.report import report_from_json
from jobs.runner import Pool, drain
from jobs.work import REPORT, JobSettings, WorkItem, WorkOutcome
from vision.video import VIDEO_SUFFIXES

SUMMARY_FILE = "summary.csv"


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


def plan(paths: list[Path], out: Path, settings: JobSettings) -> list[WorkItem]:
    items = []
    for path in paths:
        sha = sha256_of_file(path)
        items.append(WorkItem(f"{sha[:16]}-{len(items)}", path, sha, settings, out / f"{path.stem}-{sha[:12]}",
                              str(path)))
    return items


def _from_report(item: WorkItem, status: str, reason: str) -> ClipOutcome:
    report = report_from_json((item.folder / REPORT).read_text(encoding="utf-8"))
    return ClipOutcome(item.clip.name, item.sha256, status, reason, report.direction, report.walking_backward_s,
                       report.cadence_steps_per_min, report.knee_rom_deg["left"], report.knee_rom_deg["right"],
                       report.speed_m_per_s, report.score)


def run_batch(items: list[WorkItem], open_pool: Callable[[], Pool],
              progress: Callable[[ClipOutcome], None] | None = None) -> list[ClipOutcome]:
    """Every item done or skipped, in the order given; `progress` hears of each as it finishes.
    The pool is opened only when there is something to analyse."""
    outcomes: dict[str, ClipOutcome] = {}

    def finished(item: WorkItem, outcome: ClipOutcome) -> None:
        outcomes[item.job_id] = outcome
        if progress:
            progress(outcome)

    todo = []
    for item in items:
        if item.is_done():
            finished(item, _from_report(item, "skipped", "done before with the same settings"))
        else:
            todo.append(item)

    def on_outcome(item: WorkItem, outcome: WorkOutcome) -> None:
        finished(item, _from_report(item, "done", "") if outcome.status == "done" else
                 ClipOutcome(item.clip.name, item.sha256, "failed", outcome.reason))

    if todo:
        queue = iter(todo)
        pool = open_pool()
        try:
            drain(pool, lambda: next(queue, None), lambda *_: None, on_outcome)
        finally:
            pool.close()
    return [outcomes[item.job_id] for item in items]


def write_summary(outcomes: list[ClipOutcome], out: Path) -> Path:
    path = out / SUMMARY_FILE
    fields = list(ClipOutcome.__dataclass_fields__)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow({k: ("" if v is None else v) for k, v in asdict(outcome).items()})
    return path
