"""An address (slug) belongs only to an account's portfolio; anonymous visitors cannot take one."""

from __future__ import annotations

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Portfolio
from tests.api.conftest import Api
from tests.conftest import register
from tests.security.support import use_inline_builds


def _portfolio(api: Api) -> str:
    cv_id = api.post("/api/v1/cvs/blank").json["id"]
    response = api.post("/api/v1/portfolios", {"cvId": cv_id})
    assert response.status_code == 201
    return response.json["id"]


def _slugs(app) -> list[str | None]:
    with app.app_context():
        return list(db.session.scalars(select(Portfolio.slug)))


def test_an_anonymous_visitor_cannot_claim_a_slug(make_app):
    app = use_inline_builds(make_app())
    api = Api(app.test_client())
    portfolio_id = _portfolio(api)

    response = api.client.patch(
        f"/api/v1/portfolios/{portfolio_id}",
        json={"slug": "google"},
        headers={"X-CSRFToken": api.token, "Accept": "application/json"},
    )
    publish = api.post(f"/api/v1/portfolios/{portfolio_id}/publish", {"slug": "google"})

    assert response.status_code == 401 and response.json["error"] == "sign_up"
    assert publish.status_code == 401
    assert _slugs(app) == [None]


def test_an_account_claims_a_slug(make_app):
    app = use_inline_builds(make_app())
    client = app.test_client()
    register(client, "ada@example.com")
    api = Api(client)
    portfolio_id = _portfolio(api)

    response = api.client.patch(
        f"/api/v1/portfolios/{portfolio_id}",
        json={"slug": "ada-lovelace"},
        headers={"X-CSRFToken": api.token, "Accept": "application/json"},
    )

    assert response.status_code == 200
    assert _slugs(app) == ["ada-lovelace"]
