"""Backward walking on a treadmill: the walk in place (`loop_cycles.py --in-place`: the feet slide back
under the walker through each stance, the pelvis stays put), as the seeds' practice settings film it
(a phone beside the treadmill, a laptop in front, a tripod behind). A 25 degree head-down spell early,
a glance over the left shoulder with the trunk twisted 45 degrees the same way, the right foot's last
three landings heel first and the left knee at half its range. Held out: rendered before the checks
were touched again."""
import motion_edits as E

RIGHT_LANDINGS = (150, 183, 216)  # the unedited loop's right landings from 5 s


def edit(frames, rows):
    rows = E.head_down(rows, 20, 95, deg=25)
    rows = E.glance(rows, 120, 150, head_deg=60, trunk_deg=45)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55)
    return E.stiff_knee(rows, 'Left', keep=0.5)
