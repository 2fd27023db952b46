"""Every colour RetroCoach draws with: the annotated video, the live picture, the charts and the reports.

One table, so the left leg is the same orange on the video, in the page's charts and in the HTML
report, and a toe-first landing the same green everywhere. Hex strings for the web and matplotlib;
`rgb` for OpenCV's drawing on RGB frames.
"""

from __future__ import annotations

LEFT = "#ff8c00"
RIGHT = "#00a0e6"
LEG = {"left": LEFT, "right": RIGHT}
CENTRE = "#ebebeb"  # head and trunk lines on the video
CUE = "#ff503c"  # the cue's text on the video
# Which part of the foot landed first ("unseen": square on, where the foot points at the camera).
PART = {"toe": "#2e9d55", "heel": "#d9472b", "flat": "#c9a400", "unseen": "#9aa5b1"}
STATUS = {"ok": "#2e9d55", "fault": "#d9472b", "not_assessable": "#9aa5b1"}
FAULT = STATUS["fault"]  # limits, fault spans, measures over time
FAULT_FILL = "rgba(217, 71, 43, 0.12)"
DONE = STATUS["ok"]
HEAD_PITCH = "#6a4c93"
HEAD_YAW = "#1982c4"
TWIST = "#8ac926"
MUTED = "#5b6776"  # plans, secondary text
INK = "#1d2733"
LINE = "#d6dde6"
ACTIVITY = {"walking backward": "#2e9d55", "walking forward": "#9aa5b1", "running backward": "#6a4c93",
            "running forward": "#b39ddb", "standing": "#f2c14e", "turning": "#f08a24", "not clear": LINE}


def rgb(colour: str) -> tuple[int, int, int]:
    """'#ff8c00' as (255, 140, 0)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
