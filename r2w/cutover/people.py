"""Accounts from the original: stable ids, which password carries over, case-twin emails."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def stable_id(kind: str, source_id: str) -> str:
    """The r2w id for a source row: the same on every run, so re-runs find what they made."""
    if kind == "user":
        try:
            return uuid.UUID(source_id).hex  # the original's user ids are uuid4 already
        except ValueError:
            pass
    return hashlib.sha256(f"{kind}:{source_id}".encode()).hexdigest()[:32]


def carried_password(password_hash: str | None) -> str | None:
    """The hash r2w keeps: bcrypt is verified at first sign-in; anything else needs a reset.

    Unsalted SHA-256 digests are not kept (anyone with the database could look them up), and
    provider-only accounts hold a random SHA-256 that matches no password: both sign in again
    by a password reset by email (or, for provider accounts, by their provider).
    """
    if password_hash and password_hash.startswith(BCRYPT_PREFIXES):
        return password_hash
    return None


def password_note(password_hash: str | None) -> str:
    """How the person signs in after the import, for the report."""
    if carried_password(password_hash):
        return "bcrypt: signs in with the old password, re-hashed at first sign-in"
    return "no usable password (unsalted SHA-256 or provider-only): reset by email"


def clean_text(value: object) -> str:
    """Text without control characters (PostgreSQL text cannot hold NUL; the rest only confuse)."""
    return "".join(ch for ch in str(value or "") if ch >= " " and ch != "\x7f").strip()


def parse_time(value: Any) -> datetime | None:
    """An ISO-8601 timestamp of the original as an aware UTC datetime (None if unreadable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@dataclass(frozen=True)
class TwinDecision:
    """What happens to one user of a case-twin group."""

    primary_id: str  # the source user_id whose account the group keeps
    merge: bool
    reason: str


def decide_twins(group: list[dict[str, Any]]) -> dict[str, TwinDecision]:
    """For each later twin: merge into the oldest when safe, else keep it aside with a reason.

    Merging is safe when no one gains access to another's CVs: the twins share the same
    password hash, or the later twin has no CVs at all. Otherwise two different credentials
    would open one account, so the later twin is kept aside for a person to resolve.
    """
    primary, decisions = group[0], {}
    for twin in group[1:]:
        same = twin["password_hash"] == primary["password_hash"]
        if same or not twin["cvs"]:
            why = "same password" if same else "it has no CVs"
            decisions[twin["user_id"]] = TwinDecision(
                primary["user_id"],
                True,
                f"email differs only in case from {primary['email']!r}; merged ({why})",
            )
        else:
            decisions[twin["user_id"]] = TwinDecision(
                primary["user_id"],
                False,
                f"email differs only in case from {primary['email']!r}, with a different "
                "password and CVs of its own: kept aside (merging would open its CVs to the "
                "other password); resolve by hand",
            )
    return decisions
