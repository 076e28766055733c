"""Payments: Stripe Embedded Checkout, signed webhooks, and the entitlements they grant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from r2w.payments.entitlements import can_publish, can_use_premium_themes, payments_enabled

if TYPE_CHECKING:
    from flask import Flask


def init_payments(app: Flask) -> None:
    """Attach the billing pages, the checkout API and the webhook to the app."""
    from r2w.payments.views import api_bp, pages_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
    app.context_processor(lambda: {"payments_enabled": payments_enabled(app)})
    app.context_processor(_lapse_context)


def _lapse_context() -> dict:
    from flask_login import current_user

    from r2w.payments.entitlements import lapse_notice

    user = current_user if current_user.is_authenticated else None
    return {"plan_lapse": lapse_notice(user) if user is not None else None}


__all__ = ["can_publish", "can_use_premium_themes", "init_payments", "payments_enabled"]
