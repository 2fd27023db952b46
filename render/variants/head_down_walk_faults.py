"""Head down all walk (held out): the walker watches the floor from the first frame to the last, 28 degrees below
their own carriage, so the clip shows no head-up stretch to take a neutral from; the walker's own knees. From the
kit's four cameras (`side`, `front`, `back`, `oblique`)."""
import motion_edits as E


def edit(frames, rows):
    return E.head_down(rows, -1, len(rows), deg=28, ramp=1)
