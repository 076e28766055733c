"""CVs: the uploaded original, its current (editable) document, and extraction runs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from r2w.extensions import db
from r2w.models.base import OwnedMixin, UTCDateTime, new_id, utcnow


class CVStatus(StrEnum):
    """The phases a person sees while their CV is read."""

    UPLOADED = "uploaded"
    READING = "reading"
    EXTRACTING = "extracting"
    READY = "ready"
    FAILED = "failed"


class CV(OwnedMixin, db.Model):
    """An uploaded CV file (kept as the user's data) and its current CV document."""

    __tablename__ = "cvs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    storage_key: Mapped[str | None] = mapped_column(String(512), nullable=True)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(127), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=CVStatus.UPLOADED, nullable=False)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The document the person reviews and edits; starts as the extraction's output.
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    document_revision: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Review flags the person dismissed ({"path", "code"}): kept so they stay dismissed.
    review_dismissed: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"), nullable=False
    )
    # How many fields still need a look (r2w.intake.reviews), counted when the document, its
    # dismissals or its extraction change, so the status poll never reads the document. NULL:
    # not counted since the last change (set back by the listeners below on any such change).
    open_reviews: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The counting rules that count was worked out by (reviews.COUNT_RULES).
    open_reviews_rules: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Work lease: a worker claims the CV; an expired claim is picked up again (see r2w.jobs).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )

    extractions: Mapped[list[Extraction]] = relationship(
        back_populates="cv", cascade="all, delete-orphan", passive_deletes=True
    )


@event.listens_for(CV.document, "set")
@event.listens_for(CV.review_dismissed, "set")
def _forget_review_count(cv: CV, value: Any, old: Any, initiator: Any) -> None:
    """Any new document or dismissal makes the stored review count stale."""
    cv.open_reviews = None


class Extraction(db.Model):
    """One run of an extractor over a CV: its output, timings and outcome."""

    __tablename__ = "extractions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    cv_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("cvs.id", ondelete="CASCADE"), index=True, nullable=False
    )
    source_sha256: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    extractor: Mapped[str] = mapped_column(String(32), nullable=False)
    extractor_version: Mapped[str] = mapped_column(String(128), nullable=False)
    schema_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    text_method: Mapped[str | None] = mapped_column(String(32), nullable=True)
    text_chars: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unsupported_paths: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    # r2w.extraction.confidence Review.to_json(): flags with reasons, and where values came from.
    review: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)

    cv: Mapped[CV] = relationship(back_populates="extractions")
