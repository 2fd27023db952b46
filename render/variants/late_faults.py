"""Faults late in the walk and at other strengths: early on the trunk twisted 35 degrees to the left
with the head turned 60 degrees to the right on it (the face stays about forward: a twist, no glance),
then a glance over the right shoulder with the trunk twisted the same way, a head-down spell of 30
degrees in the second half (to 0.5 s before the clip's end), heel-first landings of the left foot from
4.4 s, and a right knee kept to half its range. Held out: rendered after the head-down spell's hold
was set, from four cameras seen before and a new one (`front_high`, a phone on a tripod in front and
a little to the right)."""
import motion_edits as E

LEFT_LANDINGS = (132, 165, 198)  # the unedited loop's left landings from 4.4 s, the last's stance in the clip


def edit(frames, rows):
    rows = E.glance(rows, 45, 75, head_deg=-60, trunk_deg=35)
    rows = E.glance(rows, 92, 118, head_deg=-60, trunk_deg=-35)
    rows = E.head_down(rows, 140, 225, deg=30)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55)
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    return rows
