"""Every check from every view that shows it, against rendered walkers with exact truth.

The clips (tests/rendered/, made by render/make_test_set.py) are one subject's real backward
walking on a CC0 body, from up to sixty-nine cameras (at 30 and 60 fps), clean and with faults scripted at known times
(`faults`, `faults_b`: head, looks and knees; `heel_first`: landings; `slow_faults`: all four on a
slower walk, held out of the rules).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import binary_dilation

from cli.main import summary_text
from coaching.analysis import Analysis, analyze
from coaching.config import Thresholds
from coaching.rules.head_down import NEUTRAL_PERCENTILE, SMOOTH_S, tilt_deg
from coaching.rules.shoulder_check import CUE_LONG, CUE_OFTEN, CUE_TWIST
from coaching.report import Report
from coaching.report_html import headline_tiles
from coaching.verdict import verdict
from tests.helpers.rendered import FEET, VIEWS, Truth, clip, load_truth
from vision.head import TURNED_DEG
from vision.kinematics import true_runs

ALL_CHECKS = ("head_down", "shoulder_check_twist", "heel_first_landing", "reduced_knee_range")
# What each camera can judge; the rest must be "cannot judge", naming a camera that would.
# (At an angle a look away from the camera is hidden and only the near leg's knee and landings
# show; square on a foot pointing at the camera hides its tilt: README "Views".)
JUDGED = {"side": set(ALL_CHECKS), "front": {"head_down", "shoulder_check_twist"},
          "back": {"head_down", "shoulder_check_twist"}}
# A laptop on a desk, a phone on a tripod behind, and one in front a little to the right (held out), and a
# partner filming from behind, 22 degrees to the right (held out); a phone on a low stool behind, 15 degrees
# left, and a laptop 20 degrees off the walker's front at 2.2 m with a wide lens (both held out).
JUDGED |= {"front_low": JUDGED["front"], "back_high": JUDGED["back"], "front_high": JUDGED["front"],
           "back_right_near": JUDGED["back"], "back_left_low": JUDGED["back"], "front_right_desk": JUDGED["front"],
           # held out: a laptop on a shelf 20 degrees to the walker's left at 2.8 m, and straight behind at 5.5 m
           "front_left_shelf": JUDGED["front"], "back_far": JUDGED["back"],
           # held out, filmed at 60 fps: a tripod in front 15 degrees to the walker's right at 3.3 m, and a phone
           # behind 25 degrees to the left at 3.1 m
           "front_right_tripod": JUDGED["front"], "back_left_phone": JUDGED["back"],
           # held out: a laptop in front on a low table at 2.4 m with a wide lens, a tripod behind 10 degrees to
           # the walker's right at 3.5 m, and one behind 30 degrees to the left at 3.8 m (told as behind)
           "front_laptop_low": JUDGED["front"], "back_right_tripod": JUDGED["back"],
           "oblique_back_left_30": JUDGED["back"],
           # held out, phones held upright (portrait, stored turned): behind 5 degrees to the right at 3 m, and on
           # a tripod in front 10 degrees to the left at 2.8 m, 1.0 m high
           "back_upright_phone": JUDGED["back"], "front_upright_phone": JUDGED["front"],
           # held out, phones in a partner's hand, shaking about a degree: behind 5 degrees to the left at 3.2 m
           # (upright) and in front at 3 m, both 1.4 m high
           "back_handheld_upright": JUDGED["back"], "front_handheld": JUDGED["front"],
           # held out, standing where they were put, filming the walker close, the feet out of the picture for a
           # while: laptops in front that the walker steps away from (1.3 and 1.0 m to 5.6 and 5.3 m), a tripod
           # behind that the walker comes up to (5.8 m to 1.5 m)
           "front_waist_up": JUDGED["front"], "front_desk_close": JUDGED["front"], "back_waist_up": JUDGED["back"],
           # held out, a tripod at the walker's right 2.2 m from the path with the knees at the picture's foot: the
           # head and the looks, not the legs (the feet are out of the picture)
           "side_waist_up": {"head_down", "shoulder_check_twist"},
           # held out, standing where they were put, the whole body in view: a laptop on a low table in front that
           # the walker steps away from (2.2 m to 6.8 m), a tripod behind that the walker comes up to (6.6 m to
           # 2.0 m), and one 45 degrees off the walker's front-right at the start, 19 degrees at the end (told as
           # in front)
           "front_table_standing": JUDGED["front"], "back_tripod_standing": JUDGED["back"],
           "oblique_front_standing": JUDGED["front"],
           # held out, filming 16:9 (960x540): behind 7 degrees to the walker's left at 3.2 m, and 40 degrees off
           # the walker's front-left at 3.4 m (told as in front)
           "back_wide": JUDGED["back"], "oblique_front_left_wide": JUDGED["front"],
           # held out, filming 16:9 a walker in black with good form: a laptop's webcam in front at 2.5 m, 1.0 m
           # high, and a phone on a shelf behind at 3.6 m, 1.6 m high
           "front_webcam_wide": JUDGED["front"], "back_high_wide": JUDGED["back"],
           # held out, far looks with the head alone: a tripod straight behind at 4 m, 1.3 m high, one behind 18
           # degrees to the walker's right at 3.3 m, 1.0 m high, and one in front 8 degrees to the right at 3 m
           "back_tripod_4m": JUDGED["back"], "back_right_18": JUDGED["back"], "front_right_8": JUDGED["front"],
           # held out, a stare back: a tripod in front 10 degrees to the walker's left at 3.2 m, 1.2 m high, and a
           # phone on a low stool behind 12 degrees to the right at 3.3 m, 0.9 m high
           "front_left_10": JUDGED["front"], "back_right_12_low": JUDGED["back"],
           # held out, quick glances: a phone on a low stool behind 20 degrees to the walker's left at 3.6 m, 0.9 m
           # high, a tripod straight behind at 5.2 m, 1.6 m high, and a partner's phone behind 6 degrees to the
           # right at 2.8 m, 1.35 m high
           "back_left_20_low": JUDGED["back"], "back_far_high": JUDGED["back"], "back_right_6_chest": JUDGED["back"],
           # held out, cameras standing askew (rolled 6-8 degrees about the view): a laptop in front at 2.8 m and a
           # tripod behind 5 degrees to the right at 3.3 m
           "front_rolled": JUDGED["front"], "back_rolled": JUDGED["back"]}
# The side cameras and the leg nearer each: at the right at 1.0 m, at the left, a phone on a tripod at
# the right, 1.5 m high, one propped on the floor at the right, one 8 m off with an 85 mm lens, and one on a
# tripod at the left, 1.6 m high at 3.2 m, and a phone at the right at 2.8 m with a wide lens, filming at 60 fps
# a phone at the left at 4 m, 1.1 m high, and one at the right at 3.5 m, 0.7 m high, and phones held upright at
# the right at 2.6 m, 1.3 m high, and at the left at 3 m, 1.2 m high, and phones in a partner's hand, shaking about
# a degree, at the right at 3.5 m, 1.25 m high, and upright at the left at 3.5 m, 1.1 m high, a tripod at the right
# 4.5 m from the path that the walker passes, and at hip height a phone on a stool at the right at 3.2 m, 0.9 m high,
# and a tripod at the left at 3.9 m, 1.0 m high, and filming 16:9 at the right at 4 m and at the left at 3.8 m, and a
# tripod at the right at 6.5 m, 1.3 m high, with a 60 mm lens, and one at the right at 4 m rolled 8 degrees about
# the view (the last seventeen held out).
SIDES = {"side": "right", "side_left": "left", "side_high": "right", "side_floor": "right", "side_far_tele": "right",
         "side_left_high": "left", "side_right_near": "right", "side_left_phone": "left", "side_right_low": "right",
         "side_upright_phone": "right", "side_left_upright": "left", "side_handheld": "right",
         "side_left_handheld_upright": "left", "side_tripod_standing": "right", "side_right_hip": "right",
         "side_left_hip": "left", "side_wide": "right", "side_left_wide": "left", "side_right_far": "right",
         "side_rolled": "right"}
JUDGED |= {view: JUDGED["side"] for view in SIDES}
# The leg nearer each camera at an angle (the subject faces +y: oblique front-right, oblique_back
# behind-left, oblique_left front-left, oblique_back_high behind-right and up on a tripod).
NEAR = {"oblique": "right", "oblique_back": "left", "oblique_left": "left", "oblique_back_high": "right",
        # held out of the angled head's calibration: behind-right and front-left, 35 and 30 degrees off the side
        "oblique_back_right": "right", "oblique_front_left": "left",
        # held out: 30 degrees off the side in front of the walker's right, at 5 m, and 40 degrees off the back
        # to the walker's left, at 4.5 m
        "oblique_front_right_far": "right", "oblique_back_left_far": "left",
        # held out: 45 degrees off the walker's front-right at 2.8 m, 1.0 m high, with a wide lens
        "oblique_front_right_near": "right",
        # held out, at 60 fps: 45 degrees off the walker's front-left on a shelf 1.7 m high at 3.3 m
        "oblique_front_left_high": "left",
        # held out: a phone held upright 40 degrees off the side in front of the walker's right at 3 m
        "oblique_front_right_upright": "right",
        # held out: a low tripod behind the walker's right, 60 degrees off straight behind at 3.5 m, 0.8 m high
        "oblique_back_right_60": "right",
        # held out: 45 degrees off the walker's front-right at 3.5 m, rolled 8 degrees about the view
        "oblique_rolled": "right"}
JUDGED |= {view: {"head_down", "reduced_knee_range", "heel_first_landing"} for view in NEAR}
TOLD = {"oblique_back": "oblique", "oblique_left": "oblique", "oblique_back_high": "oblique", "front_low": "front",
        "back_high": "back", "side_left": "side", "side_high": "side", "oblique_back_right": "oblique",
        "oblique_front_left": "oblique", "front_high": "front", "side_floor": "side", "back_right_near": "back",
        "oblique_front_right_far": "oblique", "back_left_low": "back", "front_right_desk": "front",
        "side_far_tele": "side", "oblique_back_left_far": "oblique", "front_left_shelf": "front",
        "side_left_high": "side", "back_far": "back", "oblique_front_right_near": "oblique",
        "side_right_near": "side", "front_right_tripod": "front", "back_left_phone": "back",
        "oblique_front_left_high": "oblique", "front_laptop_low": "front", "back_right_tripod": "back",
        "side_left_phone": "side", "oblique_back_left_30": "back", "side_right_low": "side",
        "side_upright_phone": "side", "back_upright_phone": "back", "front_upright_phone": "front",
        "oblique_front_right_upright": "oblique", "side_left_upright": "side", "side_handheld": "side",
        "back_handheld_upright": "back", "front_handheld": "front", "side_left_handheld_upright": "side",
        "front_waist_up": "front", "front_desk_close": "front", "back_waist_up": "back", "side_waist_up": "side",
        "front_table_standing": "front", "side_tripod_standing": "side", "back_tripod_standing": "back",
        "oblique_front_standing": "front", "side_right_hip": "side", "side_left_hip": "side",
        "side_wide": "side", "back_wide": "back", "oblique_front_left_wide": "front", "front_webcam_wide": "front",
        "side_left_wide": "side", "back_high_wide": "back", "back_tripod_4m": "back", "back_right_18": "back",
        "front_right_8": "front", "oblique_back_right_60": "oblique", "side_right_far": "side",
        "front_left_10": "front", "back_right_12_low": "back", "back_left_20_low": "back", "back_far_high": "back",
        "back_right_6_chest": "back", "side_rolled": "side", "front_rolled": "front", "back_rolled": "back",
        "oblique_rolled": "oblique"}


# The walk filmed by cameras that stand still, the whole body in view (held out, found and left).
TURNING_ANGLE = ("held out, a tripod 45 degrees off the walker's front-right at the start and 19 at the end (told as in "
                 "front): the shoulders' and hips' widths change all walk as the angle does, against one typical width "
                 "for the walk")


FREQUENT_LOOKS_BEHIND = ("held out, from the tripod behind at 4 m, 1.7 m high: three of the four quick looks with the "
                         "head alone are counted (the first, 75 degrees over the right shoulder, reads 53 at most, "
                         "past 45 for 0.17 s of the 0.2 a look asks), but the two over the left read 59 and 62 "
                         "degrees of twist at an end and 16-22 through a quarter of each (the model swings the "
                         "shoulders as the head turns far): called twisted")


def legs_seen(view: str) -> tuple[str, ...]:
    return (NEAR[view],) if view in NEAR else FEET


def cases(variants: tuple[str, ...], views, misses: dict[tuple[str, str], str] | None = None) -> list:
    """(variant, view) for every clip there is (`broad_faults`, the `faults` edit on a heavier build,
    is rendered from six of the cameras); `misses` are known failures, strict xfails with their reason."""
    misses = misses or {}
    return [pytest.param(variant, view, marks=pytest.mark.xfail(strict=True, reason=misses[variant, view]))
            if (variant, view) in misses else (variant, view)
            for variant in variants for view in views if clip(variant, view).exists()]


# What was calibrated on the rendered body does not all hold on a heavier build (README "Views").
LAPTOP_ON_BROAD = ("on a heavier build the laptop's face and ear readings move about 40 % less a degree "
                   "(face 0.22 for 0.38, ears 0.0018 for 0.0027): the 25 degree spell reads about 15")
BEHIND_ON_BROAD = ("on a heavier build the ears sink 0.0008 torso lengths a degree from behind (0.0011 on the "
                   "calibrated body), r 0.62")
ANGLE_BEHIND_ON_BROAD = ("on a heavier build the face sinks 0.0016 torso lengths a degree from behind-left (0.0019 "
                         "calibrated): the 25 degree spell reads about 19")
LAPTOP_AT_AN_ANGLE = ("from a laptop at 1.0 m front-left the face's drop is the noisiest of the angled cameras: "
                      "the spells read 31 and 18 for 25 degrees")
LEFT_SIDE_TILT = ("from the walker's left the ear-eye line turns 0.61-0.74 degrees a degree (0.52 calibrated at "
                  "their right): the spells read 33-34 for 25, the tilt 6.1 degrees off on average, over the 6")
TRIPOD_KNEES = ("from a tripod at 1.5 m the near (right) natural knee's range reads 10-12 degrees short (30-32 for "
                "41.9: at its swing the model draws it towards the far leg)")
HELD_OUT_FRONT_LEFT = ("held out of the calibration: from front-left, 30 degrees off the side at 1.2 m, the face "
                       "drops less a degree than the slope for a face towards the camera: the spells read 20 degrees "
                       "or more for 1.6 s and 0.3 s")
# The walk that turns round, from the cameras that see the other side of the head after the turn.
TURN_HEAD = ("after the turn the camera sees the other side of the head, read another way with another offset: that "
             "way of facing has a neutral of its own, and the head goes down 0.3 s after the turn and stays down for "
             "2.4 of the 2.8 s left, so the spell has no head-up stretch to be measured from: it reads 4-15 degrees "
             "for 27 from the laptop, 11-18 from the tripod behind (whose face, after the turn, is held to the "
             "front's highest neutral), 14-25 at an angle (20 or more for 1.8 s, 2 s asked)")
TURN_MISSES = {("turn_faults", "front_low"): TURN_HEAD, ("turn_faults", "oblique"): TURN_HEAD,
               ("turn_faults", "back_high"): TURN_HEAD}
# A head held 28 degrees down all walk (held out): no head-up stretch to take a neutral from. Found from the side
# and from in front where it reads past the front's highest neutral by the threshold (README "Views").
HEAD_DOWN_WALK = "head_down_walk_faults"
NO_SCALE_BEHIND = ("held out, a head held 28 degrees down all walk, from behind {where}: the ears' drop reads it "
                   "{reading} degrees down, {more} more than the clean walk from there, but walkers' neutral read 8-58 "
                   "on that scale: with no head-up stretch to measure from it is missed")
HEAD_DOWN_WALK_MISSES = {
    (HEAD_DOWN_WALK, "front_low"): "held out, a head held 28 degrees down all walk, from a laptop 0.85 m high: it "
                                   "reads 36 degrees down on the front's scale (the clean walk 9 from there), under "
                                   "the 45 that is past every walker's neutral by the threshold: missed",
    (HEAD_DOWN_WALK, "back"): NO_SCALE_BEHIND.format(where="at 1.35 m", reading=42, more=27),
    (HEAD_DOWN_WALK, "back_high"): NO_SCALE_BEHIND.format(where="on a tripod at 1.7 m", reading=38, more=27),
    (HEAD_DOWN_WALK, "oblique"): "held out, a head held 28 degrees down all walk, from in front at an angle: the "
                                 "face's drop against the shoulders has no scale of its own there, only its changes: "
                                 "with no head-up stretch to measure from it is missed"}
HELD_OUT_FAR_ANGLE = ("held out, 30 degrees off the side in front of the walker's right at 5 m with a 50 mm lens: "
                      "the tilt 5.2 degrees off on average but 12.0 at nine frames in ten (the spell is found)")
HELD_OUT_FAR_BEHIND_LEFT = ("held out, behind-left 40 degrees off the back at 4.5 m, 1.5 m high: the face drops 0.0015 "
                            "torso lengths a degree (0.0019-0.0023 from the calibration's cameras at 2.6-3.7 m, and "
                            "from the one behind-left at 3.7 m on this walker too): the 26 degree spell reads 17-18")
# A slimmer build at 120 steps a minute, from 8 m at the side (from the laptop 20 degrees off the front it read
# as much until the face's reading was weighted by its scatter: now 1.9 degrees off on average).
SLIM_TILT = ("held out, a slimmer build: the 26 degree spell reads 35 from this camera (34 from the side at 5 m): "
             "the tilt 5.8 degrees off on average, 12.4 at nine frames in ten (the spell is found)")
# A stockier walker at 90 steps a minute from four new cameras (held out).
STOCKY_TRIPOD_LEFT = ("held out, a stockier walker from a tripod 1.6 m high at the left: the 29 degree spell reads 25 "
                      "and 20 or more for 1.9 s of its 2.3 (2 s asked); a 56 degree look with the head alone, at the "
                      "step where the true shoulders turn most into view, reads 46 degrees of trunk twist (the model "
                      "turns the shoulders with a face turned towards the camera) and is called twisted")
STOCKY_FAR_BEHIND = ("held out, straight behind at 5.5 m: the ears' drop swings 30 degrees frame to frame, the tilt "
                     "3.9 degrees off on average but 10.9 at nine frames in ten (the first second, where the running "
                     "median starts; the spell is found)")
STOCKY_NEAR_ANGLE = ("held out, 45 degrees off the front-right at 2.8 m with a wide lens: the 29 degree spell reads 34 "
                     "and after the twisted look the face reads 10-14 degrees down for the clip's last 0.6 s, the tilt "
                     "5.3 degrees off on average, 10.5 at nine frames in ten (the spell is found)")
# A slimmer walker filmed at 60 fps from four new cameras (held out).
TWIST_TOWARDS_THE_CAMERA = ("held out, at 60 fps from {where}: the look over the right shoulder turns the trunk 46 "
                            "degrees towards the camera's side, which brings the shoulders squarer to it: they read "
                            "8 % wider (the pose model turns them about half as far as the body), and a twist shows "
                            "square on only as the shoulders narrowing; the look is found, not as twisted")
# Phones held upright (held out): from the right at chest height the near knee is read short.
UPRIGHT_RIGHT_KNEES = ("held out, a phone held upright at the walker's right at 2.6 m, 1.3 m high (26 mm): at its "
                       "swing the near (right) knee reads 15-20 degrees straighter than it is (the model draws it "
                       "towards the far leg as it passes, and the far knee towards it), a stride's range 11-14 short "
                       "(29.7 for 41.0; 37.9 for 52.1, a full bend called reduced) and a stiff far one's 14 wide (31.8 "
                       "for 18.2; the full one 54.1 for 53.4); from the left at 3 m, 1.2 m high, both within 2.2")
# Twisted looks missed (the test asked for them only once the truth's twist within a look was taken as a twisted
# look: a look whose twist ramps up reaches 30 degrees only inside it, and had gone unasked on these walks).
TWISTED_LOOK_MISSES = {
    ("late_faults", "front_high"): "held out, a phone on a tripod in front 12 degrees to the right: the look over the "
                                   "right shoulder with the trunk twisted 43 degrees reads 11 degrees of twist: "
                                   "counted as a look, not twisted",
    ("early_faults", "back_right_near"): "held out, a partner behind 22 degrees to the right: the look over the left "
                                         "shoulder with the trunk twisted 34 degrees (the head 78) reads a turn of 56 "
                                         "degrees and 19 of twist: counted as a look, not twisted",
    ("mixed_faults", "back_left_low"): "held out, a phone on a low stool behind 15 degrees to the left: the look over "
                                       "the right shoulder with the trunk twisted 38 degrees (the head 89) reads a "
                                       "turn of 64 degrees and 9 of twist: counted as a look, not twisted",
    ("handheld_faults", "back_handheld_upright"): "held out, a partner's shaking phone behind: the look over the right "
                                                  "shoulder with the trunk twisted 42 degrees is counted, its twist "
                                                  "read 18 (the hips narrowing with the shoulders, as in a whole-body "
                                                  "turn): not twisted",
    ("dark_wide_faults", "back_wide"): "held out, a walker in black filmed 16:9 from behind 7 degrees to the left at "
                                       "3.2 m: the look over the right shoulder with the trunk twisted 46 degrees "
                                       "reads 27 of twist (none in its first 0.2 s): counted as a look, not twisted",
    ("rehab_pace_faults", "side_right_far"): "held out, a tripod at the walker's right at 6.5 m, 1.3 m high (60 mm): "
                                             "the look over the far (left) shoulder with the trunk twisted 30-34.5 "
                                             "degrees, at the limit, reads 29.9 at its peak (34.2 from the side at "
                                             "5 m, where it is found): counted as a look, not twisted",
}
# Cameras standing askew (held out).
ROLLED_BEHIND = ("held out, a tripod behind 5 degrees to the right at 3.3 m, 1.3 m high, rolled 6 degrees about its "
                 "view: the ears' drop moves 0.74 degrees a degree of the truth's (r 0.72; 0.93 on the faults walk "
                 "from behind; 0.94 here with the picture turned upright, where the spell is found for 2.1 s): the 26 "
                 "degree spell reads 21, 20 or more for 1.9 s of its 2.3 (2 s asked)")
ROLLED_SIDE_TILT = ("held out, a tripod at the walker's right at 4 m, 1.1 m high, rolled 8 degrees about its view: the "
                    "ear-eye line turns 1.25 degrees a degree of the truth's (1.32 with the picture turned upright, so "
                    "not the roll; 0.99-1.24 on three other walks from the sides): the 26 degree spell reads 35, the "
                    "tilt 6.8 degrees off on average, 12.7 at nine frames in ten (the spell is found)")
PHONE60_HIGH_SHELF_HEEL = ("held out, 45 degrees off the walker's front-left on a shelf 1.7 m high: the left foot's "
                           "heel-first landing at 5.93 s shows the toe 6 degrees up against its flat stance (8 asked); "
                           "the one at 4.77 s reads heel (9)")
GREY_SHOES_HEEL = ("held out, a walker in black with grey shoes on the grey floor, filmed 16:9 at the right at 4 m: "
                   "of the right foot's three heel-first landings with a stance after them one is found (5.5 s); at "
                   "4.3 and 6.7 s the pose model's mask leaves the shoe out, and the model's own toe point, on the "
                   "floor beyond the shoe, reads the foot 10-36 degrees toe down as the heel touches: flat")
# Misses of a head-down spell at an angle (README "Views"): 21 of 25 are found (the turning walk's in TURN_MISSES).
ANGLE_SPELL_MISSES = {
    ("faults_b", "oblique_front_left"): "held out of the calibration: from front-left, 30 degrees off the side at "
                                        "1.2 m, the face drops less a degree than the slope for a face towards the "
                                        "camera: the spell reaches 20 degrees and holds 15 for 1.6 s of its 2.6",
    ("broad_faults", "oblique_back"): ANGLE_BEHIND_ON_BROAD,
    ("start_stop_faults", "oblique_back_left_far"): HELD_OUT_FAR_BEHIND_LEFT}


# Every walk rendered: `slow_faults` and `fast_faults`, at 80 and 133 steps a minute with faults at other
# times, `pause_faults`, which stands still for 2 s, `turn_faults`, which turns round, and `slow_clean` and
# `fast_clean`, the unedited walk at those paces, `turn_clean`, the unedited walk turning round, and
# `late_faults`, faults late in the walk and at other strengths (one camera new), `early_faults`, faults
# from the first step at a pace of its own (two cameras new), `mixed_faults`, faults on both sides (two
# cameras new), `start_stop_faults`, a slimmer walker who stands before and after walking (three
# cameras new), `treadmill_faults`, walking in place, `stocky_faults`, a stockier build at 90 steps a
# minute with a limp's stiff leg (four cameras new), `phone60_faults`, a slimmer walker filmed at 60 fps
# (four cameras new), `glance_clean`, good form with a look over each shoulder with the head alone (four
# cameras new), `look_side_faults`, a heavier walker's look with the head alone and twisted one (one camera
# new), `upright_phone_faults`, a slimmer walker in a pale shirt filmed with phones held upright (four cameras
# new), `full_knees_clean`, good form with knees bending 52-53 degrees a stride, over the limit (one camera
# new), `handheld_faults`, filmed by a partner's shaking phone (four cameras new), `waist_up_faults`, filmed close by
# cameras that stand still, the feet out of the picture for a while (four new), and `standing_faults`, cameras that
# stand still with the whole body in view (four new), `dark_wide_faults`, a walker in black filmed 16:9 (three
# cameras new), `dark_clean`, good form in black filmed 16:9 (three cameras new), and `far_looks_faults`, two
# looks as far as a neck turns with the head alone and a twisted one (three cameras new; its front camera's miss
# prompted reading the twist in front against the hips alone), and `near_miss_clean`, good form with a glance at
# the floor, a look with the trunk turned a little and a long look, each just under its limit, and
# `frequent_looks_faults`, a quick look with the head alone every 2 s, and `rehab_pace_faults`, a slighter walker at
# 86 steps a minute with a stiff right knee, the left foot landing heel first and a twisted look (two cameras new),
# and `long_look_faults`, a look back held 2.5 s and a head-down spell (two cameras new), were held out of every rule,
# and `quick_glances_faults`, quick looks with the head alone, a twisted look and a head-down spell from behind (three
# cameras new), of the back view's head turn, and `head_down_walk_faults`, a head held down all walk (from the kit's
# four cameras and three more seen before), of the front's highest neutral (its front camera's reading seen as it
# was set, from the other walkers' neutrals), and `rolled_faults`, filmed by four cameras standing askew (all new),
# were held out of every rule;
# `uneven_knees_faults`, a full knee and a stiff one filmed at hip height (two cameras new), of every rule but the
# far knee's (README "Views").
WALKS = ("clean", "faults", "faults_b", "heel_first", "broad_faults", "slow_faults", "fast_faults", "pause_faults",
         "turn_faults", "slow_clean", "fast_clean", "turn_clean", "late_faults", "early_faults", "mixed_faults",
         "start_stop_faults", "treadmill_faults", "stocky_faults", "phone60_faults", "glance_clean",
         "look_side_faults", "upright_phone_faults", "full_knees_clean", "handheld_faults", "waist_up_faults",
         "standing_faults", "uneven_knees_faults", "dark_wide_faults", "dark_clean", "far_looks_faults",
         "near_miss_clean", "frequent_looks_faults", "rehab_pace_faults", "long_look_faults", "quick_glances_faults",
         "head_down_walk_faults", "rolled_faults")
# Where a camera that stands still has the walker wholly in its picture only for a while (seconds): the spells and
# the frames outside it are not asked for. The tripod 2.2 m off the path sees 1.13 m either side of its middle
# (35 mm); the body is wholly in it with the pelvis within 0.83 m, which the walker at 0.54 m/s crosses from 2.5 s
# to 5.5 s.
IN_PICTURE_S = {("waist_up_faults", "side_waist_up"): (2.5, 5.5)}


# Which truth spells each view must find, and as which rule.
SPELL_RULE = {"head_down": "head_down", "glance": "shoulder_check_twist", "trunk_twist": "shoulder_check_twist"}
# The truth's spells a finding of each rule may stand for: a trunk twisted 30 degrees or more is a look
# whatever the head does (DOMAIN.md), so a twist without a glance may be found too.
FINDING_SPELLS = {"head_down": ("head_down",), "shoulder_check_twist": ("glance", "trunk_twist")}
# A glance at the floor this short (under the check's 2 s by more than the scripted ramps) is good form: a
# head-down finding on it is as false as one where nothing was scripted.
FLOOR_GLANCE_S = 1.5


@pytest.fixture(scope="module")
def analysed() -> dict[tuple[str, str], Analysis]:
    return {}


def analysis_of(analysed: dict, variant: str, view: str) -> Analysis:
    if (variant, view) not in analysed:
        analysed[variant, view] = analyze(clip(variant, view))
    return analysed[variant, view]


def overlaps(report: Report, rule: str, start_s: float, end_s: float) -> bool:
    return any(f.rule == rule and f.start_s < end_s and f.end_s > start_s for f in report.findings)


@pytest.mark.parametrize("view", [view for view in VIEWS if clip("clean", view).exists()])
def test_clean_walking_is_judged_where_the_view_shows_it_and_the_truth_decides(analysed, view: str) -> None:
    truth = load_truth("clean")
    report = analysis_of(analysed, "clean", view).report
    assert report.view == TOLD.get(view, view)
    assert report.direction == "backward"
    statuses = {name: c.status for name, c in report.checks.items()}
    assert {n for n, s in statuses.items() if s != "not_assessable"} == JUDGED[view], statuses
    for name in set(ALL_CHECKS) - JUDGED[view]:
        assert " need a camera " in report.checks[name].reason
    if view == "front":  # the headline says what the set-up could not show, and where to film from
        assert verdict(report) == "Good form in 2 of 4 checks — landings and knee bends need a camera at the side"
    # The mocap walker's own left knee bends through 33 degrees a stride, the right 42 (truth): under
    # the 45 degree limit, so a right measurement flags it even on the unedited walk. At an angle only
    # the near leg is judged; where that is the right, 3 degrees under the limit, a measure good to
    # 8 degrees there (README "Views") may fall either side of it.
    knee_truth = min(truth.knee_rom_deg(f) for f in legs_seen(view))
    expected = {n: "fault" if n == "reduced_knee_range" and knee_truth < 45.0 else "ok" for n in JUDGED[view]}
    if abs(knee_truth - 45.0) < 8.0:
        expected["reduced_knee_range"] = statuses["reduced_knee_range"]
        assert report.knee_rom_deg[NEAR[view]] == pytest.approx(knee_truth, abs=8.0)
    assert {n: statuses[n] for n in JUDGED[view]} == expected, [c.reason for c in report.checks.values()]
    assert all(f.rule == "reduced_knee_range" for f in report.findings)


# A head-down spell shorter than the check allows (2 s) is a glance at the floor, not a fault: one scripted 1.8 s
# long is not asked for (the scripted ends ramp over 0.2 s: those 1.9 s long read about the limit and are).
SHORTEST_SPELL_S = Thresholds().head_down_min_s - 0.1


def _looks(truth: Truth) -> list[tuple[float, float]]:
    """The truth's looks as the check counts them: the head turned from the pelvis by its limit or more."""
    turned = np.abs(truth.head_yaw_deg) >= Thresholds().look_yaw_deg
    return [(truth.time_s[lo], truth.time_s[hi - 1]) for lo, hi in true_runs(turned)]


