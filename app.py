"""RetroCoach in the browser: `streamlit run app.py`."""

import pandas  # noqa: F401 - whole before two script runs (a page and its progress fragment) meet in plotly,
import streamlit as st  # which looks pandas up without the import lock and fails on a half-imported one

st.set_page_config(page_title="RetroCoach", page_icon=":material/directions_walk:", layout="wide")
pages = st.navigation([
    st.Page("ui/pages/analyze_page.py", url_path="analyze", title="Analyze a clip", icon=":material/movie:",
            default=True),
    st.Page("ui/pages/live_page.py", url_path="live", title="Live coaching", icon=":material/videocam:"),
    st.Page("ui/pages/trainer_page.py", url_path="trainer", title="Trainer", icon=":material/assignment_ind:"),
])
pages.run()
