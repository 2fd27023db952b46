"""A heavier build (1.2) at 106 steps a minute (a 1.13 s gait cycle, 34 frames): a look over the left shoulder
with the head alone (1.0-1.8 s, 60 degrees), a 27 degree head-down spell (2.2-5.0 s), a look over the right
shoulder with the trunk twisted 35 degrees the same way (5.6-6.4 s) and the right knee kept to half its range.
Held out of the side view's twist rule (rendered after it was changed, to check it): from the side at either
hand, a new low camera at the walker's right (`side_right_low`, 0.7 m high at 3.5 m), in front and behind."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 30, 54, head_deg=60)
    rows = E.head_down(rows, 66, 150, deg=27)
    rows = E.glance(rows, 168, 192, head_deg=-55, trunk_deg=-35)
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    return rows