def _spells_to_find(truth: Truth, view: str, in_picture_s: tuple[float, float] = (0.0, np.inf)) -> list:
    """Head-down spells of SHORTEST_SPELL_S or more and looks back with the trunk twisted (the truth's look
    with twist, or its trunk twisted 30 degrees or more within a look: a look whose twist ramps up reaches
    30 only inside it): a look with the head alone, now and then, is good form. Only those within
    `in_picture_s`."""
    looks = [spell for spell in truth.spells if spell.kind == "glance"]
    wanted = []
    for spell in truth.spells:
        if spell.end_s <= in_picture_s[0] or spell.start_s >= in_picture_s[1]:
            continue
        rule = SPELL_RULE.get(spell.kind)
        twisted_look = spell.kind == "trunk_twist" and any(
            look.start_s < spell.end_s and look.end_s > spell.start_s for look in looks)
        long_spell = spell.kind == "head_down" and spell.end_s - spell.start_s >= SHORTEST_SPELL_S
        if rule in JUDGED[view] and (long_spell or spell.with_trunk_twist or twisted_look):
            wanted.append((rule, spell))
    return wanted


@pytest.mark.parametrize(("variant", "view"), cases(WALKS[1:], VIEWS, {
    ("broad_faults", "front_low"): LAPTOP_ON_BROAD, **ANGLE_SPELL_MISSES, **TURN_MISSES, **HEAD_DOWN_WALK_MISSES,
    ("stocky_faults", "side_left_high"): STOCKY_TRIPOD_LEFT,
    ("phone60_faults", "front_right_tripod"): TWIST_TOWARDS_THE_CAMERA.format(where="in front 15 degrees to the right"),
    ("phone60_faults", "back_left_phone"): TWIST_TOWARDS_THE_CAMERA.format(where="behind 25 degrees to the left"),
    ("full_knees_clean", "side_upright_phone"): UPRIGHT_RIGHT_KNEES, **TWISTED_LOOK_MISSES,
    ("standing_faults", "oblique_front_standing"): TURNING_ANGLE + ": four looks read in the first 2 s where there is "
                                                   "none (two called twisted, 43 and 52 degrees)",
    ("frequent_looks_faults", "back_high"): FREQUENT_LOOKS_BEHIND,
    ("rolled_faults", "back_rolled"): ROLLED_BEHIND + ": missed",
    ("glance_clean", "oblique_back_left_30"): "held out, behind 30 degrees to the left at 3.8 m: the 51 degree look "
                                              "over the left shoulder with the head alone, counted since the back's "
                                              "turn is read on the truth's scale, reads 46 degrees of twist for two "
                                              "frames mid-look and 19-23 through its first quarter as the head turns "
                                              "(the model swings the shoulders): called twisted",
    ("waist_up_faults", "front_desk_close"): "held out, a laptop straight in front 1.25 m high that the walker steps "
                                             "away from (1.0 m to 5.3 m): the 27 degree spell, 2.7-3.9 m off, reads "
                                             "19-23 (20 or more for 1.9 s of its 2.2, 2 s asked), and the head level "
                                             "after it reads 6-9 degrees down as the walker goes further (the camera "
                                             "below the eyes looks up at the face less and less)",
    ("handheld_faults", "side_left_handheld_upright"): "held out, a partner's shaking phone held upright at the "
                                                       "walker's left at 3.5 m, 1.1 m high: the 26 degree spell reads "
                                                       "17-20 for its first second and 25 after (frames with the head "
                                                       "read turned 40 degrees or more left out): 20 or more for 1.7 "
                                                       "s of its 2.4, missed"}))
