"""Password hashing with Argon2id (argon2-cffi's recommended parameters).

Accounts imported from the original system may hold a bcrypt hash (passlib's ``$2b$``): it is
verified with the ``bcrypt`` library at the first sign-in and then replaced by an Argon2id hash
(``needs_rehash`` is true for it).
"""

from __future__ import annotations

from functools import cache

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
# passlib's bcrypt used only the first 72 bytes of a password (bcrypt's limit), silently.
BCRYPT_MAX_BYTES = 72


@cache
def _dummy_hash() -> str:
    # Verifying against this when the email is unknown keeps both answers equally slow. Made
    # on first use, not at import: every process (workers, CLI, builder) would pay ~90 ms and
    # Argon2's 64 MiB for it.
    return _hasher.hash("r2w-timing-equaliser")


def hash_password(password: str) -> str:
    """Return an Argon2id hash of the password."""
    return _hasher.hash(password)


def _verify_bcrypt(password_hash: str, password: str) -> bool:
    try:
        secret = password.encode("utf-8")[:BCRYPT_MAX_BYTES]
        return bcrypt.checkpw(secret, password_hash.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return whether the password matches; unknown accounts take the same time."""
    if password_hash and password_hash.startswith(BCRYPT_PREFIXES):
        return _verify_bcrypt(password_hash, password)
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash uses older parameters or scheme and should be upgraded."""
    if password_hash.startswith(BCRYPT_PREFIXES):
        return True
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
