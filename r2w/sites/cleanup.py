"""Finding the stored files that belong to CVs and portfolios, for deletion."""

from __future__ import annotations

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, Build, Portfolio


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
