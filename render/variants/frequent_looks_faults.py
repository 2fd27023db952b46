"""Looking back too often (held out): a build of 1.08 at 103 steps a minute (a 1.17 s gait cycle, 35 frames), a
quick look with the head alone every 2 s, alternating sides (over the right shoulder turned 72 degrees at 0.7-1.3 s
and 4.7-5.3 s, over the left turned 78 at 2.7-3.3 s and 6.7-7.3 s): four looks in 8 s, each good form alone, too
many together (the check's limit is 6 a minute, from the third look on). The walker's own knees, nothing else
edited. Rendered before the checks were touched again, from cameras seen before: the motion is what is new."""
import motion_edits as E


def edit(frames, rows):
    for start, head_deg in ((20, -72), (80, 78), (140, -72), (200, 78)):
        rows = E.glance(rows, start, start + 18, head_deg=head_deg)
    return rows
