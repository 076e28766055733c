"""Turn a Stripe event (or a freshly retrieved Checkout Session) into a PaymentUpdate.

Subscription events are only notifications: the subscription's current state is read from
Stripe, so an event delivered late can neither re-grant a revoked plan nor revoke a renewed one.
A deletion needs no read: a canceled subscription stays canceled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import stripe

from r2w.payments.plans import SUBSCRIPTION, plan_for_mode
from r2w.payments.records import DISPUTE_WON, DISPUTED, PaymentUpdate

StripeObject = Mapping[str, Any]
PAID_STATES = ("paid", "no_payment_required")


def object_id(value: Any) -> str | None:
    """Return the id of an expandable field, whether Stripe sent an id or the object."""
    if isinstance(value, Mapping):
        return value.get("id")
    return value or None


def retrieve_subscription(client: stripe.StripeClient, subscription_id: str) -> StripeObject | None:
    """Return the subscription as Stripe knows it now, or None if Stripe has no such object."""
    try:
        return client.v1.subscriptions.retrieve(subscription_id)
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404:
            return None
        raise


def subscription_update(subscription: StripeObject, status: str | None = None) -> PaymentUpdate:
    """Describe a subscription's state as a PaymentUpdate."""
    metadata = subscription.get("metadata") or {}
    return PaymentUpdate(
        status=status or subscription["status"],
        plan=metadata.get("plan") or "monthly",
        user_id=metadata.get("user_id"),
        payment_id=metadata.get("payment_id"),
        subscription_id=subscription["id"],
        customer_id=object_id(subscription.get("customer")),
    )


def _one_time_status(session: StripeObject, override: str | None) -> str:
    if override:
        return override
    if session.get("status") == "complete":
        # Delayed methods (bank debits) complete unpaid and settle later.
        return "paid" if session.get("payment_status") in PAID_STATES else "pending"
    return "expired" if session.get("status") == "expired" else "open"


def session_update(
    session: StripeObject, client: stripe.StripeClient, override: str | None = None
) -> PaymentUpdate:
    """Describe a Checkout Session (and, for subscriptions, its subscription's current state)."""
    metadata = session.get("metadata") or {}
    details = session.get("customer_details") or {}
    update = PaymentUpdate(
        status="open",
        plan=metadata.get("plan") or plan_for_mode(session.get("mode")),
        user_id=metadata.get("user_id") or session.get("client_reference_id"),
        payment_id=metadata.get("payment_id"),
        checkout_session_id=session["id"],
        customer_id=object_id(session.get("customer")),
        customer_email=details.get("email") or session.get("customer_email"),
        payment_intent_id=object_id(session.get("payment_intent")),
        amount=session.get("amount_total"),
        currency=session.get("currency"),
    )
    if session.get("mode") != SUBSCRIPTION:
        return dataclasses.replace(update, status=_one_time_status(session, override))
    subscription_id = object_id(session.get("subscription"))
    current = retrieve_subscription(client, subscription_id) if subscription_id else None
    if current is None:
        status = "expired" if session.get("status") == "expired" else "open"
        return dataclasses.replace(update, status=status)
    return dataclasses.replace(update, status=current["status"], subscription_id=subscription_id)


def invoice_subscription_id(invoice: StripeObject) -> str | None:
    """Return the subscription an invoice bills, in both the older and newer API shapes."""
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return object_id(details.get("subscription")) or object_id(invoice.get("subscription"))


def _on_invoice(invoice: StripeObject, client: stripe.StripeClient) -> PaymentUpdate | None:
    subscription_id = invoice_subscription_id(invoice)
    current = retrieve_subscription(client, subscription_id) if subscription_id else None
    if current is None:
        return None  # not a subscription invoice of ours
    update = subscription_update(current)
    amount = invoice.get("amount_paid") if invoice.get("status") == "paid" else None
    return dataclasses.replace(update, amount=amount, currency=invoice.get("currency"))


def _on_subscription_changed(
    sub: StripeObject, client: stripe.StripeClient
) -> PaymentUpdate | None:
    current = retrieve_subscription(client, sub["id"])
    return subscription_update(current) if current is not None else None


def _charge_subscription(charge: StripeObject, client: stripe.StripeClient) -> str | None:
    """The subscription a charge paid for, through its invoice (None for one-time payments)."""
    invoice_id = object_id(charge.get("invoice"))
    if not invoice_id:
        return None
    try:
        invoice = client.v1.invoices.retrieve(invoice_id)
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404:
            return None
        raise
    return invoice_subscription_id(invoice)


def _money_back(charge: StripeObject, client: stripe.StripeClient, status: str) -> PaymentUpdate:
    return PaymentUpdate(
        status=status,
        payment_intent_id=object_id(charge.get("payment_intent")),
        subscription_id=_charge_subscription(charge, client),
        existing_only=True,
    )


def _on_refund(charge: StripeObject, client: stripe.StripeClient) -> PaymentUpdate | None:
    # A partial refund (a goodwill discount) leaves the plan; a full one takes it back.
    if not charge.get("refunded"):
        return None
    return _money_back(charge, client, "refunded")


def _dispute_charge(dispute: StripeObject, client: stripe.StripeClient) -> StripeObject:
    charge = dispute.get("charge")
    if isinstance(charge, Mapping):
        return charge
    found = {"payment_intent": dispute.get("payment_intent")}
    if charge:
        try:
            found = {**client.v1.charges.retrieve(str(charge)), **found}
        except stripe.InvalidRequestError as exc:
            if exc.http_status != 404:
                raise
    return found


def _on_dispute_opened(dispute: StripeObject, client: stripe.StripeClient) -> PaymentUpdate:
    return _money_back(_dispute_charge(dispute, client), client, DISPUTED)


def _on_dispute_closed(dispute: StripeObject, client: stripe.StripeClient) -> PaymentUpdate:
    # "won" and "warning_closed" (an inquiry that never became a chargeback) give it back.
    status = "dispute_lost" if dispute.get("status") == "lost" else DISPUTE_WON
    return _money_back(_dispute_charge(dispute, client), client, status)


def _session_handler(override: str | None) -> Callable[..., PaymentUpdate | None]:
    return lambda session, client: session_update(session, client, override)


HANDLERS: dict[str, Callable[[StripeObject, stripe.StripeClient], PaymentUpdate | None]] = {
    "checkout.session.completed": _session_handler(None),
    "checkout.session.async_payment_succeeded": _session_handler("paid"),
    "checkout.session.async_payment_failed": _session_handler("failed"),
    "checkout.session.expired": _session_handler("expired"),
    "invoice.paid": _on_invoice,
    "invoice.payment_failed": _on_invoice,
    "customer.subscription.updated": _on_subscription_changed,
    "customer.subscription.deleted": lambda sub, client: subscription_update(sub, "canceled"),
    "charge.refunded": _on_refund,
    "charge.dispute.created": _on_dispute_opened,
    "charge.dispute.closed": _on_dispute_closed,
}


def resolve(
    event_type: str, obj: StripeObject, client: stripe.StripeClient
) -> PaymentUpdate | None:
    """Return the PaymentUpdate an event stands for, or None for events r2w does not act on."""
    handler = HANDLERS.get(event_type)
    return handler(obj, client) if handler else None
