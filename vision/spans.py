"""Pose over a clip in fixed spans, on as many workers as there are cores: the same track for any count.

The spans depend on the clip alone (a clip of 2 s or more is cut in an even
number of equal spans of at most `SPAN_S` seconds, so two cores share it
evenly). Each span's tracker starts afresh `OVERLAP_S` before the span and
runs on `OVERLAP_S` past it, so around each seam two trackers see the same
frames. The one that has been running keeps them (a fresh tracker needs most
of a second to settle: started in a standstill, its feet drift by 20 px before
they agree with a settled one), and the fresh one fills in only where the old
one found nobody; it takes over after the overlap, settled.

The survey (static detection every `SURVEY_INTERVAL_S`, the same per frame
wherever it runs) comes first, span by span, and each span's tracker is then
guided by the whole survey as the sequential pass is: by the walker as judged
up to `SURVEY_HORIZON_S` ahead of each frame. One worker running every span
in turn computes exactly what several do.

The work functions are plain functions of picklable records, so they run
alike in this process and in a worker (`vision/pose_workers.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vision.frame_table import FrameTable, read_span
from vision.people import PersonPath, Sighting
from vision.pose import EstimatorFactory, MediaPipeFactory, PoseEstimator
from vision.pose_workers import FrameCount, PoseWorkers, Ticks, ticking
from vision.tracking import (SURVEY_HORIZON_S, Guide, PosePass, Progress, SurveyFeed, survey_step, surveyed,
                             track_frames)
from vision.video import VideoInfo

SPAN_S = 15.0
MIN_SPLIT_S = 2.0
OVERLAP_S = 0.5
Surveyed = list[tuple[int, list[Sighting]]]  # (frame, sightings) for each surveyed frame, in order


@dataclass(frozen=True)
class Span:
    lead: int  # the tracker starts here, before the span's own frames
    start: int
    stop: int
    tail: int  # and runs on to here, past them


def spans_of(frame_count: int, fps: float) -> list[Span]:
    """Equal spans overlapping by `OVERLAP_S` each side (a function of the clip alone)."""
    rate = fps if fps > 0 else 30.0
    seconds = frame_count / rate
    count = 2 * math.ceil(seconds / (2 * SPAN_S)) if seconds >= MIN_SPLIT_S else 1
    bounds = np.linspace(0, frame_count, count + 1).round().astype(int)
    over = round(OVERLAP_S * rate)
    return [Span(max(0, int(a) - over), int(a), int(b), min(frame_count, int(b) + over))
            for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


_detectors: dict[EstimatorFactory, PoseEstimator] = {}


def _detector(estimators: EstimatorFactory) -> PoseEstimator:
    """One static-image detector per process and factory, kept: surveying is the same on every frame."""
    if estimators not in _detectors:
        _detectors[estimators] = estimators(False)
    return _detectors[estimators]


def warm_up(model: str = "full") -> None:
    """Load MediaPipe's survey detector, which is kept, with its models (they load on the first image,
    0.09 s), so a worker's first surveyed frame starts warm. A tracker is not warmed: each span's is a
    fresh graph that loads its models again (0.07 s after a warmed one, 0.09 s without)."""
    _detector(MediaPipeFactory(model)).estimate(np.zeros((64, 64, 3), dtype=np.uint8))


def survey_span(info: VideoInfo, table: FrameTable, span: Span, estimators: EstimatorFactory,
                ticks: Ticks | None = None) -> Surveyed:
    """Everyone on the span's own surveyed frames."""
    step = survey_step(info)
    found = []
    for frame in ticking(read_span(info, table, span.start, span.stop, wanted=lambda i: i % step == 0), ticks):
        if frame.image_rgb is not None:
            found.append((frame.index, surveyed(frame, _detector(estimators), step)))
    return found


def finished_feed(info: VideoInfo, surveyed: Surveyed) -> SurveyFeed:
    feed = SurveyFeed(horizon_frames=round((info.fps or 30.0) * SURVEY_HORIZON_S), returns=True)
    for frame, sightings in surveyed:
        feed.add(sightings, frame)
    feed.finish()
    return feed


def track_span(info: VideoInfo, table: FrameTable, span: Span, estimators: EstimatorFactory, surveyed: Surveyed,
               ticks: Ticks | None = None) -> PosePass:
    """The span's frames and its overlaps, from a tracker started afresh at its lead-in, guided by the survey."""
    guide: Guide = finished_feed(info, surveyed).walker_until
    return track_frames(ticking(read_span(info, table, span.lead, span.tail), ticks), estimators, guide)


