"""Analysis jobs: the queue in the database (SQLite and PostgreSQL) and the service on real workers."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from coaching.analysis import analyze
from coaching.measures import Request
from coaching.report import json_text
from jobs.queue import CANCELLED, DONE, FAILED, QUEUED, RUNNING, JobNotFound, JobQueue
from jobs.work import DONE as DONE_FILE
from jobs.work import REPORT, JobSettings, WorkOutcome
from tests.helpers.clips import spliced
from trainer.data_folder import keep_by_content

WAIT_S = 300  # a bound on a loaded machine, never a figure to meet


def queue_on(engine, tmp_path: Path) -> JobQueue:
    return JobQueue(engine, tmp_path / "clips", tmp_path / "results")


def finished_with_files(queue: JobQueue, job_id: str) -> None:
    """What the service does with a done job: its files in the folder, then the row."""
    folder = queue.results / job_id
    folder.mkdir(parents=True)
    (folder / DONE_FILE).write_text("{}")
    queue.finish(job_id, WorkOutcome(job_id, DONE))


def test_one_job_per_clip_and_settings_in_arrival_order_each_claimed_once(engine, tmp_path: Path) -> None:
    queue = queue_on(engine, tmp_path)
    a = queue.submit("a" * 64, ".mp4", "walk.mp4", JobSettings())
    b = queue.submit("b" * 64, ".mov", "other.mov", JobSettings())
    assert queue.submit("a" * 64, ".mp4", "walk again.mp4", JobSettings()).id == a.id  # same clip, same job
    taller = queue.submit("a" * 64, ".mp4", "walk.mp4", JobSettings(request=Request(180.0)))
    assert taller.id not in (a.id, b.id)  # other settings, another job
    assert [queue.position(queue.get(j.id)) for j in (a, b, taller)] == [0, 1, 2]
    assert len(a.id) == 32 and a.status == QUEUED

    first = queue.claim_next()
    assert first.job_id == a.id and first.clip == tmp_path / "clips" / f"{'a' * 64}.mp4"
    assert first.folder == tmp_path / "results" / a.id and first.label == "walk.mp4"
    assert queue.get(a.id).status == RUNNING and queue.position(queue.get(b.id)) == 0
    queue.set_progress(a.id, 40, 160)
    assert queue.get(a.id).fraction == 0.25
    finished_with_files(queue, a.id)
    again = queue.submit("a" * 64, ".mp4", "walk.mp4", JobSettings())
    assert again.id == a.id and again.status == DONE and again.fraction == 1.0  # reused, not queued again

    second = queue.claim_next()
    assert second.job_id == b.id
    queue.finish(b.id, WorkOutcome(b.id, FAILED, "other.mov is not a video file"))
    assert queue.get(b.id).reason == "other.mov is not a video file"
    assert queue.submit("b" * 64, ".mov", "other.mov", JobSettings()).status == QUEUED  # a failed one: again

    queue.cancel(taller.id)
    assert queue.get(taller.id).status == CANCELLED  # queued: cancelled at once
    running = queue.claim_next()
    assert running.job_id == b.id and queue.claim_next() is None
    queue.cancel(b.id)
    assert queue.get(b.id).status == RUNNING and queue.cancel_requested(b.id)  # running: asked to stop
    with pytest.raises(JobNotFound):
        queue.get("no-such-job")


def test_a_stopped_servers_running_jobs_are_queued_again_unless_cancelled(engine, tmp_path: Path) -> None:
    queue = queue_on(engine, tmp_path)
    kept = queue.submit("c" * 64, ".mp4", "kept.mp4", JobSettings())
    dropped = queue.submit("d" * 64, ".mp4", "dropped.mp4", JobSettings())
    queue.claim_next(), queue.claim_next()
    queue.set_progress(kept.id, 10, 100)
    queue.cancel(dropped.id)
    assert queue.requeue_interrupted() == 1
    assert queue.get(kept.id).status == QUEUED and queue.get(kept.id).done_frames == 0
    assert queue.get(dropped.id).status == CANCELLED


def test_racing_submits_make_one_job_and_racing_claims_take_each_job_once(engine, tmp_path: Path) -> None:
    queue = queue_on(engine, tmp_path)
    ids: list[str] = []
    submitters = [threading.Thread(target=lambda: ids.append(queue.submit("e" * 64, ".mp4", "e.mp4",
                                                                            JobSettings()).id)) for _ in range(8)]
    for thread in submitters:
        thread.start()
    for thread in submitters:
        thread.join()
    assert len(ids) == 8 and len(set(ids)) == 1
    for k in range(4):
        queue.submit(f"{k}" * 64, ".mp4", f"{k}.mp4", JobSettings())
    claimed: list[str] = []

    def claim() -> None:
        while (item := queue.claim_next()) is not None:
            claimed.append(item.job_id)

    claimers = [threading.Thread(target=claim) for _ in range(6)]
    for thread in claimers:
        thread.start()
    for thread in claimers:
        thread.join()
    assert len(claimed) == 5 and len(set(claimed)) == 5


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.2)


def test_the_service_runs_queued_jobs_on_warm_workers_cancels_and_picks_up_after_a_restart(
        tmp_path: Path, retro_clip: Path) -> None:
    from trainer.database import make_engine
    from jobs.local_pool import LocalPool
    from jobs.service import JobService

    engine = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    queue = queue_on(engine, tmp_path)
    short = spliced(retro_clip, tmp_path / "short.mp4", list(range(30, 130)))

    def submit(path: Path, name: str) -> str:
        sha, kept = keep_by_content(path.read_bytes(), path.suffix, queue.clips)
        return queue.submit(sha, kept.suffix, name, JobSettings()).id

    bad = tmp_path / "holiday.mp4"
    bad.write_text("not a video")
    walk, whole, broken = submit(short, "Walk 1.mp4"), submit(retro_clip, "whole.mp4"), submit(bad, "holiday.mp4")
    assert queue.claim_next().job_id == walk  # a server that died while running it

    service = JobService(queue, lambda: LocalPool(1)).start()
    try:
        assert queue.get(walk).status == QUEUED  # given back at start
        wait_for(lambda: queue.get(whole).status == RUNNING and queue.get(whole).done_frames > 20, "the long job")
        queue.cancel(whole)
        wait_for(lambda: all(queue.get(j).finished for j in (walk, whole, broken)), "every job to finish")
    finally:
        service.stop()
    assert queue.get(whole).status == CANCELLED and not (queue.results / whole).exists()
    assert queue.get(broken).status == FAILED and queue.get(broken).reason.startswith("holiday.mp4 is not a video file")
    done = queue.get(walk)
    assert done.status == DONE and done.fraction == 1.0
    report = json.loads((queue.results / walk / REPORT).read_text())
    expected = json.loads(json_text(analyze(short).report))
    assert report["source"].pop("path") == "Walk 1.mp4"
    expected["source"].pop("path")
    assert report == expected  # the worker's analysis is the in-process one
