"""Trainers, clients, sessions, comments and finding reviews.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("plan_minutes_per_session", sa.Float, nullable=False),
        sa.Column("plan_sessions_per_week", sa.Integer, nullable=False),
        sa.Column("thresholds_json", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("setting", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("video_sha256", sa.String(64), nullable=True),
        sa.Column("video_suffix", sa.String(8), nullable=True),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("landmarks_csv", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("time_s", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "finding_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("finding_key", sa.String(80), nullable=False),
        sa.Column("verdict", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_id", "finding_key"),
    )


def downgrade() -> None:
    for table in ("finding_reviews", "comments", "sessions", "clients", "trainers"):
        op.drop_table(table)
