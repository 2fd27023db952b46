"""Filmed by a partner holding a phone: every camera shakes (about a degree about each axis, swaying at 0.4 Hz and
trembling up to 6 Hz: render_blender.py shake_of), two of them held upright. A build of 1.1 at 95 steps a minute (a
1.27 s gait cycle, 38 frames): a look over the right shoulder with the trunk twisted 35 degrees the same way
(2.0-2.8 s), heel-first landings of the left foot from 3.8 s, a 26 degree head-down spell late (4.4-7.0 s) and the
right knee kept to 55 % of its range. Held out: rendered before the checks were touched again, from four new
cameras (`side_handheld`, at the right, 3.5 m, 1.25 m high; `back_handheld_upright`, behind 5 degrees to the left,
3.2 m, 1.4 m high; `front_handheld`, in front, 3 m, 1.4 m high; `side_left_handheld_upright`, at the left, 3.5 m,
1.1 m high)."""
import motion_edits as E

PERIOD = 38  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
LEFT_LANDINGS = (114, 152, 190, 228)  # the unedited 38-frame loop's left landings from 3.8 s


def edit(frames, rows):
    rows = E.glance(rows, 60, 84, head_deg=-55, trunk_deg=-35)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.head_down(rows, 132, 210, deg=26)
    rows = E.stiff_knee(rows, 'Right', keep=0.55)
    return rows
