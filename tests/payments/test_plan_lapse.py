"""A plan that ends takes sites offline after the grace period; premium themes need a plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Portfolio, User, utcnow
from tests.api.conftest import Api
from tests.payments.helpers import complete_session, deliver, make_event, start_checkout
from tests.security.support import use_inline_builds


@pytest.fixture
def site_app(pay_app):
    return use_inline_builds(pay_app)


def _buy(app, buyer, stripe_api) -> dict:
    session = complete_session(
        stripe_api, start_checkout(buyer, "lifetime").get_json()["sessionId"]
    )
    deliver(app.test_client(), make_event("checkout.session.completed", session))
    return session


def _published_site(app, buyer) -> str:
    api = Api(buyer)
    cv_id = api.post("/api/v1/cvs/blank").json["id"]
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv_id}).json
    api.get(f"/api/v1/portfolios/{portfolio['id']}")  # settles the in-process build
    published = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": "ada-site"})
    assert published.status_code == 200, published.json
    return portfolio["id"]


def _refund(app, session: dict) -> None:
    charge = {"id": "ch_1", "payment_intent": session["payment_intent"], "refunded": True}
    deliver(app.test_client(), make_event("charge.refunded", charge))


def _reconcile(app) -> dict:
    from r2w.sites.reconcile import reconcile

    with app.app_context():
        return reconcile().as_dict()


def _live(app, portfolio_id: str) -> bool:
    with app.app_context():
        return db.session.get(Portfolio, portfolio_id).live_build_id is not None


def _age_lapse(app, days: int) -> None:
    with app.app_context():
        user = db.session.scalar(select(User))
        user.plan_lapsed_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_a_lapsed_plan_unpublishes_after_the_grace_period_and_says_so(site_app, buyer, stripe_api):
    session = _buy(site_app, buyer, stripe_api)
    portfolio_id = _published_site(site_app, buyer)
    _refund(site_app, session)

    assert _reconcile(site_app)["lapsed_unpublished"] == 0  # within the grace period
    assert _live(site_app, portfolio_id)
    page = buyer.get("/dashboard").get_data(as_text=True)
    assert "Your plan ended on" in page and "go offline on" in page

    _age_lapse(site_app, site_app.config["PLAN_GRACE_DAYS"] + 1)
    assert _reconcile(site_app)["lapsed_unpublished"] == 1
    assert not _live(site_app, portfolio_id)
    assert buyer.get("/p/ada-site/").status_code == 404
    assert "are offline" in buyer.get("/dashboard").get_data(as_text=True)


def test_a_new_plan_within_the_grace_period_keeps_the_site(site_app, buyer, stripe_api):
    session = _buy(site_app, buyer, stripe_api)
    portfolio_id = _published_site(site_app, buyer)
    _refund(site_app, session)
    _buy(site_app, buyer, stripe_api)
    _age_lapse(site_app, 30)  # even a stale mark does not take a paid site down

    assert _reconcile(site_app)["lapsed_unpublished"] == 0
    assert _live(site_app, portfolio_id)
    assert "Your plan ended" not in buyer.get("/dashboard").get_data(as_text=True)


def test_premium_themes_need_a_plan(site_app, buyer, stripe_api):
    api = Api(buyer)
    cv_id = api.post("/api/v1/cvs/blank").json["id"]

    refused = api.post("/api/v1/portfolios", {"cvId": cv_id, "theme": "creative"})
    free = api.post("/api/v1/portfolios", {"cvId": cv_id, "theme": "professional"})
    url = f"/api/v1/portfolios/{free.json['id']}"
    headers = {"X-CSRFToken": api.token, "Accept": "application/json"}
    switch = buyer.patch(url, json={"theme": "executive"}, headers=headers)

    assert refused.status_code == 402 and refused.json["error"] == "payment_required"
    assert free.status_code == 201
    assert switch.status_code == 402

    _buy(site_app, buyer, stripe_api)
    assert buyer.patch(url, json={"theme": "executive"}, headers=headers).status_code == 200
    assert api.post("/api/v1/portfolios", {"cvId": cv_id, "theme": "creative"}).status_code == 201
