"""Keeping only a visitor's latest CVs (KEEP_LATEST_CVS): which an upload replaces, and pruning."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, Portfolio
from r2w.ownership import Owner, owned_by


def keep_latest() -> int:
    """How many CVs a visitor keeps (0 or less keeps them all)."""
    return int(current_app.config.get("KEEP_LATEST_CVS") or 0)


def _published_cv_ids(cv_ids: list[str]) -> set[str]:
    rows = db.session.scalars(
        select(Portfolio.cv_id).where(
            Portfolio.cv_id.in_(cv_ids), Portfolio.live_build_id.is_not(None)
        )
    )
    return set(rows)


def replaceable_cvs(owner: Owner, incoming: int = 1) -> list[CV]:
    """The oldest CVs that `incoming` new ones would replace; a CV behind a live site never is."""
    keep = keep_latest()
    if keep <= 0 or not owner.is_known:
        return []
    cvs = db.session.scalars(owned_by(CV, owner).order_by(CV.created_at.desc())).all()
    excess = len(cvs) + incoming - keep
    if excess <= 0:
        return []
    published = _published_cv_ids([cv.id for cv in cvs])
    oldest_first = [cv for cv in reversed(cvs) if cv.id not in published]
    return oldest_first[:excess]


def prune_after_upload(owner: Owner, new_cv: CV) -> list[str]:
    """Delete CVs beyond the latest ones kept (never the new one); return their file names."""
    from r2w.intake import documents

    removed = []
    for cv in replaceable_cvs(owner, incoming=0):
        if cv.id != new_cv.id:
            removed.append(cv.original_name)
            documents.delete_cv(cv)
    return removed
