"""What every step of an import shares: both ends, options, the report and the records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from r2w.cutover.originals import UploadsFolder
from r2w.cutover.report import ReportWriter
from r2w.cutover.source import OriginalDatabase
from r2w.datamove.progress import Emit, silent
from r2w.extensions import db
from r2w.models import OriginalImport
from r2w.storage import Storage


@dataclass
class Run:
    """One import (or dry run) in progress."""

    source: OriginalDatabase
    uploads: UploadsFolder
    storage: Storage
    report: ReportWriter
    dry_run: bool = False
    import_anonymous: bool = True
    batch_size: int = 200
    progress: Emit = silent
    # source user_id -> r2w user id (None: kept aside); filled by the users step.
    owner_of: dict[str, str | None] = field(default_factory=dict)
    # Relative paths some row accounts for; every other file is an orphan.
    known_paths: set[str] = field(default_factory=set)
    # Dry run only: the file hashes of CVs that would be imported (for the cache step's plan).
    planned_hashes: set[str] = field(default_factory=set)

    def done(self, ids: list[str]) -> dict[str, OriginalImport]:
        """The records of a previous run among these ids (a re-run skips them)."""
        found: dict[str, OriginalImport] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = db.session.scalars(select(OriginalImport).where(OriginalImport.id.in_(chunk)))
            found.update({row.id: row for row in rows})
        return found

    def record(self, kind: str, source_id: str, outcome: str, **fields: Any) -> None:
        """Keep the outcome in the database (with what it made) and in the report."""
        files = fields.get("files") or []
        entry = {k: v for k, v in fields.items() if k not in ("kept",)}
        self.report.entry(kind, source_id, outcome, **entry)
        if self.dry_run:
            return
        db.session.add(
            OriginalImport(
                id=f"{kind}:{source_id}",
                kind=kind,
                source_id=source_id,
                outcome=outcome,
                target_id=fields.get("target"),
                reason=fields.get("reason"),
                files=files,
                kept=fields.get("kept") or {},
            )
        )

    def commit(self) -> None:
        """End one batch: its rows and records land together (or, in a dry run, nothing)."""
        if self.dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        db.session.expunge_all()  # memory stays flat however many batches pass
