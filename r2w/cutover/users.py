"""The users step: one r2w account per original user, case twins merged or kept aside."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from r2w.cutover.context import Run
from r2w.cutover.people import (
    carried_password,
    clean_text,
    decide_twins,
    parse_time,
    password_note,
    stable_id,
)
from r2w.extensions import db
from r2w.models import User, utcnow
from r2w.models.accounts import EMAIL_MAX, NAME_MAX

KEPT_COLUMNS = ("phone", "date_of_birth", "location", "active_portfolio_url")


def _kept(row: dict[str, Any]) -> dict[str, Any]:
    kept = {c: row[c] for c in KEPT_COLUMNS if row.get(c) not in (None, "")}
    name = row.get("name") or ""
    if len(name) > NAME_MAX:
        kept["name"] = name  # the whole name, as the account can hold only NAME_MAX characters
    return kept


def _accounts_by_email(batch: list[dict[str, Any]]) -> dict[str, str]:
    """r2w accounts already holding the batch's emails: lower(email) -> id (one query)."""
    emails = {str(row["email"] or "").strip().lower() for row in batch}
    query = select(func.lower(User.email), User.id).where(func.lower(User.email).in_(emails))
    with db.session.no_autoflush:
        return dict(db.session.execute(query).all())


def _import_one(run: Run, row: dict[str, Any], twin, taken: dict[str, str]) -> None:
    uid, email = row["user_id"], str(row["email"] or "").strip().lower()
    if twin is not None:
        primary = run.owner_of.get(twin.primary_id)
        if twin.merge and primary:
            run.owner_of[uid] = primary
            run.record("user", uid, "merged", target=primary, reason=twin.reason, kept=_kept(row))
            return
        why = twin.reason if not twin.merge else "its case twin was kept aside"
        run.owner_of[uid] = None
        run.record("user", uid, "kept_aside", reason=why, kept=_kept(row))
        return
    target = stable_id("user", uid)
    problem = None
    if not email or "@" not in email or len(email) > EMAIL_MAX or email != clean_text(email):
        problem = f"email {row['email']!r} cannot be an r2w sign-in"
    elif taken.get(email, target) != target:
        problem = "an r2w account with this email already exists: resolve by hand"
    if problem:
        run.owner_of[uid] = None
        run.record("user", uid, "kept_aside", reason=problem, kept=_kept(row))
        return
    run.owner_of[uid] = target
    password = carried_password(row["password_hash"])
    if not run.dry_run:
        db.session.add(
            User(
                id=target,
                email=email,
                password_hash=password,
                name=clean_text(row.get("name"))[:NAME_MAX] or None,
                created_at=parse_time(row["created_at"]) or utcnow(),
            )
        )
    flags = [] if password else ["password_reset"]
    run.record(
        "user", uid, "imported", target=target, reason=password_note(row["password_hash"]),
        flags=flags, kept=_kept(row),
    )  # fmt: skip


def import_users(run: Run) -> None:
    """Create an account per original user, oldest first (the first of case twins is kept)."""
    twins: dict[str, Any] = {}
    for group in run.source.case_twins().values():
        twins.update(decide_twins(group))
    seen = 0
    for batch in run.source.users(run.batch_size):
        done = run.done([f"user:{row['user_id']}" for row in batch])
        taken = _accounts_by_email(batch)
        for row in batch:
            previous = done.get(f"user:{row['user_id']}")
            if previous is not None:
                merged_or_made = previous.outcome in ("imported", "merged")
                run.owner_of[row["user_id"]] = previous.target_id if merged_or_made else None
                run.report.entry("user", row["user_id"], "unchanged", previous=previous.outcome)
                continue
            _import_one(run, row, twins.get(row["user_id"]), taken)
        run.commit()
        seen += len(batch)
        run.progress("users.batch", done=seen)
