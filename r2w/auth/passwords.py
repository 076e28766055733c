"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verifying against this when the email is unknown keeps both answers equally slow. Made
    # on first use, not at import: every process (workers, CLI, builder) would pay ~90 ms and
    # Argon2's 64 MiB for it.
    return _hasher.hash("r2w-timing-equaliser")


def hash_password(password: str) -> str:
    """Return an Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return whether the password matches; unknown accounts take the same time."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash uses older parameters and should be upgraded."""
    return _hasher.check_needs_rehash(password_hash)
