"""Quick glances from behind (held out): a build of 0.93 at 100 steps a minute (a 1.2 s gait cycle, 36 frames), a
quick look over the left shoulder with the head alone turned 58 degrees (0.8-1.3 s) and one over the right turned
64 (2.8-3.4 s), a look over the left with the head turned 40 degrees on a trunk twisted 40 the same way (4.2-5.0 s),
then a 28 degree head-down spell (5.5-7.9 s). Rendered after the back view's head turn was mapped onto the truth
piecewise (vision/head.py), to check it on glances, a walker and cameras it was not made on: `back_left_20_low`, a
phone on a low stool behind 20 degrees to the left at 3.6 m, 0.9 m high; `back_far_high`, a tripod straight behind
at 5.2 m, 1.6 m high; `back_right_6_chest`, a partner's phone behind 6 degrees to the right at 2.8 m, 1.35 m high."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 24, 40, head_deg=58)
    rows = E.glance(rows, 84, 102, head_deg=-64)
    rows = E.glance(rows, 126, 150, head_deg=40, trunk_deg=40)
    rows = E.head_down(rows, 165, 236, deg=28)
    return rows
