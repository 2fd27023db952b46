"""A recording as people make them: the walker takes a step, stands still for 1 s, walks backwards for
5 s and stops for the clip's last 1.4 s, on a slimmer body (make_test_set.py OTHER_BODIES) at 120
steps a minute (a 1.0 s gait cycle, a pace no other walk has). Faults: a glance over the left shoulder
with the trunk twisted 35 degrees the same way, heel-first landings of the right foot, a 25 degree
head-down spell that lasts until the walker stops, and the right knee kept to half its range.
Held out: rendered before the checks were touched again, from the side and three new cameras
(`front_right_desk`, a laptop 2.2 m away 20 degrees to the walker's right at 0.8 m; `side_far_tele`, a
camera 8 m away with an 85 mm lens; `oblique_back_left_far`, behind-left 40 degrees off at 4.5 m)."""
import motion_edits as E

PERIOD = 30  # frames a cycle (render/make_test_set.py PACE)
SCALE = PERIOD / 33  # against the recorded cycle's frames
START, START_STAND = 17, 30  # frames: just after the unedited loop's right landing at 16; 1 s
STOP = 197  # output frame: just after the right landing at unedited 166, 30 frames later for the first stand
RIGHT_LANDINGS = (76, 106, 136)  # the unedited 30-frame loop's right landings from 2.5 s


def edit(frames, rows):
    rows = E.glance(rows, 40, 72, head_deg=60, trunk_deg=35)
    rows = E.head_down(rows, 95, 168, deg=25)
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55, before=round(10 * SCALE), after=round(8 * SCALE))
    rows = E.stiff_knee(rows, 'Right', keep=0.5)
    rows = E.pause(rows, START, START_STAND)
    return E.pause(rows, STOP, len(rows) - STOP)
