"""Verification: counts, each person's CVs and every file's SHA-256, source against target.

Reads both sides again (never the import's own notes alone): a file changed at the source after
the import, a CV moved to another owner or an object altered in storage are all differences.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from r2w.cutover.context import Run
from r2w.cutover.source import is_anonymous
from r2w.extensions import db
from r2w.models import CV, OriginalImport, User
from r2w.storage import StorageError

MADE = ("imported", "merged")


def object_sha256(storage, key: str) -> str | None:
    """SHA-256 of a stored object (None when it is missing or unreadable)."""
    digest = hashlib.sha256()
    try:
        for chunk in storage.stream(key):
            digest.update(chunk)
    except StorageError:
        return None
    return digest.hexdigest()


class Verifier:
    """Collects counts and problems while walking the source once more."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.counts: Counter[str] = Counter()
        self.problems: list[str] = []
        self.owner_of: dict[str, str | None] = {}
        self.known: set[str] = set()

    def _records(self, ids: list[str]) -> dict[str, OriginalImport]:
        return self.run.done(ids)

    def users(self) -> None:
        """Every source user has an outcome; imported ones exist with their email."""
        for batch in self.run.source.users(500):
            records = self._records([f"user:{r['user_id']}" for r in batch])
            targets = {r.target_id for r in records.values() if r.target_id}
            emails = dict(
                db.session.execute(select(User.id, User.email).where(User.id.in_(targets))).all()
            )
            for row in batch:
                self.counts["source users"] += 1
                rec = records.get(f"user:{row['user_id']}")
                if rec is None:
                    self.problems.append(
                        f"user {row['user_id']}: not imported (no outcome recorded)"
                    )
                    continue
                self.counts[f"users {rec.outcome}"] += 1
                self.owner_of[row["user_id"]] = rec.target_id if rec.outcome in MADE else None
                if rec.outcome in MADE and rec.target_id not in emails:
                    self.problems.append(
                        f"user {row['user_id']}: account {rec.target_id} missing at the target"
                    )
                elif (
                    rec.outcome == "imported"
                    and emails[rec.target_id] != row["email"].strip().lower()
                ):
                    self.problems.append(f"user {row['user_id']}: email differs at the target")

    def _files(self, label: str, located: list, rec: OriginalImport) -> None:
        source = [(f.relative, f.sha256) for f in located]
        recorded = [(f["source"], f["sha256"]) for f in rec.files]
        if source != recorded:
            self.problems.append(
                f"{label}: source files {source} differ from those imported {recorded}"
            )
        for f in rec.files:
            self.counts["files compared"] += 1
            if object_sha256(self.run.storage, f["key"]) != f["sha256"]:
                self.problems.append(
                    f"{label}: stored {f['key']} differs from source {f['source']}"
                )

    def _targets(self, records: dict[str, OriginalImport]) -> dict[str, CV]:
        ids = [r.target_id for r in records.values() if r.target_id]
        return {cv.id: cv for cv in db.session.scalars(select(CV).where(CV.id.in_(ids)))}

    def _mark_known(self, row: dict[str, Any]) -> None:
        uploads = self.run.uploads
        self.known.update(uploads.relative(path) for path, _ in uploads.paths(row))
        extracted = uploads.extracted_json(str(row["job_id"]))
        if extracted:
            self.known.add(uploads.relative(extracted))

    def _check_cv(self, row: dict[str, Any], rec: OriginalImport, cv: CV | None) -> str | None:
        """Check one imported CV; return the person it belongs to (None: anonymous or missing)."""
        label, owner = f"cv {row['upload_id']}", str(row["user_id"])
        if cv is None:
            self.problems.append(f"{label}: CV {rec.target_id} missing at the target")
            return None
        if is_anonymous(owner):
            ok = cv.anon_session_id == owner[:64] and cv.owner_user_id is None
        else:
            ok = cv.owner_user_id is not None and cv.owner_user_id == self.owner_of.get(owner)
        if not ok:
            self.problems.append(f"{label}: CV {cv.id} belongs to another owner at the target")
        if not self.run.storage.exists(cv.storage_key):
            self.problems.append(f"{label}: the CV's file {cv.storage_key} is missing")
        self._files(label, self.run.uploads.locate(row), rec)
        # Counted for the person the source says owns it, whoever holds it at the target.
        return None if is_anonymous(owner) else self.owner_of.get(owner)

    def cvs(self) -> None:
        """Every upload has an outcome; imported CVs exist, with their owner and their bytes."""
        expected: Counter[str] = Counter()
        for batch in self.run.source.cv_uploads(200):
            records = self._records([f"cv:{r['upload_id']}" for r in batch])
            targets = self._targets(records)
            for row in batch:
                self.counts["source cv_uploads"] += 1
                self._mark_known(row)
                rec = records.get(f"cv:{row['upload_id']}")
                if rec is None:
                    self.problems.append(
                        f"cv {row['upload_id']}: not imported (no outcome recorded)"
                    )
                    continue
                self.counts[f"cvs {rec.outcome}"] += 1
                if rec.outcome == "imported":
                    person = self._check_cv(row, rec, targets.get(rec.target_id))
                    if person:
                        expected[person] += 1
            db.session.expunge_all()
            self.run.progress("verify.batch", done=self.counts["source cv_uploads"])
        self._per_person(expected)

    def _per_person(self, expected: Counter[str]) -> None:
        query = (
            select(CV.owner_user_id, func.count(CV.id))
            .join(OriginalImport, OriginalImport.target_id == CV.id)
            .where(OriginalImport.kind == "cv", CV.owner_user_id.is_not(None))
            .group_by(CV.owner_user_id)
        )
        actual = dict(db.session.execute(query).all())
        for person in sorted(set(expected) | set(actual)):
            if expected.get(person, 0) != actual.get(person, 0):
                self.problems.append(
                    f"person {person}: {expected.get(person, 0)} CVs at the source, "
                    f"{actual.get(person, 0)} at the target"
                )
        self.counts["people with CVs"] = len(expected)

    def files(self) -> None:
        """Orphans kept byte for byte, and no source file unaccounted for."""
        orphans = db.session.scalars(select(OriginalImport).where(OriginalImport.kind == "file"))
        for rec in orphans:
            self.known.add(rec.source_id)
            path = self.run.uploads.root / rec.source_id
            located = [self.run.uploads._file(path, path.name)] if path.is_file() else []
            self._files(f"orphan file {rec.source_id}", located, rec)
        for relative in self.run.uploads.walk():
            self.counts["source files"] += 1
            if relative not in self.known:
                self.problems.append(f"file {relative}: at the source but not accounted for")


def verify(run: Run) -> dict[str, Any]:
    """Compare source and target; the result's ``ok`` is False on any difference."""
    checker = Verifier(run)
    checker.users()
    checker.cvs()
    checker.files()
    return {
        "ok": not checker.problems,
        "counts": dict(checker.counts),
        "problems": checker.problems,
    }
