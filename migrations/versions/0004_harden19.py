"""Accounts: verified email, session epoch, and when a paid plan lapsed.

Revision ID: 0004_harden19
Revises: 0003
Create Date: 2026-12-06
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0004_harden19"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("plan_lapsed_at", "session_epoch", "email_verified_at")


def upgrade():
    # Plain ADD COLUMN (no batch rebuild): rebuilding users on SQLite would drop the old table,
    # and with foreign keys on that cascades into every CV, portfolio and identity.
    op.add_column("users", sa.Column("email_verified_at", sa.DateTime(timezone=True)))
    op.add_column(
        "users",
        sa.Column("session_epoch", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("users", sa.Column("plan_lapsed_at", sa.DateTime(timezone=True)))
    # An account already linked to a provider that verified its address counts as verified;
    # every other existing address is unverified until its owner opens a link.
    op.execute(
        "UPDATE users SET email_verified_at = created_at WHERE id IN (SELECT user_id FROM"
        " oauth_identities WHERE email_verified = true AND lower(email) = lower(users.email))"
    )


def downgrade():
    for column in COLUMNS:
        _drop_column("users", column)


def _drop_column(table, column):
    """DROP COLUMN in place (SQLite 3.35+); older SQLite can only rebuild the table."""
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    else:
        op.drop_column(table, column)
