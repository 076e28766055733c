"""The portfolio page: pick a theme, preview on desktop and phone, publish, roll back."""

from __future__ import annotations

from flask import render_template

from r2w.api.serializers import portfolio_json
from r2w.models import Portfolio
from r2w.ownership import get_owned_or_404
from r2w.sites.builds import latest_build, refresh_build
from r2w.web import bp
from r2w.web.cvs import site_context


@bp.get("/portfolios/<portfolio_id>")
def portfolio_page(portfolio_id: str):
    """A portfolio's design, live preview and publishing controls."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    latest = latest_build(portfolio)
    if latest is not None:
        refresh_build(latest)
    context = site_context(portfolio.cv, portfolio_json(portfolio, latest))
    return render_template("portfolios/site.html", **context)
