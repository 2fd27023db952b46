"""The annotated video: each source frame with skeleton, knee angles, landings and the current cue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coaching.activity import bout_words, paused_cue
from coaching.analysis import Analysis
from vision import overlay
from vision.encode import H264Writer
from vision.video import analysis_size, read_frames

CUE_HOLD_S = 1.5  # a cue for a moment (a landing) stays on screen this long
CONTACT_MARK_S = 0.25


def cue_at(analysis: Analysis, time_s: float) -> str | None:
    for f in analysis.report.findings:
        if f.start_s <= time_s <= max(f.end_s, f.start_s + CUE_HOLD_S):
            return f.cue
    return None


def write_annotated_video(analysis: Analysis, path: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Decode the source again and draw on it; needs the analysis of a video, not of a landmark file."""
    info = analysis.video
    if info is None:
        raise ValueError("an annotated video needs a video source, not a landmark file")
    motion = analysis.motion
    kin = motion.kinematics
    width, _ = analysis_size(info)
    scale = width / info.width
    row_of = {int(f): i for i, f in enumerate(motion.track.frame_index)}
    contacts = motion.gait.contacts
    view = f"{analysis.report.view} view"
    with H264Writer(path, info.fps, *analysis_size(info)) as writer:
        for frame in read_frames(info):
            i = row_of.get(frame.index)
            if i is None:
                writer.write(frame.image_rgb)
                continue
            t = float(motion.track.time_s[i])
            marks = {c.foot: c.part for c in contacts if 0 <= t - c.time_s <= CONTACT_MARK_S}
            knees = {"left": float(kin.knee_flexion_left_deg[i]), "right": float(kin.knee_flexion_right_deg[i])}
            bout = motion.bout_at(i)
            doing = "-" if bout is None else bout_words(bout.activity, bout.direction)
            coached = "" if bout is None or bout.coached else " (not coached)"
            cue = (paused_cue(bout) if bout is not None else None) or cue_at(analysis, t)
            writer.write(overlay.draw(frame.image_rgb, kin.points[i, :, :2] * scale, knees, marks,
                                      cue, f"{doing}{coached} | {view} | {t:5.1f} s"))
            if progress:
                progress(frame.index + 1, max(info.frame_count, 1))
