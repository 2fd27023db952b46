"""The 3-metre backward walk test, timed from the video, with its published cut-offs.

The walker starts standing, walks 3 m backwards at a comfortable speed and
stops. The time runs from the first movement (the pelvis leaves its standing
place) to the pelvis crossing 3 m of travel. A screening figure for a
population, never a diagnosis of a person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vision.metres import NotMeasured, Scale, travel_m
from vision.motion import Motion

NAME = "3mbwt"
DISTANCE_M = 3.0
MOVED_M = 0.05  # the pelvis has surely left its standing place
STILL_M = 0.01  # ... and was still there up to this far
_STANDING_S = 0.3


@dataclass(frozen=True)
class Reference:
    population: str
    cut_off_s: float
    figures: str
    source: str


REFERENCES = (
    Reference("community-dwelling older adults (n = 483)", 5.5,
              "fallers 6.8 ± 3.4 s, non-fallers 5.1 ± 1.3 s; cut-off 5.5 s (sensitivity 59.5 %, specificity 68.6 %)",
              "Polo-Ferrero et al. 2025, J Funct Morphol Kinesiol 10(2):154"),
    Reference("nursing-home residents (n = 217)", 8.15,
              "8.15 s or more marked future falls, 9.31 s or more past falls",
              "Kapan et al. 2025, JAMDA"),
)
DISCLAIMER = ("A screening figure from studies of groups, not a diagnosis: discuss it with a physiotherapist "
              "or doctor, who will look at more than one test.")


@dataclass(frozen=True)
class WalkTest:
    name: str
    time_s: float
    start_frame: int  # frames of the source video
    end_frame: int
    verdict: str
    reference: str


def verdict(time_s: float) -> str:
    """The time against each population's cut-off, in screening words."""
    parts = []
    for ref in REFERENCES:
        side = "at or above" if time_s >= ref.cut_off_s else "below"
        parts.append(f"{side} the {ref.cut_off_s:g} s cut-off for {ref.population}")
    return f"{time_s:.2f} s: " + "; ".join(parts) + ". " + DISCLAIMER


def reference_text() -> str:
    return " | ".join(f"{r.population}: {r.figures} ({r.source})" for r in REFERENCES)


def find_rows(motion: Motion, scale: Scale) -> tuple[int, int]:
    """Rows of the track where the walk starts (last still row) and where 3 m are crossed."""
    x = travel_m(motion.kinematics, scale)
    seen = np.flatnonzero(~np.isnan(x))
    if len(seen) < 10:
        raise NotMeasured("the walker is seen too little to time the test")
    first = seen[0]
    standing = seen[seen <= first + max(2, int(_STANDING_S * motion.fps))]
    start_x = float(np.median(x[standing]))
    moved = np.abs(x - start_x)
    gone = np.flatnonzero(moved >= MOVED_M)
    if not len(gone):
        raise NotMeasured("the walker never leaves the starting place")
    still = np.flatnonzero((moved <= STILL_M) & (np.arange(len(x)) < gone[0]))
    if not len(still):
        raise NotMeasured("the clip starts with the walker already moving: start filming while they stand")
    crossed = np.flatnonzero((moved >= DISTANCE_M) & (np.arange(len(x)) > still[-1]))
    if not len(crossed):
        raise NotMeasured(f"the walker covers only {np.nanmax(moved):.2f} m of the {DISTANCE_M:g} m in the clip")
    return int(still[-1]), int(crossed[0])


def timed(motion: Motion, start_row: int, end_row: int) -> WalkTest:
    """The test result between two rows (found, or set by the trainer)."""
    if end_row <= start_row:
        raise NotMeasured("the end of the test must come after its start")
    time_s = round(float(motion.track.time_s[end_row] - motion.track.time_s[start_row]), 3)
    frames = motion.track.frame_index
    return WalkTest(NAME, time_s, int(frames[start_row]), int(frames[end_row]), verdict(time_s), reference_text())
