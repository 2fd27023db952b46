"""Everything the checks need to know about how the walker moved, in one object."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from vision import bouts as bouts_mod
from vision import gait as gait_mod
from vision import kinematics
from vision.bouts import Bout, Span
from vision.gait import FEET, Foot, Gait
from vision.kinematics import Kinematics
from vision.landmarks import PoseTrack, swap_legs, with_missing_frames
from vision.view import View, classify_view, near_leg

Direction = Literal["backward", "forward", "unknown"]
# Gait events near a bout's edge need a little of the frames beside it to be found.
_EDGE_S = 0.3


@dataclass(frozen=True)
class Motion:
    """`source_track` is the track as given; `track` is it on an even timeline (dropped frames put
    back as empty rows), which is what the kinematics, the gait events and the bouts index into.

    `gait` holds the events of every walking bout, each tagged with its bout;
    `coached()` is the same motion narrowed to backward walking, what the checks judge.
    """

    source_track: PoseTrack
    track: PoseTrack
    kinematics: Kinematics
    gait: Gait
    bouts: tuple[Bout, ...]
    view: View
    direction: Direction
    direction_agreement: float
    legs_swapped_frames: int
    direction_assumed: bool = False
    # The walker's neutral head pitch as known from before this stretch (a live session's walking so
    # far), for each way of facing the camera it was seen in (coaching.rules.head_down.facings); the
    # head-down check finds the others in the stretch itself.
    head_neutral_deg: Mapping[str, float] = dataclasses.field(default_factory=dict)

    @property
    def fps(self) -> float:
        return self.track.fps

    @property
    def body_height_px(self) -> float:
        """Typical nose-to-ankle height of the walker in the picture (NaN if never seen)."""
        return gait_mod.body_height_px(self.kinematics)

    @property
    def person_detected_fraction(self) -> float:
        return float(self.source_track.detected.mean()) if self.source_track.frame_count else 0.0

    @property
    def walking_time_s(self) -> float:
        """Time with the walker in view (frames with a person times the frame step)."""
        if self.track.frame_count < 2:
            return 0.0
        return float(self.source_track.detected.sum() / self.fps) if self.fps > 0 else 0.0

    @property
    def legs_seen(self) -> tuple[Foot, ...]:
        """The legs whose angles show: both from the side, at an angle only the one nearer the camera
        (rendered at 45 degrees, the far leg's knee range read 8-16 degrees off: the near leg hides
        it), none square on (the knee bends towards or away from the camera)."""
        if self.view == "side":
            return FEET
        near = near_leg(self.kinematics.points) if self.view == "oblique" else None
        return (near,) if near else ()

    @property
    def walking_backward_s(self) -> float:
        return float(sum(b.duration_s for b in self.bouts if b.coached))

    def bout_at(self, row: int) -> Bout | None:
        """The bout a row of the track belongs to (None between bouts, where nobody is seen)."""
        return next((b for b in self.bouts if b.first <= row <= b.last), None)

    def coached(self) -> Motion | None:
        """This motion narrowed to its backward walking bouts (None when there is none):
        measurements elsewhere are blanked, and only those bouts' gait events are kept."""
        chosen = [b for b in self.bouts if b.coached]
        if not chosen:
            return None
        keep = np.zeros(self.track.frame_count, dtype=bool)
        for b in chosen:
            keep[b.first: b.last + 1] = True
        indices = {b.index for b in chosen}
        gait = gait_mod.combine([Gait(tuple(c for c in self.gait.contacts if c.bout == i),
                                      tuple(o for o in self.gait.foot_offs if o.bout == i),
                                      tuple(s for s in self.gait.strides if s.bout == i),
                                      None, None) for i in indices])
        blanked = self.kinematics.only(keep)
        view = classify_view(blanked.points)
        return dataclasses.replace(self, kinematics=blanked.for_view(view), gait=gait, view=view,
                                   direction="backward", direction_agreement=1.0)


def _shifted(gait: Gait, offset: int, first: int, last: int) -> Gait:
    """A bout's gait found on a slice of the track, put back on the track's rows (events in the margins dropped)."""
    def inside(frame: int) -> bool:
        return first <= frame + offset <= last

    contacts = tuple(dataclasses.replace(c, row=c.row + offset) for c in gait.contacts if inside(c.row))
    offs = tuple(dataclasses.replace(o, row=o.row + offset) for o in gait.foot_offs if inside(o.row))
    strides = tuple(dataclasses.replace(s, start_row=s.start_row + offset, end_row=s.end_row + offset)
                    for s in gait.strides if inside(s.start_row) and inside(s.end_row))
    steps_per_min, step = gait_mod.cadence(list(contacts))
    return Gait(contacts, offs, strides, steps_per_min, step)


def _margins(span: Span, frames: int, fps: float) -> tuple[int, int]:
    edge = int(round(_EDGE_S * fps))
    return max(0, span.first - edge), min(frames, span.last + 1 + edge)


def _swaps(kin: Kinematics, spans: list[Span], fps: float) -> np.ndarray:
    """Frames where the model traded the legs. Not at an angle: there the near and the far leg look
    different and the model keeps them apart (its knees follow the rendered truth, r 0.91-0.99),
    while the feet's reach, foreshortened, cannot tell a trade from a step."""
    swapped = np.zeros(len(kin.time_s), dtype=bool)
    if kin.view == "oblique":
        return swapped
    for span in spans:
        if span.activity == "walking" and span.travel_sign:
            lo, hi = _margins(span, len(kin.time_s), fps)
            found = gait_mod.leg_swaps(kin.rows(lo, hi), span.travel_sign)
            swapped[span.first: span.last + 1] = found[span.first - lo: span.last + 1 - lo]
    return swapped


