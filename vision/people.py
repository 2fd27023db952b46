"""Finding the people in a clip and telling the walker from bystanders.

MediaPipe's pose solution follows one person and keeps following whoever it
found first. To follow the walker instead, a sparse survey detects everyone in
a frame (detect, grey out that person, detect again), links sightings into
paths, and scores each path by how much it walks: travel across the frame
plus how much the feet move relative to each other, both in body heights, so
that a treadmill walker scores as well as one crossing the frame.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from vision.landmarks import INDEX
from vision.pose import PoseEstimator
from vision.zoom import look_closer

MASK_GREY = 127
_BOX_PAD = 0.12  # of body height, around the landmarks' extent
_WALK_HEIGHTS_PER_S = 1.0  # a brisk walk covers under one body height a second
# Half a body height of travel or its equivalent in stepping: standing, swaying
# or jumping on the spot scores less.
MIN_WALKING_SCORE = 0.5
_MAX_SIZE_RATIO = 1.5  # one person's apparent height changes less than this between sightings
# Sightings of a path further apart than this may be two people linked, one gone and one come.
RETURN_SPLIT_S = 2.0


@dataclass(frozen=True, eq=False)
class Sighting:
    frame: int
    time_s: float
    box: np.ndarray  # x0, y0, x1, y1 in pixels, padded
    hip_xy: np.ndarray
    height_px: float
    feet_dxy: np.ndarray  # left ankle minus right ankle, in body heights
    closer: bool = False  # found only in a crop: too small in the picture for the detector (vision/zoom.py)


@dataclass(frozen=True, eq=False)
class PersonPath:
    sightings: tuple[Sighting, ...]
    # (start_s, end_s) of each time in the picture, for a walker who left it and came back;
    # empty: one, from the first sighting to the last.
    appearances: tuple[tuple[float, float], ...] = ()

    @property
    def start_s(self) -> float:
        return self.sightings[0].time_s

    @property
    def end_s(self) -> float:
        return self.sightings[-1].time_s

    def walking_score(self) -> float:
        heights = np.array([s.height_px for s in self.sightings])
        hips = np.array([s.hip_xy for s in self.sightings])
        feet = np.array([s.feet_dxy for s in self.sightings])
        travel = float(np.ptp(hips[:, 0]) / np.median(heights)) if len(hips) > 1 else 0.0
        stepping = float(np.linalg.norm(feet.std(axis=0))) if len(feet) > 1 else 0.0
        return travel + 4.0 * stepping

    def in_view(self, time_s: np.ndarray | float, margin_s: float = 0.0) -> np.ndarray:
        """Whether each time lies within one of the person's times in the picture, widened by `margin_s`."""
        times = np.asarray(time_s)
        inside = np.zeros(times.shape, dtype=bool)
        for start, end in self.appearances or ((self.start_s, self.end_s),):
            inside |= (times >= start - margin_s) & (times <= end + margin_s)
        return inside

    def nearest(self, time_s: float, within_s: float) -> Sighting | None:
        """The sighting closest in time, if any lies within `within_s`."""
        best = min(self.sightings, key=lambda s: abs(s.time_s - time_s))
        return best if abs(best.time_s - time_s) <= within_s else None

    def hip_at(self, time_s: float) -> np.ndarray:
        """Hip position interpolated (held at the ends) between sightings."""
        times = np.array([s.time_s for s in self.sightings])
        hips = np.array([s.hip_xy for s in self.sightings])
        return np.array([np.interp(time_s, times, hips[:, k]) for k in range(2)])

    def height_px(self) -> float:
        return float(np.median([s.height_px for s in self.sightings]))

    def closer_at(self, time_s: float) -> bool:
        """Whether a sighting either side of `time_s` needed a closer look (held at the ends)."""
        i = bisect_left([s.time_s for s in self.sightings], time_s)
        return any(s.closer for s in self.sightings[max(0, i - 1): i + 1])

    def height_at(self, time_s: float) -> float:
        """Height interpolated (held at the ends) between sightings: a walker coming up to the camera grows."""
        return float(np.interp(time_s, [s.time_s for s in self.sightings], [s.height_px for s in self.sightings]))

    def window_at(self, time_s: float) -> np.ndarray:
        """Where the person can be at `time_s`: around the interpolated hip, growing
        with the time since the nearest sighting (at most one body height a second)."""
        height = self.height_px()
        outside_s = max(self.start_s - time_s, time_s - self.end_s, 0.0)
        half_width = (0.9 + _WALK_HEIGHTS_PER_S * outside_s) * height
        x, y = self.hip_at(time_s)
        return np.array([x - half_width, y - 0.85 * height, x + half_width, y + 0.85 * height])


