"""Stripe webhooks: verify the signature, then apply each event exactly once."""

from __future__ import annotations

import logging

import stripe
from sqlalchemy.exc import IntegrityError

from r2w.extensions import db
from r2w.models import WebhookEvent
from r2w.payments.events import resolve
from r2w.payments.records import apply_update

log = logging.getLogger(__name__)
# Seconds; matches Stripe's default and bounds how long a captured delivery can be replayed.
TOLERANCE = 300


class WebhookRejected(ValueError):
    """The request is not a genuine, fresh Stripe event; the message says why."""


def verify_event(payload: bytes, signature: str | None, secret: str) -> stripe.Event:
    """Return the event if Stripe signed this payload recently; raise WebhookRejected otherwise."""
    if not signature:
        raise WebhookRejected("The Stripe-Signature header is missing.")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected("The signature does not match or is too old.") from exc
    except ValueError as exc:  # signed, but not UTF-8 JSON
        raise WebhookRejected("The payload is not a Stripe event.") from exc


def process_event(event: stripe.Event, client: stripe.StripeClient) -> str:
    """Apply a verified event once; return "processed", "ignored" or "duplicate".

    The event id is inserted in the same transaction as its effect, so a redelivery (even a
    concurrent one, which fails on the primary key) changes nothing. Reads from Stripe happen
    before the transaction so no row lock is held across the network.
    """
    event_id, event_type = event["id"], event["type"]
    if db.session.get(WebhookEvent, event_id) is not None:
        return "duplicate"
    update = resolve(event_type, event["data"]["object"], client)
    db.session.add(WebhookEvent(id=event_id, type=event_type, created=event.get("created")))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return "duplicate"
    if update is not None:
        payment = apply_update(update)
        log.info(
            "stripe event applied",
            extra={"event_id": event_id, "event_type": event_type, "payment_id": payment.id},
        )
    db.session.commit()
    return "processed" if update is not None else "ignored"
