"""After the import: email a password reset link to each imported person who has no password."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from r2w.auth.reset import send_reset
from r2w.extensions import db
from r2w.models import OriginalImport, User, utcnow
from r2w.urls import public_base_url

SENT_KEY = "reset_link_sent_at"


@dataclass
class Notified:
    """Who was sent a link, who already had one, and whose mail failed."""

    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def send_reset_links(*, dry_run: bool = False) -> Notified:
    """Send one reset link per imported account without a password (never twice)."""
    result = Notified()
    query = (
        select(OriginalImport, User)
        .join(User, User.id == OriginalImport.target_id)
        .where(OriginalImport.kind == "user", OriginalImport.outcome == "imported")
        .where(User.password_hash.is_(None))
        .order_by(OriginalImport.id)
    )
    # url_for needs a request; outside one (a CLI run) links use the public address.
    with current_app.test_request_context("/", base_url=public_base_url()):
        for record, user in db.session.execute(query).all():
            _notify(record, user, result, dry_run)
    return result


def _notify(record: OriginalImport, user: User, result: Notified, dry_run: bool) -> None:
    if (record.kept or {}).get(SENT_KEY):
        result.already.append(user.email)
    elif dry_run:
        result.sent.append(user.email)
    elif send_reset(user):
        # A new dict: the JSON column notices a replaced value, not an edited one.
        record.kept = {**(record.kept or {}), SENT_KEY: utcnow().isoformat()}
        db.session.commit()
        result.sent.append(user.email)
    else:
        result.failed.append(user.email)
