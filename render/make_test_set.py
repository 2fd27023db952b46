"""Regenerate the rendered test set in tests/rendered/ from this kit (never run by the tests).

usage: .venv/bin/python render/make_test_set.py --blender-python VENV_BPY/bin/python [--work DIR]
                                                [--variants clean,faults] [--views side,front,...] [--samples 1]
(without --variants and --views: every variant from the cameras it is rendered from, the whole set)

For each variant: an 8 s loop of one backward gait cycle, the variant's motion edit (render/variants/),
ground truth (per-frame CSV, events JSON), every view rendered with a following camera, and each
view encoded as a small H.264 clip beside the truth (an upright phone's as a phone stores it: landscape frames
turned upright by a display rotation). Rendering takes about 1 s a frame a view on
two cores at one sample (OIDN denoised), so the whole set takes an hour or more.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent
OUT = KIT.parent / "tests" / "rendered"
VIEWS = ("side,front,back,oblique,oblique_back,front_low,back_high,oblique_left,oblique_back_high,side_left,"
         "side_high,oblique_back_right,oblique_front_left")
LOOP_S = 8
# Variants on another body: the motion edit they reuse and the build (make_character.py --build).
OTHER_BODIES = {"broad_faults": ("faults", 1.3), "start_stop_faults": ("start_stop_faults", 0.85),
               "stocky_faults": ("stocky_faults", 1.15), "phone60_faults": ("phone60_faults", 0.92),
               "glance_clean": ("glance_clean", 1.06), "look_side_faults": ("look_side_faults", 1.2),
               "upright_phone_faults": ("upright_phone_faults", 0.95), "handheld_faults": ("handheld_faults", 1.1),
               "waist_up_faults": ("waist_up_faults", 1.05), "standing_faults": ("standing_faults", 0.9),
               "uneven_knees_faults": ("uneven_knees_faults", 1.1), "dark_wide_faults": ("dark_wide_faults", 0.95),
               "dark_clean": ("dark_clean", 1.12), "far_looks_faults": ("far_looks_faults", 1.02),
               "near_miss_clean": ("near_miss_clean", 0.97), "frequent_looks_faults": ("frequent_looks_faults", 1.08),
               "rehab_pace_faults": ("rehab_pace_faults", 0.9),
               "long_look_faults": ("long_look_faults", 1.04),
               "quick_glances_faults": ("quick_glances_faults", 0.93)}
# Variants at another pace: the gait cycle's period in frames at 30 fps (recorded: 33, 1.1 s).
RECORDED_PERIOD = 33
PACE = {"slow_faults": 45, "fast_faults": 27, "slow_clean": 45, "fast_clean": 27, "early_faults": 39, "mixed_faults": 36,
        "start_stop_faults": 30, "stocky_faults": 40, "phone60_faults": 35, "glance_clean": 37,
        "look_side_faults": 34, "upright_phone_faults": 31, "full_knees_clean": 35,
        "handheld_faults": 38, "waist_up_faults": 36, "standing_faults": 34, "uneven_knees_faults": 32,
        "dark_wide_faults": 36, "dark_clean": 31, "far_looks_faults": 34, "near_miss_clean": 38,
        "frequent_looks_faults": 35, "rehab_pace_faults": 42, "long_look_faults": 37,
        "quick_glances_faults": 36, "rolled_faults": 36}
CRF = "26"  # keeps a 640x480, 8 s clip well under 1 MB
VARIANTS = ("clean,faults,faults_b,heel_first,broad_faults,slow_faults,fast_faults,pause_faults,turn_faults,"
            "slow_clean,fast_clean,turn_clean,late_faults,early_faults,mixed_faults,start_stop_faults,"
            "there_and_back_faults,treadmill_faults,stocky_faults,phone60_faults,glance_clean,"
            "look_side_faults,upright_phone_faults,full_knees_clean,handheld_faults,waist_up_faults,"
            "standing_faults,uneven_knees_faults,dark_wide_faults,dark_clean,far_looks_faults,near_miss_clean,"
            "frequent_looks_faults,rehab_pace_faults,long_look_faults,quick_glances_faults,head_down_walk_faults,"
            "rolled_faults")
# Variants whose walker wears another outfit (render_blender.py --outfit; the rest wear red).
OUTFIT = {"upright_phone_faults": "light", "dark_wide_faults": "dark", "dark_clean": "dark"}
# Variants filmed at another frame rate than the mocap's 30 fps: the loop is resampled to as many more frames
# (the same walk, each cycle over fps/30 times the frames) and the clip is encoded at that rate.
FPS = {"phone60_faults": 60}
# Variants whose walker stops or turns: the cameras follow the pelvis path, so they stop and come back too
# (render_blender.py --follow-path).
STOPS = {"pause_faults", "turn_faults", "turn_clean", "start_stop_faults", "there_and_back_faults"}
# Variants walked in place, as on a treadmill (loop_cycles.py --in-place): the cameras stand still.
IN_PLACE = {"treadmill_faults"}
# Variants filmed from where each camera stands (render_blender.py without --follow): the walker walks away from
# the cameras in front, up to those behind and across those at the side.
STANDING = {"waist_up_faults", "standing_faults"}
# Variants rendered from fewer cameras than all of VIEWS (the rest from all).
VIEWS_OF = {"broad_faults": "side,front,back,oblique,oblique_back,front_low",
            "slow_faults": "side,side_left,front,back,oblique,oblique_left",
            "fast_faults": "side,side_left,front_low,back_high,oblique_back_high,oblique_front_left",
            "pause_faults": "side,front_low,oblique",
            "turn_faults": "side,front_low,oblique,back_high",
            "slow_clean": "side,side_left,front,back_high,oblique,oblique_back",
            "fast_clean": "side,side_left,front,back_high,oblique,oblique_back",
            "turn_clean": "side_left,front,back,oblique_left",
            "late_faults": "side_left,front,back,oblique,front_high",
            "early_faults": "side,front_low,oblique_left,side_floor,back_right_near",
            "mixed_faults": "side_left,front,oblique_front_right_far,back_left_low",
            "start_stop_faults": "side,front_right_desk,side_far_tele,oblique_back_left_far",
            "there_and_back_faults": "side,front,back_high,oblique_left",
            "treadmill_faults": "side,front_low,back_high,oblique_left",
            "stocky_faults": "front_left_shelf,side_left_high,back_far,oblique_front_right_near",
            "phone60_faults": "side_right_near,front_right_tripod,back_left_phone,oblique_front_left_high",
            "glance_clean": "front_laptop_low,back_right_tripod,side_left_phone,oblique_back_left_30",
            "look_side_faults": "side,side_left,side_right_low,front,back",
            "upright_phone_faults": "side_upright_phone,back_upright_phone,front_upright_phone,"
                                    "oblique_front_right_upright",
            "full_knees_clean": "side,side_left_upright,side_upright_phone,oblique,front_upright_phone",
            "handheld_faults": "side_handheld,back_handheld_upright,front_handheld,side_left_handheld_upright",
            "waist_up_faults": "front_waist_up,side_waist_up,back_waist_up,front_desk_close",
            "standing_faults": "front_table_standing,side_tripod_standing,back_tripod_standing,oblique_front_standing",
            "uneven_knees_faults": "side_right_hip,side_left_hip",
            "dark_wide_faults": "side_wide,back_wide,oblique_front_left_wide",
            "dark_clean": "front_webcam_wide,side_left_wide,back_high_wide",
            "far_looks_faults": "back_tripod_4m,back_right_18,front_right_8",
            "near_miss_clean": "side,front,back,oblique",
            "frequent_looks_faults": "side_left,front_low,back_high,oblique_back",
            "rehab_pace_faults": "side,oblique_left,oblique_back_right_60,side_right_far",
            "long_look_faults": "back,side_left,front_left_10,back_right_12_low",
            "quick_glances_faults": "back_left_20_low,back_far_high,back_right_6_chest",
            "rolled_faults": "side_rolled,front_rolled,back_rolled,oblique_rolled",
            "head_down_walk_faults": "side,front,back,oblique,front_low,front_high,back_high"}


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=KIT)


def make_variant(name: str, blender_python: str, work: Path, views: str, samples: int) -> None:
    fps = FPS.get(name, 30)
    period = PACE.get(name, RECORDED_PERIOD) * fps // 30
    in_place = name in IN_PLACE
    loop = work / (("loop" if period == RECORDED_PERIOD else f"loop_{period}") + ("_in_place" if in_place else "")
                   + ("" if fps == 30 else f"_{fps}fps") + ".txt")
    if not loop.exists():
        run(sys.executable, "scripts/loop_cycles.py", "mocap/69_51_sub30.txt", loop,
            "--start", "25", "--end", "58", "--frames", str(LOOP_S * fps), "--period", str(period),
            *(["--in-place"] if in_place else []))
    anim = work / f"{name}.npz"
    motion, build = OTHER_BODIES.get(name, (name, 1.0))
    edit = KIT / "variants" / f"{motion}.py"
    run(sys.executable, "scripts/make_character.py", loop, anim, *([edit] if edit.exists() else []),
        "--foot-pitch", "-6,-6.5", "--build", str(build), "--fps", str(fps))
    target = OUT / name
    target.mkdir(parents=True, exist_ok=True)
    run(sys.executable, "scripts/export_gt.py", anim, target / "truth")
    frames = work / f"{name}_render"
    run(blender_python, "scripts/render_blender.py", anim, frames, "--views", views,
        *([] if name in STANDING else ["--follow"]),
        *(["--follow-path"] if name in STOPS else []), "--samples", str(samples),
        "--outfit", OUTFIT.get(name, "red"))
    for view in views.split(","):
        run(sys.executable, "scripts/make_video.py", frames / view, target / f"{view}.mp4", "--crf", CRF,
            "--fps", str(fps), "--as-phone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blender-python", required=True, help="a Python 3.11 with bpy==5.0.1")
    parser.add_argument("--work", type=Path, default=KIT / "work")
    parser.add_argument("--variants", default=VARIANTS)
    parser.add_argument("--views", default=None, help="default: the cameras each variant is rendered from")
    parser.add_argument("--samples", type=int, default=1)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for name in args.variants.split(","):
        make_variant(name, args.blender_python, args.work.resolve(), args.views or VIEWS_OF.get(name, VIEWS),
                     args.samples)


if __name__ == "__main__":
    main()
