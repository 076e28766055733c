"""Who may publish: free for all when payments are off, paid entitlements when they are on."""

import pytest
from flask_login import AnonymousUserMixin

from r2w.models import User
from r2w.payments import can_publish, can_use_premium_themes, payments_enabled
from r2w.payments.plans import available_plans
from tests.conftest import csrf_token, register

ON = {"STRIPE_SECRET_KEY": "sk_test_x"}
OFF: dict = {}


def _user(**entitlements) -> User:
    return User(email="u@example.com", entitlements=entitlements)


def test_payments_are_on_only_with_a_secret_key(app, make_app):
    assert payments_enabled(app) is False
    assert payments_enabled(app.config) is False
    assert payments_enabled(ON) is True
    assert payments_enabled({"STRIPE_SECRET_KEY": ""}) is False
    assert payments_enabled(make_app(STRIPE_SECRET_KEY="sk_test_y")) is True


@pytest.mark.parametrize("who", [None, AnonymousUserMixin(), _user(), _user(publish=True)])
def test_payments_off_means_everyone_may_publish(who):
    assert can_publish(who, OFF) is True
    assert can_use_premium_themes(who, OFF) is True


@pytest.mark.parametrize(
    ("who", "publish", "themes"),
    [
        (None, False, False),
        (AnonymousUserMixin(), False, False),
        (_user(), False, False),
        (_user(publish=True), True, False),
        (_user(publish=True, premium_themes=True), True, True),
        (_user(publish=False), False, False),
    ],
)
def test_payments_on_needs_the_entitlement(who, publish, themes):
    assert can_publish(who, ON) is publish
    assert can_use_premium_themes(who, ON) is themes


def test_can_publish_reads_the_current_app_by_default(make_app):
    user = _user()
    with make_app().app_context():
        assert can_publish(user) is True
    with make_app(STRIPE_SECRET_KEY="sk_test_z").app_context():
        assert can_publish(user) is False


@pytest.mark.parametrize(
    ("prices", "offered"),
    [
        (
            {"STRIPE_PRICE_MONTHLY": "price_m", "STRIPE_PRICE_LIFETIME": "price_l"},
            ["monthly", "lifetime"],
        ),
        ({"STRIPE_PRICE_MONTHLY": "price_m"}, ["monthly"]),
        ({"STRIPE_PRICE_LIFETIME": "price_l", "STRIPE_PRICE_MONTHLY": ""}, ["lifetime"]),
        ({}, []),
    ],
)
def test_a_plan_without_a_price_is_not_offered(prices, offered):
    plans = available_plans(prices)
    assert list(plans) == offered
    modes = {"monthly": "subscription", "lifetime": "payment"}
    assert all(plan.mode == modes[plan.name] for plan in plans.values())


def test_payment_routes_are_absent_when_payments_are_off(client):
    register(client)
    assert client.get("/billing").status_code == 404
    response = client.post(
        "/api/v1/payments/checkout",
        json={"plan": "monthly"},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert response.status_code == 404
    response = client.post("/api/v1/payments/webhook", data=b"{}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
