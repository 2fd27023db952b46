"""Filmed from cameras that stand where they were put, the whole body in view: a laptop on a low table in front
that the walker steps away from, a tripod at the side that the walker passes, one behind that the walker comes up to,
and one 45 degrees off the front-right, on a slimmer build (0.9) at 106 steps a minute (a 1.13 s gait cycle, 34
frames): a look over the right shoulder with the trunk twisted 40 degrees the same way (2.0-2.8 s), a 28 degree
head-down spell (4.2-6.6 s), a look over the left shoulder with the head alone (7.0-7.6 s, 75 degrees) and the
left knee kept to half its range. Held out: rendered before the checks were touched again, from four new cameras
(`front_table_standing`, 10 degrees to the right, 0.8 m high, 2.2 m to 6.8 m; `side_tripod_standing`, at the
walker's right 4.5 m from the path, 1.0 m high; `back_tripod_standing`, 11 degrees to the left, 1.3 m high, 6.6 m
to 2.0 m; `oblique_front_standing`, 45 degrees off the front-right at 3.5 m at the start, 19 at the end, 1.1 m high; all
26 mm)."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 60, 84, head_deg=-60, trunk_deg=-40)
    rows = E.head_down(rows, 126, 198, deg=28)
    rows = E.glance(rows, 210, 228, head_deg=75)
    rows = E.stiff_knee(rows, 'Left', keep=0.5)
    return rows
