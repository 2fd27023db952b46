"""Good form with a full knee bend: the recorded walker's knees bend 33 and 42 degrees a stride, under the coaching
limit of 45, so every other walk is a reduced knee range; here the swing's flexion beyond 30 degrees is scaled (left
2.3, right 1.4 times) to 53 and 52 a stride, at 103 steps a minute (a 1.17 s gait cycle, 35 frames), with one look
over the left shoulder with the head alone (4.0-4.6 s, 45 degrees) and nothing else: a coach must find nothing.
Held out: rendered before the checks were touched again, from the side at either hand (one new: `side_left_upright`,
a phone held upright at the left, 3 m, 1.2 m high), from an upright phone at the right and in front, and at an
angle."""
import motion_edits as E


def edit(frames, rows):
    rows = E.full_knee(rows, 'Left', 2.3)
    rows = E.full_knee(rows, 'Right', 1.4)
    rows = E.glance(rows, 114, 144, head_deg=45)
    return rows
