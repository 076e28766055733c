"""Stripe webhooks across a database outage: acknowledged means recorded, else Stripe retries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

import r2w.payments.webhooks as webhooks
from tests.conftest import register
from tests.payments.helpers import (
    SECRET_KEY,
    complete_session,
    deliver,
    event_count,
    make_event,
    payment_settings,
    start_checkout,
    user_state,
)
from tests.payments.stripe_standin import StripeStandIn

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)

PAID = ("lifetime", {"publish": True, "premium_themes": True})


@pytest.fixture(scope="module")
def stripe_api() -> Iterator[StripeStandIn]:
    """A Stripe API stand-in for these tests."""
    standin = StripeStandIn(SECRET_KEY).start()
    yield standin
    standin.stop()


@pytest.fixture
def pay_app(pg_app, stripe_api):
    """Payments on, on the throwaway PostgreSQL."""
    stripe_api.reset()
    return pg_app(**payment_settings(stripe_api))


def _paid_checkout(app, stripe_api: StripeStandIn, email: str) -> dict:
    """A person buys the lifetime plan; returns the event Stripe would deliver for it."""
    client = app.test_client()
    assert register(client, email=email).status_code == 302
    session_id = start_checkout(client, "lifetime").get_json()["sessionId"]
    return make_event("checkout.session.completed", complete_session(stripe_api, session_id))


def _stripe(app) -> FlaskClient:
    return app.test_client()  # Stripe sends no cookies


def test_acknowledged_webhooks_survive_a_restart_and_refused_ones_are_redelivered(
    pay_app, stripe_api, postgres
):
    before = _paid_checkout(pay_app, stripe_api, "ada@example.com")
    during = _paid_checkout(pay_app, stripe_api, "grace@example.com")
    assert deliver(_stripe(pay_app), before).json["outcome"] == "processed"

    postgres.stop()
    refused = deliver(_stripe(pay_app), during)
    assert refused.status_code == 503  # never a 2xx: Stripe keeps the event and retries
    postgres.start()

    assert user_state(pay_app, "ada@example.com") == PAID
    assert deliver(_stripe(pay_app), before).json["outcome"] == "duplicate"
    assert user_state(pay_app, "grace@example.com")[0] == "free"
    # Stripe's redelivery after the outage applies the refused event once.
    assert deliver(_stripe(pay_app), during).json["outcome"] == "processed"
    assert user_state(pay_app, "grace@example.com") == PAID
    assert event_count(pay_app) == 2


def test_the_database_going_away_mid_event_is_a_5xx_and_the_event_is_applied_later(
    pay_app, stripe_api, postgres, monkeypatch
):
    event = _paid_checkout(pay_app, stripe_api, "ada@example.com")
    apply_update = webhooks.apply_update

    def stop_database_then_apply(update):
        # The event row is flushed but not committed when the server goes away.
        postgres.stop()
        return apply_update(update)

    monkeypatch.setattr(webhooks, "apply_update", stop_database_then_apply)
    assert deliver(_stripe(pay_app), event).status_code == 503
    monkeypatch.setattr(webhooks, "apply_update", apply_update)
    postgres.start()

    assert event_count(pay_app) == 0  # nothing half-applied
    assert user_state(pay_app, "ada@example.com")[0] == "free"
    assert deliver(_stripe(pay_app), event).json["outcome"] == "processed"
    assert user_state(pay_app, "ada@example.com") == PAID
