"""Reading a CV into a document: claim it, extract text, gate, extract, review, save.

A CV's status row is its work item. A worker claims it with a lease (claimed_at); a worker that
dies leaves an expired lease that the next dispatch or `r2w reconcile` picks up, so no upload is
ever lost to a restart.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import current_app
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


EXHAUSTED = (
    "Reading this CV stopped {n} times before it finished. Try again, or upload it as a PDF "
    "exported from your word processor."
)


def fail_exhausted(cv_id: str | None = None) -> int:
    """CVs whose every attempt died mid-reading end "failed" with a reason (owners can retry).

    Without this, a CV whose worker was killed on each of its attempts stayed "reading" for
    good: no worker may claim it again and nothing else would ever settle it.
    """
    query = update(CV).where(
        CV.status.in_(ACTIVE),
        CV.attempts >= MAX_ATTEMPTS,
        or_(CV.claimed_at.is_(None), CV.claimed_at < utcnow() - LEASE),
    )
    if cv_id is not None:
        query = query.where(CV.id == cv_id)
    result = db.session.execute(
        query.values(
            status=CVStatus.FAILED, error=EXHAUSTED.format(n=MAX_ATTEMPTS), claimed_at=None
        )
    )
    db.session.commit()
    return result.rowcount


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


# What a person is told when reading a file goes past a limit (it is never a CV's size).
_OVER_LIMIT = {
    "memory": "This file needs far more memory to read than any CV should",
    "time": "Reading this file took far longer than any CV should",
}


def _read(cv: CV, *, extract: bool):
    """Read, gate and (with extract) extract the CV's file offline, in the reading child."""
    from r2w.extraction import ExtractionFailed
    from r2w.extraction.offline import read_file
    from r2w.extraction.text import TextExtractionFailed
    from r2w.intake.isolation import LimitExceeded, Limits, run_limited

    data = get_storage().get_bytes(cv.storage_key)
    config = current_app.config
    limits = Limits(config["READ_MEMORY_MB"], float(config["READ_TIMEOUT_SECONDS"]))
    try:
        # In a child process: no file, however it lies about itself, can take this one down.
        result = run_limited(read_file, data, cv.kind, extract=extract, limits=limits)
    except TextExtractionFailed as exc:
        raise Rejected(str(exc)) from None
    except LimitExceeded as exc:
        log.warning("reading stopped at a limit", extra={"cv_id": cv.id, "detail": str(exc)})
        if exc.reason in _OVER_LIMIT:
            raise Rejected(
                f"{_OVER_LIMIT[exc.reason]} (it may be damaged or built to overload readers). "
                "Export your CV as PDF from your word processor and upload that."
            ) from None
        raise ExtractionFailed(
            "Reading this file stopped unexpectedly. Please try again.", retryable=True
        ) from None
    if not result.gate.is_cv:
        raise Rejected(f"{result.gate.reason} {result.gate.suggestion}".strip())
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


def _extract(cv: CV, extractor) -> None:
    from r2w.extraction.fidelity import unsupported_values
    from r2w.intake.reviews import compute, recount

    started, clock = utcnow(), time.perf_counter()
    document = _cached_document(cv, extractor)
    # An extractor that needs no network (the rule-based one) runs in the reading child with
    # the reading itself; others (Claude) run here, on the text and file the child read.
    offline = document is None and getattr(extractor, "runs_offline", False)
    data, read = _read(cv, extract=offline)
    text_result = read.text
    _set_status(cv, CVStatus.EXTRACTING)
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
    if document is None:
        document = read.document or extractor.extract(
            text_result.text, source=data, kind=cv.kind, reading=text_result.reading
        )
    run.document = document
    if read.photo:
        from r2w.intake.photos import offer_found_photo

        offer_found_photo(cv, read.photo)
    run.unsupported_paths = unsupported_values(document, text_result.text)
    # Reviewed on every run, cached documents too: flags and provenance come from this
    # source (its Reading when text extraction made one), whichever extractor wrote it. The
    # learned flag judges only the rule-based extractor's documents, which it learned from.
    run.review = compute(document, text_result, learned=extractor.name == "heuristic")
    run.status = "succeeded"
    run.finished_at = utcnow()
    run.duration_ms = int((time.perf_counter() - clock) * 1000)
    db.session.add(run)
    if cv.document is None:  # never overwrite the person's own edits
        cv.document = document
        cv.document_revision = 1
    recount(cv)  # after the run is added: its review is the one the person now sees
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
        return CVStatus.FAILED if fail_exhausted(cv_id) else None
    cv = db.session.get(CV, cv_id)
    clock = time.perf_counter()
    try:
        _extract(cv, get_extractor())
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
