"""Bouts in words, the same on the annotated video, the live picture, the page and the command line."""

from __future__ import annotations

from vision.bouts import Bout

PAUSED_CUE = "{what} - coaching resumes when you walk backwards"


def bout_words(activity: str, direction: str) -> str:
    """'walking backward', 'walking forward', 'running backward', 'standing', 'turning', 'unknown'."""
    if activity in ("walking", "running") and direction != "none":
        return f"{activity} {direction}"
    return "not clear" if activity == "unknown" else activity


def paused_cue(bout: Bout) -> str | None:
    """What to say instead of a cue while the walker does something that is not coached."""
    if bout.coached or bout.activity in ("standing", "unknown"):
        return None
    what = {"walking": "Walking forwards", "turning": "Turning", "running": "Running"}[bout.activity]
    return PAUSED_CUE.format(what=what)
