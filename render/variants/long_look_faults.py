"""A stare back (held out): a build of 1.04 at 97 steps a minute (a 1.23 s gait cycle, 37 frames), a look over the
right shoulder with the head alone turned 72 degrees held for 2.8 s (1.0-3.8 s, past the check's 2 s: a stare, not
a glance), then a 26 degree head-down spell (5.0-7.5 s); the walker's own knees. Rendered before the checks were
touched again, from two cameras seen before (`back`, `side_left`) and two new ones: `front_left_10`, a tripod in
front 10 degrees to the walker's left at 3.2 m, 1.2 m high; `back_right_12_low`, a phone on a low stool behind,
12 degrees to the right at 3.3 m, 0.9 m high."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 30, 114, head_deg=-72)
    rows = E.head_down(rows, 150, 225, deg=26)
    return rows
