"""Bouts in words, the same on the annotated video, the live picture, the page and the command line."""

from __future__ import annotations

from vision.bouts import Bout

PAUSED_CUE = "{what} - coaching resumes when you walk backwards"


def bout_words(activity: str, direction: str) -> str:
    """'walking backward', 'walking forward', 'running backward', 'standing', 'turning', 'unknown'."""
    if activity in ("walking", "running") and direction != "none":
        return f"{activity} {direction}"
    return "not clear" if activity == "unknown" else activity


def steps_words(steps: int) -> str:
    """'11 steps', or 'steps not seen': a bout is found from the body's travel, so a bout without a
    counted step is one whose feet were out of the picture (a camera close to the walker)."""
    return f"{steps} steps" if steps else "steps not seen"


def paused_cue(bout: Bout) -> str | None:
    """What to say instead of a cue while the walker does something that is not coached."""
    if bout.coached or bout.activity in ("standing", "unknown"):
        return None
    what = {"walking": "Walking forwards", "turning": "Turning", "running": "Running"}[bout.activity]
    return PAUSED_CUE.format(what=what)
