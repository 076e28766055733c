"""Events arriving in any order (and late) converge on the same, correct state."""

import itertools

from tests.conftest import register
from tests.payments.helpers import (
    complete_session,
    deliver,
    invoice_for,
    make_event,
    payments,
    start_checkout,
    user_state,
)

MONTHLY = ("monthly", {"publish": True, "premium_themes": True})
FREE = ("free", {})


def _subscribe(app, stripe_api, email: str) -> tuple[dict, dict]:
    """Sign up and pay for a monthly plan; return the session and subscription Stripe holds."""
    client = app.test_client()
    register(client, email)
    session_id = start_checkout(client, "monthly").get_json()["sessionId"]
    session = complete_session(stripe_api, session_id)
    return session, stripe_api.subscriptions[session["subscription"]]


def test_subscription_events_in_every_order_give_one_active_plan(pay_app, stripe_api):
    client = pay_app.test_client()
    for number, order in enumerate(itertools.permutations(range(3))):
        email = f"buyer{number}@example.com"
        session, subscription = _subscribe(pay_app, stripe_api, email)
        events = [
            make_event("invoice.paid", invoice_for(subscription), created=100),
            make_event("checkout.session.completed", session, created=101),
            make_event("customer.subscription.updated", subscription, created=102),
        ]
        for index in order:
            response = deliver(client, events[index])
            assert response.status_code == 200, response.get_json()
        assert user_state(pay_app, email) == MONTHLY
    records = payments(pay_app)
    assert len(records) == 6
    assert {(plan, status) for plan, status, _ in records} == {("monthly", "active")}
    assert len({subscription_id for *_, subscription_id in records}) == 6


def test_a_late_update_cannot_regrant_a_deleted_subscription(pay_app, stripe_api):
    session, subscription = _subscribe(pay_app, stripe_api, "ada@example.com")
    client = pay_app.test_client()
    active = make_event("customer.subscription.updated", subscription, created=200)
    deliver(client, make_event("checkout.session.completed", session, created=199))
    subscription["status"] = "canceled"
    deleted = make_event("customer.subscription.deleted", subscription, created=300)
    for event in (deleted, active):  # the deletion overtakes the older update
        assert deliver(client, event).status_code == 200
    assert user_state(pay_app, "ada@example.com") == FREE
    assert [status for _, status, _ in payments(pay_app)] == ["canceled"]


def test_a_deletion_delivered_first_is_not_undone(pay_app, stripe_api):
    session, subscription = _subscribe(pay_app, stripe_api, "ada@example.com")
    client = pay_app.test_client()
    old_session_event = make_event("checkout.session.completed", session, created=1)
    old_invoice = make_event("invoice.paid", invoice_for(subscription), created=2)
    subscription["status"] = "canceled"
    deliver(client, make_event("customer.subscription.deleted", subscription, created=9))
    # A stale stand-in read must not matter either: the record's final state wins.
    subscription["status"] = "active"
    deliver(client, old_invoice)
    deliver(client, old_session_event)
    assert user_state(pay_app, "ada@example.com") == FREE
    assert [status for _, status, _ in payments(pay_app)] == ["canceled"]


def test_a_late_payment_failure_cannot_revoke_a_renewed_plan(pay_app, stripe_api):
    session, subscription = _subscribe(pay_app, stripe_api, "ada@example.com")
    client = pay_app.test_client()
    failed = make_event("invoice.payment_failed", invoice_for(subscription, paid=False), created=5)
    paid = make_event("invoice.paid", invoice_for(subscription), created=6)
    deliver(client, make_event("checkout.session.completed", session, created=4))
    for event in (paid, failed):  # Stripe delivers the older failure last
        assert deliver(client, event).status_code == 200
    assert user_state(pay_app, "ada@example.com") == MONTHLY


def test_older_invoice_shape_is_understood(pay_app, stripe_api):
    _, subscription = _subscribe(pay_app, stripe_api, "ada@example.com")
    invoice = invoice_for(subscription, legacy_shape=True)
    deliver(pay_app.test_client(), make_event("invoice.paid", invoice))
    assert user_state(pay_app, "ada@example.com") == MONTHLY
    assert payments(pay_app) == [("monthly", "active", subscription["id"])]


def test_a_late_unpaid_completion_cannot_undo_a_settled_payment(pay_app, stripe_api):
    client = pay_app.test_client()
    register(client)
    session_id = start_checkout(client, "lifetime").get_json()["sessionId"]
    unpaid = complete_session(stripe_api, session_id, paid=False)
    settled = dict(unpaid, payment_status="paid")
    deliver(client, make_event("checkout.session.async_payment_succeeded", settled, created=20))
    deliver(client, make_event("checkout.session.completed", unpaid, created=10))
    assert payments(pay_app) == [("lifetime", "paid", None)]
    assert user_state(pay_app, "ada@example.com")[0] == "lifetime"
