"""From a video file to the walker's `PoseTrack`.

A survey looks for everyone about twice a second and tells the walker from
bystanders (see `people`); it runs in a thread ahead of the tracking pass,
which runs MediaPipe in video mode on every frame showing it only the
walker's surroundings, bystanders greyed out, so its tracker cannot lock on to
them. Frames tracked before the survey had found the walker, or that strayed,
are tracked again; any stretch still on somebody else is dropped and counted
as a switch. Both passes stream the file: memory does not grow with its length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import takewhile
from threading import Condition

import numpy as np

from vision.frame_table import SpanError, frame_table
from vision.landmarks import INDEX, N_LANDMARKS, PoseTrack, make_track
from vision.people import (PersonPath, Sighting, choose_walker, grey_out, link_paths, recorded_walker,
                           sighting_from, sightings_in)
from vision.pose import EstimatorFactory, MediaPipeFactory, PoseEstimator
from vision.video import Frame, VideoInfo, analysis_size, read_frames
from vision.zoom import cut, to_frame, tracker_crop

Progress = Callable[[int, int], None]
SURVEY_INTERVAL_S = 0.5
# The tracking pass is guided by what the survey found up to this far ahead of it.
SURVEY_HORIZON_S = 3.0
LINK_MAX_GAP_S = 4.0  # the survey can miss a small or half-hidden walker for a few seconds
# The closer look where nobody is found costs nine detections (vision/zoom.py): on every other
# surveyed frame it finds a small walker once a second, often enough to link, at less than half the
# cost where nobody is in the picture for long (the 60 s bench clip, its walker away for 50 of 120
# surveyed frames: the survey's 8.3 s of one core took 18.7 s with it on every one, 12.6 s so).
CLOSER_EVERY = 2
# A hip moving more than this (body heights) between two frames is another person.
_JUMP_HEIGHTS = 0.35
# A tracker for the view the walker will need (the whole frame, or a crop) starts this early, so it
# has settled when it takes over (a fresh one's feet drift for most of a second).
SWITCH_LEAD_S = 0.5
_MATCH_HEIGHTS = 0.6


@dataclass(frozen=True)
class TrackingSummary:
    people_seen: int  # most people seen together in one surveyed frame
    other_person_frames: int
    switches: int


class SurveyFeed:
    """Sightings as the survey finds them, shared with the tracking pass running behind it.

    The tracking pass asks `walker_until(frame)`: the walker as judged from the
    surveyed frames up to a fixed horizon ahead of that frame, waiting for the
    survey to get there. What the tracker is shown is then a function of the
    clip alone, never of how far the survey thread happened to have got, so
    the same clip always gives the same track. With `returns` (a recorded clip) a walker who left
    the picture and came back is the walker each time (`recorded_walker`).
    """

    def __init__(self, horizon_frames: int = 0, returns: bool = False) -> None:
        self._wake = Condition()
        self._frames: list[list[Sighting]] = []
        self._indices: list[int] = []
        self._finished = False
        self._horizon = horizon_frames
        self._returns = returns
        self._cached: tuple[tuple[int, int], PersonPath | None, list[PersonPath]] = ((0, -1), None, [])

    def add(self, sightings: list[Sighting], frame: int | None = None) -> None:
        with self._wake:
            self._frames.append(sightings)
            self._indices.append(len(self._indices) if frame is None else frame)
            self._wake.notify_all()

    def finish(self) -> None:
        """No more sightings will come (the survey ended, or failed)."""
        with self._wake:
            self._finished = True
            self._wake.notify_all()

    def paths(self) -> list[PersonPath]:
        with self._wake:
            frames = list(self._frames)
        return link_paths(frames, max_gap_s=LINK_MAX_GAP_S)

    def walker_and_others(self, recent: int | None = None) -> tuple[PersonPath | None, list[PersonPath]]:
        """The walker as judged from what has been surveyed so far, or from only the `recent` last
        surveyed frames (live use: never waits; someone who walked out of view and came back is
        followed again once the survey has seen them for a while)."""
        with self._wake:
            count = len(self._frames)
        return self._judged(count, max(0, count - recent) if recent else 0)

    def walker_until(self, frame: int) -> tuple[PersonPath | None, list[PersonPath]]:
        """The walker as judged from the surveyed frames up to `frame` plus the horizon."""
        limit = frame + self._horizon
        with self._wake:
            self._wake.wait_for(lambda: self._finished or (self._indices and self._indices[-1] > limit))
            count = bisect_right(self._indices, limit)
        return self._judged(count)

    def _judged(self, count: int, first: int = 0) -> tuple[PersonPath | None, list[PersonPath]]:
        """Walker and bystanders from surveyed frames `first` to `count` - 1 (recomputed only when they change)."""
        if (first, count) != self._cached[0]:
            with self._wake:
                frames = self._frames[first:count]
            paths = link_paths(frames, max_gap_s=LINK_MAX_GAP_S)
            if self._returns:
                walker, others = recorded_walker(paths)
            else:
                walker = choose_walker(paths)
                others = [p for p in paths if p is not walker]
            self._cached = ((first, count), walker, others)
        return self._cached[1], self._cached[2]


def survey_step(info: VideoInfo) -> int:
    return max(1, round((info.fps or 30.0) * SURVEY_INTERVAL_S))


def surveyed(frame: Frame, detector: PoseEstimator, step: int) -> list[Sighting]:
    """Everyone on a surveyed frame, with a closer look on every `CLOSER_EVERY`th."""
    return sightings_in(frame.image_rgb, detector, frame.index, frame.time_s,
                        closer=frame.index % (CLOSER_EVERY * step) == 0)


def survey(info: VideoInfo, detector: PoseEstimator, feed: SurveyFeed) -> None:
    """Look for everyone on a sparse set of frames, feeding the sightings to `feed`."""
    step = survey_step(info)
    try:
        for frame in read_frames(info, wanted=lambda index: index % step == 0):
            if frame.image_rgb is not None:
                feed.add(surveyed(frame, detector, step), frame.index)
    finally:
        feed.finish()


def walker_view(image: np.ndarray, time_s: float, walker: PersonPath | None, others: list[PersonPath],
                 last_box: np.ndarray | None) -> np.ndarray:
    """The frame as the tracker sees it: only the walker's surroundings, bystanders greyed.

    `last_box`, where the tracker found someone in the previous frame, is kept
    visible only if it lies where the walker should be.
    """
    if walker is None or not others:
        return image
    boxes = [s.box for p in others if (s := p.nearest(time_s, 1.5 * SURVEY_INTERVAL_S)) is not None]
    window = walker.window_at(time_s)
    keep = last_box if last_box is not None and _centre_inside(last_box, window) else None
    if keep is None:
        seen = walker.nearest(time_s, SURVEY_INTERVAL_S)
        keep = seen.box if seen is not None else None
    return grey_out(image, boxes, keep, window)


def _centre_inside(box: np.ndarray, window: np.ndarray) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return bool(window[0] <= x <= window[2] and window[1] <= y <= window[3])


def _hips(points: np.ndarray) -> np.ndarray:
    return (points[:, INDEX["left_hip"], :2] + points[:, INDEX["right_hip"], :2]) / 2


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
    hips = _hips(points)
    heights = np.ptp(points[:, :, 1], axis=1)
    dropped_frames = switches = 0
    if not others:
        return points.copy(), 0, 0
    window = 1.5 * SURVEY_INTERVAL_S

    def votes(path: PersonPath | None, lo: int, hi: int) -> int:
        if path is None:
            return 0
        count = 0
        for i in range(lo, hi):
            if path.in_view(time_s[i], window):
                dist = np.linalg.norm(hips[i] - path.hip_at(time_s[i])) / path.height_px()
                count += int(dist < _MATCH_HEIGHTS)
        return count

    out = points.copy()
    for lo, hi in _segments(hips, heights):
        for_walker = votes(walker, lo, hi)
        for_others = max(votes(p, lo, hi) for p in others)
        # A jump-free run that matches the walker at all is the walker, unless it
        # mostly matches someone else (it may brush past a bystander); one that
        # matches nobody the survey saw is taken to be the walker, whom the
        # tracker was shown (the survey misses a small walker now and then).
        if (for_walker == 0 and for_others > 0) or for_others > 2 * for_walker:
            out[lo:hi] = np.nan
            dropped_frames += hi - lo
            switches += 1
    return out, dropped_frames, switches


@dataclass(frozen=True)
class PosePass:
    time_s: np.ndarray
    frame_index: np.ndarray
    points: np.ndarray  # in pixels of the analysis-sized frame


# Who the walker is, as the tracking pass may know it at a frame.
Guide = Callable[[int], tuple[PersonPath | None, list[PersonPath]]]


def _pose_pass(info: VideoInfo, estimators: EstimatorFactory, guide: Guide, redo: np.ndarray | None,
               warnings: list[str] | None, progress: Progress | None) -> PosePass:
    """MediaPipe in video mode over the clip, or only over the frames marked in `redo`.

    In a redo the tracker starts afresh at each run of marked frames, and
    decoding stops after the last.
    """
    wanted = None if redo is None else (lambda i: i < len(redo) and bool(redo[i]))
    last_wanted = None if redo is None else int(np.flatnonzero(redo)[-1])
    frames = read_frames(info, warnings, wanted)
    if last_wanted is not None:
        frames = takewhile(lambda frame: frame.index <= last_wanted, frames)
    return track_frames(frames, estimators, guide, progress, max(info.frame_count, 1))


def track_frames(frames: Iterable[Frame], estimators: EstimatorFactory, guide: Guide,
                 progress: Progress | None = None, total: int = 1) -> PosePass:
    """A tracking estimator (MediaPipe's video mode) over `frames`, started afresh after each frame
    without a picture.

    Once `guide` names a walker, each frame is shown with only the walker's
    surroundings and bystanders greyed out, and cropped around them where the
    survey found them only in a crop (`vision/zoom.py`). Another view needs
    another tracker: it is started `SWITCH_LEAD_S` before the switch the survey
    foresees and takes over settled (its frames before are not used).
    """
    times: list[float] = []
    indices: list[int] = []
    rows: list[np.ndarray] = []
    empty = np.full((N_LANDMARKS, 4), np.nan)
    main: _Follower | None = None
    spare: _Follower | None = None
    try:
        for frame in frames:
            landmarks = None
            if frame.image_rgb is None:
                _close(main, spare)
                main = spare = None
            else:
                walker, others = guide(frame.index)
                shape = frame.image_rgb.shape
                wanted = _walker_crop(shape, frame.time_s, walker, main.crop if main else None)
                if main is None or wanted is not main.crop:
                    ready = spare is not None and (spare.crop is None) == (wanted is None)
                    _close(main, None if ready else spare)
                    main, spare = (spare if ready else _Follower(wanted, estimators(True))), None
                else:
                    soon = _walker_crop(shape, frame.time_s + SWITCH_LEAD_S, walker, main.crop)
                    if soon is main.crop:
                        _close(spare)
                        spare = None
                    elif spare is None:
                        spare = _Follower(soon, estimators(True))
                landmarks = main.follow(frame, walker, others)
                if spare is not None:
                    spare.follow(frame, walker, others)
            times.append(frame.time_s)
            indices.append(frame.index)
            rows.append(empty if landmarks is None else landmarks)
            if progress:
                progress(frame.index + 1, total)
    finally:
        _close(main, spare)
    return PosePass(np.array(times), np.array(indices, dtype=int), np.array(rows).reshape(-1, N_LANDMARKS, 4))


@dataclass
class _Follower:
    """One tracker and what it is shown: the whole frame (`crop` None) or a crop around a small walker."""

    crop: np.ndarray | None
    tracker: PoseEstimator
    last_box: np.ndarray | None = None

    def follow(self, frame: Frame, walker: PersonPath | None, others: list[PersonPath]) -> np.ndarray | None:
        view = walker_view(frame.image_rgb, frame.time_s, walker, others, self.last_box)
        landmarks = self.tracker.estimate(view if self.crop is None else cut(view, self.crop))
        if landmarks is not None and self.crop is not None:
            landmarks = to_frame(landmarks, self.crop)
        self.last_box = None if landmarks is None else sighting_from(landmarks, frame.index, frame.time_s).box
        return landmarks


def _close(*followers: _Follower | None) -> None:
    for follower in followers:
        if follower is not None:
            follower.tracker.close()


def _walker_crop(shape: tuple[int, ...], time_s: float, walker: PersonPath | None,
                 current: np.ndarray | None) -> np.ndarray | None:
    if walker is None or not (walker.in_view(time_s, 1.5 * SURVEY_INTERVAL_S) and walker.closer_at(time_s)):
        return None
    height, width = shape[:2]
    return tracker_crop(walker.hip_at(time_s), walker.height_at(time_s), width, height, current)


def _off_walker(points: np.ndarray, time_s: np.ndarray, walker: PersonPath) -> np.ndarray:
    """Frames within the walker's time in view where the track is on someone else."""
    hips = _hips(points)
    expected = np.array([walker.hip_at(t) for t in time_s])
    off = np.linalg.norm(hips - expected, axis=1) / walker.height_px()
    in_view = walker.in_view(time_s, 1.5 * SURVEY_INTERVAL_S)
    with np.errstate(invalid="ignore"):
        return in_view & (off >= _MATCH_HEIGHTS)


def _needs_redo(points: np.ndarray, time_s: np.ndarray, walker: PersonPath) -> np.ndarray:
    """Frames within the walker's time in view where the track is on someone else or on nobody,
    widened by half a second before each run so the restarted tracker has found the walker in time."""
    # Nobody tracked is worth a second try only within the walker's times in the picture (first
    # to last sighting of each): around them the walker is mostly just not in the picture.
    seen = walker.in_view(time_s)
    bad = _off_walker(points, time_s, walker) | (seen & np.isnan(_hips(points)[:, 0]))
    lead = int(round(SURVEY_INTERVAL_S / max(float(np.median(np.diff(time_s))), 1e-3))) if len(time_s) > 1 else 0
    widened = bad.copy()
    for i in np.flatnonzero(bad):
        widened[max(0, i - lead): i] = True
    return widened


def track_walker(info: VideoInfo, model: str = "full", progress: Progress | None = None,
                 warnings: list[str] | None = None, workers: int | None = None,
                 estimator_factory: EstimatorFactory | None = None) -> tuple[PoseTrack, TrackingSummary]:
    """Pose of the walker on every frame of the clip, in pixels of the upright video.

    A clip whose frames its container numbers is surveyed and tracked in fixed
    spans on `workers` (default RETROCOACH_POSE_WORKERS, else one per core;
    `vision/spans.py`: the same track for any count); otherwise it is read from
    the start by `track_sequentially`. Frames tracked before the survey had
    found the walker, or that strayed to someone else, are tracked again once
    the whole survey is in. Pose comes from `estimator_factory` (default: MediaPipe's `model`).
    """
    from vision import spans
    from vision.pose_workers import PoseWorkers

    estimators = estimator_factory or MediaPipeFactory(model)
    pool = PoseWorkers(workers)
    table = frame_table(info)
    if table is not None:
        try:
            first, feed = spans.run_spans(pool, info, table, estimators, progress)
            return _followed(info, first, feed, lambda redo, walker, others: spans.redo_on(
                pool, info, table, estimators, redo, walker, others))
        except SpanError:
            pass  # the container's numbering did not hold: read the clip from the start
    return track_sequentially(info, estimators, progress, warnings)


def track_sequentially(info: VideoInfo, estimators: EstimatorFactory, progress: Progress | None = None,
                       warnings: list[str] | None = None) -> tuple[PoseTrack, TrackingSummary]:
    """The survey in a thread ahead of one tracking pass over the whole clip (MediaPipe's graph
    keeps about one core busy, so the two overlap); the tracking pass follows whoever the survey
    up to `SURVEY_HORIZON_S` ahead says is the walker."""
    detector = estimators(False)
    feed = SurveyFeed(horizon_frames=round((info.fps or 30.0) * SURVEY_HORIZON_S), returns=True)
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            surveyed = pool.submit(survey, info, detector, feed)
            first = _pose_pass(info, estimators, feed.walker_until, None, warnings, progress)
            surveyed.result()
        finally:
            detector.close()
    return _followed(info, first, feed, lambda redo, walker, others: _pose_pass(
        info, estimators, lambda _: (walker, others), redo, None, None))


Redo = Callable[[np.ndarray, PersonPath, list[PersonPath]], PosePass]


def _followed(info: VideoInfo, first: PosePass, feed: SurveyFeed, redo_pass: Redo) -> tuple[PoseTrack, TrackingSummary]:
    """The first pass with its strayed frames tracked again and anyone but the walker blanked."""
    paths = feed.paths()
    walker, others = recorded_walker(paths)
    points = first.points
    if walker is not None:
        redo = _needs_redo(points, first.time_s, walker)
        if redo.any():
            second = redo_pass(redo, walker, others)
            done = np.zeros(len(points), dtype=bool)
            done[: len(second.points)] = redo[: len(second.points)]
            # A redone frame counts where it found the walker, or where the first pass was on someone
            # else; a lead-in frame the first pass had right is not given up for a redo that found nobody.
            found = np.zeros(len(points), dtype=bool)
            found[: len(second.points)] = ~np.isnan(second.points[:, :, 0]).all(axis=1)
            take = done & (found | _off_walker(points, first.time_s, walker))
            points = points.copy()
            points[take] = second.points[take[: len(second.points)]]
    points, summary = walker_frames_only(points, first.time_s, paths, walker, others)
    width, _ = analysis_size(info)
    points[:, :, :3] *= info.width / width
    return make_track(first.time_s, points, first.frame_index), summary


def walker_frames_only(points: np.ndarray, time_s: np.ndarray, paths: list[PersonPath], walker: PersonPath | None,
                       others: list[PersonPath]) -> tuple[np.ndarray, TrackingSummary]:
    """The track with stretches on anyone but `walker` blanked (`others`: everyone else the survey
    saw), and what that took (`paths`: all the survey linked)."""
    points, dropped, switches = keep_walker_frames(points, time_s, walker, others)
    together = Counter(s.frame for p in paths for s in p.sightings)
    return points, TrackingSummary(people_seen=max(together.values(), default=0), other_person_frames=dropped,
                                   switches=switches)
