"""Email verification: a signed, expiring link proves the person receives mail at the address."""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from r2w.extensions import db
from r2w.mail import send_account_mail
from r2w.models import User, utcnow
from r2w.urls import public_base_url

SALT = "r2w.verify-email"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user: User) -> str:
    """A token naming the account and the address it was sent to (a changed address voids it)."""
    return _serializer().dumps({"u": user.id, "e": user.email})


def verified_user(token: str) -> User | None:
    """Mark and return the account this token verifies; None if forged, expired or stale."""
    max_age = int(current_app.config.get("EMAIL_VERIFY_HOURS", 48)) * 3600
    try:
        claims = _serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(claims, dict):
        return None
    user = db.session.get(User, str(claims.get("u", "")))
    if user is None or user.email != claims.get("e"):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user


def send_verification(user: User) -> bool:
    """Email the verification link; return whether it went (a failure is logged, not raised)."""
    path = url_for("auth.verify_email", token=make_token(user))
    link = public_base_url() + path
    body = (
        "Please confirm this is your email address for r2w by opening this link:\n\n"
        f"{link}\n\n"
        f"The link works for {current_app.config.get('EMAIL_VERIFY_HOURS') or 48} hours. "
        "If you did not create an r2w account, ignore this message."
    )
    return send_account_mail(
        user.id, user.email, "Confirm your email for r2w", body, "verification"
    )
