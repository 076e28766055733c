"""API routes: portfolios (a CV with a theme), their builds, publishing and rollback."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from r2w.api import bp
from r2w.api.helpers import BadRequest, json_body
from r2w.api.limits import limit_builds, limit_portfolios, limit_rebuilds
from r2w.api.serializers import portfolio_json
from r2w.extensions import db
from r2w.models import CV, Portfolio
from r2w.ownership import current_owner, get_owned_or_404, owned_by, owner_columns
from r2w.sites import cleanup, publishing
from r2w.sites.builds import latest_build, refresh_build, start_build
from r2w.sites.edge import sync_slugs


def _respond(portfolio: Portfolio, status: int = 200):
    latest = latest_build(portfolio)
    if latest is not None:
        refresh_build(latest)
    return jsonify(portfolio_json(portfolio, latest)), status


@bp.post("/portfolios")
@limit_portfolios
def create_portfolio():
    """Make a portfolio from a ready CV and start its first build."""
    body = json_body()
    cv = get_owned_or_404(CV, str(body.get("cvId", "")))
    if cv.document is None:
        raise BadRequest("This CV is not ready yet.", code="not_ready", status=409)
    portfolio = Portfolio(
        cv_id=cv.id,
        theme=publishing.check_theme_allowed(body.get("theme", "professional"), current_user),
        **owner_columns(current_owner()),
    )
    db.session.add(portfolio)
    db.session.commit()
    start_build(portfolio)
    return _respond(portfolio, 201)


@bp.get("/portfolios")
def list_portfolios():
    """The visitor's portfolios."""
    rows = db.session.scalars(
        owned_by(Portfolio, current_owner()).order_by(Portfolio.created_at.desc())
    ).all()
    return jsonify(portfolios=[portfolio_json(p, latest_build(p)) for p in rows])


@bp.get("/portfolios/<portfolio_id>")
def get_portfolio(portfolio_id: str):
    """A portfolio with the status of its latest build."""
    return _respond(get_owned_or_404(Portfolio, portfolio_id))


@bp.patch("/portfolios/<portfolio_id>")
@limit_builds
def update_portfolio(portfolio_id: str):
    """Change the theme or the hidden sections (both rebuild), or the public address."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    body = json_body()
    rebuild = False
    if "theme" in body:
        theme = publishing.check_theme(body["theme"])
        if theme != portfolio.theme:
            publishing.check_theme_allowed(theme, current_user)
        rebuild = theme != portfolio.theme
        portfolio.theme = theme
    if "hiddenSections" in body:
        hidden = publishing.check_hidden_sections(body["hiddenSections"])
        rebuild = rebuild or hidden != sorted(portfolio.hidden_sections or [])
        portfolio.hidden_sections = hidden
    old_slug = portfolio.slug
    if "slug" in body:
        portfolio.slug = publishing.check_slug(str(body["slug"]), portfolio)
    db.session.commit()
    if portfolio.slug != old_slug:
        sync_slugs(old_slug, portfolio.slug)
        publishing.sites_changed()  # the old address must stop answering from any cache
    if rebuild:
        start_build(portfolio)
    return _respond(portfolio)


@bp.post("/portfolios/<portfolio_id>/builds")
@limit_rebuilds
def rebuild_portfolio(portfolio_id: str):
    """Build the portfolio again from the CV's current document."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    if portfolio.cv.document is None:
        raise BadRequest("This CV has no document yet.", code="not_ready", status=409)
    start_build(portfolio)
    return _respond(portfolio, 202)


def _check_may_publish() -> None:
    from r2w.payments.entitlements import can_publish

    if not current_user.is_authenticated:
        raise BadRequest("Create a free account to publish your site.", code="sign_up", status=401)
    if not can_publish(current_user):
        raise BadRequest(
            "Publishing needs a plan. Choose one on the billing page.",
            code="payment_required",
            status=402,
            billingUrl="/billing",
        )


@bp.post("/portfolios/<portfolio_id>/publish")
def publish_portfolio(portfolio_id: str):
    """Make the latest (or a given) finished build live at /p/<slug>/."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    _check_may_publish()
    body = json_body() if request.get_data() else {}
    build_id, slug = body.get("buildId"), body.get("slug")
    if not all(value is None or isinstance(value, str) for value in (build_id, slug)):
        raise BadRequest("buildId and slug must be strings.", code="bad_request")
    publishing.publish(portfolio, build_id, slug)
    return _respond(portfolio)


@bp.post("/portfolios/<portfolio_id>/unpublish")
def unpublish_portfolio(portfolio_id: str):
    """Take the site offline."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    publishing.unpublish(portfolio)
    return _respond(portfolio)


@bp.post("/portfolios/<portfolio_id>/rollback")
def rollback_portfolio(portfolio_id: str):
    """Put the previous live build back."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    _check_may_publish()
    publishing.rollback(portfolio)
    return _respond(portfolio)


@bp.delete("/portfolios/<portfolio_id>")
def delete_portfolio(portfolio_id: str):
    """Delete a portfolio, its builds and their stored sites (the CV stays)."""
    portfolio = get_owned_or_404(Portfolio, portfolio_id)
    cleanup.delete_portfolio(portfolio)
    return "", 204
