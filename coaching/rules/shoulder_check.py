"""Shoulder checks: looking back over a shoulder too often, too long, or by twisting the trunk."""

from __future__ import annotations

import numpy as np

from coaching.config import Thresholds
from coaching.findings import CheckResult, not_assessable
from coaching.rules.common import LOOK_VIEWS, Episode, episodes, finding, grown, lasting, valid_seconds, wrong_view
from coaching.rules.registry import rule
from vision.motion import Motion

UNIT = "looks/min"
RULE = "shoulder_check_twist"
CUE_OFTEN = "Glance back only now and then, alternating sides; trust a straight, familiar path."
CUE_LONG = "Make each look a quick glance and bring your eyes back to level within a second."
CUE_TWIST = "Turn your head, not your trunk: keep shoulders square over the hips when you look back."
# A twisted trunk narrows the shoulders through much of a look; as a head turns far the model can swing them
# round for a frame or three instead (from behind, rendered looks with the head alone read 38-52 degrees of
# twist at such a moment: 3 of 18 were called twisted). So a look is twisted only if, besides reaching the
# limit, its twist holds half the limit through this share of the look: none of those 18 is now, 13 of 20
# twisted looks from behind are (14 before), and in front and from the side every one found before.
TWIST_HELD_SHARE = 0.25
# A look starts where the head has turned past the limit (for LOOK_PEAK_MIN_S), and lasts while it stays turned
# this share of the limit: near profile to the camera a held look's reading swings with each step (a 72 degree
# stare read 22-55 from 10 degrees off the front, 26-90 from behind), which cut a 2.5 s stare into short looks.
LOOK_HELD_SHARE = 0.5
# The head reaches the limit for this long at least (a frame or two at it is the face points jumping); the look,
# turned the share above, lasts the shortest look. Asked to hold the limit for the shortest look (0.3 s), quick
# glances that held 45 degrees for 0.3 s read at it for 0.1-0.25 s: of the rendered looks 27 of 53 were counted
# from behind (32 now), 47 of 55 in front (51), 51 of 61 from the side (54), none more on clean walking. A twist
# alone still starts a look only over the shortest look: near profile in front it saturates (three false looks
# from front-left at 0.2 s).
LOOK_PEAK_MIN_S = 0.2


@rule(RULE, "Looking back over the shoulder", UNIT, (CUE_OFTEN, CUE_LONG, CUE_TWIST))
def check(motion: Motion, th: Thresholds) -> CheckResult:
    refusal = wrong_view(motion, LOOK_VIEWS, "looks over the shoulder")
    if refusal:
        return not_assessable(RULE, refusal, UNIT)
    kin = motion.kinematics
    yaw, twist = np.abs(kin.head_yaw_deg), kin.twist_deg
    seen_s = valid_seconds(motion, yaw)
    if seen_s < th.min_assessable_s:
        return not_assessable(RULE, f"the head is visible for only {seen_s:.1f} s; "
                                    f"at least {th.min_assessable_s:.0f} s are needed", UNIT)
    with np.errstate(invalid="ignore"):
        # From the side a twist alone is not a look: a walker near the picture's edge is seen a
        # little from the front, which widens the shoulders as a twist would.
        twisted_alone = (twist >= th.twist_deg) & (motion.view != "side")
        turned = yaw >= LOOK_HELD_SHARE * th.look_yaw_deg
    peak_s = min(LOOK_PEAK_MIN_S, th.look_min_s)  # never longer than the shortest look a trainer sets
    looking = lasting(motion, yaw >= th.look_yaw_deg, peak_s) | lasting(motion, twisted_alone, th.look_min_s)
    looks = episodes(motion, grown(looking, turned), th.look_min_s)
    per_min = len(looks) / (seen_s / 60.0)
    look_share = sum(e.duration_s for e in looks) / seen_s
    def twist_held(look: Episode, share: float) -> float:
        """The twist the look holds through `share` of its frames (0: its peak); 0 where none is read."""
        span = twist[look.first: look.last + 1]
        return float(np.nanpercentile(span, 100 * (1 - share))) if np.any(~np.isnan(span)) else 0.0

    def peak_twist(look: Episode) -> float:
        return twist_held(look, 0.0)

    def is_twisted(look: Episode) -> bool:
        return peak_twist(look) >= th.twist_deg and twist_held(look, TWIST_HELD_SHARE) >= th.twist_deg / 2

    too_long = [e for e in looks if e.duration_s > th.look_max_s]
    # Looking back by turning the trunk is the fault this check is named for, however rare.
    twisted = [e for e in looks if is_twisted(e)]
    too_often = per_min > th.looks_per_min_max and len(looks) >= 3
    too_much = look_share > th.look_time_fraction_max
    summary = (f"{len(looks)} look{'' if len(looks) == 1 else 's'} in {seen_s:.0f} s "
               f"({per_min:.1f}/min, limit {th.looks_per_min_max:.0f}), "
               f"{100 * look_share:.0f} % of the time (limit {100 * th.look_time_fraction_max:.0f} %)"
               + (f", {len(twisted)} with the trunk twisted" if twisted else ""))
    if not (too_long or too_often or too_much or twisted):
        return CheckResult(RULE, "ok", summary, round(per_min, 2), th.looks_per_min_max, UNIT)
    flagged = looks if too_often or too_much else [e for e in looks if e in too_long or e in twisted]
    found = []
    # Each of too many looks says which it is and why it is too many: a coach scrolling the moments sees the count.
    why = (f"{per_min:.0f} a minute, limit {th.looks_per_min_max:.0f}" if too_often else
           f"looking back {100 * look_share:.0f} % of the time, limit {100 * th.look_time_fraction_max:.0f} %")
    for number, look in enumerate(flagged, 1):
        if look in twisted:
            message, cue = f"Trunk twisted about {peak_twist(look):.0f} degrees to look back.", CUE_TWIST
        elif look.duration_s > th.look_max_s:
            message, cue = f"Looked back for {look.duration_s:.1f} s.", CUE_LONG
        else:
            message, cue = f"Look {number} of {len(looks)} over the shoulder ({why}).", CUE_OFTEN
        severity = "severe" if look.duration_s > 2 * th.look_max_s else "moderate"
        found.append(finding(RULE, motion, look, severity, message, cue))
    return CheckResult(RULE, "fault", summary, round(per_min, 2), th.looks_per_min_max, UNIT, tuple(found))
