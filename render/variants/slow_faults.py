"""A slower walk (the gait cycle resampled from 1.1 s to 1.5 s: about 80 steps a minute, as in a
rehabilitation session) with faults at other times than the other variants': a head-down spell,
a glance over the left shoulder with trunk twist, heel-first landings of the left foot and a stiff
right knee. Held out: rendered after the rules were set, to check them on other timings."""
import motion_edits as E

PERIOD = 45  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
LEFT_LANDINGS = range(PERIOD, 240, PERIOD)  # the unedited slow loop's left landings (phase 0 of the cycle)


def edit(frames, rows):
    rows = E.head_down(rows, 45, 135, deg=25)
    rows = E.glance(rows, 165, 200, head_deg=45, trunk_deg=40)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Right', keep=0.4)
    return rows
