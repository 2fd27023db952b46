"""Faults on both sides at a pace between the recorded and the fast one (a 1.2 s gait cycle, 100 steps a
minute): a glance over the right shoulder with the trunk twisted 35 degrees the same way early, a
25 degree head-down spell mid-walk (3.7-6.3 s), heel-first landings of both feet from 4.2 s, and both
knees kept to 55 % of their range. Held out: rendered before the checks were touched again, from two
cameras seen before and two new ones (`oblique_front_right_far`, 30 degrees off the side in front of
the walker's right at 5 m with a 50 mm lens; `back_left_low`, a phone on a low stool behind, 15
degrees to the left, 0.6 m high)."""
import motion_edits as E

PERIOD = 36  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
RIGHT_LANDINGS = (127, 163, 199, 235)  # the unedited 36-frame loop's landings from 4.2 s
LEFT_LANDINGS = (144, 180, 216)


def edit(frames, rows):
    rows = E.glance(rows, 40, 70, head_deg=-50, trunk_deg=-35)
    rows = E.head_down(rows, 110, 190, deg=25)
    for side, landings in (('Right', RIGHT_LANDINGS), ('Left', LEFT_LANDINGS)):
        rows = E.heel_first(rows, side, landings, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Left', keep=0.55)
    rows = E.stiff_knee(rows, 'Right', keep=0.55)
    return rows
