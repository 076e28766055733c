"""Finding the stored files that belong to CVs and portfolios, for deletion."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from r2w import deletions
from r2w.extensions import db
from r2w.models import CV, Build, Portfolio, utcnow
from r2w.models.base import aware

log = logging.getLogger(__name__)


def _prefixes(condition) -> list[str]:
    rows = db.session.execute(
        select(Build.id, Build.storage_prefix)
        .join(Portfolio, Portfolio.id == Build.portfolio_id)
        .where(condition)
    ).all()
    prefixes = {prefix for _, prefix in rows}
    prefixes.update(f"builds/{build_id}/" for build_id, _ in rows)
    return sorted(prefixes)


def site_prefixes_of_cv(cv: CV) -> list[str]:
    """Every stored prefix written for the CV's portfolios: built sites and build specs."""
    return _prefixes(Portfolio.cv_id == cv.id)


def site_prefixes_of_portfolio(portfolio: Portfolio) -> list[str]:
    """Every stored prefix written for one portfolio."""
    return _prefixes(Portfolio.id == portfolio.id)


def sites_gone(*slugs: str | None) -> None:
    """Tell the site caches and the edge that these portfolios' sites no longer exist."""
    from r2w.sites.edge import sync_slugs
    from r2w.sites.serving import sites_changed

    sync_slugs(*slugs)
    sites_changed()


def delete_portfolio(portfolio: Portfolio, reason: str = "portfolio deleted") -> None:
    """Delete a portfolio's rows and, through the outbox, every file written for it."""
    prefixes = site_prefixes_of_portfolio(portfolio)
    slug = portfolio.slug
    db.session.delete(portfolio)
    rows = deletions.record(prefixes, reason)
    db.session.commit()
    sites_gone(slug)
    deletions.attempt(rows)


def delete_cv(cv: CV, reason: str = "cv deleted") -> None:
    """Delete a CV, its portfolios and builds, and (through the outbox) all their files."""
    prefixes = [f"uploads/{cv.id}/", *site_prefixes_of_cv(cv)]
    slugs = db.session.scalars(select(Portfolio.slug).where(Portfolio.cv_id == cv.id)).all()
    db.session.delete(cv)
    rows = deletions.record(prefixes, reason)
    db.session.commit()
    sites_gone(*slugs)
    deletions.attempt(rows)


def _last_activity_by_session() -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for model in (CV, Portfolio):
        for session_id, updated in db.session.execute(
            select(model.anon_session_id, func.max(model.updated_at))
            .where(model.owner_user_id.is_(None), model.anon_session_id.is_not(None))
            .group_by(model.anon_session_id)
        ).all():
            updated = aware(updated)
            latest[session_id] = max(updated, latest.get(session_id, updated))
    return latest


def expire_anonymous(now: datetime | None = None) -> int:
    """Delete the work of visitors without an account, idle past ANONYMOUS_RETENTION_DAYS."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["ANONYMOUS_RETENTION_DAYS"])
    expired = [sid for sid, last in _last_activity_by_session().items() if last < cutoff]
    for session_id in expired:
        for portfolio in db.session.scalars(
            select(Portfolio).where(
                Portfolio.anon_session_id == session_id, Portfolio.owner_user_id.is_(None)
            )
        ).all():
            delete_portfolio(portfolio, "anonymous expired")
        for cv in db.session.scalars(
            select(CV).where(CV.anon_session_id == session_id, CV.owner_user_id.is_(None))
        ).all():
            delete_cv(cv, "anonymous expired")
    if expired:
        log.info("anonymous work expired", extra={"sessions": len(expired)})
    return len(expired)
