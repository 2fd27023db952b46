"""Filmed close, the feet out of the picture for a while (a laptop on a desk a step away, a tripod beside the
walker's path): a build of 1.05 at 100 steps a minute (a 1.2 s gait cycle, 36 frames), the cameras standing where
they were put. A look over the left shoulder with the trunk twisted 38 degrees the same way (0.6-1.4 s, the walker
a step or two from the cameras in front, the feet out of their picture), a 27 degree head-down spell (3.0-5.4 s,
crossing the side camera's picture with the knees at its foot), a look over the right shoulder with the head alone
(6.6-7.4 s, 60 degrees, close to the camera behind) and the right knee kept to half its range. Held out: rendered
before the checks were touched again, from four new cameras (`front_waist_up`, a laptop in front 9 degrees to the
right, 1.15 m high, that the walker walks away from, 1.3 m to 5.6 m; `front_desk_close`, a laptop straight in front,
1.25 m high, 1.0 m to 5.3 m; `back_waist_up`, behind 8 degrees to the left, 1.2 m high, that the walker walks up to,
5.8 m to 1.5 m; `side_waist_up`, a tripod at the walker's right, 2.2 m from the path, 1.35 m high, 35 mm, the
walker crossing its picture in 4 s; the rest 26 mm)."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 18, 42, head_deg=55, trunk_deg=38)
    rows = E.head_down(rows, 90, 162, deg=27)
    rows = E.glance(rows, 198, 222, head_deg=-60)
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    return rows