def test_each_scripted_fault_is_found_at_its_time_and_nothing_else(analysed, variant: str, view: str) -> None:
    truth = load_truth(variant)
    report = analysis_of(analysed, variant, view).report
    assert {n for n, c in report.checks.items() if c.status != "not_assessable"} == JUDGED[view]
    for rule, spell in _spells_to_find(truth, view, IN_PICTURE_S.get((variant, view), (0.0, np.inf))):
        assert report.checks[rule].status == "fault", report.checks[rule].reason
        assert overlaps(report, rule, spell.start_s, spell.end_s), (spell, report.findings)
    if "reduced_knee_range" in JUDGED[view]:
        knee = report.checks["reduced_knee_range"]
        knee_truth = min(truth.knee_rom_deg(f) for f in legs_seen(view))
        if knee_truth < 40.0:  # clear of the limit by the error
            assert knee.status == "fault"
        elif knee_truth >= 50.0:  # a full bend, clear of it too: no reduced range
            assert knee.status == "ok", knee.reason
        stiff = {f for f in legs_seen(view) if truth.knee_rom_deg(f) < 30.0}  # the edited legs
        flagged = {f.message.split()[1] for f in knee.findings}
        assert stiff <= flagged, knee.findings
    looks = _looks(truth)
    for finding in report.findings:  # nothing where nothing was scripted
        kinds = FINDING_SPELLS.get(finding.rule)
        if finding.cue == CUE_OFTEN:  # one of too many looks: a look as the check's limit has it
            assert any(a - 0.5 < finding.end_s and b + 0.5 > finding.start_s for a, b in looks), finding
        elif kinds:
            # a look called twisted must be one: a look with the head alone is good form
            twisted = finding.message.startswith("Trunk twisted")
            assert any(s.start_s - 0.5 < finding.end_s and s.end_s + 0.5 > finding.start_s
                       for s in truth.spells if s.kind in kinds
                       and (not twisted or s.kind == "trunk_twist" or s.with_trunk_twist)
                       and (s.kind != "head_down" or s.end_s - s.start_s > FLOOR_GLANCE_S)), finding


