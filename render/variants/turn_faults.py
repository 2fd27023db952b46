"""A walk that turns round: backward walking, a 180 degree pivot on the spot over 1.5 s after the right
foot's landing at 3.9 s, then backward walking the other way (a real recording's walker turning at the
end of a hallway; the camera sees the other side, or the back instead of the face). The left foot's
landings heel first on both sides of the turn, a head-down spell after it (its neutral learned from the
first steps, facing the other way), and a glance over the right shoulder without trunk twist before it.
Held out: rendered after the rules were set."""
import motion_edits as E

TURN, TURNING = 119, 45  # frames: 2 frames after the unedited loop's right landing at 117; 1.5 s
# The unedited loop's left landings from its second (the last two fall after the turn).
LEFT_LANDINGS = (66, 99, 132, 165)


def edit(frames, rows):
    rows = E.glance(rows, 40, 70, head_deg=-70)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55)
    rows = E.head_down(rows, 118, 195, deg=28)
    return E.turn(rows, TURN, TURNING)
