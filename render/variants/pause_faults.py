"""A walk that stops: 2 s standing still in double support after the right foot's landing at 3.9 s,
then walking on, as a real recording with a pause. A head-down spell before the stop, and the left
foot's landings heel first from its second, on both sides of the stop. Held out: rendered after the
rules were set."""
import motion_edits as E

STOP, STAND = 119, 60  # frames: 2 frames after the unedited loop's right landing at 117; 2 s
# The unedited loop's left landings from its second (the last two fall after the stop).
LEFT_LANDINGS = (66, 99, 132, 165)


def edit(frames, rows):
    rows = E.head_down(rows, 20, 95, deg=25)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55)
    return E.pause(rows, STOP, STAND)
