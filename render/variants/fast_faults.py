"""A faster walk (the gait cycle resampled from 1.1 s to 0.9 s: about 133 steps a minute) with
faults at other times than the other variants': a head-down spell from the first steps, a glance
over the right shoulder with trunk twist, one over the left with the head only, the right foot's
last four landings (from 5 s) heel first and a partly stiff left knee. Held out: rendered after the
rules were set, to check them on other timings."""
import motion_edits as E

PERIOD = 27  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
# The unedited fast loop's last four right landings (at 18 of the recorded cycle's 33 frames).
RIGHT_LANDINGS = [round(18 * SCALE + PERIOD * k) for k in range(5, 9)]


def edit(frames, rows):
    rows = E.head_down(rows, 9, 90, deg=25)
    rows = E.glance(rows, 105, 126, head_deg=-45, trunk_deg=-40)
    rows = E.glance(rows, 180, 201, head_deg=75)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Left', keep=0.5)
    return rows
