"""The landing page and the signed-in dashboard."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from r2w.api.retention import keep_latest
from r2w.sites.builds import latest_build
from r2w.web import bp
from r2w.web.context import (
    cv_label,
    cv_title,
    portfolio_of_cv,
    themes,
    upload_context,
    visitor_cvs,
    visitor_portfolios,
)


@bp.get("/")
def index():
    """What r2w does, and a drop zone that works without an account."""
    recent = visitor_cvs()[:3]
    return render_template(
        "index.html", upload=upload_context(), recent=recent, cv_title=cv_title, themes=themes()
    )


@bp.get("/dashboard")
@login_required
def dashboard():
    """The signed-in person's CVs and portfolios, their data, and account deletion."""
    cvs = visitor_cvs()
    portfolios = [(p, latest_build(p)) for p in visitor_portfolios()]
    return render_template(
        "dashboard.html",
        user=current_user,
        cvs=cvs,
        sites={cv.id: portfolio_of_cv(cv) for cv in cvs},
        portfolios=portfolios,
        cv_names={cv.id: cv_title(cv) for cv in cvs},
        cv_label=cv_label,
        keep=keep_latest(),
        upload=upload_context(),
        themes={t["key"]: t for t in themes()},
    )
