"""Who owns what: the one place that decides whether the current visitor may touch a row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TypeVar

from flask import abort, session
from flask_login import current_user
from sqlalchemy import Select, or_, select, update

from r2w.extensions import db
from r2w.models.base import OwnedMixin

ANON_KEY = "anon_id"
T = TypeVar("T", bound=OwnedMixin)


@dataclass(frozen=True)
class Owner:
    """The visitor behind a request: a user, an anonymous session, or both."""

    user_id: str | None
    anon_id: str | None

    @property
    def is_known(self) -> bool:
        """Return whether this visitor can own anything yet."""
        return bool(self.user_id or self.anon_id)


def storable_text(value: object) -> bool:
    """Whether a value can be compared with a text column at all.

    PostgreSQL text cannot hold NUL, and no driver can send a lone surrogate ("\\ud800" in a JSON
    body): either fails the whole query (a 500). An id from a JSON body may also be a number, a
    list or an object.
    """
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def current_owner(create: bool = False) -> Owner:
    """Return the current visitor; with create=True give an anonymous visitor an id."""
    user_id = current_user.get_id() if current_user.is_authenticated else None
    anon_id = session.get(ANON_KEY)
    if anon_id is None and create and user_id is None:
        anon_id = secrets.token_urlsafe(24)
        session[ANON_KEY] = anon_id
    return Owner(user_id=user_id, anon_id=anon_id)


def owner_columns(owner: Owner) -> dict[str, str | None]:
    """Column values that make a new row belong to this visitor."""
    if owner.user_id:
        return {"owner_user_id": owner.user_id, "anon_session_id": None}
    return {"owner_user_id": None, "anon_session_id": owner.anon_id}


def owned_by(model: type[T], owner: Owner) -> Select:
    """A select of the rows of `model` that this visitor owns."""
    clauses = []
    if owner.user_id:
        clauses.append(model.owner_user_id == owner.user_id)
    if owner.anon_id:
        clauses.append(model.anon_session_id == owner.anon_id)
    if not clauses:
        return select(model).where(False)
    return select(model).where(or_(*clauses))


def get_owned_or_404(model: type[T], row_id: str) -> T:
    """Return the row if the current visitor owns it; otherwise 404 (never reveal it exists)."""
    if not storable_text(row_id):
        abort(404)
    row = db.session.scalar(owned_by(model, current_owner()).where(model.id == row_id))
    if row is None:
        abort(404)
    return row


def claim_anonymous_work(user_id: str) -> int:
    """Give a user everything their anonymous session created; return how many rows moved."""
    anon_id = session.pop(ANON_KEY, None)
    if not anon_id:
        return 0
    moved = 0
    for model in OwnedMixin.__subclasses__():
        result = db.session.execute(
            update(model)
            .where(model.anon_session_id == anon_id)
            .values(owner_user_id=user_id, anon_session_id=None)
        )
        moved += result.rowcount or 0
    return moved
