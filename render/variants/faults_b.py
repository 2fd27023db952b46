"""The faults at other times and sides: a head-down spell early, a glance over the right shoulder
with trunk twist late, and both knees stiff."""
import motion_edits as E


def edit(frames, rows):
    rows = E.head_down(rows, 15, 100, deg=24)
    rows = E.glance(rows, 160, 195, head_deg=-50, trunk_deg=-40)
    rows = E.stiff_knee(rows, 'Left', keep=0.45)
    rows = E.stiff_knee(rows, 'Right', keep=0.45)
    return rows
