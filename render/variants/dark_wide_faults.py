"""Dressed in black, filmed in 16:9 (held out): a build of 0.95 at 100 steps a minute (a 1.2 s gait cycle, 36
frames) in a black top and leggings with grey shoes, filmed at 960x540 as a phone or webcam held landscape films: a
look over the left shoulder with the head alone (0.8-1.6 s, 55 degrees: good form), a 30 degree head-down spell
(2.2-5.0 s), a look over the right shoulder with the trunk twisted 38 degrees the same way (5.7-6.5 s), heel-first
landings of the right foot from 4.2 s and the left knee kept to half its range. Rendered before the checks were
touched again, from three new cameras: `side_wide`, at the walker's right 4 m off, 1.05 m high; `back_wide`,
behind 7 degrees to the left at 3.2 m, 1.2 m high; `oblique_front_left_wide`, 40 degrees off the front-left at
3.4 m, 1.25 m high (26-28 mm)."""
import motion_edits as E

PERIOD = 36  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (127, 163, 199, 235)  # the unedited 36-frame loop's right landings from 4.2 s


def edit(frames, rows):
    rows = E.glance(rows, 24, 48, head_deg=55)
    rows = E.head_down(rows, 66, 150, deg=30)
    rows = E.glance(rows, 171, 195, head_deg=-60, trunk_deg=-38)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Left', keep=0.5)
    return rows
