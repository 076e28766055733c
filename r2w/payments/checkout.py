"""Starting an Embedded Checkout and reading back where it ended."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import stripe

from r2w.extensions import db
from r2w.models import Payment, User, new_id
from r2w.payments.events import session_update
from r2w.payments.plans import SUBSCRIPTION, Plan
from r2w.payments.records import ENTITLING, PLAN_RANK, apply_update

RETURN_PATH = "/billing/return?session_id={CHECKOUT_SESSION_ID}"


class AlreadyPaid(Exception):
    """The person already has this plan (or a better one)."""


@dataclass(frozen=True)
class CheckoutStarted:
    """A Checkout Session ready to mount in the page."""

    client_secret: str
    session_id: str
    payment_id: str


def already_covered(user: User, plan: Plan) -> bool:
    """Return whether buying this plan would add nothing to what the user already has."""
    if user.plan not in ENTITLING:
        return False
    return PLAN_RANK.index(user.plan) <= PLAN_RANK.index(plan.name)


def checkout_params(user: User, plan: Plan, payment_id: str, base_url: str) -> dict[str, Any]:
    """Build the Checkout Session parameters for this user and plan."""
    metadata = {"user_id": user.id, "plan": plan.name, "payment_id": payment_id}
    params: dict[str, Any] = {
        "ui_mode": "embedded",
        "mode": plan.mode,
        "line_items": [{"price": plan.price_id, "quantity": 1}],
        "return_url": base_url.rstrip("/") + RETURN_PATH,
        "client_reference_id": user.id,
        "metadata": metadata,
    }
    if user.stripe_customer_id:
        params["customer"] = user.stripe_customer_id
    else:
        params["customer_email"] = user.email
    # Copy the metadata onto what outlives the session, so its events can be traced back.
    if plan.mode == SUBSCRIPTION:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
        if not user.stripe_customer_id:
            params["customer_creation"] = "always"
    return params


def start_checkout(
    client: stripe.StripeClient, user: User, plan: Plan, base_url: str
) -> CheckoutStarted:
    """Create a Checkout Session and record it as an open payment."""
    if already_covered(user, plan):
        raise AlreadyPaid(plan.name)
    payment_id = new_id()
    session = client.v1.checkout.sessions.create(
        checkout_params(user, plan, payment_id, base_url),
        {"idempotency_key": f"r2w-checkout-{payment_id}"},
    )
    # Stripe first, then our row: if this commit is lost, the webhook recreates the row from
    # the session's metadata, so no purchase goes unrecorded.
    db.session.add(
        Payment(
            id=payment_id,
            user_id=user.id,
            plan=plan.name,
            customer_email=user.email,
            stripe_checkout_session_id=session["id"],
            stripe_customer_id=user.stripe_customer_id,
            amount=session.get("amount_total"),
            currency=session.get("currency"),
            status="open",
        )
    )
    db.session.commit()
    return CheckoutStarted(session["client_secret"], session["id"], payment_id)


def session_belongs_to(session: Mapping[str, Any], user: User) -> bool:
    """Return whether a Checkout Session was started by this user."""
    metadata = session.get("metadata") or {}
    return user.id in (metadata.get("user_id"), session.get("client_reference_id"))


def sync_returned_session(client: stripe.StripeClient, session: Mapping[str, Any]) -> None:
    """Record a completed or expired session now, without waiting for its webhook."""
    if session.get("status") in ("complete", "expired"):
        apply_update(session_update(session, client))
        db.session.commit()
