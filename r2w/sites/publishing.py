"""Publishing is a pointer switch: the live build changes, nothing is rebuilt."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from r2w.api.helpers import BadRequest
from r2w.extensions import db
from r2w.models import Build, Portfolio, utcnow
from r2w.ownership import storable_text
from r2w.sites.edge import sync_slugs
from r2w.sites.serving import sites_changed

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
RESERVED = {"api", "admin", "preview", "static", "account", "billing", "www", "p"}
THEMES = ("professional", "creative", "academic", "executive")
# Paid for when payments are on (entitlement "premium_themes"); the others are free for all.
PREMIUM_THEMES = ("creative", "executive")


def check_slug(slug: str, portfolio: Portfolio) -> str:
    """A slug is 3–63 lower-case letters, digits and dashes, free, and not reserved.

    Only an account's portfolio may hold one: an anonymous visitor could otherwise take any
    free address for good without ever signing up.
    """
    if portfolio.owner_user_id is None:
        raise BadRequest(
            "Create a free account to choose your site's address.", code="sign_up", status=401
        )
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug) or "--" in slug or slug in RESERVED:
        raise BadRequest(
            "Choose an address of 3–63 lower-case letters, digits and single dashes.",
            code="invalid_slug",
        )
    taken = db.session.scalar(
        select(Portfolio.id).where(Portfolio.slug == slug, Portfolio.id != portfolio.id)
    )
    if taken:
        raise BadRequest("That address is taken. Try another.", code="slug_taken", status=409)
    return slug


def suggest_slug(name: str | None) -> str:
    """A free slug from the person's name (or a random one)."""
    base = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:40] or "cv"
    for _ in range(20):
        candidate = base if len(base) >= 3 else f"{base}-cv"
        exists = db.session.scalar(select(Portfolio.id).where(Portfolio.slug == candidate))
        if not exists:
            return candidate
        base = f"{base[:33]}-{secrets.token_hex(3)}"
    return f"cv-{secrets.token_hex(6)}"


def check_theme(theme: str) -> str:
    """One of the available themes."""
    if theme not in THEMES:
        raise BadRequest(f"theme must be one of {', '.join(THEMES)}.", code="invalid_theme")
    return theme


def check_theme_allowed(theme: str, user: object) -> str:
    """One of the themes, and a premium one only for someone entitled to it."""
    from r2w.payments.entitlements import can_use_premium_themes

    check_theme(theme)
    if theme in PREMIUM_THEMES and not can_use_premium_themes(user):
        raise BadRequest(
            "This theme comes with a plan. Choose one on the billing page.",
            code="payment_required",
            status=402,
            billingUrl="/billing",
        )
    return theme


def check_hidden_sections(value: object) -> list[str]:
    """A list of section keys (any but the hero) to leave off the site, sorted and unique."""
    from r2w.cvdoc import SECTION_KEYS

    hideable = SECTION_KEYS[1:]
    if not isinstance(value, list) or not all(key in hideable for key in value):
        raise BadRequest(
            f"hiddenSections must be a list of: {', '.join(hideable)}.", code="invalid_sections"
        )
    return sorted(set(value))


def _own_succeeded_build(portfolio: Portfolio, build_id: str | None) -> Build:
    query = select(Build).where(Build.portfolio_id == portfolio.id, Build.status == "succeeded")
    if build_id and not storable_text(build_id):
        query = query.where(False)  # the database cannot even compare such text
    elif build_id:
        query = query.where(Build.id == build_id)
    build = db.session.scalar(query.order_by(Build.created_at.desc()).limit(1))
    if build is None:
        raise BadRequest("There is no finished build to publish yet.", code="no_build", status=409)
    return build


def publish(portfolio: Portfolio, build_id: str | None = None, slug: str | None = None) -> None:
    """Make a finished build live at the portfolio's address."""
    build = _own_succeeded_build(portfolio, build_id)
    old_slug = portfolio.slug
    if slug or not portfolio.slug:
        portfolio.slug = check_slug(slug or suggest_slug(_person_name(portfolio)), portfolio)
    if portfolio.live_build_id != build.id:
        portfolio.previous_build_id = portfolio.live_build_id
        portfolio.live_build_id = build.id
    portfolio.published_at = utcnow()
    db.session.commit()
    sync_slugs(old_slug, portfolio.slug)
    sites_changed()


def unpublish(portfolio: Portfolio) -> None:
    """Take the site offline; the address stays reserved for this portfolio."""
    if portfolio.live_build_id:
        portfolio.previous_build_id = portfolio.live_build_id
    portfolio.live_build_id = None
    portfolio.published_at = None
    db.session.commit()
    sync_slugs(portfolio.slug)
    sites_changed()


def rollback(portfolio: Portfolio) -> None:
    """Switch the live build back to the previous one."""
    previous = portfolio.previous_build_id
    if not previous or db.session.get(Build, previous) is None:
        raise BadRequest(
            "There is no earlier version to go back to.", code="no_previous", status=409
        )
    portfolio.previous_build_id, portfolio.live_build_id = portfolio.live_build_id, previous
    portfolio.published_at = utcnow()
    db.session.commit()
    sync_slugs(portfolio.slug)
    sites_changed()


def _person_name(portfolio: Portfolio) -> str | None:
    document = portfolio.cv.document or {}
    return ((document.get("hero") or {}).get("fullName")) or None
