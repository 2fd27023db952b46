"""Placeholder pages for what is being built next."""

from __future__ import annotations

import streamlit as st

PLANS = {
    "Live coaching": "Walk backwards in front of your webcam and get cues on the picture as you go: "
                     "the same checks as for an uploaded clip, over the last few seconds.",
    "Trainer": "Keep clients, their sessions and notes, review videos and see progress over weeks.",
}


def render(title: str) -> None:
    st.title(title)
    st.info(f"Coming soon. {PLANS[title]}")
    st.page_link("ui/pages/analyze.py", label="Meanwhile, analyse a clip", icon=":material/movie:")
