"""Extractions keep their review (flags and provenance); CVs remember dismissed flags.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review", sa.JSON(), nullable=True))
    with op.batch_alter_table("cvs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_dismissed", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("cvs", schema=None) as batch_op:
        batch_op.drop_column("review_dismissed")
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.drop_column("review")