def sighting_from(landmarks: np.ndarray, frame: int, time_s: float, closer: bool = False) -> Sighting:
    xy = landmarks[:, :2]
    low, high = xy.min(axis=0), xy.max(axis=0)
    height = max(float(high[1] - low[1]), 1.0)
    pad = _BOX_PAD * height
    box = np.array([low[0] - pad, low[1] - pad, high[0] + pad, high[1] + pad])
    hip = (xy[INDEX["left_hip"]] + xy[INDEX["right_hip"]]) / 2
    feet = (xy[INDEX["left_ankle"]] - xy[INDEX["right_ankle"]]) / height
    return Sighting(frame, time_s, box, hip, height, feet, closer)


def grey_out(image: np.ndarray, boxes: list[np.ndarray], keep: np.ndarray | None = None,
             window: np.ndarray | None = None) -> np.ndarray:
    """Copy of `image` grey outside `window` and inside `boxes`, but never inside `keep`."""
    if not boxes and window is None:
        return image
    height, width = image.shape[:2]

    def clip(box: np.ndarray) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = box
        return (int(max(0, x0)), int(max(0, y0)), int(min(width, max(0, x1))), int(min(height, max(0, y1))))

    if window is None:
        out = image.copy()
    else:
        out = np.full_like(image, MASK_GREY)
        x0, y0, x1, y1 = clip(window)
        out[y0:y1, x0:x1] = image[y0:y1, x0:x1]
    for box in boxes:
        x0, y0, x1, y1 = clip(box)
        out[y0:y1, x0:x1] = MASK_GREY
    if keep is not None:
        x0, y0, x1, y1 = clip(keep)
        out[y0:y1, x0:x1] = image[y0:y1, x0:x1]
    return out


def find_people(image: np.ndarray, detector: PoseEstimator, max_people: int = 3) -> list[np.ndarray]:
    """All people in one image: detect, grey the person out, detect again."""
    found: list[np.ndarray] = []
    boxes: list[np.ndarray] = []
    for _ in range(max_people):
        landmarks = detector.estimate(grey_out(image, boxes))
        if landmarks is None:
            break
        found.append(landmarks)
        boxes.append(sighting_from(landmarks, 0, 0.0).box)
    return found


def sightings_in(image: np.ndarray, detector: PoseEstimator, frame: int, time_s: float, closer: bool,
                 max_people: int = 3) -> list[Sighting]:
    """Everyone in a surveyed frame; with `closer`, where the whole frame shows nobody, whoever a
    closer look finds."""
    people = find_people(image, detector, max_people)
    if people or not closer:
        return [sighting_from(p, frame, time_s) for p in people]
    return [sighting_from(p, frame, time_s, closer=True) for p in look_closer(image, detector)[:max_people]]


def _predicted_hip(path: list[Sighting], time_s: float) -> np.ndarray:
    """Where a path's hip should be at `time_s`: carried on at its last velocity (at most a brisk
    walk), so that of two paths near a sighting the one heading there wins."""
    last = path[-1]
    if len(path) < 2 or last.time_s <= path[-2].time_s:
        return last.hip_xy
    velocity = (last.hip_xy - path[-2].hip_xy) / (last.time_s - path[-2].time_s)
    limit = _WALK_HEIGHTS_PER_S * last.height_px
    speed = float(np.linalg.norm(velocity))
    if speed > limit:
        velocity = velocity * limit / speed
    return last.hip_xy + velocity * (time_s - last.time_s)


def link_paths(sightings_per_frame: list[list[Sighting]], max_gap_s: float) -> list[PersonPath]:
    """Join sightings into paths, in time order: the hip nearest to where a path was heading,
    within half a body height plus as far as a brisk walk goes in the time between (a missed
    sighting or two is bridged), for sightings of about the same size."""
    open_paths: list[list[Sighting]] = []
    for sightings in sightings_per_frame:
        claimed: set[int] = set()
        for sighting in sorted(sightings, key=lambda s: -s.height_px):
            best, best_dist = None, np.inf
            for k, path in enumerate(open_paths):
                last = path[-1]
                gap_s = sighting.time_s - last.time_s
                if k in claimed or gap_s > max_gap_s:
                    continue
                ratio = sighting.height_px / last.height_px
                dist = float(np.linalg.norm(sighting.hip_xy - _predicted_hip(path, sighting.time_s))) / sighting.height_px
                if (1 / _MAX_SIZE_RATIO <= ratio <= _MAX_SIZE_RATIO
                        and dist < 0.5 + _WALK_HEIGHTS_PER_S * gap_s and dist < best_dist):
                    best, best_dist = k, dist
            if best is None:
                open_paths.append([sighting])
                claimed.add(len(open_paths) - 1)
            else:
                open_paths[best].append(sighting)
                claimed.add(best)
    return [PersonPath(tuple(p)) for p in open_paths]