# `frequent_looks_faults` (held out): a quick look with the head alone every 2 s, alternating sides, four in 8 s.
@pytest.mark.parametrize(("variant", "view"), cases(("frequent_looks_faults",), [
    v for v in VIEWS if "shoulder_check_twist" in JUDGED[v]], {
    ("frequent_looks_faults", "back_high"): FREQUENT_LOOKS_BEHIND}))
def test_looks_back_every_two_seconds_are_found_as_too_often(analysed, variant: str, view: str) -> None:
    """Each look alone is good form, together too many (over 6 a minute from the third): the check is a fault, its
    findings lie on the truth's looks (the head turned 45 degrees or more from the pelvis), at least three of the
    four are among them, and none is called twisted."""
    truth = load_truth(variant)
    check = analysis_of(analysed, variant, view).report.checks["shoulder_check_twist"]
    assert check.status == "fault", check.reason
    looks = _looks(truth)
    assert len(looks) == 4
    near = [{look for look in looks if f.start_s < look[1] + 0.3 and f.end_s > look[0] - 0.3}
            for f in check.findings]
    assert all(near), (check.findings, looks)
    assert len(set().union(*near)) >= 3, (check.reason, check.findings)
    assert not any(f.message.startswith("Trunk twisted") for f in check.findings), check.findings


