"""Payment records and the entitlements derived from them.

Stripe may deliver events late, twice or out of order. Two rules make the outcome independent of
delivery order: a record never leaves a final state (a paid one-time purchase, a canceled
subscription), and a user's entitlements are always recomputed from all of their payment records
rather than toggled by whichever event arrived last.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from r2w.extensions import db
from r2w.models import Payment, User, new_id, utcnow
from r2w.payments.entitlements import with_paid_entitlements

ONE_TIME_FINAL = frozenset({"paid", "failed", "expired"})
# Money given back (a full refund, a lost dispute): the plan it paid for ends for good.
REVOKED_FINAL = frozenset({"refunded", "dispute_lost"})
# An open dispute suspends the plan until Stripe says how it closed.
DISPUTED = "disputed"
DISPUTE_WON = "dispute_won"
SUBSCRIPTION_FINAL = frozenset({"canceled", "incomplete_expired", "expired"})
# past_due keeps access while Stripe retries the card; unpaid and canceled end it.
ENTITLING = {
    "lifetime": frozenset({"paid"}),
    "monthly": frozenset({"active", "trialing", "past_due"}),
}
PLAN_RANK = ("lifetime", "monthly")


@dataclass(frozen=True)
class PaymentUpdate:
    """What Stripe says about one purchase, gathered before the database transaction starts."""

    status: str
    plan: str | None = None
    user_id: str | None = None
    payment_id: str | None = None  # our Payment.id, carried in the Stripe metadata
    checkout_session_id: str | None = None
    subscription_id: str | None = None
    customer_id: str | None = None
    customer_email: str | None = None
    payment_intent_id: str | None = None
    amount: int | None = None
    currency: str | None = None
    # Refunds and disputes only ever change a purchase r2w already recorded.
    existing_only: bool = False


def next_status(plan: str, current: str, proposed: str) -> str:
    """Return the status a record moves to; final states are never left.

    A refund or a dispute overrides even a paid purchase; an open dispute holds until it
    closes (won: the purchase stands again; lost: revoked for good).
    """
    if current in REVOKED_FINAL:
        return current
    if proposed in REVOKED_FINAL or proposed == DISPUTED:
        return proposed
    if current == DISPUTED:
        if proposed != DISPUTE_WON:
            return current
        return "paid" if plan == "lifetime" else "active"
    if proposed == DISPUTE_WON:
        return current  # no dispute of ours was open
    final = ONE_TIME_FINAL if plan == "lifetime" else SUBSCRIPTION_FINAL
    return current if current in final else proposed


def _find_payment(update: PaymentUpdate) -> Payment | None:
    clauses = []
    if update.payment_id:
        clauses.append(Payment.id == update.payment_id)
    if update.checkout_session_id:
        clauses.append(Payment.stripe_checkout_session_id == update.checkout_session_id)
    if update.subscription_id:
        clauses.append(Payment.stripe_subscription_id == update.subscription_id)
    if update.payment_intent_id:
        clauses.append(Payment.stripe_payment_intent_id == update.payment_intent_id)
    if not clauses:
        return None
    query = select(Payment).where(or_(*clauses)).order_by(Payment.created_at).with_for_update()
    return db.session.scalars(query.execution_options(populate_existing=True)).first()


def _locked_user(user_id: str | None) -> User | None:
    if not user_id:
        return None
    query = select(User).where(User.id == user_id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def _merge(payment: Payment, update: PaymentUpdate) -> None:
    """Fill in what Stripe now knows; ids once set are kept."""
    payment.stripe_checkout_session_id = (
        payment.stripe_checkout_session_id or update.checkout_session_id
    )
    payment.stripe_subscription_id = payment.stripe_subscription_id or update.subscription_id
    payment.stripe_customer_id = payment.stripe_customer_id or update.customer_id
    payment.stripe_payment_intent_id = payment.stripe_payment_intent_id or update.payment_intent_id
    payment.customer_email = payment.customer_email or update.customer_email
    if update.amount is not None and payment.amount is None:
        payment.amount, payment.currency = update.amount, update.currency
    payment.status = next_status(payment.plan, payment.status, update.status)


def apply_update(update: PaymentUpdate) -> Payment | None:
    """Record what Stripe says about a purchase and refresh the buyer's entitlements.

    None when the update only changes existing purchases and names none of r2w's.
    """
    payment = _find_payment(update)
    if payment is None and update.existing_only:
        return None
    if payment is None:
        user = _locked_user(update.user_id)
        payment = Payment(
            id=update.payment_id or new_id(),
            plan=update.plan or "lifetime",
            user_id=user.id if user else None,
            status="open",
        )
        db.session.add(payment)
    else:
        user = _locked_user(payment.user_id)
    _merge(payment, update)
    db.session.flush()
    if user is not None:
        user.stripe_customer_id = user.stripe_customer_id or update.customer_id
        refresh_entitlements(user)
    return payment


def refresh_entitlements(user: User) -> None:
    """Recompute a user's plan and paid entitlements from all of their payment records."""
    rows = db.session.execute(
        select(Payment.plan, Payment.status).where(Payment.user_id == user.id)
    ).all()
    active = {plan for plan, status in rows if status in ENTITLING.get(plan, ())}
    best = next((plan for plan in PLAN_RANK if plan in active), None)
    # Remember when the last paid plan ended: published sites stay up for a grace period.
    if best is None and user.plan != "free":
        user.plan_lapsed_at = utcnow()
    elif best is not None:
        user.plan_lapsed_at = None
    user.plan = best or "free"
    # Assign a new dict: in-place changes to a JSON column are not tracked.
    user.entitlements = with_paid_entitlements(user.entitlements, granted=best is not None)