def merged(spans: list[Span], parts: list[PosePass]) -> PosePass:
    """The spans' passes as one: each frame from its own span, but across each seam's overlap from
    the span before, whose tracker has settled (from the span after where the one before found nobody)."""
    points = np.concatenate([p.points[(p.frame_index >= s.start) & (p.frame_index < s.stop)]
                             for s, p in zip(spans, parts)])
    times = np.concatenate([p.time_s[(p.frame_index >= s.start) & (p.frame_index < s.stop)]
                            for s, p in zip(spans, parts)])
    for before, after, early, late in zip(spans, spans[1:], parts, parts[1:]):
        frames = np.arange(after.lead, before.tail)
        old = early.points[np.searchsorted(early.frame_index, frames)]
        new = late.points[np.searchsorted(late.frame_index, frames)]
        lost = np.isnan(old[:, :, 0]).all(axis=1)
        points[frames] = np.where(lost[:, None, None], new, old)
    return PosePass(times, np.arange(len(times)), points)


def redo_spans(info: VideoInfo, table: FrameTable, estimators: EstimatorFactory, redo: np.ndarray, walker: PersonPath,
               others: list[PersonPath], ticks: Ticks | None = None) -> PosePass:
    """The marked frames tracked again, the tracker starting afresh at each run of them; decoded from
    the keyframe before the first (the frames before it come back without a walker)."""
    marked = np.flatnonzero(redo)
    first, last = int(marked[0]), int(marked[-1]) + 1
    frames = read_span(info, table, first, last, wanted=lambda i: bool(redo[i]))
    again = track_frames(frames, estimators, lambda _: (walker, others))
    before = np.full((first, *again.points.shape[1:]), np.nan)
    return PosePass(np.concatenate([table.time_s[:first], again.time_s]), np.arange(last),
                    np.concatenate([before, again.points]))


def redo_groups(redo: np.ndarray, count: int) -> list[np.ndarray]:
    """The marked frames in at most `count` masks of about equal frames, each a stretch of whole runs
    of them in clip order (a mask is decoded from its first frame to its last). Each run's tracker
    starts afresh, so the masks track exactly what the whole does."""
    edges = np.diff(np.concatenate([[0], redo.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = stops - starts
    middles = np.cumsum(lengths) - lengths / 2  # marked frames before each run's middle
    share = max(1.0, float(lengths.sum()) / max(1, count))
    which = np.minimum((middles // share).astype(int), max(1, count) - 1)
    groups = []
    for group in np.unique(which):
        mask = np.zeros(len(redo), dtype=bool)
        for lo, hi in zip(starts[which == group], stops[which == group]):
            mask[lo:hi] = True
        groups.append(mask)
    return groups


def redo_on(workers: PoseWorkers, info: VideoInfo, table: FrameTable, estimators: EstimatorFactory,
            redo: np.ndarray, walker: PersonPath, others: list[PersonPath]) -> PosePass:
    """The marked frames tracked again, their runs shared out among the workers (`redo_spans`)."""
    groups = redo_groups(redo, workers.count)
    parts = workers.run([(redo_spans, (info, table, estimators, group, walker, others)) for group in groups])
    last = max(len(part.points) for part in parts)
    points = np.full((last, *parts[0].points.shape[1:]), np.nan)
    for group, part in zip(groups, parts):
        marked = np.flatnonzero(group[: len(part.points)])
        points[marked] = part.points[marked]
    return PosePass(table.time_s[:last], np.arange(last), points)


def run_spans(workers: PoseWorkers, info: VideoInfo, table: FrameTable, estimators: EstimatorFactory,
              progress: Progress | None) -> tuple[PosePass, SurveyFeed]:
    """Survey, then track every span; the merged first pass and the finished survey (progress counts
    the frames read for both)."""
    spans = spans_of(len(table), info.fps)
    counter = FrameCount(progress, len(table) + sum(s.tail - s.lead for s in spans))
    surveys = workers.run([(survey_span, (info, table, span, estimators)) for span in spans], counter)
    surveyed = [found for part in surveys for found in part]
    parts = workers.run([(track_span, (info, table, span, estimators, surveyed)) for span in spans], counter)
    return merged(spans, parts), finished_feed(info, surveyed)
