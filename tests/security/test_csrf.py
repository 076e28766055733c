"""Every state-changing route needs the session's CSRF token; only Stripe's webhook is exempt.

Routes come from app.url_map, so a new POST/PUT/PATCH/DELETE route is covered when it is added.
"""

from __future__ import annotations

import re

import pytest

from r2w.extensions import csrf
from tests.api.conftest import Api
from tests.security.support import STATE_CHANGING, methods_of, snapshot

PLACEHOLDER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
WEBHOOK = "payments_api.webhook"
EXEMPT_VIEWS = {"r2w.payments.views.webhook"}


def _state_changing(app, owner) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every state-changing route, with the owner's ids filled in."""
    values = {
        "cv_id": owner.cv_id,
        "portfolio_id": owner.portfolio_id,
        "build_id": owner.build_id,
        "provider": "google",
        "path": "index.html",
        "token": "not-a-real-token",  # the password reset link's token
    }
    table = []
    for rule in app.url_map.iter_rules():
        for method in set(methods_of(rule)) & STATE_CHANGING:
            url = PLACEHOLDER.sub(lambda m: values[m.group(1)], rule.rule)
            table.append((rule.endpoint, method, url))
    return sorted(table)


def _forged(client, method: str, url: str, token: str | None):
    headers = {"Accept": "application/json"} if url.startswith("/api/") else {}
    if token is not None:
        headers["X-CSRFToken"] = token
    if url.startswith("/api/"):
        return client.open(url, method=method, json={"confirm": "x"}, headers=headers)
    # HTML forms: everything a real form would send except a valid token.
    form = {"email": "person1@example.com", "password": "x", "confirm": "x"}
    if token is not None:
        form["csrf_token"] = token
    return client.open(url, method=method, data=form, headers=headers)


@pytest.mark.parametrize("token_kind", ["missing", "wrong", "other_session"])
def test_every_state_changing_route_refuses_a_request_without_the_sessions_token(
    sec_app, owner_factory, token_kind
):
    owner = owner_factory(signed_in=True)
    token = {
        "missing": None,
        "wrong": "IjQyIg.forged.token",
        "other_session": Api(sec_app.test_client()).token,
    }[token_kind]
    table = [row for row in _state_changing(sec_app, owner) if row[0] != WEBHOOK]
    before = snapshot(sec_app)

    refused = []
    for endpoint, method, url in table:
        response = _forged(owner.api.client, method, url, token)
        if response.status_code != 400:
            refused.append((endpoint, method, response.status_code))
        elif url.startswith("/api/"):
            assert response.json["error"] == "csrf_failed", (method, url)
        else:
            assert "Reload the page" in response.get_data(as_text=True), (method, url)

    assert refused == []
    assert len(table) >= 18
    assert snapshot(sec_app) == before
    assert owner.api.get("/api/v1/session").json["user"] is not None  # still signed in


def test_the_same_requests_with_the_token_get_past_the_check(sec_app, owner_factory):
    """The control: with the header the API routes answer something other than csrf_failed."""
    owner = owner_factory(signed_in=False)
    api_rows = [r for r in _state_changing(sec_app, owner) if r[2].startswith("/api/")]
    safe = [r for r in api_rows if r[1] != "DELETE" and r[0] != WEBHOOK]

    errors = [
        _forged(owner.api.client, method, url, owner.api.token).get_json(silent=True) or {}
        for _, method, url in safe
    ]

    assert len(safe) >= 10
    assert [e.get("error") for e in errors].count("csrf_failed") == 0


def test_only_the_stripe_webhook_is_exempt(sec_app):
    with sec_app.app_context():
        exempt = set(csrf._exempt_views)

    assert exempt == EXEMPT_VIEWS
    assert not csrf._exempt_blueprints
    assert sec_app.config.get("WTF_CSRF_ENABLED", True) is True
    assert set(sec_app.config.get("WTF_CSRF_METHODS") or STATE_CHANGING) >= STATE_CHANGING


def test_the_webhook_is_authenticated_by_its_signature_instead(make_app):
    app = make_app(
        STRIPE_SECRET_KEY="sk_test_csrf",
        STRIPE_WEBHOOK_SECRET="whsec_csrf",
        STRIPE_API_BASE="http://127.0.0.1:9",
    )
    client = app.test_client()
    event = b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": {}}}'
    before = snapshot(app)

    unsigned = client.post("/api/v1/payments/webhook", data=event)
    forged = client.post(
        "/api/v1/payments/webhook",
        data=event,
        headers={"Stripe-Signature": "t=1700000000,v1=" + "0" * 64},
    )

    assert (unsigned.status_code, unsigned.json["error"]) == (400, "invalid_webhook")
    assert (forged.status_code, forged.json["error"]) == (400, "invalid_webhook")
    assert snapshot(app) == before
