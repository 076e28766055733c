"""Import from the original system: one row per source row or file and its outcome.

Revision ID: 0006_import
Revises: 0005_deletion_outbox
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_import"
down_revision = "0005_deletion_outbox"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "original_imports",
        sa.Column("id", sa.String(600), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(580), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("kept", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_original_imports_kind", "original_imports", ["kind"])
    op.create_index("ix_original_imports_target_id", "original_imports", ["target_id"])


def downgrade():
    op.drop_index("ix_original_imports_target_id", table_name="original_imports")
    op.drop_index("ix_original_imports_kind", table_name="original_imports")
    op.drop_table("original_imports")
