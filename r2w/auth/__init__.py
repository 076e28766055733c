"""Accounts: email/password sign-up and sign-in, sign-out, and the user loader."""

from r2w.auth.views import bp

__all__ = ["bp"]
