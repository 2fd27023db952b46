"""Faults early in the walk, at a pace no other variant has (a 1.3 s gait cycle): a head-down spell of
28 degrees from the first step (0-2.6 s: the walk's first steps are not a neutral), a glance over the
left shoulder with the head alone, then one with the trunk twisted 35 degrees the same way, heel-first
landings of the right foot from 4.6 s, and a left knee kept to 60 % of its range. Held out: rendered
before the checks were touched again, from two cameras seen before and two new ones (`side_floor`, a
phone propped on the floor beside the walker; `back_right_near`, a partner filming from behind and 22
degrees to the right)."""
import motion_edits as E

PERIOD = 39  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (138, 177, 216)  # the unedited 39-frame loop's right landings from 4.6 s


def edit(frames, rows):
    rows = E.head_down(rows, 0, 78, deg=28)
    rows = E.glance(rows, 96, 114, head_deg=70)
    rows = E.glance(rows, 150, 180, head_deg=50, trunk_deg=35)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Left', keep=0.6)
    return rows
