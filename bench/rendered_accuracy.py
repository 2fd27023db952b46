"""How close each measure comes to the rendered truth, per view: the figures in the README's accuracy table.

usage: .venv/bin/python bench/rendered_accuracy.py [--cache DIR] [--variants clean,faults] [--views side,front]

Pose tracks are cached (keyed by the clip's bytes), so a change to the kinematics or the rules
re-runs in seconds. Prints per clip: the view told, each check's verdict and findings, knee range
measured against the truth, the head's tilt above its neutral against the truth's above its own where it
is measured, and landing parts; then per view told, how many of the truth's looks (the head turned 40
degrees or more) were called twisted, those with the trunk twisted 30 degrees or more and those with the
head alone.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.helpers

from coaching.analysis import Analysis, analyse_track, analyze  # noqa: E402
from coaching.config import Thresholds  # noqa: E402
from coaching.rules.head_down import NEUTRAL_PERCENTILE, tilt_deg  # noqa: E402
from coaching.rules.shoulder_check import CUE_TWIST  # noqa: E402
from tests.helpers.rendered import FEET, VIEWS, Truth, clip, load_truth, variants  # noqa: E402
from vision.kinematics import true_runs  # noqa: E402
from vision.landmarks import write_csv  # noqa: E402


def analysed(path: Path, cache: Path) -> Analysis:
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = cache / f"{key}.csv"
    if not cached.exists():
        first = analyze(path)
        write_csv(first.motion.source_track, cached)
        return first
    fresh = analyze(cached)
    return analyse_track(fresh.motion.source_track, Thresholds(), fresh.report.source)


def _series_error(measured: np.ndarray, truth: np.ndarray) -> str:
    n = min(len(measured), len(truth))
    ok = ~np.isnan(measured[:n])
    if ok.sum() < 10:
        return "not measured"
    diff = measured[:n][ok] - truth[:n][ok]
    r = np.corrcoef(measured[:n][ok], truth[:n][ok])[0, 1]
    return f"bias {diff.mean():+5.1f}  mae {np.abs(diff).mean():4.1f}  r {r:+.2f}"


def looks_called_twisted(analysis: Analysis, truth: Truth) -> Counter:
    """The truth's looks (the head turned 40 degrees or more for over 5 frames) by (view told, twisted in the
    truth, called twisted)."""
    twisted = [f for f in analysis.report.findings if f.cue == CUE_TWIST]
    tally: Counter = Counter()
    for lo, hi in true_runs(np.abs(truth.head_yaw_deg) >= 40.0):
        if hi - lo > 5:
            start_s, end_s = truth.time_s[lo], truth.time_s[hi - 1]
            called = any(f.start_s < end_s and f.end_s > start_s for f in twisted)
            tally[analysis.report.view, bool(np.max(np.abs(truth.trunk_twist_deg[lo:hi])) >= 30.0), called] += 1
    return tally


def report_clip(variant: str, view: str, cache: Path) -> Counter:
    truth = load_truth(variant)
    analysis = analysed(clip(variant, view), cache)
    report, kin = analysis.report, analysis.motion.kinematics
    print(f"\n== {variant} / {view}: told {report.view}, {report.direction}, "
          f"seen {100 * report.person_detected_fraction:.0f} %")
    for name, check in report.checks.items():
        print(f"  {name:22s} {check.status:15s} {check.reason}")
    for f in report.findings:
        print(f"    {f.start_s:5.2f}-{f.end_s:5.2f} s {f.rule}: {f.message}")
    for s in truth.spells:
        print(f"    truth {s.kind} {s.side or ''} {s.start_s:.2f}-{s.end_s:.2f} s")
    print("  knee range measured " + ", ".join(
        f"{foot} {report.knee_rom_deg.get(foot)} (truth {truth.knee_rom_deg(foot):.1f})" for foot in FEET))
    # the tilt the head-down rule compares with its limit: the raw pitch carries a per-view offset
    true_tilt = truth.head_pitch_deg - np.percentile(truth.head_pitch_deg, NEUTRAL_PERCENTILE)
    print(f"  head tilt   {_series_error(tilt_deg(analysis.motion), true_tilt)}")
    print(f"  head yaw    {_series_error(np.abs(kin.head_yaw_deg), np.abs(truth.head_yaw_deg))}")
    print(f"  twist       {_series_error(kin.twist_deg, np.abs(truth.trunk_twist_deg))}")
    for foot in FEET:
        knee = kin.knee(foot)
        print(f"  knee {foot:5s}  {_series_error(knee, truth.knee_deg[foot])}")
    parts = [c.part for c in report.contacts]
    print(f"  landings measured {len(parts)} ({parts.count('toe')} toe), truth {len(truth.landings)} "
          f"({sum(c.part == 'toe' for c in truth.landings)} toe)")
    return looks_called_twisted(analysis, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/retrocoach-rendered-tracks"))
    parser.add_argument("--variants", default=",".join(variants()))
    parser.add_argument("--views", default=",".join(VIEWS))
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    looks: Counter = Counter()
    for variant in args.variants.split(","):
        for view in args.views.split(","):
            if clip(variant, view).exists():
                looks += report_clip(variant, view, args.cache)
    print("\nlooks called twisted, by the view told:")
    for told in sorted({key[0] for key in looks}):
        for truly, kind in ((True, "twisted"), (False, "head alone")):
            total = looks[told, truly, True] + looks[told, truly, False]
            if total:
                print(f"  {told:8s} {kind:10s} {looks[told, truly, True]} of {total}")


if __name__ == "__main__":
    main()
