"""Deletion outbox: storage prefixes recorded in the same transaction as the rows they held.

Revision ID: 0005_deletion_outbox
Revises: 0004_harden19
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_deletion_outbox"
down_revision = "0004_harden19"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_deletions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("prefix", sa.String(512), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pending_deletions_prefix", "pending_deletions", ["prefix"])
    op.create_index(
        "ix_pending_deletions_next_attempt_at", "pending_deletions", ["next_attempt_at"]
    )


def downgrade():
    op.drop_index("ix_pending_deletions_next_attempt_at", table_name="pending_deletions")
    op.drop_index("ix_pending_deletions_prefix", table_name="pending_deletions")
    op.drop_table("pending_deletions")
