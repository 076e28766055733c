"""Fixtures for the payment tests: a Stripe API stand-in and apps with payments on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import register
from tests.payments.helpers import SECRET_KEY, payment_settings
from tests.payments.stripe_standin import StripeStandIn


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[StripeStandIn]:
    """One stand-in for the whole run (starting one takes a thread and a port)."""
    standin = StripeStandIn(SECRET_KEY).start()
    yield standin
    standin.stop()


@pytest.fixture
def stripe_api(stripe_server) -> StripeStandIn:
    """The stand-in, emptied for this test."""
    stripe_server.reset()
    return stripe_server


@pytest.fixture(params=["sqlite", "postgres"])
def pay_app(request, make_app, stripe_api) -> Flask:
    """An app with payments on, on SQLite and on PostgreSQL."""
    return make_app(database=request.param, **payment_settings(stripe_api))


@pytest.fixture
def buyer(pay_app) -> FlaskClient:
    """A signed-in person (ada@example.com) on the payments app."""
    client = pay_app.test_client()
    assert register(client).status_code == 302
    return client
