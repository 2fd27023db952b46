"""Analysis jobs (the queue the pages and workers share) and sessions waiting for their job.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysis_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("clip_sha256", sa.String(64), nullable=False),
        sa.Column("clip_suffix", sa.String(8), nullable=False),
        sa.Column("clip_name", sa.String(255), nullable=False),
        sa.Column("settings_key", sa.String(16), nullable=False),
        sa.Column("settings_json", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("done_frames", sa.Integer, nullable=False),
        sa.Column("total_frames", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("clip_sha256", "settings_key"),
    )
    op.create_table(
        "pending_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("job_id", sa.String(32), sa.ForeignKey("analysis_jobs.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("setting", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("timed_test", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_sessions")
    op.drop_table("analysis_jobs")
