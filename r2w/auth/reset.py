"""Password reset by email: a signed, expiring, single-use link sets a new password.

Accounts imported without a usable password (the original's unsalted SHA-256 digests and
provider-only accounts) sign in by password only after a reset.
"""

from __future__ import annotations

import hashlib

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from r2w.auth.accounts import revoke_sessions
from r2w.auth.passwords import hash_password
from r2w.extensions import db
from r2w.mail import send_account_mail
from r2w.models import User, utcnow
from r2w.urls import public_base_url

SALT = "r2w.reset-password"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    # Changes when the password does, so a link works once: using it voids it.
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    """A token naming the account, its address and its current password."""
    return _serializer().dumps({"u": user.id, "e": user.email, "p": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The account a reset token is for; None if forged, expired, already used or stale."""
    max_age = int(current_app.config.get("PASSWORD_RESET_HOURS") or 2) * 3600
    try:
        claims = _serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(claims, dict):
        return None
    user = db.session.get(User, str(claims.get("u", "")))
    if user is None or user.email != claims.get("e") or _fingerprint(user) != claims.get("p"):
        return None
    return user


def set_new_password(user: User, password: str) -> None:
    """Set the password, sign the account out everywhere, and count the address as verified."""
    user.password_hash = hash_password(password)
    revoke_sessions(user)
    # Opening the emailed link proved the person receives mail at this address.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.commit()


def send_reset(user: User) -> bool:
    """Email the reset link; return whether it went (a failure is logged, not raised)."""
    link = public_base_url() + url_for("auth.reset_password", token=make_token(user))
    hours = int(current_app.config.get("PASSWORD_RESET_HOURS") or 2)
    body = (
        "Someone asked to set a new password for your r2w account. To choose one, open:\n\n"
        f"{link}\n\n"
        f"The link works once, for {hours} hour(s). If you did not ask, ignore this message: "
        "your password stays as it is."
    )
    return send_account_mail(
        user.id, user.email, "Set a new password for r2w", body, "password reset"
    )
