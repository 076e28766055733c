"""One Stripe client per app, pointed at STRIPE_API_BASE when set (a local stand-in in tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe
from flask import Flask, current_app

EXTENSION_KEY = "r2w.stripe"
# (connect, read) seconds: a checkout page should fail fast rather than hang a worker.
TIMEOUT = (5, 20)


def build_client(config: Mapping[str, Any]) -> stripe.StripeClient:
    """Build a Stripe client from settings; no global stripe.* state is touched."""
    base = config.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        str(config["STRIPE_SECRET_KEY"]),
        base_addresses={"api": str(base).rstrip("/")} if base else None,
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


def stripe_client(app: Flask | None = None) -> stripe.StripeClient:
    """Return this app's Stripe client, built on first use."""
    app = app or current_app._get_current_object()
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        client = app.extensions[EXTENSION_KEY] = build_client(app.config)
    return client
