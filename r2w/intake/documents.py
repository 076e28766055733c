"""CV documents after extraction: edit with validation, export, import, retry, delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from r2w.api.helpers import BadRequest, strict_json
from r2w.extensions import db
from r2w.intake import reviews
from r2w.intake.uploads import Original, store_cv
from r2w.models import CV, CVStatus, utcnow
from r2w.models.base import aware
from r2w.ownership import Owner

JSON_RESUME_MAX = 2 * 1024 * 1024
# An upload no worker has claimed after this long is dispatched again.
UNCLAIMED_GRACE = timedelta(seconds=30)


def attachment(filename: str) -> str:
    """A Content-Disposition header that survives any characters in the name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def save_document(cv: CV, document: Any, revision: Any, if_match: str | None) -> None:
    """Validate and store an edited document; a stale revision gets 409 and changes nothing."""
    expected = revision if revision is not None else (if_match or "").strip('"') or None
    if expected is not None and str(expected) != str(cv.document_revision):
        raise BadRequest(
            "This CV was changed elsewhere. Reload to get the latest version, then edit again.",
            code="conflict",
            status=409,
            revision=cv.document_revision,
        )
    if not isinstance(document, dict):
        raise BadRequest("The document must be a JSON object.", code="invalid_document")
    cv.document = validated(document, "The document has fields that are not valid.")
    cv.document_revision += 1
    reviews.recount(cv)
    db.session.commit()


def validated(document: dict[str, Any], message: str) -> dict[str, Any]:
    """The normalised document, or a 422 listing (at most 50 of) the invalid field paths."""
    from r2w.cvdoc import DocumentInvalid, validate_document

    try:
        return validate_document(document)
    except DocumentInvalid as exc:
        raise BadRequest(
            message, code="invalid_document", status=422, errors=exc.errors[:50]
        ) from None


def export(cv: CV, fmt: str) -> tuple[dict[str, Any], str]:
    """The document as r2w JSON or JSON Resume, with a file name for the download."""
    from r2w.cvdoc.jsonresume import to_json_resume

    if cv.document is None:
        raise BadRequest("This CV has no document yet.", code="not_ready", status=409)
    stem = cv.original_name.rsplit(".", 1)[0] or "cv"
    if fmt == "json":
        return cv.document, f"{stem}.r2w.json"
    if fmt == "jsonresume":
        return to_json_resume(cv.document), f"{stem}.resume.json"
    raise BadRequest("format must be json or jsonresume.", code="bad_format")


def import_json_resume(raw: bytes, filename: str, owner: Owner) -> CV:
    """Turn a JSON Resume file into a ready CV; the file itself is kept as the original."""
    from r2w.cvdoc.jsonresume import from_json_resume

    if not raw or len(raw) > JSON_RESUME_MAX:
        raise BadRequest("Send a JSON Resume file of at most 2 MB.", code="unsupported_file")
    try:
        data = strict_json(raw)
    except ValueError:
        raise BadRequest("This is not valid JSON.", code="unsupported_file") from None
    if not isinstance(data, dict) or not isinstance(data.get("basics", {}), dict):
        raise BadRequest("This is not a JSON Resume document.", code="unsupported_file")
    document = validated(from_json_resume(data), "This JSON Resume has fields r2w cannot take.")
    cv = store_cv(Original(raw, filename, "json"), owner, status=CVStatus.READY)
    cv.document, cv.document_revision = document, 1
    reviews.recount(cv)
    db.session.commit()
    return cv


def nudge_if_stalled(cv: CV) -> None:
    """Re-dispatch a CV whose worker vanished (its lease ran out) when someone is watching."""
    from r2w.intake.dispatch import dispatch
    from r2w.intake.pipeline import ACTIVE, LEASE

    if cv.status not in ACTIVE:
        return
    claimed = aware(cv.claimed_at)
    if claimed is None:
        stalled = utcnow() - aware(cv.created_at) > UNCLAIMED_GRACE
    else:
        stalled = utcnow() - claimed > LEASE
    if stalled:
        dispatch(cv.id)


def reset_for_retry(cv: CV) -> None:
    """Let a failed CV be read again from its kept original."""
    if cv.status != CVStatus.FAILED:
        raise BadRequest("Only a CV that failed can be retried.", code="not_failed", status=409)
    cv.status, cv.error, cv.attempts, cv.claimed_at = CVStatus.UPLOADED, None, 0, None
    db.session.commit()


def delete_cv(cv: CV) -> None:
    """Delete the CV's rows and, through the deletion outbox, its files and sites' files."""
    from r2w.sites.cleanup import delete_cv as delete_with_files

    delete_with_files(cv)
