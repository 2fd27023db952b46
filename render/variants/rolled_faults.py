"""Filmed by cameras that stand askew (a phone propped against a bag, a laptop on an uneven table, a tripod on a
slope): each rolled 6-8 degrees about its view, so the picture's level is not the floor's. At 100 steps a minute
(a 1.2 s gait cycle): a look over the left shoulder with the trunk twisted 35 degrees the same way (1.5-2.4 s), a
26 degree head-down spell (4.0-6.5 s), heel-first landings of the right foot from 4.2 s, the left knee kept to
55 % of its range and a look over the right shoulder with the head alone late (7.0-7.6 s). Held out: rendered
before the checks were touched again, from four new cameras (`side_rolled`, at the right 4 m, 1.1 m high, rolled
8 degrees; `front_rolled`, a laptop in front at 2.8 m, 1.05 m high, rolled -7; `back_rolled`, behind 5 degrees to
the right at 3.3 m, 1.3 m high, rolled 6; `oblique_rolled`, 45 degrees off the front-right at 3.5 m, rolled -8)."""
import motion_edits as E

PERIOD = 36  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (127, 163, 199, 235)  # the unedited 36-frame loop's right landings from 4.2 s (mixed_faults.py)


def edit(frames, rows):
    rows = E.glance(rows, 45, 72, head_deg=55, trunk_deg=35)
    rows = E.head_down(rows, 120, 195, deg=26)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Left', keep=0.55)
    rows = E.glance(rows, 210, 228, head_deg=-55, trunk_deg=0)
    return rows
