"""A recording that starts with the walk to the start: 3 s walking forwards (towards the front camera)
looking down at the floor, 0.5 s standing, then backward walking back the way the walker came, facing
the same way (the kit's `walk_forwards_first`). In the backward walk: a glance over the right shoulder
with the trunk twisted 45 degrees the same way, the left foot's landings heel first from its second,
and a 25 degree head-down spell to the end. The forward walk's heel strikes and head-down spell are not
backward walking and must not be coached. Held out: rendered before the checks were touched again."""
import motion_edits as E

FORWARD, STAND = 90, 15  # frames: 3 s forwards, 0.5 s standing
BACK = FORWARD + STAND  # the backward walk's first frame; the unedited loop lands the left foot at its 0
LEFT_LANDINGS = tuple(BACK + k * 33 for k in (1, 2, 3))  # from its second: 4.6, 5.7 and 6.8 s


def edit(frames, rows):
    rows = E.walk_forwards_first(rows, FORWARD, STAND)
    rows = E.head_down(rows, 15, 80, deg=25)
    rows = E.glance(rows, 112, 140, head_deg=-60, trunk_deg=-45)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55)
    return E.head_down(rows, 160, 239, deg=25)
