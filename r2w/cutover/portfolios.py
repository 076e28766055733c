"""``--build``: a default-theme portfolio for each imported person's newest ready CV."""

from __future__ import annotations

from sqlalchemy import select

from r2w.cutover.context import Run
from r2w.cutover.people import stable_id
from r2w.extensions import db
from r2w.models import CV, CVStatus, OriginalImport, Portfolio

DEFAULT_THEME = "professional"


def _newest_ready_cv(user_id: str) -> CV | None:
    return db.session.scalar(
        select(CV)
        .where(CV.owner_user_id == user_id, CV.status == CVStatus.READY)
        .order_by(CV.created_at.desc(), CV.id)
        .limit(1)
    )


def build_portfolios(run: Run) -> None:
    """Make and build one portfolio per imported person (never a second one on a re-run)."""
    from r2w.sites.builds import start_build

    people = db.session.scalars(
        select(OriginalImport.target_id).where(
            OriginalImport.kind == "user", OriginalImport.outcome == "imported"
        )
    ).all()
    for user_id in people:
        cv = _newest_ready_cv(user_id)
        if cv is None:
            run.report.entry("build", user_id, "skipped", reason="no ready CV yet (reading)")
            continue
        portfolio_id = stable_id("portfolio", cv.id)
        if db.session.get(Portfolio, portfolio_id) is not None:
            run.report.entry("build", user_id, "unchanged", target=portfolio_id)
            continue
        if run.dry_run:
            run.report.entry("build", user_id, "imported", target=portfolio_id)
            continue
        portfolio = Portfolio(
            id=portfolio_id, cv_id=cv.id, theme=DEFAULT_THEME, owner_user_id=user_id
        )
        db.session.add(portfolio)
        db.session.commit()
        build = start_build(portfolio)
        run.report.entry("build", user_id, "imported", target=portfolio_id, build=build.id)
