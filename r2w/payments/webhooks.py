"""Stripe webhooks: verify the signature, then apply each event exactly once."""

from __future__ import annotations

import logging

import stripe
from sqlalchemy.exc import IntegrityError

from r2w.extensions import db
from r2w.models import WebhookEvent
from r2w.payments.events import resolve
from r2w.payments.records import PaymentUpdate, apply_update

log = logging.getLogger(__name__)
# Seconds; matches Stripe's default and bounds how long a captured delivery can be replayed.
TOLERANCE = 300


class WebhookRejected(ValueError):
    """The request is not a genuine, fresh Stripe event; the message says why."""


class MalformedEvent(ValueError):
    """A genuine (signed) event whose content is not the shape r2w expects."""


_TEXT_FIELDS = (
    "status", "plan", "user_id", "payment_id", "checkout_session_id", "subscription_id",
    "customer_id", "customer_email", "payment_intent_id", "currency",
)  # fmt: skip


def _check_update(update: PaymentUpdate) -> None:
    """Refuse values the database would choke on (a list for an id, text for an amount)."""
    for name in _TEXT_FIELDS:
        value = getattr(update, name)
        if value is not None and (
            not isinstance(value, str) or len(value) > 255 or "\x00" in value
        ):
            raise MalformedEvent(f"{name} is not a short string")
    if update.amount is not None and (
        isinstance(update.amount, bool) or not isinstance(update.amount, int)
    ):
        raise MalformedEvent("amount is not a whole number")


def verify_event(payload: bytes, signature: str | None, secret: str) -> stripe.Event:
    """Return the event if Stripe signed this payload recently; raise WebhookRejected otherwise."""
    if not signature:
        raise WebhookRejected("The Stripe-Signature header is missing.")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected("The signature does not match or is too old.") from exc
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        # Signed, but not UTF-8 JSON, or JSON that is not an object (a list, a number).
        raise WebhookRejected("The payload is not a Stripe event.") from exc


def process_event(event: stripe.Event, client: stripe.StripeClient) -> str:
    """Apply a verified event once; return "processed", "ignored" or "duplicate".

    The event id is inserted in the same transaction as its effect, so a redelivery (even a
    concurrent one, which fails on the primary key) changes nothing. Reads from Stripe happen
    before the transaction so no row lock is held across the network.
    """
    try:
        event_id, event_type = event["id"], event["type"]
        if not (isinstance(event_id, str) and isinstance(event_type, str)) or len(event_id) > 255:
            raise MalformedEvent("the event has no usable id or type")
        created = event.get("created")
        created = created if isinstance(created, int) and not isinstance(created, bool) else None
        if db.session.get(WebhookEvent, event_id) is not None:
            return "duplicate"
        update = resolve(event_type[:128], event["data"]["object"], client)
        if update is not None:
            _check_update(update)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        # stripe.StripeError is none of these, so a Stripe outage still answers 503.
        raise MalformedEvent(f"{type(exc).__name__}: {exc}") from exc
    db.session.add(WebhookEvent(id=event_id, type=event_type[:128], created=created))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return "duplicate"
    payment = apply_update(update) if update is not None else None
    if payment is not None:
        log.info(
            "stripe event applied",
            extra={"event_id": event_id, "event_type": event_type, "payment_id": payment.id},
        )
    db.session.commit()
    return "processed" if payment is not None else "ignored"
