"""Account operations shared by the web forms, the API and the sign-in providers."""

from __future__ import annotations

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from r2w.auth.passwords import hash_password, needs_rehash, verify_password
from r2w.extensions import db
from r2w.models import User, utcnow
from r2w.ownership import claim_anonymous_work

EPOCH_KEY = "user_epoch"


class AccountError(ValueError):
    """A sign-up or sign-in that cannot go ahead; the message is safe to show."""


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding space."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email, whatever its case."""
    if "\x00" in email:  # no account has one, and PostgreSQL cannot compare text holding NUL
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register(email: str, password: str | None, name: str | None = None) -> User:
    """Create an account; raise AccountError if the email is taken."""
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists. Log in instead.")
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password) if password else None,
        name=(name or "").replace("\x00", "").strip() or None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user these credentials belong to; raise AccountError otherwise."""
    user = find_user_by_email(email)
    if user is None or not verify_password(user.password_hash, password):
        raise AccountError("That email and password do not match an account.")
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User) -> None:
    """Sign the user in on a fresh session id, keeping what they made anonymously."""
    anon_id = session.get("anon_id")
    # A new session id on sign-in defeats session fixation.
    current_app.session_interface.regenerate(session)
    if anon_id:
        session["anon_id"] = anon_id
    login_user(user)
    # The user loader accepts this session only while the account's epoch is unchanged.
    session[EPOCH_KEY] = user.session_epoch or 0
    claim_anonymous_work(user.id)
    user.last_seen_at = utcnow()
    db.session.commit()


def session_is_current(user: User) -> bool:
    """Return whether this request's session began in the account's current epoch."""
    return session.get(EPOCH_KEY) == (user.session_epoch or 0)


def revoke_sessions(user: User) -> None:
    """Sign the account out everywhere: every session from before now stops loading it."""
    user.session_epoch = (user.session_epoch or 0) + 1


def end_session() -> None:
    """Sign out and forget everything the session held."""
    logout_user()
    # A new id before clearing: regenerate() skips an empty session, and the old id (which a
    # stolen cookie may hold) must not live on with the flash message added after sign-out.
    current_app.session_interface.regenerate(session)
    session.clear()
