"""Trainer workspace: sign in, clients, their sessions, review, progress, comparison, exports."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from coaching import accounts
from coaching.db import make_engine
from coaching.progress import progress
from coaching.store import NotFound, StoreError, Workspace
from ui.text import plain
from ui.trainer.client_view import client_form, edit_client
from ui.trainer.progress_view import compare_sessions, show_progress
from ui.trainer.review import review_session
from ui.trainer.sessions import add_session, session_list


@st.cache_resource
def engine() -> Engine:
    """One engine per server process, migrated to the latest schema on first use."""
    return make_engine()


def sign_in(eng: Engine) -> None:
    st.title("Trainer")
    if not accounts.has_trainers(eng):
        st.info("No trainer accounts yet. Create the first one here (more later with "
                "`retrocoach admin add-trainer NAME`).")
        with st.form("trainer_first_account"):
            username = st.text_input("Username")
            password = st.text_input("Password (8 characters or more)", type="password")
            if st.form_submit_button("Create account and sign in"):
                try:
                    st.session_state["trainer_id"] = accounts.add_trainer(eng, username, password)
                    st.rerun()
                except accounts.AccountError as exc:
                    st.error(str(exc))
        return
    with st.form("trainer_sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in", type="primary"):
            trainer_id = accounts.authenticate(eng, username, password)
            if trainer_id is None:
                st.error("Wrong username or password.")
            else:
                st.session_state["trainer_id"] = trainer_id
                st.rerun()
    st.caption("Trainer accounts are created with `retrocoach admin add-trainer NAME`.")


def _add_client(ws: Workspace, first: bool) -> None:
    with st.expander("Add a client", expanded=first):
        with st.form("trainer_add_client", clear_on_submit=True):
            fields = client_form("new_client")
            if st.form_submit_button("Add client"):
                try:
                    st.session_state["trainer_client"] = ws.add_client(*fields)
                    st.rerun()
                except StoreError as exc:
                    st.error(str(exc))


def workspace_page(eng: Engine, trainer_id: int) -> None:
    ws = Workspace(eng, trainer_id)
    st.sidebar.markdown(f"Signed in as **{plain(accounts.username_of(eng, trainer_id))}**")
    if st.sidebar.button("Sign out"):
        for key in ("trainer_id", "trainer_client"):
            st.session_state.pop(key, None)
        st.rerun()
    archived = st.sidebar.toggle("Show archived clients", key="trainer_show_archived")
    st.title("Trainer")
    clients = ws.list_clients(include_archived=archived)
    _add_client(ws, first=not clients)
    if not clients:
        return
    names = {c.id: c.name + (" (archived)" if c.archived else "") for c in clients}
    ids = list(names)
    current = st.session_state.get("trainer_client")
    client_id = st.selectbox("Client", ids, index=ids.index(current) if current in ids else 0,
                             format_func=names.get, key="trainer_client_pick")
    st.session_state["trainer_client"] = client_id
    client = ws.get_client(client_id)
    st.caption(f"{client.session_count} session(s)" + (f" · Goal: {plain(client.goal)}" if client.goal else ""))
    sessions, progress_tab, compare, details = st.tabs(["Sessions", "Progress", "Compare two sessions", "Client"])
    with sessions:
        add_session(ws, client_id, first=client.session_count == 0)
        session_id = session_list(ws, client_id)
        if session_id is not None:
            review_session(ws, session_id)
    # Tabs all render on every run: judge the sessions once for both views.
    points = progress(ws, client_id)
    with progress_tab:
        show_progress(ws, client_id, points)
    with compare:
        compare_sessions(ws, client_id, points)
    with details:
        edit_client(ws, client_id)


def render() -> None:
    eng = engine()
    trainer_id = st.session_state.get("trainer_id")
    if trainer_id is None:
        sign_in(eng)
        return
    try:
        workspace_page(eng, trainer_id)
    except NotFound:
        st.session_state.pop("trainer_client", None)
        st.warning("That client or session is no longer there.")


render()