# `long_look_faults` (held out): a look over the right shoulder with the head alone, held 2.5 s.
@pytest.mark.parametrize(("variant", "view"), cases(("long_look_faults",), [
    v for v in VIEWS if "shoulder_check_twist" in JUDGED[v]]))
def test_a_look_back_held_past_two_seconds_is_found_as_too_long(analysed, variant: str, view: str) -> None:
    """A stare back (the head turned 45 degrees or more from the pelvis for longer than the check's 2 s) is a fault
    on its own, however rare: one finding lies on it, says it lasted within half a second of the truth, and is not
    called twisted (the trunk stays square)."""
    truth = load_truth(variant)
    check = analysis_of(analysed, variant, view).report.checks["shoulder_check_twist"]
    assert check.status == "fault", check.reason
    (start_s, end_s), = [look for look in _looks(truth) if look[1] - look[0] > Thresholds().look_max_s]
    (stare,) = [f for f in check.findings if f.cue == CUE_LONG]
    assert stare.start_s < end_s and stare.end_s > start_s, (stare, start_s, end_s)
    assert stare.end_s - stare.start_s == pytest.approx(end_s - start_s, abs=0.5)
    assert not any(f.cue == CUE_TWIST for f in check.findings), check.findings


@pytest.mark.parametrize(("variant", "view"), cases(tuple(w for w in WALKS if w not in ("heel_first", HEAD_DOWN_WALK)),
                                                    [v for v in VIEWS if "head_down" in JUDGED[v]], {
    ("broad_faults", "front_low"): LAPTOP_ON_BROAD, ("broad_faults", "back"): BEHIND_ON_BROAD,
    ("faults", "side_left"): LEFT_SIDE_TILT, ("faults_b", "side_left"): LEFT_SIDE_TILT,
    ("faults", "side_high"): "from a tripod at 1.5 m the tilt is 11.7 degrees off at nine frames in ten, over the 10",
    ("faults", "oblique_left"): LAPTOP_AT_AN_ANGLE, ("faults_b", "oblique_left"): LAPTOP_AT_AN_ANGLE,
    ("faults_b", "oblique_front_left"): HELD_OUT_FRONT_LEFT,
    ("broad_faults", "oblique_back"): ANGLE_BEHIND_ON_BROAD,
    ("slow_faults", "side_left"): "held out, the slow walk from the walker's left: the tilt 6.4 degrees off on "
                                  "average, as the other walks from there (the ear-eye line turns more a degree)",
    ("frequent_looks_faults", "side_left"): "held out, from the walker's left with four looks: the tilt 6.5 degrees "
                                            "off on average, 10.3 at nine frames in ten, as the other walks from "
                                            "there (the ear-eye line turns more a degree)",
    ("long_look_faults", "side_left"): "held out, from the walker's left with a stare back: the tilt 7.0 degrees off "
                                       "on average, 11.0 at nine frames in ten, as the other walks from there (the "
                                       "ear-eye line turns more a degree: the 26 degree spell reads 33, found)",
    ("slow_faults", "oblique_left"): "held out, the slow walk from a laptop at 1.0 m front-left: the tilt 6.9 "
                                     "degrees off on average (12.4 at nine frames in ten), its spell still found",
    ("fast_faults", "side_left"): "held out, the fast walk from the walker's left: the tilt 5.9 degrees off on "
                                  "average, 10.4 at nine frames in ten (the ear-eye line turns more a degree)",
    ("mixed_faults", "oblique_front_right_far"): HELD_OUT_FAR_ANGLE,
    ("rolled_faults", "side_rolled"): ROLLED_SIDE_TILT,
    ("rolled_faults", "back_rolled"): ROLLED_BEHIND + ", the tilt 5.2 degrees off on average, 10.1 at nine frames "
                                      "in ten",
    ("early_faults", "side_floor"): "held out, a phone on the floor at the right looking up: the 28 degree spell from "
                                    "the first step reads 43, the tilt 8.4 degrees off on average, 15.8 at nine "
                                    "frames in ten (the spell is still found)",
    ("turn_faults", "front_low"): TURN_HEAD, ("turn_faults", "back_high"): TURN_HEAD,
    ("start_stop_faults", "side_far_tele"): SLIM_TILT,
    ("start_stop_faults", "oblique_back_left_far"): HELD_OUT_FAR_BEHIND_LEFT + ", the tilt 6.5 degrees off on average",
    ("stocky_faults", "back_far"): STOCKY_FAR_BEHIND,
    ("stocky_faults", "oblique_front_right_near"): STOCKY_NEAR_ANGLE,
    ("glance_clean", "oblique_back_left_30"): "held out, behind 30 degrees to the left at 3.8 m: with the head level "
                                              "the ears' drop reads 8-12 degrees for a second at a time (3.2-4.3 s, "
                                              "6.9-7.6 s), the tilt 5.0 degrees off on average, 10.8 at nine frames "
                                              "in ten (no spell is found)",
    ("full_knees_clean", "side_left_upright"): "held out, a phone held upright at the walker's left at 3 m, 1.2 m "
                                               "high: the head reads 4.4 degrees further down than it is (19.0 for "
                                               "14.6, the median), its neutral held to the side's 10: the tilt 8.0 "
                                               "degrees off on average, 12.3 at nine frames in ten (no spell found)",
    ("standing_faults", "side_tripod_standing"): "held out, a tripod at the walker's right 4.5 m from the path that the "
                                                 "walker passes: the tilt 6.3 degrees off on average, 14.2 at nine "
                                                 "frames in ten (the spell is found)",
    ("standing_faults", "oblique_front_standing"): TURNING_ANGLE + ": the tilt is read in 155 frames of 240 (the spell "
                                                   "is found)",
    ("rehab_pace_faults", "side_right_far"): "held out, a tripod at the walker's right at 6.5 m, 1.3 m high (60 mm): "
                                             "the level head reads 15-22 degrees down on the side's own scale (18.2 "
                                             "the median, 14.5 from the side at 5 m), its neutral held to the side's "
                                             "10: the tilt 6.9 degrees off on average, 11.3 at nine frames in ten "
                                             "(no spell found)",
    ("dark_clean", "side_left_wide"): "held out, a walker in black at the left at 3.8 m: the level head reads 15-30 "
                                      "degrees down on the side's own scale, its neutral held to the side's 10: the "
                                      "tilt 7.3 degrees off on average, 10.3 at nine frames in ten (no spell found)",
    ("dark_wide_faults", "oblique_front_left_wide"): "held out, 40 degrees off the walker's front-left at 3.4 m, told "
                                                      "as in front: the face reads turned 20-50 degrees either way "
                                                      "with the head straight (a square-on face's reading at this "
                                                      "angle), so the tilt is read in 89 frames of 240 (the spell is "
                                                      "found, in pieces)",
    ("handheld_faults", "back_handheld_upright"): "held out, a partner's shaking phone behind: after the twisted look "
                                                  "the ears read 12-15 degrees down for 0.8 s with the head level, "
                                                  "the tilt 4.9 degrees off on average, 12.0 at nine frames in ten "
                                                  "(the spell is found)"}))
