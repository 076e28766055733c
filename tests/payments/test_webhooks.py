"""The Stripe webhook: signatures, exactly-once effects, grants and revocations."""

import json
import time

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Payment, User
from tests.payments.helpers import (
    complete_session,
    deliver,
    event_count,
    make_event,
    payments,
    signature_header,
    start_checkout,
    user_state,
)

PAID = ("lifetime", {"publish": True, "premium_themes": True})
FREE = ("free", {})


@pytest.fixture
def lifetime_completed(buyer, stripe_api) -> dict:
    """A paid lifetime checkout, as the checkout.session.completed event Stripe would send."""
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    return make_event("checkout.session.completed", complete_session(stripe_api, session_id))


def _post(client, payload: str, header: str | None):
    headers = {"Stripe-Signature": header} if header is not None else {}
    return client.post(
        "/api/v1/payments/webhook", data=payload, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize(
    "how",
    ["unsigned", "wrong secret", "stale", "garbled header", "payload changed after signing"],
)
def test_unverifiable_deliveries_are_refused_and_change_nothing(pay_app, lifetime_completed, how):
    payload = json.dumps(lifetime_completed)
    header = {
        "unsigned": None,
        "wrong secret": signature_header(payload, secret="whsec_attacker"),
        "stale": signature_header(payload, timestamp=int(time.time()) - 301),
        "garbled header": "t=yesterday,v1=abc",
        "payload changed after signing": signature_header(payload.replace("paid", "open")),
    }[how]
    response = _post(pay_app.test_client(), payload, header)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_webhook" and body["message"]
    assert event_count(pay_app) == 0
    assert payments(pay_app) == [("lifetime", "open", None)]
    assert user_state(pay_app, "ada@example.com") == FREE


def test_signed_garbage_is_refused(pay_app):
    response = _post(pay_app.test_client(), "not json", signature_header("not json"))
    assert response.status_code == 400
    assert event_count(pay_app) == 0


def test_a_paid_checkout_grants_publishing(pay_app, lifetime_completed):
    response = deliver(pay_app.test_client(), lifetime_completed)
    assert response.status_code == 200
    assert response.get_json() == {"received": True, "outcome": "processed"}
    assert user_state(pay_app, "ada@example.com") == PAID
    with pay_app.app_context():
        payment = db.session.scalar(select(Payment))
        session = lifetime_completed["data"]["object"]
        assert payment.status == "paid"
        assert (payment.amount, payment.currency) == (14900, "eur")
        assert payment.stripe_payment_intent_id == session["payment_intent"]
        assert payment.stripe_customer_id == session["customer"]
        assert payment.customer_email == "ada@example.com"
        user = db.session.scalar(select(User))
        assert user.stripe_customer_id == session["customer"]


def test_the_same_event_fifty_times_has_one_effect(pay_app, lifetime_completed):
    client = pay_app.test_client()
    outcomes = [deliver(client, lifetime_completed) for _ in range(50)]
    assert {r.status_code for r in outcomes} == {200}
    assert [r.get_json()["outcome"] for r in outcomes] == ["processed"] + ["duplicate"] * 49
    assert event_count(pay_app) == 1
    assert payments(pay_app) == [("lifetime", "paid", None)]
    assert user_state(pay_app, "ada@example.com") == PAID


def test_delayed_payment_is_pending_until_it_succeeds(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id, paid=False)
    client = pay_app.test_client()
    deliver(client, make_event("checkout.session.completed", session))
    assert payments(pay_app) == [("lifetime", "pending", None)]
    assert user_state(pay_app, "ada@example.com") == FREE

    session["payment_status"] = "paid"
    deliver(client, make_event("checkout.session.async_payment_succeeded", session))
    assert payments(pay_app) == [("lifetime", "paid", None)]
    assert user_state(pay_app, "ada@example.com") == PAID


def test_delayed_payment_that_fails_grants_nothing(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id, paid=False)
    client = pay_app.test_client()
    deliver(client, make_event("checkout.session.async_payment_failed", session))
    deliver(client, make_event("checkout.session.completed", session))  # arrives late
    assert payments(pay_app) == [("lifetime", "failed", None)]
    assert user_state(pay_app, "ada@example.com") == FREE


def test_subscription_deleted_revokes(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "monthly").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id)
    client = pay_app.test_client()
    deliver(client, make_event("checkout.session.completed", session))
    assert user_state(pay_app, "ada@example.com")[0] == "monthly"

    subscription = stripe_api.subscriptions[session["subscription"]]
    subscription["status"] = "canceled"
    deliver(client, make_event("customer.subscription.deleted", subscription))
    assert user_state(pay_app, "ada@example.com") == FREE
    assert payments(pay_app) == [("monthly", "canceled", subscription["id"])]


