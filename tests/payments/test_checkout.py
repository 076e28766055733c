"""Starting Embedded Checkout through the API, against the Stripe stand-in."""

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Payment, User
from tests.conftest import csrf_token, register
from tests.payments.helpers import PUBLISHABLE_KEY, payment_settings, payments, start_checkout


def test_checkout_creates_a_session_and_an_open_payment(pay_app, buyer, stripe_api):
    response = start_checkout(buyer, "monthly")
    assert response.status_code == 200
    body = response.get_json()
    assert body["publishableKey"] == PUBLISHABLE_KEY
    session = stripe_api.sessions[body["sessionId"]]
    assert body["clientSecret"] == session["client_secret"]

    sent = stripe_api.requests[-1]["params"]
    with pay_app.app_context():
        user = db.session.scalar(select(User))
        payment = db.session.scalar(select(Payment))
        assert sent["ui_mode"] == "embedded"
        assert sent["mode"] == "subscription"
        assert sent["line_items"] == {"0": {"price": "price_monthly", "quantity": "1"}}
        assert sent["return_url"] == (
            "http://localhost/billing/return?session_id={CHECKOUT_SESSION_ID}"
        )
        assert sent["client_reference_id"] == user.id
        assert sent["customer_email"] == "ada@example.com"
        assert sent["metadata"] == {"user_id": user.id, "plan": "monthly", "payment_id": payment.id}
        assert sent["subscription_data"]["metadata"] == sent["metadata"]
        assert (payment.user_id, payment.plan, payment.status) == (user.id, "monthly", "open")
        assert payment.stripe_checkout_session_id == body["sessionId"]
        assert (payment.amount, payment.currency) == (900, "eur")


def test_lifetime_checkout_is_a_one_time_payment(pay_app, buyer, stripe_api):
    response = start_checkout(buyer, "lifetime")
    assert response.status_code == 200
    sent = stripe_api.requests[-1]["params"]
    assert sent["mode"] == "payment"
    assert sent["line_items"]["0"]["price"] == "price_lifetime"
    assert sent["customer_creation"] == "always"
    assert sent["payment_intent_data"]["metadata"]["plan"] == "lifetime"
    assert payments(pay_app) == [("lifetime", "open", None)]


def test_a_known_customer_is_reused(pay_app, buyer, stripe_api):
    with pay_app.app_context():
        db.session.scalar(select(User)).stripe_customer_id = "cus_known"
        db.session.commit()
    assert start_checkout(buyer, "lifetime").status_code == 200
    sent = stripe_api.requests[-1]["params"]
    assert sent["customer"] == "cus_known"
    assert "customer_email" not in sent


def test_checkout_needs_a_signed_in_user(pay_app, stripe_api):
    client = pay_app.test_client()
    response = start_checkout(client, "monthly")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert stripe_api.requests == []
    assert payments(pay_app) == []


def test_checkout_needs_the_csrf_header(pay_app, buyer, stripe_api):
    response = buyer.post("/api/v1/payments/checkout", json={"plan": "monthly"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
    assert stripe_api.requests == []


def test_unknown_plan_is_refused(pay_app, buyer, stripe_api):
    for body in ({"plan": "weekly"}, {"plan": ["monthly"]}, {}, None):
        response = buyer.post(
            "/api/v1/payments/checkout", json=body, headers={"X-CSRFToken": csrf_token(buyer)}
        )
        assert response.status_code == 400
        assert response.get_json() == {
            "error": "unknown_plan",
            "message": "Choose one of these plans: monthly, lifetime.",
        }
    assert stripe_api.requests == []
    assert payments(pay_app) == []


def test_a_plan_without_a_price_cannot_be_bought(make_app, stripe_api):
    app = make_app(**payment_settings(stripe_api, STRIPE_PRICE_LIFETIME=""))
    client = app.test_client()
    register(client)
    response = start_checkout(client, "lifetime")
    assert response.status_code == 400
    assert response.get_json()["message"] == "Choose one of these plans: monthly."


def test_stripe_refusing_the_session_is_a_502_and_records_nothing(make_app, stripe_api):
    app = make_app(**payment_settings(stripe_api, STRIPE_PRICE_MONTHLY="price_deleted"))
    client = app.test_client()
    register(client)
    response = start_checkout(client, "monthly")
    assert response.status_code == 502
    assert response.get_json()["error"] == "payment_provider_unavailable"
    assert payments(app) == []


def test_someone_who_already_paid_is_not_charged_twice(pay_app, buyer):
    with pay_app.app_context():
        user = db.session.scalar(select(User))
        user.plan = "lifetime"
        db.session.commit()
    for plan in ("monthly", "lifetime"):
        response = start_checkout(buyer, plan)
        assert response.status_code == 409
        assert response.get_json()["error"] == "already_paid"
