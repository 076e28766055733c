"""The deletion outbox: storage prefixes to delete, recorded with the rows they belonged to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from r2w.extensions import db
from r2w.models.base import UTCDateTime, new_id, utcnow


class PendingDeletion(db.Model):
    """A stored prefix whose rows are gone; removed from storage by the outbox drain."""

    __tablename__ = "pending_deletions"

    # A random id like every other table's, so the data mover copies rows without sequences.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    prefix: Mapped[str] = mapped_column(String(512), nullable=False, index=True)
    reason: Mapped[str] = mapped_column(String(32), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