def choose_walker(paths: list[PersonPath]) -> PersonPath | None:
    """The person seen walking for longest: among paths that walk at all, the most-seen one.

    Seen-for-longest comes first because two chance sightings linked across a
    gap can look like a long walk; the person being filmed is in view most.
    """
    if not paths:
        return None
    walking = [p for p in paths if _walks(p)]
    return max(walking or paths, key=lambda p: (len(p.sightings), round(p.walking_score(), 3)))


def walker_with_returns(paths: list[PersonPath]) -> PersonPath | None:
    """The walker, joined with every other path at times when neither the walker nor anyone joined
    so far is seen: in front of a camera, the person who walks out of the picture and back in is
    the same walker, and whoever is alone in the picture is the one being coached."""
    walker = choose_walker(paths)
    if walker is None:
        return None
    chosen = [walker]
    for path in sorted((p for p in paths if p is not walker), key=lambda p: -len(p.sightings)):
        if _apart_from(path, chosen):
            chosen.append(path)
    if len(chosen) == 1:
        return walker
    return PersonPath(tuple(sorted((s for c in chosen for s in c.sightings), key=lambda s: s.time_s)))


def recorded_walker(paths: list[PersonPath]) -> tuple[PersonPath | None, list[PersonPath]]:
    """The walker of a recorded clip, judged whole, and everyone else.

    A path's pieces are its runs of sightings none more than `RETURN_SPLIT_S`
    apart: a link across a longer gap may join someone who was there to the
    walker coming back. The walker is the path `choose_walker` picks, less any
    piece at either end that does not walk, joined with the pieces of other
    paths that walk, at about the walker's size, at times when nobody joined so
    far is seen: a walker who left the picture and came back. Pieces left out
    are someone else; so is whoever stands about while the walker is away. A
    walker seen in one piece is the walker `choose_walker` picks.
    """
    picked = choose_walker(paths)
    if picked is None:
        return None, list(paths)
    walker, pieces = picked, _pieces(picked)
    walking = [k for k, q in enumerate(pieces) if _walks(q)]
    first, last = (walking[0], walking[-1]) if walking else (0, len(pieces) - 1)
    if (first, last) != (0, len(pieces) - 1):
        walker = PersonPath(tuple(s for q in pieces[first: last + 1] for s in q.sightings))
    chosen, others = [walker], pieces[:first] + pieces[last + 1:]
    for path in sorted((p for p in paths if p is not picked), key=lambda p: -len(p.sightings)):
        pieces = _pieces(path)
        joined = [q for q in pieces if _walks_like(q, walker) and _apart_from(q, chosen)]
        chosen += joined
        others += [q for q in pieces if q not in joined] if joined else [path]
    if len(chosen) == 1:
        return walker, others
    chosen.sort(key=lambda c: c.start_s)
    return (PersonPath(tuple(sorted((s for c in chosen for s in c.sightings), key=lambda s: s.time_s)),
                       tuple((c.start_s, c.end_s) for c in chosen)), others)


def _pieces(path: PersonPath) -> list[PersonPath]:
    times = np.array([s.time_s for s in path.sightings])
    cuts = np.flatnonzero(np.diff(times) > RETURN_SPLIT_S) + 1
    return [PersonPath(path.sightings[a:b]) for a, b in zip([0, *cuts], [*cuts, len(times)])]


def _walks(path: PersonPath) -> bool:
    return len(path.sightings) >= 2 and path.walking_score() >= MIN_WALKING_SCORE


def _walks_like(path: PersonPath, walker: PersonPath) -> bool:
    return _walks(path) and 1 / _MAX_SIZE_RATIO <= path.height_px() / walker.height_px() <= _MAX_SIZE_RATIO


def _apart_from(path: PersonPath, chosen: list[PersonPath]) -> bool:
    return all(path.end_s < c.start_s or path.start_s > c.end_s for c in chosen)


def others_than(walker: PersonPath | None, paths: list[PersonPath]) -> list[PersonPath]:
    """The paths that are no part of the walker's."""
    parts = {id(s) for s in walker.sightings} if walker is not None else set()
    return [p for p in paths if not parts.intersection(id(s) for s in p.sightings)]