def test_unpaid_subscription_revokes_but_past_due_keeps_access(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "monthly").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id)
    client = pay_app.test_client()
    deliver(client, make_event("checkout.session.completed", session))
    subscription = stripe_api.subscriptions[session["subscription"]]

    subscription["status"] = "past_due"
    deliver(client, make_event("customer.subscription.updated", subscription))
    assert user_state(pay_app, "ada@example.com")[0] == "monthly"
    subscription["status"] = "unpaid"
    deliver(client, make_event("customer.subscription.updated", subscription))
    assert user_state(pay_app, "ada@example.com") == FREE


def test_ending_a_subscription_never_takes_away_a_lifetime_plan(pay_app, buyer, stripe_api):
    client = pay_app.test_client()
    monthly = complete_session(stripe_api, start_checkout(buyer, "monthly").get_json()["sessionId"])
    deliver(client, make_event("checkout.session.completed", monthly))
    lifetime = complete_session(
        stripe_api, start_checkout(buyer, "lifetime").get_json()["sessionId"]
    )
    deliver(client, make_event("checkout.session.completed", lifetime))
    subscription = stripe_api.subscriptions[monthly["subscription"]]
    subscription["status"] = "canceled"
    deliver(client, make_event("customer.subscription.deleted", subscription))
    assert user_state(pay_app, "ada@example.com") == PAID


def test_events_r2w_does_not_act_on_are_acknowledged(pay_app):
    event = make_event("charge.refund.updated", {"id": "re_1", "object": "refund"})
    response = deliver(pay_app.test_client(), event)
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "ignored"
    assert event_count(pay_app) == 1


def test_stripe_unreachable_mid_event_records_nothing_so_redelivery_works(
    pay_app, buyer, stripe_api
):
    session = complete_session(stripe_api, start_checkout(buyer, "monthly").get_json()["sessionId"])
    event = make_event("checkout.session.completed", session)
    client = pay_app.test_client()
    stripe_api.reject_reads = True
    response = deliver(client, event)
    assert response.status_code == 503
    assert response.get_json()["error"] == "payment_provider_unavailable"
    assert event_count(pay_app) == 0
    assert user_state(pay_app, "ada@example.com") == FREE

    stripe_api.reject_reads = False
    assert deliver(client, event).get_json()["outcome"] == "processed"
    assert user_state(pay_app, "ada@example.com")[0] == "monthly"


def test_a_session_without_a_local_record_is_recorded_from_its_metadata(pay_app, buyer, stripe_api):
    session = complete_session(
        stripe_api, start_checkout(buyer, "lifetime").get_json()["sessionId"]
    )
    with pay_app.app_context():  # as if the row was lost after Stripe created the session
        db.session.query(Payment).delete()
        db.session.commit()
    deliver(pay_app.test_client(), make_event("checkout.session.completed", session))
    assert payments(pay_app) == [("lifetime", "paid", None)]
    assert user_state(pay_app, "ada@example.com") == PAID
    with pay_app.app_context():
        assert db.session.scalar(select(Payment.id)) == session["metadata"]["payment_id"]


def test_payment_records_outlive_the_account(pay_app, lifetime_completed):
    deliver(pay_app.test_client(), lifetime_completed)
    with pay_app.app_context():
        db.session.delete(db.session.scalar(select(User)))
        db.session.commit()
        payment = db.session.scalar(select(Payment))
        assert (payment.user_id, payment.status, payment.amount) == (None, "paid", 14900)
