"""Which account a provider identity signs in to: linked, matched by verified email, or new."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask import Flask, flash, session
from sqlalchemy import select

from r2w.auth.accounts import find_user_by_email, register, revoke_sessions
from r2w.auth.oidc_providers import PROVIDERS
from r2w.extensions import db
from r2w.models import OAuthIdentity, User, utcnow
from r2w.models.accounts import EMAIL_MAX, NAME_MAX

log = logging.getLogger(__name__)
PENDING_KEY = "oidc_pending_link"
PENDING_TTL = 15 * 60  # seconds a person has to prove, by password, that the account is theirs


class SignInProblem(Exception):
    """A provider sign-in that cannot go ahead; the message is safe to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Profile:
    """The verified claims r2w uses from a provider's ID token."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


def _is_true(value: Any) -> bool:
    # Some providers send the boolean as a string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def profile_from_claims(provider: str, claims: Mapping[str, Any]) -> Profile:
    """Read the claims r2w needs; a token without a subject is refused."""
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255:
        raise SignInProblem(400, "The sign-in response did not identify you. Please try again.")
    email = str(claims.get("email") or "").strip().lower() or None
    if email and len(email) > EMAIL_MAX:
        email = None
    name = str(claims.get("name") or "").strip()[:NAME_MAX] or None
    return Profile(provider, subject, email, _is_true(claims.get("email_verified")), name)


def _find_identity(provider: str, subject: str) -> OAuthIdentity | None:
    query = select(OAuthIdentity).where(
        OAuthIdentity.provider == provider, OAuthIdentity.subject == subject
    )
    return db.session.scalar(query)


def _link(user: User, profile: Profile) -> None:
    db.session.add(
        OAuthIdentity(
            user_id=user.id,
            provider=profile.provider,
            subject=profile.subject,
            email=profile.email,
            email_verified=profile.email_verified,
        )
    )


def account_for(profile: Profile) -> User | None:
    """Return the user this identity signs in as, linking or creating as needed.

    None means an account with this email exists but the provider has not verified the email:
    linking then would let whoever controls the provider account take over the r2w account, so
    the identity waits in the session until the person signs in to that account another way.

    An account whose own address was never verified is not linked as it stands: anyone could
    have registered it with someone else's address. The provider's verified owner gets it
    (see _claim_unverified_account).
    """
    identity = _find_identity(profile.provider, profile.subject)
    if identity is not None:
        identity.email, identity.email_verified = profile.email, profile.email_verified
        return identity.user
    if not profile.email:
        title = PROVIDERS[profile.provider].title
        raise SignInProblem(400, f"{title} did not share an email address, which r2w needs.")
    user = find_user_by_email(profile.email)
    if user is None:
        user = register(profile.email, None, profile.name)
    elif not profile.email_verified:
        session[PENDING_KEY] = {**asdict(profile), "user_id": user.id, "at": time.time()}
        return None
    elif not user.email_verified:
        _claim_unverified_account(user)
    if profile.email_verified and user.email_verified_at is None:
        user.email_verified_at = utcnow()
    _link(user, profile)
    log.info("provider identity linked", extra={"provider": profile.provider, "user": user.id})
    return user


def _claim_unverified_account(user: User) -> None:
    """Give an unverified account to the provider's verified owner of its address.

    Whoever registered it proved nothing about the address, so their claim loses: the password
    is removed, every session of the account ends (the session epoch moves on) and identities
    linked without a verified email are unlinked. The verified owner can set a password later.
    """
    user.password_hash = None
    revoke_sessions(user)
    for identity in list(user.identities):
        if not identity.email_verified:
            db.session.delete(identity)
    log.warning("unverified account claimed by its verified owner", extra={"user": user.id})


def pending_link() -> dict[str, Any] | None:
    """Return the identity waiting to be linked in this session, if it has not expired."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_TTL:
        return None
    return pending


def link_pending_identity(sender: Flask, user: User, **extra: Any) -> None:
    """On any sign-in, link the waiting identity if it was meant for this very account.

    Connected to Flask-Login's user_logged_in signal; the row is committed by the sign-in
    (accounts.start_session commits after login_user).
    """
    pending = pending_link()
    session.pop(PENDING_KEY, None)
    if pending is None or pending.get("user_id") != user.id:
        return
    if not user.email_verified:
        # Nothing is linked to an unverified account: its address may not be its holder's.
        title = PROVIDERS[pending["provider"]].title
        flash(f"Confirm your email address first, then sign in with {title} again.", "info")
        return
    fields = {k: pending[k] for k in ("provider", "subject", "email", "email_verified", "name")}
    profile = Profile(**fields)
    if _find_identity(profile.provider, profile.subject) is None:
        _link(user, profile)
        flash(f"Your {PROVIDERS[profile.provider].title} sign-in is now linked.", "success")
