"""What a person may do: publishing and premium themes, paid for when payments are on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

PUBLISH = "publish"
PREMIUM_THEMES = "premium_themes"
# Every paid plan grants the same things; plans differ only in how long they last.
PAID_ENTITLEMENTS = (PUBLISH, PREMIUM_THEMES)


def payments_enabled(app_or_config: Flask | Mapping[str, Any] | None = None) -> bool:
    """Return whether payments are on (a Stripe secret key is configured)."""
    if app_or_config is None:
        app_or_config = current_app
    config = app_or_config.config if isinstance(app_or_config, Flask) else app_or_config
    return bool(config.get("STRIPE_SECRET_KEY"))


def _entitled(user: Any, name: str, config: Mapping[str, Any] | None) -> bool:
    if not payments_enabled(config):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    has = getattr(user, "has_entitlement", None)
    return bool(has and has(name))


def can_publish(user: Any, config: Mapping[str, Any] | None = None) -> bool:
    """Return whether this user may publish: free when payments are off, paid when they are on."""
    return _entitled(user, PUBLISH, config)


def can_use_premium_themes(user: Any, config: Mapping[str, Any] | None = None) -> bool:
    """Return whether this user may pick a premium theme (same rule as publishing)."""
    return _entitled(user, PREMIUM_THEMES, config)


def lapse_notice(user: Any, config: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """What to tell someone whose paid plan ended: when, and when their sites go offline."""
    from datetime import timedelta

    from r2w.models import utcnow
    from r2w.models.base import aware

    config = current_app.config if config is None else config
    ended = aware(getattr(user, "plan_lapsed_at", None))
    if not payments_enabled(config) or ended is None or getattr(user, "plan", "free") != "free":
        return None
    offline_on = ended + timedelta(days=int(config["PLAN_GRACE_DAYS"]))
    return {"ended": ended, "offline_on": offline_on, "offline": offline_on <= utcnow()}


def with_paid_entitlements(entitlements: Mapping[str, Any] | None, granted: bool) -> dict:
    """Return a copy of the entitlements with the paid ones switched on or off."""
    updated = dict(entitlements or {})
    for name in PAID_ENTITLEMENTS:
        if granted:
            updated[name] = True
        else:
            updated.pop(name, None)
    return updated
