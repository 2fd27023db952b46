"""A stockier build (1.15) at a slow pace (a 1.33 s gait cycle, 90 steps a minute): a 28 degree
head-down spell early (1.3-3.8 s), a look over the left shoulder with the head alone, then one over
the right shoulder with the trunk twisted 35 degrees the same way, heel-first landings of the right
foot from 3 s and a right knee kept to half its range. Held out: rendered before the checks were
touched again, from four new cameras (`front_left_shelf`, a laptop on a shelf in front, 20 degrees
to the walker's left at 2.8 m, 1.1 m high; `side_left_high`, a phone on a tripod
at the walker's left, 1.6 m high at 3.2 m; `back_far`, straight behind at 5.5 m with a 50 mm lens;
`oblique_front_right_near`, 45 degrees off the front at 2.8 m, 1.0 m high, with a wide lens)."""
import motion_edits as E

PERIOD = 40  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (101, 141, 181, 221)  # the unedited 40-frame loop's right landings from 3 s


def edit(frames, rows):
    rows = E.head_down(rows, 40, 115, deg=28)
    rows = E.glance(rows, 140, 166, head_deg=60)
    rows = E.glance(rows, 190, 218, head_deg=-50, trunk_deg=-35)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    return rows