def test_head_tilt_above_its_neutral_agrees_with_the_truth(analysed, variant: str, view: str) -> None:
    """What the head-down rule compares with its threshold (the steady pitch above the walker's
    neutral) against the truth's pitch above its own: within 6 degrees on average, 10 at nine
    frames in ten, wherever the head is not turned away. At an angle a turn is not told, so the
    truth's looks (and half a second either side, the running median's reach) are left out."""
    motion, truth = analysis_of(analysed, variant, view).motion, load_truth(variant)
    measured = tilt_deg(motion)
    true = truth.head_pitch_deg - np.percentile(truth.head_pitch_deg, NEUTRAL_PERCENTILE)
    n = min(len(measured), len(true))
    judged = ~np.isnan(measured[:n])
    start_s, end_s = IN_PICTURE_S.get((variant, view), (0.0, np.inf))
    time_s = np.arange(n) / motion.fps
    judged &= (time_s >= start_s) & (time_s < end_s)
    # read wherever the head faces ahead (a frame turned is left out by design: a 2.5 s stare is a third of a walk)
    ahead = (time_s >= start_s) & (time_s < end_s) & (np.abs(truth.head_yaw_deg[:n]) < TURNED_DEG)
    assert np.sum(judged & ahead) >= 0.75 * ahead.sum()
    if motion.view == "oblique":
        looking = np.abs(truth.head_yaw_deg[:n]) >= TURNED_DEG
        judged &= ~binary_dilation(looking, iterations=round(SMOOTH_S / 2 * motion.fps))
    error = np.abs(measured[:n][judged] - true[:n][judged])
    assert error.mean() <= 6.0 and np.percentile(error, 90) <= 10.0, (error.mean(), np.percentile(error, 90))


@pytest.mark.parametrize("view", [v for v in VIEWS if "heel_first_landing" not in JUDGED[v]
                                  and clip("heel_first", v).exists()])
def test_heel_first_landings_are_not_judged_where_the_view_hides_the_foot(analysed, view: str) -> None:
    check = analysis_of(analysed, "heel_first", view).report.checks["heel_first_landing"]
    assert check.status == "not_assessable" and " need a camera at the side" in check.reason


def _flagged(landing, found) -> bool:
    return any(abs((f.start_s + f.end_s) / 2 - landing.time_s) <= 5 / 30 for f in found)


# Where a foot's heel-first landings are missed (README "Views and accuracy").
HEEL_MISSES = {
    ("side", "right"): "the walk's first landing is found 4 frames before the heel touches, and over the 0.1 s the "
                       "rule looks the foot still carries the swing's pointed toe: flat (the other six read heel)",
    ("side_high", "left"): "the last landing, in the clip's final frames, has no stance after it to confirm the toe "
                           "up just after contact, and at the contact it reads flat",
}


@pytest.mark.parametrize(("view", "foot"), [
    pytest.param(view, foot, marks=pytest.mark.xfail(strict=True, reason=HEEL_MISSES[view, foot]))
    if (view, foot) in HEEL_MISSES else (view, foot) for view in SIDES for foot in FEET
    if clip("heel_first", view).exists()])
def test_heel_first_landings_are_found_at_their_times_and_toe_first_ones_are_not(analysed, view: str,
                                                                                 foot: str) -> None:
    """Every right landing is heel first (ankle dorsiflexed before contact); the left foot lands toe
    first three times, then heel first from 4 s on. Each heel-first landing is flagged within 5
    frames, no toe-first one is."""
    truth = load_truth("heel_first")
    report = analysis_of(analysed, "heel_first", view).report
    assert report.checks["heel_first_landing"].status == "fault", report.checks["heel_first_landing"].reason
    heel = [t for t in truth.landings_of(foot) if t.part == "heel"]
    toe = [t for t in truth.landings_of(foot) if t.part == "toe"]
    assert (len(heel), len(toe)) == ((4, 3) if foot == "left" else (7, 0))
    found = [f for f in report.findings if f.rule == "heel_first_landing" and f.message.startswith(f"The {foot} heel")]
    assert all(_flagged(t, found) for t in heel), (heel, found)
    assert not any(_flagged(t, found) for t in toe), found
    assert len(found) == len(heel)


@pytest.mark.parametrize("view", [view for view in NEAR if clip("heel_first", view).exists()])
def test_at_an_angle_the_near_foots_heel_first_landings_are_found_and_the_far_foot_is_not_read(analysed,
                                                                                               view: str) -> None:
    """The near foot's heel-first landings are flagged within 5 frames and its toe-first ones are
    not; the far foot's part is not read (it is behind the near leg) and the reason says so. A
    landing in the clip's last 0.9 s is left out: its stance runs into the clip's end, where the
    lift has no reach peak to find, so it is read at its contact alone."""
    truth, report = load_truth("heel_first"), analysis_of(analysed, "heel_first", view).report
    near = NEAR[view]
    far = "left" if near == "right" else "right"
    check = report.checks["heel_first_landing"]
    assert check.status == "fault", check.reason
    assert f"the {far} leg is behind the {near}" in check.reason
    assert {c.part for c in report.contacts if c.foot == far} == {"unseen"}
    end_s = truth.time_s[-1] - 0.9
    heel = [t for t in truth.landings_of(near) if t.part == "heel" and t.time_s < end_s]
    toe = [t for t in truth.landings_of(near) if t.part == "toe"]
    assert (len(heel), len(toe)) == ((3, 3) if near == "left" else (6, 0))
    found = [f for f in report.findings if f.rule == "heel_first_landing"]
    assert all(f.message.startswith(f"The {near} heel") for f in found), found
    assert all(_flagged(t, found) for t in heel), (heel, found)
    assert not any(_flagged(t, found) for t in toe), found


# The walks held out of the rules and the feet that land heel first in each (slow: every left
# landing; fast: the right's last four; paused and turning: the left's from its second; late: the left's
# from 4.4 s; early: the right's from 4.6 s; mixed: both from 4.2 s; start-stop: the right's from 3.5 s;
# treadmill: the right's from 5 s; upright phone: the right's from 5.7 s; handheld: the left's from 3.8 s; rehab pace:
# the left's from 2.8 s; askew cameras: the right's from 4.2 s; none on the clean walks at other paces);
# every other landing is toe first.
PACED = {"slow_faults": ("left",), "fast_faults": ("right",), "pause_faults": ("left",), "turn_faults": ("left",),
         "slow_clean": (), "fast_clean": (), "turn_clean": (), "late_faults": ("left",), "early_faults": ("right",),
         "mixed_faults": ("left", "right"), "start_stop_faults": ("right",), "treadmill_faults": ("right",),
         "stocky_faults": ("right",), "phone60_faults": ("left",), "glance_clean": (),
         "look_side_faults": (), "upright_phone_faults": ("right",), "full_knees_clean": (),
         "handheld_faults": ("left",), "standing_faults": (), "dark_wide_faults": ("right",),
         "dark_clean": (), "near_miss_clean": (),
         "frequent_looks_faults": (), "rehab_pace_faults": ("left",), "long_look_faults": (),
         "head_down_walk_faults": (), "rolled_faults": ("right",)}


@pytest.mark.parametrize(("variant", "view"), cases(tuple(PACED), [v for v in VIEWS
                                                                   if "heel_first_landing" in JUDGED[v]], {
    ("phone60_faults", "oblique_front_left_high"): PHONE60_HIGH_SHELF_HEEL,
    ("dark_wide_faults", "side_wide"): GREY_SHOES_HEEL}))
def test_on_the_held_out_walks_heel_first_landings_are_found_and_toe_first_ones_are_not(analysed, variant: str,
                                                                                  view: str) -> None:
    """Each heel-first landing with its stance in the clip is flagged within 5 frames where the
    camera judges that foot, and no toe-first landing is flagged anywhere."""
    truth, report = load_truth(variant), analysis_of(analysed, variant, view).report
    feet = PACED[variant]
    end_s = truth.time_s[-1] - 0.9
    heel = [t for t in truth.landings if t.part == "heel" and t.time_s < end_s]
    assert bool(heel) == bool(feet) and {t.foot for t in truth.landings if t.part == "heel"} == set(feet)
    found = [f for f in report.findings if f.rule == "heel_first_landing"]
    assert not any(_flagged(t, found) for t in truth.landings if t.part == "toe"), found
    judged = [foot for foot in feet if view in SIDES or NEAR.get(view) == foot]  # the feet this camera judges
    if judged:
        assert report.checks["heel_first_landing"].status == "fault", report.checks["heel_first_landing"].reason
        assert all(_flagged(t, found) for t in heel if t.foot in judged), (heel, found)
    else:
        assert report.checks["heel_first_landing"].status == "ok", report.checks["heel_first_landing"].reason


