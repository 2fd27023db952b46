"""The unedited walk turning round: the same 180 degree pivot on the spot as `turn_faults` (1.5 s after
the right foot's landing at 3.9 s), no fault scripted: the rules must find nothing on either side of the
turn but the subject's own knee range. Held out: rendered after the rules were set."""
import motion_edits as E

TURN, TURNING = 119, 45  # frames: 2 frames after the unedited loop's right landing at 117; 1.5 s


def edit(frames, rows):
    return E.turn(rows, TURN, TURNING)
