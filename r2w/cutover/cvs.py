"""The CVs step: each upload row with its file(s), its document, its owner and its status."""

from __future__ import annotations

from typing import Any

from r2w.cutover.context import Run
from r2w.cutover.documents import Unusable, convert
from r2w.cutover.originals import SourceFile, hash_matches
from r2w.cutover.people import clean_text, parse_time, stable_id
from r2w.cutover.source import is_anonymous
from r2w.cutover.stored import Stored, content_type_of, store_document, store_files
from r2w.extensions import db
from r2w.models import CV, CVStatus, utcnow


def _owner(run: Run, row: dict[str, Any]) -> tuple[dict[str, str | None] | None, str | None]:
    """The owner columns of the CV, or None with the reason it is not imported."""
    user_id = str(row["user_id"])
    if is_anonymous(user_id):
        if not run.import_anonymous:
            return None, "anonymous work skipped (--anonymous skip)"
        return {"owner_user_id": None, "anon_session_id": user_id[:64]}, None
    if user_id not in run.owner_of:
        return None, "its user_id has no row in users"
    target = run.owner_of[user_id]
    if target is None:
        return None, "its owner was kept aside (see the user's entry)"
    return {"owner_user_id": target, "anon_session_id": None}, None


def _document(run: Run, row: dict[str, Any], files: list[SourceFile]):
    """The first usable document: cv_data, the extracted.json beside it, the extraction cache."""
    problems = []
    candidates = [("cv_data", lambda: row["cv_data"])]
    extracted = run.uploads.extracted_json(str(row["job_id"]))
    if extracted:
        candidates.append(("extracted.json", lambda: extracted.read_text("utf-8", "replace")))
    hashes = [row["file_hash"]] + [f.sha256 for f in files[:1]]
    for file_hash in dict.fromkeys(h for h in hashes if h):
        cached = run.source.cached_document(file_hash)
        if cached is not None:
            candidates.append(("extraction cache", lambda c=cached: c))
    for origin, load in candidates:
        try:
            return convert(load()), origin, problems
        except Unusable as exc:
            problems.append(f"{origin}: {exc}")
    return None, None, problems


def _mark_known(run: Run, row: dict[str, Any]) -> None:
    """The row's files and extraction result are not orphans, whatever becomes of the row."""
    run.known_paths.update(run.uploads.relative(path) for path, _ in run.uploads.paths(row))
    extracted = run.uploads.extracted_json(str(row["job_id"]))
    if extracted:
        run.known_paths.add(run.uploads.relative(extracted))


def _new_cv(cv_id: str, row: dict[str, Any], stored: Stored, document, owner) -> CV:
    created = parse_time(row["upload_date"]) or utcnow()
    return CV(
        id=cv_id,
        storage_key=stored.key,
        original_name=stored.name,
        content_type=content_type_of(stored.kind),
        kind=stored.kind,
        size=stored.size,
        sha256=stored.sha256,
        # Without a usable document the CV waits to be read by r2w's extractor (reconcile
        # or the worker claims "uploaded" CVs).
        status=CVStatus.READY if document is not None else CVStatus.UPLOADED,
        document=document,
        document_revision=1 if document is not None else 0,
        created_at=created,
        # Anonymous work expires after ANONYMOUS_RETENTION_DAYS without activity; its clock starts
        # at the import, so a first reconcile does not delete what the cut-over just verified.
        updated_at=utcnow() if owner["owner_user_id"] is None else created,
        **owner,
    )


def _reason(origin: str | None, problems: list[str]) -> str:
    if origin is None:
        return "read again by r2w: " + "; ".join(problems)
    return f"document from {origin}" + (f" ({'; '.join(problems)})" if problems else "")


def _import_one(run: Run, row: dict[str, Any]) -> None:
    upload_id = str(row["upload_id"])
    files = run.uploads.locate(row)
    _mark_known(run, row)
    owner, why_not = _owner(run, row)
    flags = [] if files else ["missing_file"]
    if files and hash_matches(row["file_hash"], files) is False:
        flags.append("hash_mismatch")
    if owner is None:
        # The files stay at the source only; the report names each one with its hash.
        left = [{"source": f.relative, "sha256": f.sha256, "size": f.size} for f in files]
        run.record("cv", upload_id, "skipped", reason=why_not, flags=flags, files=left)
        return
    document, origin, problems = _document(run, row, files)
    kept = {"original_status": row["status"]}
    if document is None and row["cv_data"] is not None:
        kept["cv_data"] = row["cv_data"]  # r2w cannot use it, but it is the person's data
    if document is None and not files:
        reason = "file missing and no usable document (" + "; ".join(problems) + ")"
        run.record("cv", upload_id, "skipped", reason=reason, flags=flags, kept=kept)
        return
    cv_id, name = stable_id("cv", upload_id), clean_text(row["filename"])[:255] or "cv"
    stored = (
        store_files(run, cv_id, files, name)
        if files
        else store_document(run, cv_id, document, name)
    )
    flags += [] if document is not None else ["reread"]
    if stored.joined:
        kept["joined_pdf"] = stored.key  # made from the pages; the pages are the originals
    if run.dry_run:
        run.planned_hashes.add(stored.sha256)
    else:
        db.session.add(_new_cv(cv_id, row, stored, document, owner))
    run.record("cv", upload_id, "imported", target=cv_id, reason=_reason(origin, problems),
               flags=flags, files=stored.files, kept=kept)  # fmt: skip


def import_cvs(run: Run) -> None:
    """Import every upload row in batches; rows a previous run recorded are left as they are."""
    seen = 0
    for batch in run.source.cv_uploads(run.batch_size):
        done = run.done([f"cv:{row['upload_id']}" for row in batch])
        for row in batch:
            previous = done.get(f"cv:{row['upload_id']}")
            if previous is None:
                _import_one(run, row)
                continue
            # Files a previous run accounted for are not orphans now either.
            run.known_paths.update(f["source"] for f in previous.files)
            _mark_known(run, row)
            run.report.entry("cv", str(row["upload_id"]), "unchanged", previous=previous.outcome)
        run.commit()
        seen += len(batch)
        run.progress("cvs.batch", done=seen, bytes=run.report.bytes_copied)
