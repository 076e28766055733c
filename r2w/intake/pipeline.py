"""Reading a CV into a document: claim it, extract text, gate, extract, review, save.

A CV's status row is its work item. A worker claims it with a lease (claimed_at); a worker that
dies leaves an expired lease that the next dispatch or `r2w reconcile` picks up, so no upload is
ever lost to a restart.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from sqlalchemy import or_, select, update

from r2w.extensions import db
from r2w.metrics import record_extraction
from r2w.models import CV, CVStatus, Extraction, utcnow
from r2w.services import get_extractor, get_storage

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 3
ACTIVE = (CVStatus.UPLOADED, CVStatus.READING, CVStatus.EXTRACTING)


class Rejected(Exception):
    """The file was read but cannot become a CV document; the message says why and what to do."""


def claim(cv_id: str) -> bool:
    """Atomically take the work item if it is waiting or its lease expired."""
    now = utcnow()
    result = db.session.execute(
        update(CV)
        .where(
            CV.id == cv_id,
            CV.status.in_(ACTIVE),
            CV.attempts < MAX_ATTEMPTS,
            or_(CV.claimed_at.is_(None), CV.claimed_at < now - LEASE),
        )
        .values(status=CVStatus.READING, claimed_at=now, attempts=CV.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def stale_cv_ids() -> list[str]:
    """CVs waiting for a worker: never claimed, or claimed by one whose lease ran out."""
    cutoff = utcnow() - LEASE
    query = select(CV.id).where(
        CV.status.in_(ACTIVE),
        CV.attempts < MAX_ATTEMPTS,
        or_(CV.claimed_at.is_(None), CV.claimed_at < cutoff),
    )
    return list(db.session.scalars(query))


def _set_status(cv: CV, status: str, error: str | None = None) -> None:
    cv.status = status
    cv.error = error
    if status in (CVStatus.READY, CVStatus.FAILED):
        cv.claimed_at = None
    db.session.commit()


def _read_text(cv: CV):
    from r2w.extraction.gate import assess_cv
    from r2w.extraction.text import TextExtractionFailed, extract_text

    data = get_storage().get_bytes(cv.storage_key)
    try:
        result = extract_text(data, cv.kind)
    except TextExtractionFailed as exc:
        raise Rejected(str(exc)) from None
    gate = assess_cv(result.text)
    if not gate.is_cv:
        raise Rejected(f"{gate.reason} {gate.suggestion}".strip())
    return data, result


def _cached_document(cv: CV, extractor) -> dict | None:
    """The same file read by the same extractor version before gives the same document."""
    previous = db.session.scalar(
        select(Extraction)
        .where(
            Extraction.source_sha256 == cv.sha256,
            Extraction.extractor_version == extractor.version,
            Extraction.status == "succeeded",
        )
        .limit(1)
    )
    return previous.document if previous else None


def _extract(cv: CV, text_result, data: bytes) -> None:
    from r2w.extraction.fidelity import unsupported_values
    from r2w.intake.reviews import compute

    extractor = get_extractor()
    started, clock = utcnow(), time.perf_counter()
    run = Extraction(
        cv_id=cv.id,
        source_sha256=cv.sha256,
        extractor=extractor.name,
        extractor_version=extractor.version,
        status="running",
        text_method=text_result.method,
        text_chars=len(text_result.text),
        started_at=started,
    )
    document = _cached_document(cv, extractor)
    if document is None:
        document = extractor.extract(text_result.text, source=data, kind=cv.kind)
    run.document = document
    run.unsupported_paths = unsupported_values(document, text_result.text)
    # Reviewed on every run, cached documents too: flags and provenance come from this
    # source (its Reading when text extraction made one), whichever extractor wrote it.
    run.review = compute(document, text_result)
    run.status = "succeeded"
    run.finished_at = utcnow()
    run.duration_ms = int((time.perf_counter() - clock) * 1000)
    db.session.add(run)
    if cv.document is None:  # never overwrite the person's own edits
        cv.document = document
        cv.document_revision = 1
    _set_status(cv, CVStatus.READY)


def _record_failure(cv: CV, message: str, retryable: bool) -> None:
    extractor = get_extractor()
    db.session.add(
        Extraction(
            cv_id=cv.id,
            source_sha256=cv.sha256,
            extractor=extractor.name,
            extractor_version=extractor.version,
            status="failed",
            error=message,
            finished_at=utcnow(),
        )
    )
    if retryable and cv.attempts < MAX_ATTEMPTS:
        # Give the lease back: the next dispatch or reconcile tries again.
        cv.status, cv.claimed_at, cv.error = CVStatus.UPLOADED, None, message
        db.session.commit()
        return
    _set_status(cv, CVStatus.FAILED, message)


def process_cv(cv_id: str) -> str | None:
    """Run one CV through the pipeline if it can be claimed; return its final status."""
    from r2w.extraction import ExtractionFailed

    if not claim(cv_id):
        return None
    cv = db.session.get(CV, cv_id)
    clock = time.perf_counter()
    try:
        data, text_result = _read_text(cv)
        _set_status(cv, CVStatus.EXTRACTING)
        _extract(cv, text_result, data)
    except Rejected as exc:
        db.session.rollback()
        _set_status(cv, CVStatus.FAILED, str(exc))
    except ExtractionFailed as exc:
        db.session.rollback()
        _record_failure(cv, exc.message, exc.retryable)
    except Exception:
        db.session.rollback()
        log.exception("extraction crashed", extra={"cv_id": cv_id})
        _record_failure(cv, "Something went wrong while reading your CV. Please try again.", True)
    record_extraction(get_extractor().name, cv.status, time.perf_counter() - clock)
    return cv.status
