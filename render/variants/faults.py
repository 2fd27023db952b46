"""Every scriptable fault in one 8 s walk, at separate times: a glance over the left shoulder with
trunk twist, one over the right shoulder with the head only, a head-down spell, and a stiff left knee."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 30, 58, head_deg=45, trunk_deg=40)
    rows = E.glance(rows, 75, 105, head_deg=-75)
    rows = E.head_down(rows, 130, 225, deg=25)
    rows = E.stiff_knee(rows, 'Left', keep=0.4)
    return rows
