"""Builders for Stripe objects and signed webhook deliveries, shared by the payment tests."""

from __future__ import annotations

import copy
import itertools
import json
import time
from typing import Any

import stripe
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import Payment, User, WebhookEvent
from tests.conftest import csrf_token
from tests.payments.stripe_standin import StripeStandIn

SECRET_KEY = "sk_test_standin"
PUBLISHABLE_KEY = "pk_test_standin"
WEBHOOK_SECRET = "whsec_standin"
_event_ids = itertools.count(1)


def payment_settings(standin: StripeStandIn, **overrides: Any) -> dict[str, Any]:
    """App settings with payments on, talking to the stand-in."""
    settings = {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": standin.url,
        "STRIPE_PRICE_MONTHLY": "price_monthly",
        "STRIPE_PRICE_LIFETIME": "price_lifetime",
    }
    settings.update(overrides)
    return settings


def signature_header(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """Sign a payload exactly as Stripe does (the library's own v1 HMAC over "t.payload")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload}", secret)
    return f"t={timestamp},v1={signature}"


def make_event(event_type: str, obj: dict[str, Any], created: int | None = None) -> dict:
    """A Stripe event wrapping a snapshot of an object."""
    return {
        "id": f"evt_test_{next(_event_ids):06d}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {"object": copy.deepcopy(obj)},
    }


def deliver(client: FlaskClient, event: dict, **sign: Any):
    """POST a signed event to the webhook endpoint."""
    payload = json.dumps(event)
    return client.post(
        "/api/v1/payments/webhook",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": signature_header(payload, **sign)},
    )


def start_checkout(client: FlaskClient, plan: str):
    """Ask the API for a checkout session, the way checkout.js does."""
    return client.post(
        "/api/v1/payments/checkout",
        json={"plan": plan},
        headers={"X-CSRFToken": csrf_token(client)},
    )


def complete_session(standin: StripeStandIn, session_id: str, paid: bool = True) -> dict:
    """Mark a stand-in session complete (and, for subscriptions, create its subscription)."""
    session = standin.sessions[session_id]
    session.update(
        status="complete",
        payment_status="paid" if paid else "unpaid",
        customer=session["customer"] or standin.new_id("cus"),
        customer_details={"email": session["customer_email"]},
    )
    if session["mode"] == "subscription":
        subscription_id = standin.new_id("sub")
        standin.subscriptions[subscription_id] = {
            "id": subscription_id,
            "object": "subscription",
            "status": "active" if paid else "incomplete",
            "customer": session["customer"],
            "metadata": dict(session["metadata"]),
        }
        session["subscription"] = subscription_id
    else:
        session["payment_intent"] = standin.new_id("pi")
    return copy.deepcopy(session)


def invoice_for(subscription: dict, paid: bool = True, legacy_shape: bool = False) -> dict:
    """An invoice billing a subscription, in the newer (parent) or older (subscription) shape."""
    invoice = {
        "id": f"in_for_{subscription['id']}",
        "object": "invoice",
        "status": "paid" if paid else "open",
        "amount_paid": 900 if paid else 0,
        "currency": "eur",
        "customer": subscription["customer"],
    }
    if legacy_shape:
        invoice["subscription"] = subscription["id"]
    else:
        invoice["parent"] = {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription["id"], "metadata": {}},
        }
    return invoice


def user_state(app: Flask, email: str) -> tuple[str, dict]:
    """Return (plan, entitlements) of a user."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user.plan, dict(user.entitlements or {})


def payments(app: Flask) -> list[tuple[str, str, str | None]]:
    """Return (plan, status, subscription id) for every payment record."""
    with app.app_context():
        rows = db.session.execute(
            select(Payment.plan, Payment.status, Payment.stripe_subscription_id)
        ).all()
        return [tuple(row) for row in rows]


def event_count(app: Flask) -> int:
    """Return how many webhook events were recorded."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebhookEvent))
