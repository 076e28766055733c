"""Portfolios (a CV rendered with a theme, possibly published) and their builds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from r2w.extensions import db
from r2w.models.base import OwnedMixin, UTCDateTime, new_id, utcnow
from r2w.models.cvs import CV


class Portfolio(OwnedMixin, db.Model):
    """A person's site: a CV, a theme, a public slug and the build that is live."""

    __tablename__ = "portfolios"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    cv_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("cvs.id", ondelete="CASCADE"), index=True, nullable=False
    )
    theme: Mapped[str] = mapped_column(String(32), default="professional", nullable=False)
    # Sections the person chose not to show on their site (their content stays in the CV).
    hidden_sections: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"), nullable=False
    )
    slug: Mapped[str | None] = mapped_column(String(63), unique=True, nullable=True)
    live_build_id: Mapped[str | None] = mapped_column(
        String(32),
        ForeignKey("builds.id", ondelete="SET NULL", use_alter=True),
        nullable=True,
    )
    previous_build_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )

    cv: Mapped[CV] = relationship()
    builds: Mapped[list[Build]] = relationship(
        back_populates="portfolio",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="Build.portfolio_id",
    )


class Build(OwnedMixin, db.Model):
    """One render of a portfolio into an immutable, content-addressed storage prefix."""

    __tablename__ = "builds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    portfolio_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("portfolios.id", ondelete="CASCADE"), index=True, nullable=False
    )
    theme: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True, nullable=False)
    runner: Mapped[str] = mapped_column(String(16), nullable=False)
    runner_handle: Mapped[str | None] = mapped_column(String(128), nullable=True)
    spec_key: Mapped[str | None] = mapped_column(String(512), nullable=True)
    storage_prefix: Mapped[str] = mapped_column(String(512), nullable=False)
    # Unguessable token: whoever holds the preview link may view it while the build lives.
    preview_token: Mapped[str] = mapped_column(String(64), default=new_id, nullable=False)
    log_tail: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    portfolio: Mapped[Portfolio] = relationship(
        back_populates="builds", foreign_keys=[portfolio_id]
    )
