"""Same input, same report: the pose track and the report depend on the clip, the model and the
settings only, never on how busy the machine is or how the survey thread's timing fell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli.main import main
from tests.helpers.clips import spliced, there_and_back

BUSY_LOOP = "import time\nend = time.time() + 120\nwhile time.time() < end: pass\n"


def analyse_to_files(clip: Path, out: Path) -> tuple[bytes, bytes]:
    assert main(["analyze", str(clip), "--json", str(out / "report.json"),
                 "--landmarks-out", str(out / "landmarks.csv"), "--quiet"]) == 0
    return (out / "landmarks.csv").read_bytes(), (out / "report.json").read_bytes()


def test_three_runs_one_on_a_loaded_machine_give_identical_files(tmp_path: Path, forward_clip: Path) -> None:
    # Forward, a stop, backward: the walker and the man on the box, so walker following matters.
    clip = spliced(forward_clip, tmp_path / "there_and_back.mp4", there_and_back(0, 175, 30))
    runs = []
    for k in range(3):
        out = tmp_path / f"run{k}"
        out.mkdir()
        if k == 1:
            # Two busy processes on the two cores while the analysis runs.
            load = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(2)]
            try:
                runs.append(analyse_to_files(clip, out))
            finally:
                for process in load:
                    process.kill()
                    process.wait()
        else:
            runs.append(analyse_to_files(clip, out))
    landmarks, reports = zip(*runs)
    assert landmarks[0].count(b"\n") == 383  # header and every frame
    assert landmarks[0] == landmarks[1] == landmarks[2]
    assert reports[0] == reports[1] == reports[2]