@pytest.mark.parametrize(("variant", "view"), cases(tuple(w for w in WALKS if w != "heel_first"),
                                                    SIDES, {
    ("early_faults", "side"): "held out, the walk at 92 steps a minute: its last landing, 0.73 s before the clip's "
                              "end with no stance after it, is read at the contact alone, where the heel-first foot "
                              "shows 3 degrees toe up: flat (5 of 6 natural landings right)",
    ("early_faults", "side_floor"): "held out, a phone on the floor at the right, 0.3 m high, on the walk at 92 "
                                    "steps a minute: the stiff far (left) foot's landings are found 4-6 frames late "
                                    "(its reach peaks after the toe touches), two of its six past the 5 frames allowed",
    ("treadmill_faults", "side"): "held out, walking in place on a treadmill: the stiff far (left) foot's landings "
                                  "are found 4-5 frames late (its reach peaks after the toe touches), one at 5.0 frames "
                                  "and a rounding past the 5 allowed",
    ("start_stop_faults", "side_far_tele"): "held out, 8 m off with an 85 mm lens: the landing the walker stops on "
                                            "(6.53 s) is not found (found from the side at 5 m)",
    **{(variant, "side_upright_phone"): UPRIGHT_RIGHT_KNEES
       for variant in ("upright_phone_faults", "full_knees_clean")},
    ("standing_faults", "side_tripod_standing"): "held out, a tripod at the walker's right 4.5 m from the path, 1.0 m "
                                                 "high, as the walker comes into its view: a landing found at 0.27 s "
                                                 "where none is, and the left's at 1.07 s found at 1.27 (a glitch "
                                                 "splits its reach, the higher half later; the far stiff knee reads "
                                                 "22 for 18.3, 30 while a glitch's reach counted as a landing)",
    ("handheld_faults", "side_handheld"): "held out, a partner's shaking phone at the right at 3.5 m, 1.25 m high: "
                                          "the far (left) natural knee reads 48 for 32.6 (the near leg passing in "
                                          "front of it, as from the other cameras above hip height)",
    **{(variant, "side_high"): TRIPOD_KNEES for variant in ("clean", "faults")},
    ("dark_wide_faults", "side_wide"): GREY_SHOES_HEEL}))
def test_side_view_knee_range_and_landings_agree_with_the_truth(analysed, variant: str, view: str) -> None:
    truth = load_truth(variant)
    report = analysis_of(analysed, variant, view).report
    for foot in FEET:
        # A stiff knee on the far side reads up to 12 degrees wide: the near leg swinging
        # past it pulls its points (README "Accuracy").
        far_and_stiff = foot != SIDES[view] and truth.knee_rom_deg(foot) < 30.0
        assert report.knee_rom_deg[foot] == pytest.approx(truth.knee_rom_deg(foot), abs=12.0 if far_and_stiff else 8.0)
    matched = [(c, t) for c in report.contacts for t in truth.landings_of(c.foot)
               if abs(c.time_s - t.time_s) <= 5 / 30]
    assert len(matched) == len(report.contacts)  # every landing found is a true one, once
    end_s = truth.time_s[-1] - 0.3  # a landing in the clip's last frames has no reach peak to find
    # nor one in its first 0.6 s, with no stride before it (the start-stop walk's first step, then a stand)
    assert {t for _, t in matched} >= {t for t in truth.landings if 0.6 < t.time_s < end_s}
    assert all(c.part != "heel" for c, t in matched if t.part == "toe")
    natural = [(c, t) for c, t in matched if truth.knee_rom_deg(c.foot) >= 30.0]
    assert sum(c.part == t.part for c, t in natural) >= 0.95 * len(natural)


@pytest.mark.parametrize(("variant", "view"), cases(WALKS, list(NEAR), {
    ("heel_first", "oblique_back_right"): "held out, behind-right 35 degrees off the side: the natural knee reads "
                                          "7-9 degrees wide (49-51 for 41.9), over the 8 on the heel-first walk",
    ("slow_faults", "oblique_left"): "held out, the slow walk from front-left: the natural near knee reads 41.0 for "
                                     "32.8, 8.2 degrees wide (5-6 on the other walks from there)",
    ("fast_faults", "oblique_back_high"): "held out, the fast walk: the near foot's landing at 4.07 s, as a look over "
                                          "the shoulder with trunk twist ends, is found 4 frames early"}))
def test_at_an_angle_the_near_knee_is_judged_against_the_truth_and_the_far_one_is_not(analysed, variant: str,
                                                                                      view: str) -> None:
    """At an angle the near leg's knee range (the picture stretched back along the walk) is within 8
    degrees of the truth (10 on a stiff knee: the pose's jitter adds to a small range), from strides
    between its own landings, found within 3 frames on a natural knee (a stiff one's reach peaks up
    to 6 frames after the toe touches; some are missed). The far leg, behind it, is not judged, and
    the reason says so."""
    truth, report = load_truth(variant), analysis_of(analysed, variant, view).report
    near = NEAR[view]
    far = "left" if near == "right" else "right"
    assert report.knee_rom_deg[far] is None
    assert f"the {far} leg is behind the {near}" in report.checks["reduced_knee_range"].reason
    natural = truth.knee_rom_deg(near) >= 30.0
    assert report.knee_rom_deg[near] == pytest.approx(truth.knee_rom_deg(near), abs=8.0 if natural else 10.0)
    end_s = truth.time_s[-1] - 0.3  # a landing in the clip's last frames has no reach peak to find
    landings = [t for t in truth.landings_of(near) if t.time_s < end_s]
    within_s = (3.5 if natural else 6.5) / 30
    found = [t for t in landings if any(c.foot == near and abs(c.time_s - t.time_s) <= within_s
                                        for c in report.contacts)]
    assert len(found) >= (len(landings) if natural else 0.5 * len(landings)), (landings, report.contacts)


@pytest.mark.parametrize("view", [view for view in VIEWS if clip("pause_faults", view).exists()])
def test_a_walk_that_stops_for_two_seconds_is_two_bouts_of_backward_walking_with_the_stop_between(
        analysed, view: str) -> None:
    """Standing still for 2 s (3.97-5.97 s, both feet down) between two stretches of backward
    walking: the stop is not walking, the walking either side is coached, and its landings are
    counted: all 10 from the side and at an angle, most square on. The landing the walker stops on
    (its reach held, not falling as while walking) is found within 3 frames, and with its stride
    the knee check has the 3 strides a leg it needs."""
    truth, report = load_truth("pause_faults"), analysis_of(analysed, "pause_faults", view).report
    walking = [b for b in report.bouts if b.direction == "backward"]
    assert len(walking) == 2 and walking[0].end_s <= 4.5 and walking[1].start_s >= 5.5, report.bouts
    assert report.walking_backward_s == pytest.approx(6.0, abs=0.6)
    assert sum(b.steps for b in walking) >= (len(truth.landings) if view in SIDES or view in NEAR else 7)
    if view in SIDES or view in NEAR:
        stop = max((t for t in truth.landings if t.time_s < 4.0), key=lambda t: t.time_s)
        assert any(c.foot == stop.foot and abs(c.time_s - stop.time_s) <= 3.5 / 30 for c in report.contacts)
        assert report.checks["reduced_knee_range"].status != "not_assessable"


@pytest.mark.parametrize("view", [view for view in VIEWS if clip("start_stop_faults", view).exists()])
def test_a_walk_between_two_stands_is_backward_walking_and_the_stands_are_standing(analysed, view: str) -> None:
    """A step, a stand of 1 s (0.57-1.57 s), 5 s of backward walking and a stop for the clip's last
    1.4 s (from 6.57 s), filmed by cameras that follow the walker and so creep up on them as they
    stand: the stands are standing, not walking either way, the walk between them is one (from the
    laptop near the square-on limit too, where a twisted look leaves the shoulders read at an angle),
    and the 10 landings between them are counted, all but one."""
    truth, report = load_truth("start_stop_faults"), analysis_of(analysed, "start_stop_faults", view).report
    standing = [b for b in report.bouts if b.activity == "standing"]
    assert any(b.start_s <= 0.7 and b.end_s >= 1.4 for b in standing), report.bouts
    assert any(b.start_s <= 6.8 and b.end_s == pytest.approx(8.0) for b in standing), report.bouts
    assert not any(b.direction == "forward" or b.activity == "turning" for b in report.bouts), report.bouts
    assert len([b for b in report.bouts if b.activity == "walking" and b.start_s > 1.0]) == 1, report.bouts
    assert report.walking_backward_s == pytest.approx(5.6, abs=0.5)
    between = [t for t in truth.landings if 1.6 < t.time_s < 6.6]
    assert len(between) - 1 <= sum(b.steps for b in report.bouts if b.direction == "backward") <= len(between)


@pytest.mark.parametrize("view", [view for view in VIEWS if clip("treadmill_faults", view).exists()])
def test_walking_in_place_on_a_treadmill_is_one_bout_of_backward_walking(analysed, view: str) -> None:
    """On a treadmill the pelvis stays put and the feet slide back under the walker: the whole clip is
    backward walking, its steps all counted (within one) from the side, in front, behind and at an angle."""
    truth, report = load_truth("treadmill_faults"), analysis_of(analysed, "treadmill_faults", view).report
    assert [(b.activity, b.direction) for b in report.bouts] == [("walking", "backward")], report.bouts
    assert report.walking_backward_s == pytest.approx(8.0)
    assert len(truth.landings) - 1 <= report.bouts[0].steps <= len(truth.landings)


