"""Shared column helpers for the data model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """Treat a naive timestamp as UTC (SQLite hands timestamps back without a zone)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def new_id() -> str:
    """Return a random, unguessable identifier (so ids in URLs cannot be enumerated)."""
    return uuid.uuid4().hex


def UTCDateTime() -> DateTime:
    """A timezone-aware timestamp column type."""
    return DateTime(timezone=True)


class OwnedMixin:
    """Rows that belong to a signed-in user or, before sign-up, to an anonymous session."""

    @declared_attr
    def owner_user_id(cls) -> Mapped[str | None]:
        return mapped_column(
            String(32), ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=True
        )

    @declared_attr
    def anon_session_id(cls) -> Mapped[str | None]:
        return mapped_column(String(64), index=True, nullable=True)
