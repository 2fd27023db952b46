"""Speed and memory of the analysis against a bare MediaPipe loop, printed as tables (not a test).

Four ways over each clip, each in a fresh process timed from its start to its
report (end to end: `retrocoach analyze` as a user runs it) and, separately,
timed inside one warm process:
  bare        decode + the full model in video mode on every frame, nothing else
  sequential  the whole analysis on this process alone (`--workers 1`)
  parallel    the whole analysis on one worker per core (`--workers N`, the default)
  +video      parallel, and the annotated video written too (`--video`)
  halves      end to end only: two bare loops at once, each in its own process over one half of the
              clip (seeking to its keyframe, decoding from there): the most two cores give the pose
              model alone, with no survey, no seam and no analysis, the ceiling of the other ways
Ratios are to the bare loop in the same run (above 1 is faster than it). Then
the peak memory of the parallel analysis, summed over its processes (PSS), for the
clip and for the 60 s clip. Clips: the shared clip and that clip repeated to
60 s (or the clips named).

    .venv/bin/python bench/bench_analysis.py [clip ...]
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CLIP = ROOT.parent / "shared" / "videos" / "side_walk_forward.mp4"
WAYS = ("bare", "sequential", "parallel", "+video")
CEILING = "halves"
LONG_S = 60.0
PARALLEL_WORKERS = os.cpu_count() or 2


def bare_loop(clip: Path, half: int | None = None) -> None:
    """Decode and the full model in video mode on every frame, or on one half of the frames."""
    from vision.frame_table import frame_table, read_span
    from vision.pose import MediaPipePose
    from vision.video import probe, read_frames

    info = probe(clip)
    pose = MediaPipePose("full", tracking=True)
    if half is None:
        frames = read_frames(info)
    else:
        table = frame_table(info)
        assert table is not None, f"{clip.name}: its packets do not number its frames"
        middle = len(table) // 2
        frames = read_span(info, table, *((0, middle) if half == 0 else (middle, len(table))))
    for frame in frames:
        pose.estimate(frame.image_rgb)
    pose.close()


def run_way(way: str, clip: Path, out: Path) -> None:
    """One way over the clip, in this process."""
    if way == "bare":
        bare_loop(clip)
        return
    if way == CEILING:
        halves = [subprocess.Popen([sys.executable, __file__, "--half", str(k), str(clip)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in (0, 1)]
        if any(h.wait() for h in halves):
            raise RuntimeError(f"a half of the bare loop failed on {clip}")
        return
    from cli.main import main as retrocoach

    workers = 1 if way == "sequential" else PARALLEL_WORKERS
    video = ["--video", str(out / "annotated.mp4")] if way == "+video" else []
    with contextlib.redirect_stdout(io.StringIO()):  # the summary it prints is not the bench's
        code = retrocoach(["analyze", str(clip), "--workers", str(workers), "--json", str(out / "report.json"),
                           "--quiet", *video])
    if code:
        raise RuntimeError(f"retrocoach analyze failed on {clip}")


def _tree_pss_mb(pid: int) -> float:
    """Proportional memory of a process and all its descendants (pages a forked worker shares with
    its parent are counted once, split between them)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total_kb += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
        todo.extend(children.get(current, []))
    return total_kb / 1024


def end_to_end(way: str, clip: Path) -> tuple[float, float]:
    """Seconds from process start to its end, and the process tree's peak proportional memory (MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--way", way, str(clip), tmp], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = [0.0]

        def watch() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_pss_mb(process.pid))
                time.sleep(0.1)

        watcher = threading.Thread(target=watch)
        watcher.start()
        code = process.wait()
        elapsed = time.perf_counter() - start
        watcher.join()
    if code:
        raise RuntimeError(f"{way} on {clip.name} exited with {code}")
    return elapsed, peak[0]


def in_process(way: str, clip: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        run_way(way, clip, Path(tmp))  # warm: models loaded, workers started
        start = time.perf_counter()
        run_way(way, clip, Path(tmp))
        return time.perf_counter() - start


def repeated(clip: Path, seconds: float, target: Path) -> Path:
    from vision.encode import H264Writer
    from vision.video import probe, read_frames

    info = probe(clip)
    frames = [f.image_rgb for f in read_frames(info)]
    height, width = frames[0].shape[:2]
    with H264Writer(target, info.fps, width, height) as writer:
        for k in range(round(seconds * info.fps)):
            cycle, at = divmod(k, len(frames))
            writer.write(frames[at] if cycle % 2 == 0 else frames[-1 - at])  # forth and back: no jump
    return target


def table(title: str, rows: list[tuple[str, dict[str, float]]]) -> None:
    print(f"\n{title}")
    ways = list(rows[0][1])
    print("clip | " + " | ".join(f"{w} s (×bare)" for w in ways))
    for name, seconds in rows:
        print(name + " | " + " | ".join(f"{seconds[w]:.1f} ({seconds['bare'] / seconds[w]:.2f})" for w in ways))


def main() -> int:
    from vision.video import probe

    with tempfile.TemporaryDirectory() as tmp:
        clips = [Path(a) for a in sys.argv[1:]] or [SHARED_CLIP, repeated(SHARED_CLIP, LONG_S, Path(tmp) / "60s.mp4")]
        ends, inside, memory = [], [], []
        for clip in clips:
            info = probe(clip)
            name = f"{clip.name} {info.width}x{info.height} {info.frame_count} frames"
            timed = {way: end_to_end(way, clip) for way in (*WAYS, CEILING)}
            ends.append((name, {way: s for way, (s, _) in timed.items()}))
            memory.append((name, timed["parallel"][1], timed["sequential"][1]))
            inside.append((name, {way: in_process(way, clip) for way in WAYS}))
        table("End to end (process start to report)", ends)
        table("In one warm process", inside)
        print("\nclip | peak PSS MB parallel (all processes) | peak PSS MB sequential")
        for name, parallel_mb, sequential_mb in memory:
            print(f"{name} | {parallel_mb:.0f} | {sequential_mb:.0f}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--half"]:
        bare_loop(Path(sys.argv[3]), int(sys.argv[2]))
        sys.exit(0)
    if sys.argv[1:2] == ["--way"]:
        run_way(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
