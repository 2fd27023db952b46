"""`retrocoach batch`: a folder of clips in a pool of workers, resumable, the same reports as one by one."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from cli.main import main
from tests.helpers.clips import spliced
from tests.helpers.ray_local import LOOPBACK, loopback_cluster


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, retro_clip: Path, forward_clip: Path) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    shutil.copy(retro_clip, folder / "retro.mp4")
    shutil.copy(forward_clip, folder / "forward.mov")
    spliced(retro_clip, folder / "retro_part.mp4", list(range(30, 170)))
    spliced(forward_clip, folder / "forward_part.mkv", list(range(40, 180)))
    (folder / "notes.txt").write_text("not a clip, not picked up")
    return folder


def summary(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return {row["clip"]: row for row in csv.DictReader(handle)}


def reports(out: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in out.glob("*/report.json")}


def test_four_clips_on_one_and_two_workers_give_the_same_reports_and_a_rerun_skips_them(
        inbox: Path, tmp_path: Path, capsys) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["batch", str(inbox), "--out", str(one), "--workers", "1", "--quiet"]) == 0
    assert main(["batch", str(inbox / "*.m*"), "--out", str(two), "--workers", "2", "--quiet"]) == 0
    rows = summary(two)
    assert set(rows) == {"retro.mp4", "forward.mov", "retro_part.mp4", "forward_part.mkv"}
    assert {r["status"] for r in rows.values()} == {"done"}
    assert rows["retro.mp4"]["direction"] == "backward" and rows["forward.mov"]["direction"] == "forward"
    assert reports(one) == reports(two) and len(reports(two)) == 4
    for folder in two.iterdir():
        if folder.is_dir():
            assert {p.name for p in folder.iterdir()} == {"report.json", "frames.csv", "landmarks.csv", "done.json"}
    stamps = {p: p.stat().st_mtime_ns for p in two.glob("*/report.json")}
    capsys.readouterr()
    assert main(["batch", str(inbox), "--out", str(two), "--workers", "2", "--quiet"]) == 0
    assert "0 analysed, 4 skipped" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in two.glob("*/report.json")} == stamps
    assert {r["status"] for r in summary(two).values()} == {"skipped"}


def test_changed_settings_are_analysed_again_and_a_bad_clip_fails_with_its_reason(
        inbox: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    clip = inbox / "retro_part.mp4"
    assert main(["batch", str(clip), "--out", str(out), "--quiet"]) == 0
    config = tmp_path / "strict.toml"
    config.write_text("[thresholds]\nhead_down_max_fraction = 0.5\n")
    bad = tmp_path / "holiday.mp4"
    bad.write_text("not a video")
    capsys.readouterr()
    code = main(["batch", str(clip), str(bad), str(tmp_path / "missing*.mp4"), "--out", str(out),
                 "--config", str(config), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 analysed, 0 skipped" in captured.out and "1 failed" in captured.out
    assert "holiday.mp4: holiday.mp4 is not a video file" in captured.err and "nothing found at" in captured.err
    rows = summary(out)
    assert rows["holiday.mp4"]["status"] == "failed" and "not a video" in rows["holiday.mp4"]["reason"]
    (report,) = out.glob("retro_part-*/report.json")
    assert json.loads(report.read_text())["checks"]["head_down"]["threshold"] == 50.0
    assert "Traceback" not in captured.err


def _items(inbox: Path, out: Path) -> list:
    from jobs.batch import expand_inputs, plan
    from jobs.work import JobSettings

    paths, _ = expand_inputs([str(inbox)])
    return plan(paths, out, JobSettings())


def _run_killing_one_worker(pool, items: list) -> tuple[dict[str, str], list[str]]:
    """Drain the items, killing one worker once the first job is 30 frames in; the outcomes and
    every job each worker was handed (a retried job twice)."""
    from jobs.runner import drain

    started: list[str] = []
    start = pool.start
    pool.start = lambda item: (started.append(item.job_id), start(item))[1]
    killed: list[int] = []
    outcomes: dict[str, str] = {}

    def on_progress(_item, done: int, _total: int) -> None:
        if done > 30 and not killed:
            killed.append(pool.worker_pids()[0])
            os.kill(killed[0], signal.SIGKILL)

    def on_outcome(item, outcome) -> None:
        assert item.job_id not in outcomes  # never reported twice
        outcomes[item.job_id] = outcome.status

    queue = iter(items)
    try:
        drain(pool, lambda: next(queue, None), on_progress, on_outcome)
    finally:
        pool.close()
    return outcomes, started


def test_a_local_worker_killed_mid_job_loses_nothing(inbox: Path, tmp_path: Path) -> None:
    from jobs.local_pool import LocalPool

    expected = tmp_path / "expected"
    assert main(["batch", str(inbox), "--out", str(expected), "--workers", "2", "--quiet"]) == 0
    items = _items(inbox, tmp_path / "out")
    outcomes, started = _run_killing_one_worker(LocalPool(2), items)
    assert outcomes == {i.job_id: "done" for i in items}
    assert len(started) > len(items)  # the killed worker's job(s) ran again
    assert reports(tmp_path / "out") == reports(expected)


@pytest.fixture(scope="module")
def ray_cluster():
    """A real Ray cluster on loopback: a head that runs no work and two worker nodes of one CPU each."""
    pytest.importorskip("ray")
    cluster = loopback_cluster(2)
    yield cluster.address
    cluster.shutdown()


def test_a_ray_cluster_gives_the_local_pools_reports_and_a_killed_worker_loses_nothing(
        inbox: Path, tmp_path: Path, ray_cluster: str) -> None:
    from jobs.ray_pool import RayPool

    local, remote = tmp_path / "local", tmp_path / "ray"
    assert main(["batch", str(inbox), "--out", str(local), "--workers", "2", "--quiet"]) == 0
    assert ray_cluster.startswith(f"{LOOPBACK}:")
    assert main(["batch", str(inbox), "--out", str(remote), "--ray", ray_cluster, "--quiet"]) == 0
    assert reports(remote) == reports(local) and len(reports(local)) == 4
    assert {r["status"] for r in summary(remote).values()} == {"done"}

    items = _items(inbox, tmp_path / "killed")
    pool = RayPool(ray_cluster)
    assert pool.workers == 2 and len(set(pool.worker_pids())) == 2
    outcomes, started = _run_killing_one_worker(pool, items)
    assert outcomes == {i.job_id: "done" for i in items}
    assert len(started) == len(items) + 1  # the one job on the killed actor ran once more
    assert reports(tmp_path / "killed") == reports(local)
