"""The unedited walk at another pace (133 steps a minute, the gait cycle resampled to 0.9 s; render/make_test_set.py
PACE), no fault scripted: the rules must find nothing but the subject's own knee range. Held out: rendered
after the rules were set."""


def edit(frames, rows):
    return rows
