"""A Streamlit progress bar for the analysis: frames done and time left."""

from __future__ import annotations

import time

import streamlit as st


class ProgressBar:
    """A Streamlit progress bar fed by the analysis's (done, total) callbacks, with time left."""

    def __init__(self) -> None:
        self._bar = st.progress(0.0, text="Starting the analysis…")
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        fraction = min(done / total, 1.0) if total else 0.0
        elapsed = time.monotonic() - self._start
        left = elapsed / fraction - elapsed if fraction > 0.02 else None
        text = f"Analysing frame {done} of {total}" + (f", about {left:.0f} s left" if left is not None else "")
        self._bar.progress(fraction, text=text)

    def empty(self) -> None:
        self._bar.empty()
