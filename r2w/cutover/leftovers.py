"""The last two steps: the extraction cache (by file hash) and files no row names (orphans)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from r2w.cutover.context import Run
from r2w.cutover.documents import Unusable, convert
from r2w.cutover.originals import file_sha256
from r2w.cutover.people import parse_time, stable_id
from r2w.extensions import db
from r2w.models import CV, Extraction, OriginalImport, utcnow
from r2w.storage import InvalidKey, validate_key

ORPHANS_PREFIX = "original-orphans/"


def _imported_cvs_with(file_hash: str) -> list[str]:
    query = (
        select(CV.id)
        .join(OriginalImport, OriginalImport.target_id == CV.id)
        .where(CV.sha256 == file_hash, OriginalImport.kind == "cv")
    )
    return list(db.session.scalars(query))


def _import_cache_entry(run: Run, entry: dict[str, Any]) -> None:
    file_hash = str(entry["file_hash"]).strip().lower()
    cv_ids = _imported_cvs_with(file_hash)
    if run.dry_run and file_hash in run.planned_hashes:
        cv_ids = cv_ids or ["(planned)"]  # the CVs this plan would import carry this file
    if not cv_ids:
        run.record("cache", file_hash, "skipped", reason="no imported CV has this file")
        return
    try:
        document, error, status = convert(entry["cv_data"]), None, "succeeded"
    except Unusable as exc:
        document, error, status = None, f"the original's extraction is unusable: {exc}", "failed"
    started = parse_time(entry["created_at"]) or utcnow()
    version = f"original:{entry['extraction_model']}@{entry['temperature']}"
    if not run.dry_run:
        for cv_id in cv_ids:
            # History of the CV; r2w's own cache matches only its own extractor versions.
            db.session.add(
                Extraction(
                    id=stable_id("extraction", f"{file_hash}:{cv_id}"),
                    cv_id=cv_id,
                    source_sha256=file_hash,
                    extractor="original",
                    extractor_version=version[:128],
                    status=status,
                    document=document,
                    error=error,
                    started_at=started,
                    finished_at=parse_time(entry["last_accessed"]) or started,
                )
            )
    run.record(
        "cache", file_hash, "imported", target=cv_ids[0], reason=error or f"{len(cv_ids)} CV(s)"
    )


def import_cache(run: Run) -> None:
    """Attach each cache entry to the imported CVs with that file, as an extraction run."""
    for batch in run.source.cache_entries(run.batch_size):
        done = run.done([f"cache:{str(e['file_hash']).strip().lower()}" for e in batch])
        for entry in batch:
            key = str(entry["file_hash"]).strip().lower()
            if f"cache:{key}" in done:
                run.report.entry("cache", key, "unchanged")
            else:
                _import_cache_entry(run, entry)
        run.commit()


def orphan_key(relative: str) -> str | None:
    """Where an orphan file is kept in storage (None if its name cannot be a key)."""
    try:
        return validate_key(ORPHANS_PREFIX + relative)
    except InvalidKey:
        return None


def keep_orphans(run: Run) -> None:
    """Copy every file no row names into storage, so it is kept for an operator to look at."""
    pending: list[str] = []
    for relative in run.uploads.walk():
        if relative not in run.known_paths:
            pending.append(relative)
        if len(pending) >= run.batch_size:
            _keep(run, pending)
            pending = []
    _keep(run, pending)


def _keep(run: Run, relatives: list[str]) -> None:
    done = run.done([f"file:{r}" for r in relatives])
    for relative in relatives:
        if f"file:{relative}" in done:
            run.report.entry("file", relative, "unchanged")
            continue
        path = run.uploads.root / relative
        sha, size = file_sha256(path)
        key = orphan_key(relative)
        if key and not run.dry_run:
            with path.open("rb") as handle:
                run.storage.put(key, handle)
        run.report.bytes_copied += size if key else 0
        files = [{"key": key, "source": relative, "sha256": sha, "size": size}] if key else []
        reason = "no cv_uploads row names this file; kept in storage at " + str(key)
        run.record("file", relative, "orphan_file", reason=reason, files=files)
    run.commit()
