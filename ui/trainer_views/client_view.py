"""A client's details, plan, threshold overrides, archiving and deletion."""

from __future__ import annotations

import dataclasses

import streamlit as st

from streamlit.delta_generator import DeltaGenerator

from trainer.workspace import StoreError, Workspace
from ui.settings import threshold_inputs


def client_form(prefix: str, name: str = "", goal: str = "", minutes: float = 5.0,
                per_week: int = 3, height_cm: float | None = None) -> tuple[str, str, float, int, float | None]:
    name = st.text_input("Name", value=name, key=f"{prefix}_name")
    goal = st.text_area("Training goal", value=goal, key=f"{prefix}_goal",
                        placeholder="e.g. walk 10 minutes backwards without knee pain")
    columns = st.columns(2)
    minutes = columns[0].number_input("Minutes backwards per session", 0.5, 180.0, float(minutes), 0.5,
                                      key=f"{prefix}_minutes")
    per_week = columns[1].number_input("Sessions per week", 1, 14, int(per_week), 1, key=f"{prefix}_per_week")
    height = st.number_input("Height (cm), for speed and step length in metres; 0 if not known", 0.0, 250.0,
                             float(height_cm or 0.0), 1.0, key=f"{prefix}_height_cm")
    return name, goal, minutes, int(per_week), height or None


def _group_box(group: str) -> DeltaGenerator:
    st.markdown(f"**{group}**")
    return st.container()


def edit_client(ws: Workspace, client_id: int) -> None:
    client = ws.get_client(client_id)
    with st.form("trainer_edit_client"):
        fields = client_form(f"edit_{client_id}", client.name, client.goal, client.plan_minutes_per_session,
                             client.plan_sessions_per_week, client.height_cm)
        if st.form_submit_button("Save"):
            try:
                ws.update_client(client_id, *fields)
                st.rerun()
            except StoreError as exc:
                st.error(str(exc))
    st.markdown("#### Thresholds for this client")
    st.caption("Every session of this client is judged with these; dismissed findings show where to tune.")
    current = ws.client_thresholds(client_id)
    with st.form("trainer_client_thresholds"):
        values = threshold_inputs(current, f"client_{client_id}", _group_box, columns=3)
        if st.form_submit_button("Save thresholds"):
            ws.set_client_thresholds(client_id, dataclasses.asdict(values))
            st.rerun()
    dismissed = ws.dismissed_findings(client_id)
    if dismissed:
        st.caption(f"{len(dismissed)} dismissed finding(s) so far: "
                   + ", ".join(key for _, key in dismissed[:10]))
    st.markdown("#### Archive or delete")
    if st.button("Bring back from the archive" if client.archived else "Archive this client",
                 key="trainer_archive"):
        ws.set_archived(client_id, not client.archived)
        st.rerun()
    confirm = st.text_input("To delete this client with all their sessions, notes and videos, type their name",
                            key=f"trainer_delete_confirm_{client_id}")
    if st.button("Delete client", disabled=confirm.strip() != client.name, key="trainer_delete_client"):
        ws.delete_client(client_id)
        st.session_state.pop("trainer_client", None)
        st.rerun()
