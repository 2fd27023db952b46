"""Filmed with a phone held upright (480x640, stored as phones store it: landscape frames turned upright by the
container's display rotation), on a slimmer build (0.95) in another outfit (a pale grey shirt near the wall's grey,
black trousers, white shoes on the grey floor) at 116 steps a minute (a 1.03 s gait cycle, 31 frames): a look over
the left shoulder with the trunk twisted 35 degrees the same way (1.0-1.8 s), a 30 degree head-down spell
(2.8-5.4 s), heel-first landings of the right foot from 5.7 s, a look over the right shoulder with the head alone
(6.2-7.0 s, 60 degrees) and the left knee kept to half its range. Held out: rendered before the checks were touched
again, from four new upright-phone cameras (`side_upright_phone`, at the right, 2.6 m, 1.3 m high;
`back_upright_phone`, a partner behind 5 degrees to the right, 3 m, 1.45 m high; `front_upright_phone`, on a
tripod in front 10 degrees to the left, 2.8 m, 1.0 m high; `oblique_front_right_upright`, 40 degrees off the side
in front of the walker's right, 3 m, 1.2 m high; all 26 mm)."""
import motion_edits as E

PERIOD = 31  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (172, 203, 234)  # the unedited 31-frame loop's right landings from 5.7 s


def edit(frames, rows):
    rows = E.glance(rows, 30, 54, head_deg=55, trunk_deg=35)
    rows = E.head_down(rows, 84, 162, deg=30)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.glance(rows, 186, 210, head_deg=-60)
    rows = E.stiff_knee(rows, 'Left', keep=0.5)
    return rows
