"""What the import from the original system did with each of its rows and files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from r2w.extensions import db
from r2w.models.base import UTCDateTime, utcnow


class OriginalImport(db.Model):
    """One source row or file of the original system and its outcome (resume and verify key).

    The row is written in the same transaction as what it imported, so a re-run skips exactly
    what is done and an interrupted run resumes where it stopped.
    """

    __tablename__ = "original_imports"

    # "<kind>:<source id>": user:<user_id>, cv:<upload_id>, cache:<file_hash>, file:<path>.
    id: Mapped[str] = mapped_column(String(600), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True, nullable=False)
    source_id: Mapped[str] = mapped_column(String(580), nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    target_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Stored objects written for this row: [{"key", "source", "sha256", "size"}], in page order.
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, nullable=False)
    # Source values r2w has no column for (phone, raw invalid cv_data...), kept so none is lost.
    kept: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
