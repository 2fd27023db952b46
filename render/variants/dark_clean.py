"""Good form in black, filmed 16:9 (held out): a build of 1.12 at 116 steps a minute (a 1.03 s gait cycle, 31
frames) in a black top and leggings with grey shoes, with one look over the right shoulder with the head alone (5.0-5.7
s, 60 degrees: good form) and nothing else, from three new cameras at 960x540: `front_webcam_wide`, a laptop's webcam
in front at 2.5 m, 1.0 m high (24 mm); `side_left_wide`, at the walker's left 3.8 m off, 1.0 m high (28 mm);
`back_high_wide`, behind 5 degrees to the right at 3.6 m on a shelf 1.6 m high (28 mm). Rendered before the checks
were touched again, to check that nothing is found on clean walking."""
import motion_edits as E


def edit(frames, rows):
    return E.glance(rows, 150, 171, head_deg=-60)
