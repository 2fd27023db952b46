"""Good form with the looks a careful walker takes: a build between the others (1.06) at 97 steps a minute (a
1.23 s gait cycle, 37 frames), a look over the right shoulder with the head alone (1.6-2.4 s, 50 degrees) and one
over the left (5.6-6.4 s, 55 degrees), nothing else edited: the rules must find the two looks, call neither
twisted, and find nothing else but the subject's own knee range. Held out: rendered before the checks were
touched again, from four new cameras (`front_laptop_low`, a laptop in front on a low table, 2.4 m, 0.95 m high,
wide lens; `back_right_tripod`, behind 10 degrees to the right, 3.5 m, 1.15 m high; `side_left_phone`, at the
walker's left, 4 m, 1.1 m high; `oblique_back_left_30`, behind 30 degrees to the left, 3.8 m, 1.0 m high)."""
import motion_edits as E


def edit(frames, rows):
    rows = E.glance(rows, 48, 72, head_deg=-50)
    rows = E.glance(rows, 168, 192, head_deg=55)
    return rows
