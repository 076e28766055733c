"""Billing pages, the checkout API and the Stripe webhook endpoint."""

from __future__ import annotations

import logging
import re

import stripe
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask_login import current_user, login_required

from r2w.api.helpers import strict_json
from r2w.errors import json_error
from r2w.extensions import csrf, db, limiter
from r2w.payments.checkout import (
    AlreadyPaid,
    session_belongs_to,
    start_checkout,
    sync_returned_session,
)
from r2w.payments.client import stripe_client
from r2w.payments.entitlements import payments_enabled
from r2w.payments.plans import available_plans
from r2w.payments.webhooks import MalformedEvent, WebhookRejected, process_event, verify_event
from r2w.urls import public_base_url

log = logging.getLogger(__name__)
api_bp = Blueprint("payments_api", __name__, url_prefix="/api/v1/payments")
pages_bp = Blueprint("billing", __name__, url_prefix="/billing")

SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")
STRIPE_JS_URL = "https://js.stripe.com/clover/stripe.js"  # the release matching our API version
# Stripe.js and Embedded Checkout need exactly these hosts (docs.stripe.com/security/guide#csp);
# everything else stays same-origin. Only the billing page loads Stripe.js.
BILLING_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' https://js.stripe.com https://*.js.stripe.com"
        " https://checkout.stripe.com",
        "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com"
        " https://checkout.stripe.com",
        "connect-src 'self' https://api.stripe.com https://checkout.stripe.com",
        "img-src 'self' https://*.stripe.com",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
UNAVAILABLE = "Our payment provider cannot be reached right now. Please try again in a minute."


def _require_payments() -> None:
    if not payments_enabled():
        abort(404)


@api_bp.post("/checkout")
@login_required
@limiter.limit("30/hour")
def checkout():
    """Start an Embedded Checkout for a plan; returns the client secret to mount it."""
    _require_payments()
    try:
        data = strict_json(request.get_data())
    except ValueError:  # not JSON, NaN, or nested too deep to parse
        data = None
    name = data.get("plan") if isinstance(data, dict) else None
    plans = available_plans(current_app.config)
    plan = plans.get(name) if isinstance(name, str) else None
    if plan is None:
        return json_error(400, "unknown_plan", f"Choose one of these plans: {', '.join(plans)}.")
    try:
        started = start_checkout(stripe_client(), current_user, plan, public_base_url())
    except AlreadyPaid:
        return json_error(409, "already_paid", "Your account already includes this plan.")
    except stripe.StripeError as exc:
        db.session.rollback()
        log.warning("checkout session not created", extra={"detail": str(exc)})
        return json_error(502, "payment_provider_unavailable", UNAVAILABLE)
    return jsonify(
        clientSecret=started.client_secret,
        publishableKey=current_app.config.get("STRIPE_PUBLISHABLE_KEY"),
        sessionId=started.session_id,
    )


@api_bp.post("/webhook")
@csrf.exempt  # Stripe cannot send our CSRF token; the signature authenticates instead
def webhook():
    """Receive a Stripe event: verify its signature, then apply it once."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not payments_enabled() or not secret:
        abort(404)
    try:
        event = verify_event(request.get_data(), request.headers.get("Stripe-Signature"), secret)
    except WebhookRejected as exc:
        log.warning("stripe webhook rejected", extra={"detail": str(exc)})
        return json_error(400, "invalid_webhook", str(exc))
    try:
        outcome = process_event(event, stripe_client())
    except MalformedEvent as exc:
        # Signed by Stripe, so not an attack to hide; a 400 tells Stripe not to hope for more.
        db.session.rollback()
        log.error(
            "stripe event malformed", extra={"event_id": _event_id(event), "detail": str(exc)}
        )
        return json_error(400, "malformed_event", "The event is not in the shape r2w expects.")
    except stripe.StripeError as exc:
        # Nothing was recorded, so Stripe's redelivery will apply the event later.
        db.session.rollback()
        log.warning("stripe read failed during webhook", extra={"detail": str(exc)})
        return json_error(503, "payment_provider_unavailable", UNAVAILABLE)
    return jsonify(received=True, outcome=outcome)


def _event_id(event) -> str | None:
    try:
        return str(event.get("id"))[:255]
    except (AttributeError, TypeError):
        return None


@pages_bp.get("")
@login_required
def billing() -> Response:
    """The plans and the mount point for Embedded Checkout (the one page with Stripe.js)."""
    _require_payments()
    body = render_template(
        "payments/billing.html",
        plans=list(available_plans(current_app.config).values()),
        user=current_user,
        publishable_key=current_app.config.get("STRIPE_PUBLISHABLE_KEY") or "",
        stripe_js_url=STRIPE_JS_URL,
    )
    response = make_response(body)
    response.headers["Content-Security-Policy"] = BILLING_CSP
    return response


@pages_bp.get("/return")
@login_required
def billing_return():
    """Where Checkout sends people back: show the session's real status."""
    _require_payments()
    session_id = request.args.get("session_id", "")
    if not SESSION_ID.match(session_id):
        abort(404)
    client = stripe_client()
    try:
        session = client.v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        abort(404)
    except stripe.StripeError:
        abort(502, description=UNAVAILABLE)
    if not session_belongs_to(session, current_user):
        abort(404)
    try:
        sync_returned_session(client, session)
    except stripe.StripeError:
        # The webhook will record it; the page can still say what happened.
        db.session.rollback()
    return render_template(
        "payments/return.html",
        status=session.get("status"),
        payment_status=session.get("payment_status"),
        user=current_user,
    )
