"""Speed and memory of the analysis, printed as a table (not a test: figures vary by machine).

For each clip: frames per second of a bare MediaPipe loop (decode + pose in
video mode, nothing else), of the whole analysis, and of the whole analysis
plus the annotated video; then peak memory (max RSS of a fresh process) of the
whole analysis for the clip and for the clip repeated five times.

    .venv/bin/python bench/bench_analysis.py [clip ...]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIPS = [ROOT / "sample_videos" / "retro_walk_side.mp4", ROOT.parent / "shared" / "videos" / "side_walk_forward.mp4"]


def bare_loop(clip: Path) -> float:
    from vision.pose import MediaPipePose
    from vision.video import probe, read_frames

    info = probe(clip)
    pose = MediaPipePose("full", tracking=True)
    start = time.perf_counter()
    count = 0
    for frame in read_frames(info):
        pose.estimate(frame.image_rgb)
        count += 1
    elapsed = time.perf_counter() - start
    pose.close()
    return count / elapsed


def whole(clip: Path, with_video: bool) -> float:
    from coaching.analysis import analyze
    from coaching.annotate import write_annotated_video

    start = time.perf_counter()
    analysis = analyze(clip)
    if with_video:
        with tempfile.TemporaryDirectory() as tmp:
            write_annotated_video(analysis, Path(tmp) / "a.mp4")
    elapsed = time.perf_counter() - start
    return analysis.report.source.frame_count / elapsed


def repeated(clip: Path, times: int, target: Path) -> Path:
    from vision.encode import H264Writer
    from vision.video import probe, read_frames

    info = probe(clip)
    with H264Writer(target, info.fps, info.width, info.height) as writer:
        for _ in range(times):
            for frame in read_frames(info):
                writer.write(frame.image_rgb)
    return target


def peak_rss_mb(clip: Path) -> float:
    """Max RSS of a fresh process running the whole analysis of `clip`."""
    code = ("import resource, sys; from coaching.analysis import analyze; analyze(sys.argv[1]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(clip)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    clips = [Path(a) for a in sys.argv[1:]] or [c for c in DEFAULT_CLIPS if c.exists()]
    rows = []
    for clip in clips:
        from vision.video import probe

        info = probe(clip)
        bare = bare_loop(clip)
        analysis_fps = whole(clip, with_video=False)
        video_fps = whole(clip, with_video=True)
        with tempfile.TemporaryDirectory() as tmp:
            long_clip = repeated(clip, 5, Path(tmp) / "x5.mp4")
            short_mb, long_mb = peak_rss_mb(clip), peak_rss_mb(long_clip)
        rows.append({"clip": clip.name, "size": f"{info.width}x{info.height}", "frames": info.frame_count,
                     "bare_fps": round(bare, 1), "analysis_fps": round(analysis_fps, 1),
                     "share_of_bare": round(analysis_fps / bare, 2), "with_video_fps": round(video_fps, 1),
                     "peak_mb": round(short_mb), "peak_mb_x5": round(long_mb)})
    header = ("clip", "size", "frames", "bare_fps", "analysis_fps", "share_of_bare", "with_video_fps",
              "peak_mb", "peak_mb_x5")
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