# The walks that go straight on from the first frame to the last, looks over the shoulder and all.
# (The cameras filming close stand still: the walker comes into the picture and leaves it, below.)
STRAIGHT = tuple(w for w in WALKS if w not in ("pause_faults", "turn_faults", "turn_clean", "start_stop_faults",
                                                "treadmill_faults", "waist_up_faults"))


@pytest.mark.parametrize(("variant", "view"), cases(STRAIGHT, VIEWS))
def test_a_straight_walk_is_one_bout_of_backward_walking_looks_back_and_all(analysed, variant: str, view: str) -> None:
    """Backward walking with looks over the shoulder, the trunk twisted in some: from every camera one bout of
    backward walking over the whole clip, no turn (a look is no turn, nor is the model trading the shoulders
    for a moment from behind)."""
    report = analysis_of(analysed, variant, view).report
    assert [(b.activity, b.direction) for b in report.bouts] == [("walking", "backward")], report.bouts
    assert report.walking_backward_s == pytest.approx(8.0)


# The walk to the start (held out): 3 s forwards, looking down 0.63-2.57 s, its landings heel strikes; 0.5 s
# standing; backward walking back the way it came, facing the same way, from 3.5 s.
FROM_BEHIND_FOLLOWING = ("held out: from behind with a camera that follows the walker the body's size stays put "
                         "(it changes by 2.7 % a second at most, as the camera lags the walk's start), and the stance "
                         "foot's drift is hidden by the swing foot's lift, so neither walk's direction shows: all the "
                         "stepping is taken as backward walking (the report says it is assumed)")
THERE_AND_BACK_MISSES = {("there_and_back_faults", "back_high"): FROM_BEHIND_FOLLOWING}


@pytest.mark.parametrize(("variant", "view"), cases(("there_and_back_faults",), VIEWS, THERE_AND_BACK_MISSES))
def test_the_walk_to_the_start_is_forward_walking_and_nothing_in_it_is_coached(analysed, variant: str,
                                                                               view: str) -> None:
    """The forward walk is a bout of its own, walking forwards, and its head-down spell and heel
    strikes raise nothing; the backward walk after the stand is coached to the clip's end."""
    report = analysis_of(analysed, variant, view).report
    assert any(b.direction == "forward" and b.start_s <= 0.5 and 2.7 <= b.end_s <= 3.6 for b in report.bouts)
    backward = [b for b in report.bouts if b.activity == "walking" and b.direction == "backward"]
    assert backward and backward[0].start_s <= 3.6 and backward[-1].end_s == pytest.approx(8.0), report.bouts
    assert not any(b.direction == "forward" for b in report.bouts if b.end_s > 3.6), report.bouts
    assert not any(f.start_s < 3.0 for f in report.findings), report.findings
    if view in SIDES:
        forward = [c for c in report.contacts if c.time_s < 3.0]
        assert len(forward) >= 4 and all(c.part == "heel" for c in forward), forward


@pytest.mark.parametrize(("variant", "view"), cases(("there_and_back_faults",), VIEWS, {
    ("there_and_back_faults", "oblique_left"): LAPTOP_AT_AN_ANGLE + "; here 16-17",
    ("there_and_back_faults", "back_high"): "from the tripod behind the look over the right shoulder with the trunk "
                                            "twisted 45 degrees reads under 8 degrees of twist for three quarters of "
                                            "it, over 30 for 0.1 s: not held, so not twisted (a look with the head "
                                            "alone reads as much when the model swings the shoulders round)"}))
def test_after_the_walk_to_the_start_the_backward_walks_faults_are_found(analysed, variant: str, view: str) -> None:
    """In the backward walk: the twisted look over the right shoulder (3.87-4.57 s), the head-down
    spell (5.47-7.87 s) and the left foot's three heel-first landings, each where the camera judges
    it, and no right landing flagged."""
    truth, report = load_truth(variant), analysis_of(analysed, variant, view).report
    for rule, spell in _spells_to_find(truth, view):
        if spell.start_s > 3.0:
            assert overlaps(report, rule, spell.start_s, spell.end_s), (spell, report.findings)
    heel = [t for t in truth.landings if t.part == "heel" and t.time_s > 3.0]
    assert {t.foot for t in heel} == {"left"} and len(heel) == 3
    found = [f for f in report.findings if f.rule == "heel_first_landing"]
    if view in SIDES or NEAR.get(view) == "left":
        assert all(_flagged(t, found) for t in heel) and len(found) == 3, found


@pytest.mark.parametrize(("variant", "view"), cases(("turn_faults", "turn_clean"), VIEWS))
def test_a_walk_that_turns_round_is_two_bouts_of_backward_walking_with_the_turn_between(analysed, variant: str,
                                                                                        view: str) -> None:
    """A 180 degree pivot on the spot (3.97-5.47 s) between two stretches of backward walking the
    opposite ways: the walking either side is coached, with the turn between it (the pivot's slow
    start and end stay in the walking bouts: up to 0.7 s each side). Every landing is found within 5
    frames from the side and at an angle; square on, where one foot's landings are found early and the
    other's late, the steps are counted, all but at most two."""
    truth, report = load_truth(variant), analysis_of(analysed, variant, view).report
    walking = [b for b in report.bouts if b.direction == "backward"]
    assert len(walking) == 2 and walking[0].end_s <= 4.7 and walking[1].start_s >= 4.75, report.bouts
    assert any(b.activity == "turning" and b.start_s >= walking[0].end_s and b.end_s <= walking[1].start_s
               for b in report.bouts), report.bouts
    assert report.walking_backward_s == pytest.approx(6.5, abs=1.0)
    if view in SIDES or view in NEAR:
        assert all(any(c.foot == t.foot and abs(c.time_s - t.time_s) <= 5 / 30 for c in report.contacts)
                   for t in truth.landings), report.contacts
    else:
        assert len(truth.landings) - 2 <= sum(b.steps for b in walking) <= len(truth.landings)


SQUARE_ON = [view for view in VIEWS if TOLD.get(view, view) in ("front", "back")]


@pytest.mark.parametrize(("variant", "view"), cases(tuple(w for w in WALKS if w != "waist_up_faults"), SQUARE_ON))
def test_square_on_the_steps_are_counted_from_the_feet_going_into_depth(analysed, variant: str, view: str) -> None:
    """From in front or behind each foot's reach into depth (up or down the picture) gives its
    landings: at least 70 % of the steps counted and the cadence within 10 % of the truth; the part
    of the foot and the knee's range are not read there."""
    truth, report = load_truth(variant), analysis_of(analysed, variant, view).report
    steps = sum(b.steps for b in report.bouts if b.direction == "backward")
    assert 0.7 * len(truth.landings) <= steps <= len(truth.landings)
    times = np.array(sorted(t.time_s for t in truth.landings))
    true_cadence = 120.0 / float(np.median(times[2:] - times[:-2]))  # two steps a stride; a stop left out
    assert report.cadence_steps_per_min == pytest.approx(true_cadence, rel=0.1)
    assert {c.part for c in report.contacts} == {"unseen"}
    assert report.knee_rom_deg == {"left": None, "right": None}


# Filmed close by cameras that stand still (held out): the feet are out of the picture while the walker is near
# the laptops in front (at the start) and the tripod behind (at the end), and throughout at the side.
# (From behind the walker is 100-120 px tall in the 480 px picture for the first 1.3 s: found in a closer look.)
WAIST_UP = {"front_waist_up": (0.0, 8.0), "front_desk_close": (0.0, 8.0), "back_waist_up": (0.0, 8.0),
            "side_waist_up": IN_PICTURE_S["waist_up_faults", "side_waist_up"]}


@pytest.mark.parametrize("view", list(WAIST_UP))
def test_filmed_close_the_walk_is_told_with_the_feet_out_of_the_picture(analysed, view: str) -> None:
    """The walk is one bout of backward walking over the time the walker is in the picture, told from the
    hips' travel and the body's size where the feet are out of it; square on, the steps are counted once
    the feet come into view, at the true cadence; at the side the legs' checks say the feet are out of
    the picture."""
    truth, report = load_truth("waist_up_faults"), analysis_of(analysed, "waist_up_faults", view).report
    assert [(b.activity, b.direction) for b in report.bouts] == [("walking", "backward")], report.bouts
    start_s, end_s = WAIST_UP[view]
    assert report.bouts[0].start_s <= start_s + 0.5 and report.bouts[0].end_s >= end_s - 0.5, report.bouts
    if view == "side_waist_up":
        assert report.contacts == ()
        for check in ("reduced_knee_range", "heel_first_landing"):
            assert "feet are out of the picture in 100 %" in report.checks[check].reason
        # What a person reads says the steps were not seen, not that none were taken.
        assert "walking backward, steps not seen" in summary_text(report)
        assert ("Steps backwards", "not seen") in headline_tiles(report)
        return
    times = np.array([t.time_s for t in truth.landings])
    assert report.bouts[0].steps >= 8
    true_cadence = 120.0 / float(np.median(times[2:] - times[:-2]))
    assert report.cadence_steps_per_min == pytest.approx(true_cadence, rel=0.1)

