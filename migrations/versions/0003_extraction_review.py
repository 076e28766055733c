"""Extractions keep their review (flags and provenance); CVs remember dismissed flags.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on every database: a batch "move and copy" of cvs on SQLite would drop
    # the old table, and with foreign keys on that deletes every CV's extractions.
    op.add_column("extractions", sa.Column("review", sa.JSON(), nullable=True))
    op.add_column(
        "cvs",
        sa.Column("review_dismissed", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )


def downgrade():
    _drop_column("cvs", "review_dismissed")
    _drop_column("extractions", "review")


def _drop_column(table, column):
    """DROP COLUMN in place (SQLite 3.35+), for the same reason as in upgrade; older SQLite
    can only rebuild the table."""
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    else:
        op.drop_column(table, column)
