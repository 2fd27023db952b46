"""From a video file to the walker's `PoseTrack`.

Two streaming passes over the file. The survey looks for everyone about twice
a second and picks the walker (see `people`). The tracking pass runs MediaPipe
in video mode on every frame with the other people greyed out, so its tracker
cannot lock on to them; afterwards any stretch of frames that still landed on
somebody else is dropped and counted as a switch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from vision.landmarks import N_LANDMARKS, PoseTrack, make_track
from vision.people import (PersonPath, Sighting, choose_walker, find_people, grey_out,
                           link_paths, sighting_from)
from vision.pose import MediaPipePose, PoseEstimator
from vision.video import VideoInfo, analysis_size, read_frames

Progress = Callable[[int, int], None]
SURVEY_INTERVAL_S = 0.5
# A hip moving more than this (body heights) between two frames is another person.
_JUMP_HEIGHTS = 0.35
_MATCH_HEIGHTS = 0.6


@dataclass(frozen=True)
class TrackingSummary:
    people_seen: int  # most people seen together in one surveyed frame
    other_person_frames: int
    switches: int


def survey(info: VideoInfo, detector: PoseEstimator, progress: Progress | None = None) -> list[PersonPath]:
    """Everyone seen on a sparse set of frames, linked into paths."""
    step = max(1, round((info.fps or 30.0) * SURVEY_INTERVAL_S))
    per_frame: list[list[Sighting]] = []
    for frame in read_frames(info):
        if frame.index % step == 0:
            people = find_people(frame.image_rgb, detector)
            per_frame.append([sighting_from(p, frame.index, frame.time_s) for p in people])
        if progress:
            progress(frame.index + 1, 0)
    return link_paths(per_frame, max_gap_s=3 * SURVEY_INTERVAL_S)


def _walker_view(image: np.ndarray, time_s: float, walker: PersonPath | None, others: list[PersonPath],
                 last_walker_box: np.ndarray | None) -> np.ndarray:
    """The frame as the tracker sees it: only the walker's surroundings, bystanders greyed."""
    if walker is None:
        return image
    boxes = [s.box for p in others if (s := p.nearest(time_s, 1.5 * SURVEY_INTERVAL_S)) is not None]
    keep = last_walker_box
    if keep is None:
        seen = walker.nearest(time_s, SURVEY_INTERVAL_S)
        keep = seen.box if seen is not None else None
    return grey_out(image, boxes, keep, walker.window_at(time_s))


def _segments(hips: np.ndarray, heights: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive detected frames with no jump of the hip between them."""
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(len(hips)):
        if np.isnan(hips[i, 0]):
            if start is not None:
                runs.append((start, i))
            start = None
            continue
        if start is not None and np.linalg.norm(hips[i] - hips[i - 1]) > _JUMP_HEIGHTS * heights[i]:
            runs.append((start, i))
            start = None
        if start is None:
            start = i
    if start is not None:
        runs.append((start, len(hips)))
    return runs


def keep_walker_frames(points: np.ndarray, time_s: np.ndarray, walker: PersonPath | None,
                       others: list[PersonPath]) -> tuple[np.ndarray, int, int]:
    """Blank the stretches of frames that followed someone other than the walker."""
    hips = (points[:, 23, :2] + points[:, 24, :2]) / 2
    heights = np.ptp(points[:, :, 1], axis=1)
    dropped_frames = switches = 0
    if not others:
        return points, 0, 0
    window = 1.5 * SURVEY_INTERVAL_S

    def votes(path: PersonPath | None, lo: int, hi: int) -> int:
        if path is None:
            return 0
        count = 0
        for i in range(lo, hi):
            if path.start_s - window <= time_s[i] <= path.end_s + window:
                dist = np.linalg.norm(hips[i] - path.hip_at(time_s[i])) / path.height_px()
                count += int(dist < _MATCH_HEIGHTS)
        return count

    out = points.copy()
    for lo, hi in _segments(hips, heights):
        for_walker = votes(walker, lo, hi)
        for_others = max(votes(p, lo, hi) for p in others)
        if for_others > for_walker:
            out[lo:hi] = np.nan
            dropped_frames += hi - lo
            switches += 1
    return out, dropped_frames, switches


def track_walker(info: VideoInfo, model: str = "full", progress: Progress | None = None,
                 warnings: list[str] | None = None) -> tuple[PoseTrack, TrackingSummary]:
    """Pose of the walker on every frame of the clip, in pixels of the upright video."""
    total = max(info.frame_count, 1)
    detector = MediaPipePose(model, tracking=False)
    try:
        paths = survey(info, detector, (lambda done, _: progress(done // 10, total)) if progress else None)
    finally:
        detector.close()
    walker = choose_walker(paths)
    others = [p for p in paths if p is not walker]

    width, _ = analysis_size(info)
    scale = info.width / width
    times: list[float] = []
    frames: list[int] = []
    rows: list[np.ndarray] = []
    empty = np.full((N_LANDMARKS, 4), np.nan)
    tracker = MediaPipePose(model, tracking=True)
    last_box: np.ndarray | None = None
    try:
        for frame in read_frames(info, warnings):
            landmarks = tracker.estimate(_walker_view(frame.image_rgb, frame.time_s, walker, others, last_box))
            last_box = None if landmarks is None else sighting_from(landmarks, frame.index, frame.time_s).box
            if landmarks is not None:
                landmarks = landmarks.copy()
                landmarks[:, :3] *= scale
            times.append(frame.time_s)
            frames.append(frame.index)
            rows.append(empty if landmarks is None else landmarks)
            if progress:
                progress(total // 10 + frame.index + 1, total + total // 10)
    finally:
        tracker.close()
    points = np.array(rows)
    time_arr = np.array(times)
    scaled = [PersonPath(tuple(Sighting(s.frame, s.time_s, s.box * scale, s.hip_xy * scale, s.height_px * scale,
                                        s.feet_dxy) for s in p.sightings)) for p in paths]
    walker_scaled = scaled[paths.index(walker)] if walker is not None else None
    points, dropped, switches = keep_walker_frames(
        points, time_arr, walker_scaled, [p for p in scaled if p is not walker_scaled])
    together = Counter(s.frame for p in paths for s in p.sightings)
    summary = TrackingSummary(people_seen=max(together.values(), default=0), other_person_frames=dropped,
                              switches=switches)
    return make_track(time_arr, points, np.array(frames)), summary
