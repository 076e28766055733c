"""Deleting stored files so that none is ever lost track of.

Deleting a CV, a portfolio, an account or an expired preview records the storage prefixes to
remove (PendingDeletion rows) in the same transaction that deletes the rows they belonged to.
The files are then removed at once where storage answers, and otherwise by `r2w reconcile`,
which retries with a growing delay until storage succeeds: a failing or unreachable store can
delay a deletion but never forget it. A sweep also finds stored files that no row references
(a file stored while the database was down), and anonymous work expires after a set time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, Build, PendingDeletion, utcnow
from r2w.services import get_storage
from r2w.storage import StorageError

log = logging.getLogger(__name__)
MAX_DELAY = timedelta(hours=1)
STRAY_AGE = timedelta(days=1)
# Every prefix r2w writes under, and how to tell from a key which row it belongs to.
OWNED_AREAS = ("uploads/", "builds/", "sites/")


def record(prefixes: Iterable[str], reason: str) -> list[PendingDeletion]:
    """Add the prefixes to the outbox in the caller's transaction (the caller commits)."""
    rows = [PendingDeletion(prefix=prefix, reason=reason) for prefix in sorted(set(prefixes))]
    db.session.add_all(rows)
    return rows


def attempt(rows: Iterable[PendingDeletion]) -> int:
    """Try to delete the recorded prefixes now; a failure stays queued. Return files removed."""
    storage, removed = get_storage(), 0
    for row in rows:
        try:
            removed += storage.delete_prefix(row.prefix)
        except StorageError as exc:
            _postpone(row, exc)
        else:
            db.session.delete(row)
        db.session.commit()
    return removed


def _postpone(row: PendingDeletion, exc: Exception) -> None:
    row.attempts += 1
    row.last_error = str(exc)[:1000]
    # 1, 2, 4 ... minutes, at most an hour: storage gets time to come back.
    row.next_attempt_at = utcnow() + min(timedelta(minutes=2 ** (row.attempts - 1)), MAX_DELAY)
    log.warning(
        "storage deletion postponed",
        extra={"prefix": row.prefix, "attempts": row.attempts, "error": row.last_error},
    )


def drain(now: datetime | None = None, limit: int = 500) -> int:
    """Retry the deletions that are due; return how many prefixes are now gone."""
    due = db.session.scalars(
        select(PendingDeletion)
        .where(PendingDeletion.next_attempt_at <= (now or utcnow()))
        .order_by(PendingDeletion.next_attempt_at)
        .limit(limit)
    ).all()
    ids = [row.id for row in due]
    attempt(due)
    return len(ids) - db.session.scalar(
        select(db.func.count()).select_from(PendingDeletion).where(PendingDeletion.id.in_(ids))
    )


def pending() -> int:
    """How many prefixes wait to be deleted."""
    return db.session.scalar(select(db.func.count()).select_from(PendingDeletion))


@dataclass(frozen=True)
class _References:
    cv_ids: set[str]
    build_ids: set[str]
    site_prefixes: set[str]
    queued: set[str]

    def owns(self, key: str) -> bool:
        """Whether a row (or a queued deletion) accounts for ``key``."""
        if any(key.startswith(prefix) for prefix in self.queued):
            return True
        area, _, rest = key.partition("/")
        first = rest.split("/", 1)[0]
        if area == "uploads":
            return first in self.cv_ids
        if area == "builds":
            return first in self.build_ids
        if area == "sites":
            return f"sites/{first}/" in self.site_prefixes
        return True  # not an area r2w writes to: never touched


def _references() -> _References:
    builds = db.session.execute(select(Build.id, Build.storage_prefix, Build.status)).all()
    return _References(
        cv_ids=set(db.session.scalars(select(CV.id))),
        build_ids={build_id for build_id, _, _ in builds},
        # An expired build's site is deleted unless another live build shares it.
        site_prefixes={prefix for _, prefix, status in builds if status != "expired"},
        queued=set(db.session.scalars(select(PendingDeletion.prefix))),
    )


def sweep_strays(now: datetime | None = None, min_age: timedelta = STRAY_AGE) -> int:
    """Queue for deletion stored files older than ``min_age`` that no row references."""
    cutoff = (now or utcnow()) - min_age
    refs, storage = _references(), get_storage()
    strays: set[str] = set()
    try:
        for area in OWNED_AREAS:
            for info in storage.list(area):
                # Young files may belong to work in progress (stored first, recorded next).
                if info.last_modified is not None and info.last_modified > cutoff:
                    continue
                if not refs.owns(info.key):
                    strays.add(_owner_prefix(info.key))
    except StorageError as exc:
        # Storage is failing: the next pass sweeps again; nothing is lost meanwhile.
        log.warning("stray sweep skipped", extra={"error": str(exc)})
        return 0
    record(strays, "stray")
    db.session.commit()
    if strays:
        log.info("stray stored files queued for deletion", extra={"prefixes": sorted(strays)})
    return len(strays)


def _owner_prefix(key: str) -> str:
    """The prefix of the row a key would belong to: "uploads/<cv id>/" and so on."""
    parts = key.split("/", 2)
    return f"{parts[0]}/{parts[1]}/" if len(parts) == 3 else key
