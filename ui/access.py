"""Who may use the Analyze and Live pages: anyone who reaches the server (the default, for a
machine that only its owner reaches), or only a signed-in trainer (RETROCOACH_REQUIRE_SIGN_IN=1,
for a server others on the network can reach)."""

from __future__ import annotations

import os

import streamlit as st

REQUIRE_SIGN_IN_ENV = "RETROCOACH_REQUIRE_SIGN_IN"


def sign_in_required() -> bool:
    return os.environ.get(REQUIRE_SIGN_IN_ENV, "").strip().lower() in ("1", "true", "yes")


def allowed() -> bool:
    """True when this page may be used now; otherwise says where to sign in."""
    if not sign_in_required() or st.session_state.get("trainer_id") is not None:
        return True
    st.warning("This server asks everyone to sign in first: use the Trainer page, then come back.")
    st.page_link("ui/pages/trainer_page.py", label="Sign in on the Trainer page")
    return False
