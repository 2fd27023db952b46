"""Good form with everything a coach must let pass, each just under its limit: a build of 0.97 at 95 steps a minute
(a 1.26 s gait cycle, 38 frames), knees bending past the limit (the swing's flexion beyond 30 degrees scaled 2.3
left, 1.4 right, as `full_knees_clean`), a glance at the floor with the head 30 degrees down for 1.2 s (1.5-2.7 s;
a spell must last 2 s), a look over the right shoulder with the head turned 55 degrees and the trunk 15 the same
way (3.5-4.3 s; a twist counts from 30) and a look over the left with the head alone turned 50 degrees for 1.0 s
(5.5-6.5 s): a coach must find nothing. Held out: rendered before the checks were touched again, from the side, in
front, behind and at an angle (cameras seen before: the motion is what is new)."""
import motion_edits as E


def edit(frames, rows):
    rows = E.full_knee(rows, 'Left', 2.3)
    rows = E.full_knee(rows, 'Right', 1.4)
    rows = E.head_down(rows, 45, 81, deg=30)
    rows = E.glance(rows, 105, 129, head_deg=-55, trunk_deg=-15)
    rows = E.glance(rows, 165, 195, head_deg=50)
    return rows
