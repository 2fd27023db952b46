"""Filmed at 60 frames a second, as many phones record: a slimmer build (0.92) at 103 steps a minute (a 1.17 s
gait cycle, 70 frames), a glance over the right shoulder with the trunk twisted 38 degrees early (1.0-1.7 s), a
27 degree head-down spell (2.4-4.6 s), a look over the left shoulder with the head alone (5.2-5.85 s), the left
foot heel first from 4.6 s and the right knee kept to 55 % of its range. Every frame number here is a 60 fps
frame, and the ramps are 0.2 s (12 frames) as at 30 fps. Held out: rendered before the checks were touched
again, from four new cameras (`side_right_near`, a phone at the walker's right, 2.8 m, 1.2 m high, wide lens;
`front_right_tripod`, in front 15 degrees to the walker's right, 3.3 m, 1.3 m high; `back_left_phone`, behind
25 degrees to the left, 3.1 m, 1.4 m high; `oblique_front_left_high`, 45 degrees off the front-left on a high
shelf, 1.7 m, 3.3 m away)."""
import motion_edits as E

PERIOD = 70  # frames a cycle at 60 fps (render/make_test_set.py PACE 35 at 30 fps, FPS 60)
SCALE = PERIOD / 33  # against the recorded cycle's frames at 30 fps
RAMP = 12
LEFT_LANDINGS = (278, 348, 418)  # the unedited 70-frame loop's left landings from 4.6 s


def edit(frames, rows):
    rows = E.glance(rows, 60, 102, head_deg=-55, trunk_deg=-38, ramp=RAMP)
    rows = E.head_down(rows, 144, 276, deg=27, ramp=RAMP)
    rows = E.glance(rows, 312, 351, head_deg=65, ramp=RAMP)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Right', keep=0.55)
    return rows
