"""Uneven knees at hip height (held out): a build of 1.1 at 112 steps a minute (a 1.07 s gait cycle, 32 frames),
the left knee bending fully (its swing's flexion beyond 30 degrees scaled 2.1 times) and the right kept to 55 % of
its range, with a 27 degree head-down spell (4.3-6.4 s) and nothing else, from two new cameras at hip height:
`side_right_hip`, a phone on a low stool at the walker's right, 3.2 m off, 0.9 m high, with a wide lens, where the
far knee is the full one; and `side_left_hip`, a tripod at the left, 3.9 m off, 1.0 m high, where it is the stiff
one. Rendered after the far knee's straightest reading was taken where the knees are apart, before anything else
was touched, to check that change on a walker it was not measured on."""
import motion_edits as E


def edit(frames, rows):
    rows = E.full_knee(rows, 'Left', 2.1)
    rows = E.stiff_knee(rows, 'Right', keep=0.55)
    rows = E.head_down(rows, 130, 192, deg=27)
    return rows
