"""Refunds and disputes take back the plan they paid for; malformed signed events are a 400."""

from __future__ import annotations

import json
import logging

import pytest

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
def lifetime(pay_app, buyer, stripe_api) -> dict:
    """A paid lifetime purchase, delivered; returns its completed Checkout Session."""
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id)
    deliver(pay_app.test_client(), make_event("checkout.session.completed", session))
    assert user_state(pay_app, "ada@example.com") == PAID
    return session


def _charge(session: dict, **fields) -> dict:
    return {"id": "ch_1", "object": "charge", "payment_intent": session["payment_intent"]} | fields


def test_a_full_refund_revokes_the_lifetime_plan_for_good(pay_app, lifetime):
    client = pay_app.test_client()
    refund = make_event("charge.refunded", _charge(lifetime, refunded=True, amount_refunded=14900))

    assert deliver(client, refund).get_json()["outcome"] == "processed"
    assert user_state(pay_app, "ada@example.com") == FREE
    assert payments(pay_app) == [("lifetime", "refunded", None)]
    # A late (or replayed-by-Stripe) completion event cannot give the plan back.
    deliver(client, make_event("checkout.session.completed", lifetime))
    assert user_state(pay_app, "ada@example.com") == FREE


def test_a_partial_refund_keeps_the_plan(pay_app, lifetime):
    partial = _charge(lifetime, refunded=False, amount_refunded=1000)
    deliver(pay_app.test_client(), make_event("charge.refunded", partial))
    assert user_state(pay_app, "ada@example.com") == PAID


def test_a_dispute_suspends_the_plan_until_it_is_won(pay_app, lifetime):
    client = pay_app.test_client()
    dispute = {"id": "dp_1", "object": "dispute", "charge": "ch_1", "status": "needs_response"}
    dispute["payment_intent"] = lifetime["payment_intent"]
    deliver(client, make_event("charge.dispute.created", dispute))
    assert user_state(pay_app, "ada@example.com") == FREE
    deliver(client, make_event("checkout.session.completed", lifetime))  # late: changes nothing
    assert user_state(pay_app, "ada@example.com") == FREE

    deliver(client, make_event("charge.dispute.closed", dispute | {"status": "won"}))
    assert user_state(pay_app, "ada@example.com") == PAID


def test_a_lost_dispute_revokes_for_good(pay_app, lifetime):
    client = pay_app.test_client()
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": lifetime["payment_intent"]}
    deliver(client, make_event("charge.dispute.created", dispute | {"status": "needs_response"}))
    deliver(client, make_event("charge.dispute.closed", dispute | {"status": "lost"}))
    deliver(client, make_event("charge.dispute.closed", dispute | {"status": "won"}))
    assert user_state(pay_app, "ada@example.com") == FREE
    assert payments(pay_app) == [("lifetime", "dispute_lost", None)]


def test_refunding_a_subscription_invoice_revokes_the_monthly_plan(pay_app, buyer, stripe_api):
    session = complete_session(stripe_api, start_checkout(buyer, "monthly").get_json()["sessionId"])
    client = pay_app.test_client()
    deliver(client, make_event("checkout.session.completed", session))
    assert user_state(pay_app, "ada@example.com")[0] == "monthly"
    invoice = {
        "id": "in_1",
        "object": "invoice",
        "parent": {"subscription_details": {"subscription": session["subscription"]}},
    }
    stripe_api.invoices["in_1"] = invoice
    stripe_api.charges["ch_9"] = {"id": "ch_9", "object": "charge", "invoice": "in_1"}

    dispute = {"id": "dp_9", "object": "dispute", "charge": "ch_9", "payment_intent": "pi_x"}
    deliver(client, make_event("charge.dispute.created", dispute))
    assert user_state(pay_app, "ada@example.com") == FREE
    # Stripe's own subscription update cannot lift the dispute.
    subscription = stripe_api.subscriptions[session["subscription"]]
    deliver(client, make_event("customer.subscription.updated", subscription))
    assert user_state(pay_app, "ada@example.com") == FREE


def test_a_refund_of_a_charge_r2w_never_sold_is_ignored(pay_app, lifetime):
    charge = {"id": "ch_x", "object": "charge", "payment_intent": "pi_other", "refunded": True}
    response = deliver(pay_app.test_client(), make_event("charge.refunded", charge))
    assert response.get_json()["outcome"] == "ignored"
    assert payments(pay_app) == [("lifetime", "paid", None)]
    assert user_state(pay_app, "ada@example.com") == PAID


MALFORMED = {
    "no data": lambda e: e.pop("data"),
    "empty session": lambda e: e["data"].update(object={}),
    "object is a list": lambda e: e["data"].update(object=[1, 2]),
    "id is a list": lambda e: e.update(id=["evt"]),
    "amount is text": lambda e: e["data"]["object"].update(amount_total="lots"),
    "metadata is text": lambda e: e["data"]["object"].update(metadata="x"),
}


@pytest.mark.parametrize("how", list(MALFORMED))
def test_a_signed_but_malformed_event_is_400_logged_and_changes_nothing(
    pay_app, buyer, stripe_api, caplog, how
):
    session = complete_session(
        stripe_api, start_checkout(buyer, "lifetime").get_json()["sessionId"]
    )
    event = make_event("checkout.session.completed", session)
    MALFORMED[how](event)

    with caplog.at_level(logging.ERROR, logger="r2w.payments"):
        response = deliver(pay_app.test_client(), event)

    assert response.status_code == 400
    assert response.get_json()["error"] == "malformed_event"
    assert any(r.getMessage() == "stripe event malformed" for r in caplog.records)
    assert event_count(pay_app) == 0
    assert user_state(pay_app, "ada@example.com") == FREE


@pytest.mark.parametrize("payload", ["[1, 2]", "42", '"text"', "null"])
def test_signed_json_that_is_not_an_object_is_400(pay_app, payload):
    assert json.loads(payload) is not dict  # valid JSON: only its shape is wrong
    response = pay_app.test_client().post(
        "/api/v1/payments/webhook",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": signature_header(payload)},
    )
    assert response.status_code == 400
    assert event_count(pay_app) == 0
