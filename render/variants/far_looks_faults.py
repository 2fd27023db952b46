"""Far looks with the head alone (held out): a build of 1.02 at 106 steps a minute (a 1.13 s gait cycle, 34
frames), a look over the right shoulder with the head alone turned 78 degrees (0.9-1.7 s) and one over the left
turned 75 (3.2-4.0 s), as far as a neck turns, where the pose model swings the shoulders round for a moment, then
a look over the right shoulder with the head turned 45 degrees on a trunk twisted 42 the same way (5.5-6.4 s):
only the last is twisted. Rendered once a twisted look's twist had to hold through a quarter of it, and before
the front's twist was read against the hips alone (the front camera's miss of the twisted look prompted that),
from three new cameras: `back_tripod_4m`, straight behind at 4 m, 1.3 m high; `back_right_18`, behind 18 degrees
to the right at 3.3 m, 1.0 m high; `front_right_8`, in front 8 degrees to the right at 3 m, 1.15 m high."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 27, 51, head_deg=-78)
    rows = E.glance(rows, 96, 120, head_deg=75)
    rows = E.glance(rows, 165, 192, head_deg=-45, trunk_deg=-42)
    return rows
