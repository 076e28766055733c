"""CVs keep how many fields still need a look, so the status poll never reads the document.

Revision ID: 0007_cv_open_reviews
Revises: 0006_import
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_cv_open_reviews"
down_revision = "0006_import"
branch_labels = None
depends_on = None


def upgrade():
    # NULL means "not counted yet": existing CVs are counted on their next status poll.
    op.add_column("cvs", sa.Column("open_reviews", sa.Integer(), nullable=True))
    op.add_column("cvs", sa.Column("open_reviews_rules", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("cvs", "open_reviews_rules")
    op.drop_column("cvs", "open_reviews")
