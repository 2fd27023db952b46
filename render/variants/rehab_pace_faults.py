"""A rehab walker's faults (held out): a slighter build (0.9) at a slow rehab pace (86 steps a minute, a 1.4 s gait
cycle, 42 frames), the right knee kept to half its range all walk, heel-first landings of the left foot from 2.8 s,
and one look over the left shoulder with the trunk twisted 38 degrees the same way (head 55, 5.3-6.2 s). Rendered
before the checks were touched again, from two cameras seen before (`side`, `oblique_left`) and two new ones:
`oblique_back_right_60`, a low tripod behind the walker's right, 60 degrees off straight behind at 3.5 m, 0.8 m
high; `side_right_far`, a tripod at the walker's right at 6.5 m, 1.3 m high, with a 60 mm lens."""
import motion_edits as E

PERIOD = 42  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
LEFT_LANDINGS = (84, 126, 168, 210)  # the unedited 42-frame loop's left landings from 2.8 s


def edit(frames, rows):
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.glance(rows, 160, 186, head_deg=55, trunk_deg=38)
    return rows
