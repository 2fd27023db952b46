"""Heel-first landings at known times: every landing of the right foot, and those of the left foot from
4 s on (its first three land toe first, as the rest of the walk does)."""
import motion_edits as E

RIGHT_LANDINGS = range(18, 240, 33)  # the unedited loop's toe-first landings (tests/rendered/clean/truth_events.json)
LEFT_LANDINGS = range(132, 240, 33)


def edit(frames, rows):
    rows = E.heel_first(rows, 'Right', RIGHT_LANDINGS, deg=55)
    rows = E.heel_first(rows, 'Left', LEFT_LANDINGS, deg=55)
    return rows
