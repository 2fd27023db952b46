"""Measures in metres and the timed test, from the walker's stated height (when given)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coaching import walk_test
from coaching.walk_test import WalkTest
from vision.metres import Distances, NotMeasured, Scale, bout_distances, scale_from_height
from vision.motion import Motion

TESTS = (walk_test.NAME,)


@dataclass(frozen=True)
class Request:
    """What was asked of an analysis beside the thresholds."""

    height_cm: float | None = None
    test: str | None = None  # "3mbwt"
    test_frames: tuple[int, int] | None = None  # start and end frame of the source video, set by a trainer

    def __post_init__(self) -> None:
        if self.test is not None and self.test not in TESTS:
            raise ValueError(f"unknown test {self.test!r}; known: {', '.join(TESTS)}")


@dataclass(frozen=True)
class Measures:
    scale: Scale | None
    bouts: dict[int, Distances] = field(default_factory=dict)  # walking bouts by index
    backward: Distances | None = None  # all backward walking together
    test: WalkTest | None = None
    notes: tuple[str, ...] = ()


def _scale(motion: Motion, request: Request) -> Scale:
    if request.height_cm is None:
        raise NotMeasured("speed and step length in metres need the walker's height (--height-cm, or the "
                          "height field)")
    if motion.view != "side":
        raise NotMeasured(f"speed and step length need a camera at the side of the path; this clip is filmed "
                          f"{'from the front' if motion.view == 'front' else 'from behind' if motion.view == 'back' else 'at an angle or from an unclear view'}")
    return scale_from_height(motion.kinematics, request.height_cm, motion.track.detected)


def _test(motion: Motion, scale: Scale, request: Request) -> WalkTest:
    if request.test_frames is not None:
        rows = {int(f): i for i, f in enumerate(motion.track.frame_index)}
        start, end = request.test_frames
        if start not in rows or end not in rows:
            raise NotMeasured(f"frames {start} and {end} are not both in the clip")
        return walk_test.timed(motion, rows[start], rows[end])
    return walk_test.timed(motion, *walk_test.find_rows(motion, scale))


def measure(motion: Motion, request: Request) -> Measures:
    """Metres per walking bout and for the backward walking, and the test if one was asked for;
    what cannot be measured is said in `notes`."""
    notes: list[str] = []
    try:
        scale = _scale(motion, request)
    except NotMeasured as reason:
        if request.height_cm is not None or request.test:
            notes.append(f"Not measured: {reason}.")
        return Measures(None, notes=tuple(notes))
    per_bout: dict[int, Distances] = {}
    for bout in motion.bouts:
        if bout.activity == "walking":
            try:
                per_bout[bout.index] = bout_distances(motion.kinematics, [bout], scale)
            except NotMeasured as reason:
                notes.append(f"Bout {bout.index}: speed not measured: {reason}.")
    backward = None
    coached = [b for b in motion.bouts if b.coached]
    if coached:
        try:
            backward = bout_distances(motion.kinematics, coached, scale)
        except NotMeasured:
            pass  # said per bout above
    test = None
    if request.test:
        try:
            test = _test(motion, scale, request)
        except NotMeasured as reason:
            notes.append(f"The 3-metre backward walk test could not be timed: {reason}.")
    return Measures(scale, per_bout, backward, test, tuple(notes))