def _overall(bouts: tuple[Bout, ...]) -> tuple[Direction, float]:
    """The direction of most walking (or running) time, with its share of that time."""
    time = {d: sum(b.duration_s for b in bouts if b.activity in ("walking", "running") and b.direction == d)
            for d in ("backward", "forward")}
    total = sum(time.values())
    if total <= 0:
        return "unknown", 0.0
    direction = max(time, key=time.get)
    return direction, round(time[direction] / total, 3)


def analyse_motion(track: PoseTrack, visibility_min: float = kinematics.VISIBILITY_MIN,
                   running_cadence_min: float = 150.0) -> Motion:
    with warnings.catch_warnings():
        # All-NaN frames (nobody in view) are expected; their means are NaN by design.
        warnings.simplefilter("ignore", RuntimeWarning)
        even = with_missing_frames(track)
        fps = even.fps
        raw = kinematics.compute(even, visibility_min, smoothing=False)
        spans = bouts_mod.find_spans(raw, gait_mod.heights_px(raw))
        swaps = _swaps(raw, spans, fps)
        stepping = np.zeros(len(raw.time_s), dtype=bool)
        for span in spans:
            stepping[span.first: span.last + 1] = span.activity in ("walking", "unknown")
        kin = kinematics.compute(swap_legs(even, swaps), visibility_min, view_from=stepping if stepping.any() else None)
        if kin.view in ("front", "back"):
            spans = _joined_square_on(spans)
        gaits = []
        for index, span in enumerate(spans):
            # Stepping of unknown direction is timed too: it may be running.
            sign, along = _travel(span, kin.view)
            if span.activity in ("walking", "unknown") and sign:
                lo, hi = _margins(span, len(kin.time_s), fps)
                stops = index + 1 == len(spans) or spans[index + 1].activity == "standing"
                gaits.append(_shifted(gait_mod.analyse_gait(kin.rows(lo, hi), sign, index, along, stops), lo,
                                      span.first, span.last))
            else:
                gaits.append(Gait((), (), (), None, None))
        bouts = bouts_mod.finish(spans, kin.time_s, [len(g.contacts) for g in gaits],
                                 [g.cadence_steps_per_min for g in gaits], running_cadence_min)
        assumed = _square_on_unknown(bouts, kin.view)
        if assumed:
            bouts, gaits = _as_backward(bouts, gaits)
        direction, agreement = _overall(bouts)
    return Motion(track, even, kin, gait_mod.combine(gaits), bouts, kin.view,
                  direction, agreement, int(swaps.sum()), assumed)


def _joined_square_on(spans: list[Span]) -> list[Span]:
    """Square on, neighbouring stretches of the same activity and direction are one: a stretch read
    at an angle (a camera near the square-on limit, after a twisted look) differs only in its travel
    along the picture's width, which square on is not used (`_travel`)."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last and last.last + 1 == span.first and (last.activity, last.direction) == (span.activity, span.direction):
            joined[-1] = dataclasses.replace(last, last=span.last, travel_sign=0)
        else:
            joined.append(span)
    return joined


def _travel(span: Span, view: View) -> tuple[int, gait_mod.Along]:
    """Which way a span's walking goes in the picture: along its width (side, at an angle), or square
    on along its height, away from the camera (up) walking backwards while facing it, towards it
    (down) facing away; stepping of unknown direction square on is taken as backward, as it is
    reported (`_square_on_unknown`). A walker seen square on walks into depth even where a stretch
    of the walk was read at an angle (a camera near the square-on limit)."""
    if view not in ("front", "back"):
        return span.travel_sign, "width"
    backward_sign = -1 if view == "front" else 1
    return (-backward_sign if span.direction == "forward" else backward_sign), "height"


def _square_on_unknown(bouts: tuple[Bout, ...], view: str) -> bool:
    """Stepping seen from in front or behind whose direction nothing showed (a camera that moves
    with the walker, a treadmill filmed from behind) in a clip with no forward walking or running:
    RetroCoach's walkers walk backwards, so it is taken as backward walking (the report says so)."""
    return view in ("front", "back") and any(b.activity == "unknown" for b in bouts) and not any(
        b.direction == "forward" or b.activity == "running" for b in bouts)


def _as_backward(bouts: tuple[Bout, ...], gaits: list[Gait]) -> tuple[tuple[Bout, ...], list[Gait]]:
    """Unknown stepping relabelled as backward walking, joined with backward walking beside it; each
    bout's gait events follow it into the bout it joins (with the steps and cadence of the whole)."""
    merged: list[Bout] = []
    joined: list[list[Gait]] = []
    for bout, gait in zip(bouts, gaits):
        if bout.activity == "unknown":
            bout = dataclasses.replace(bout, activity="walking", direction="backward")
        last = merged[-1] if merged else None
        if last is not None and last.coached and bout.coached and last.last + 1 == bout.first:
            merged[-1] = dataclasses.replace(last, last=bout.last, end_s=bout.end_s)
            joined[-1].append(gait)
        else:
            merged.append(dataclasses.replace(bout, index=len(merged)))
            joined.append([gait])
    renumbered = [gait_mod.combine([_renumbered(g, index) for g in parts]) for index, parts in enumerate(joined)]
    return tuple(dataclasses.replace(b, steps=len(g.contacts), cadence_steps_per_min=g.cadence_steps_per_min)
                 for b, g in zip(merged, renumbered)), renumbered


def _renumbered(gait: Gait, bout: int) -> Gait:
    """The same events, of bout `bout`."""
    return Gait(tuple(dataclasses.replace(c, bout=bout) for c in gait.contacts),
                tuple(dataclasses.replace(o, bout=bout) for o in gait.foot_offs),
                tuple(dataclasses.replace(s, bout=bout) for s in gait.strides),
                gait.cadence_steps_per_min, gait.step_time_s)
