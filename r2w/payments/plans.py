"""The plans on offer, read from configuration: a plan without a Stripe price is not offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SUBSCRIPTION = "subscription"
ONE_TIME = "payment"


@dataclass(frozen=True)
class Plan:
    """A plan someone can buy through Stripe Checkout."""

    name: str
    mode: str  # Stripe Checkout mode: "subscription" or "payment"
    price_id: str
    title: str
    summary: str


# name -> (setting holding the Stripe price id, checkout mode, title, summary)
PLAN_DEFINITIONS: dict[str, tuple[str, str, str, str]] = {
    "monthly": (
        "STRIPE_PRICE_MONTHLY",
        SUBSCRIPTION,
        "Monthly",
        "Publish your portfolio and use every theme. Cancel any time.",
    ),
    "lifetime": (
        "STRIPE_PRICE_LIFETIME",
        ONE_TIME,
        "Lifetime",
        "Pay once, publish and use every theme for good.",
    ),
}


def available_plans(config: Mapping[str, Any]) -> dict[str, Plan]:
    """Return the plans that have a Stripe price configured, in display order."""
    plans: dict[str, Plan] = {}
    for name, (setting, mode, title, summary) in PLAN_DEFINITIONS.items():
        price_id = config.get(setting)
        if price_id:
            plans[name] = Plan(name, mode, str(price_id), title, summary)
    return plans


def plan_for_mode(mode: str | None) -> str:
    """Name the plan a Checkout mode stands for (used when metadata is missing)."""
    return "monthly" if mode == SUBSCRIPTION else "lifetime"
