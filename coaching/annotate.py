"""The annotated video: each source frame with skeleton, knee angles, landings and the current cue.

Drawn and encoded span by span on the pose workers (`vision/pose_workers.py`),
each span's part decoded straight to the output size, and the parts joined
without encoding them again; a clip whose container does not number its frames
is drawn in one pass from the start.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from coaching.activity import bout_words, paused_cue
from coaching.analysis import Analysis
from vision import overlay
from vision.encode import H264Writer, join, output_size
from vision.frame_table import FrameTable, SpanError, frame_table, read_span
from vision.motion import Motion
from vision.pose_workers import FrameCount, PoseWorkers, Ticks, ticking
from vision.spans import spans_of
from vision.video import Frame, read_frames

CUE_HOLD_S = 1.5  # a cue for a moment (a landing) stays on screen this long
CONTACT_MARK_S = 0.25


def cue_at(analysis: Analysis, time_s: float) -> str | None:
    for f in analysis.report.findings:
        if f.start_s <= time_s <= max(f.end_s, f.start_s + CUE_HOLD_S):
            return f.cue
    return None


def _draw_all(analysis: Analysis, frames: Iterable[Frame], path: Path) -> None:
    """Every frame of `frames` (of the output size) drawn on and written to `path`."""
    info = analysis.video
    assert info is not None
    motion = analysis.motion
    kin = motion.kinematics
    size = output_size(info.width, info.height)
    scale = size[0] / info.width
    row_of = {int(f): i for i, f in enumerate(motion.track.frame_index)}
    contacts = motion.gait.contacts
    legs = motion.legs_seen  # square on a knee bends towards the camera: its angle is not shown
    with H264Writer(path, info.fps, *size) as writer:
        for frame in frames:
            i = row_of.get(frame.index)
            if i is None:
                writer.write(frame.image_rgb)
            else:
                t = float(motion.track.time_s[i])
                marks = {c.foot: c.part for c in contacts if 0 <= t - c.time_s <= CONTACT_MARK_S}
                knees = {leg: float(kin.knee(leg)[i]) for leg in legs}
                bout = motion.bout_at(i)
                doing = "-" if bout is None else bout_words(bout.activity, bout.direction)
                coached = "" if bout is None or bout.coached else " (not coached)"
                cue = (paused_cue(bout) if bout is not None else None) or cue_at(analysis, t)
                writer.write(overlay.draw(frame.image_rgb, kin.points[i, :, :2] * scale, knees, marks,
                                          cue, f"{doing}{coached} | {_view_words(motion, i)} | {t:5.1f} s"))


def _view_words(motion: Motion, row: int) -> str:
    """The view at a row: square on, the front or the back as the walker faces the camera then (they may turn)."""
    chest = motion.kinematics.faces_camera[row]
    if motion.view in ("front", "back") and not np.isnan(chest):
        return "front view" if chest else "back view"
    return f"{motion.view} view"


def draw_span(analysis: Analysis, table: FrameTable, start: int, stop: int, path: Path,
              ticks: Ticks | None = None) -> None:
    """Frames `start` to `stop` - 1, drawn and written to `path` (a task for a pose worker)."""
    info = analysis.video
    assert info is not None
    frames = read_span(info, table, start, stop, size=output_size(info.width, info.height))
    _draw_all(analysis, ticking(frames, ticks), path)


def write_annotated_video(analysis: Analysis, path: Path, progress: Callable[[int, int], None] | None = None,
                          workers: int | None = None) -> None:
    """Draw on the source's frames, on `workers` (default one per core); needs the analysis of a video,
    not of a landmark file."""
    info = analysis.video
    if info is None:
        raise ValueError("an annotated video needs a video source, not a landmark file")
    path = Path(path)
    table = frame_table(info)
    counter = FrameCount(progress, len(table) if table is not None else max(info.frame_count, 1))
    if table is not None:
        spans = spans_of(len(table), info.fps)
        with tempfile.TemporaryDirectory(prefix="retrocoach-video-") as tmp:
            parts = [Path(tmp) / f"{k}.mp4" for k in range(len(spans))]
            try:
                PoseWorkers(workers).run([(draw_span, (analysis, table, s.start, s.stop, part))
                                          for s, part in zip(spans, parts)], counter)
                join(parts, path)
                return
            except SpanError:
                counter.done = 0  # the container's numbering did not hold: draw it from the start
    _draw_all(analysis, ticking(read_frames(info, size=output_size(info.width, info.height)), counter), path)
