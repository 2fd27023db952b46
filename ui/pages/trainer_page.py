"""Trainer workspace: sign in, clients, their sessions, review, progress, comparison, exports."""

from __future__ import annotations

import logging
import os
import time

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from trainer import accounts
from trainer.data_folder import data_dir
from trainer.progress import progress
from trainer.sign_in_guard import SignInGuard
from trainer.workspace import NotFound, StoreError, Workspace
from ui.server import engine
from ui.text import plain
from ui.trainer_views.client_view import client_form, edit_client
from ui.trainer_views.progress_view import compare_sessions, show_progress
from ui.trainer_views.review import review_session
from ui.trainer_views.sessions import add_session, pending_sessions, session_list

log = logging.getLogger("retrocoach")
SEEN_KEY = "trainer_seen_s"
IDLE_ENV = "RETROCOACH_IDLE_MINUTES"  # signed out after this long without using the page (default 30)


@st.cache_resource
def guard() -> SignInGuard:
    """One record of failed sign-ins per server process."""
    return SignInGuard()


def _signed_in(trainer_id: int) -> None:
    st.session_state["trainer_id"] = trainer_id
    st.session_state[SEEN_KEY] = time.monotonic()
    st.rerun()


def sign_in(eng: Engine) -> None:
    st.title("Trainer")
    if not accounts.has_trainers(eng):
        st.info("No trainer accounts yet. Create the first one with the setup token the server printed "
                "when it started (or `retrocoach admin setup-token`); more later with "
                "`retrocoach admin add-trainer NAME`.")
        with st.form("trainer_first_account"):
            token = st.text_input("Setup token", type="password")
            username = st.text_input("Username")
            password = st.text_input("Password (8 characters or more)", type="password")
            if st.form_submit_button("Create account and sign in"):
                try:
                    _signed_in(accounts.add_first_trainer(eng, data_dir(), token, username, password))
                except accounts.AccountError as exc:
                    st.error(str(exc))
        return
    with st.form("trainer_sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in", type="primary"):
            address = st.context.ip_address or "unknown"
            verdict = guard().attempt(username, address, lambda: accounts.authenticate(eng, username, password))
            if verdict.wait_s > 0:
                st.error(f"Too many failed sign-ins: try again in {verdict.wait_s:.0f} s.")
            elif verdict.trainer_id is None:
                st.error("Wrong username or password.")
            else:
                _signed_in(verdict.trainer_id)
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
        sign_out()
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
        pending_sessions(ws, client_id)
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


def sign_out() -> None:
    """Everything this tab holds goes: the trainer, the analysed clip, prepared downloads, the live session."""
    holder = st.session_state.get("live_holder")
    if holder is not None:
        holder.on_ended()
    st.session_state.clear()


def idle_limit_s() -> float:
    return float(os.environ.get(IDLE_ENV, "30")) * 60.0


def render() -> None:
    eng = engine()
    trainer_id = st.session_state.get("trainer_id")
    if trainer_id is not None and time.monotonic() - st.session_state.get(SEEN_KEY, 0.0) > idle_limit_s():
        sign_out()
        st.info("You were signed out after a while without activity.")
        trainer_id = None
    if trainer_id is None:
        sign_in(eng)
        return
    st.session_state[SEEN_KEY] = time.monotonic()
    try:
        workspace_page(eng, trainer_id)
    except NotFound:
        st.session_state.pop("trainer_client", None)
        st.warning("That client or session is no longer there.")
    except OperationalError:
        log.exception("database unavailable")
        st.error("The database is busy or out of reach right now (nothing was lost): try again in a moment.")


render()
