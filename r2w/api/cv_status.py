"""The status poll (GET /api/v1/cvs/<id>): one small query, the same answer as cv_json.

The upload page polls this every couple of seconds, so it reads only the columns it answers
with, and the latest extraction run's, in one statement (never the document). The review count
is stored on the CV by whoever changes its document, dismissals or extraction; where none did
(a CV from before the count was stored, or a writer that left it to readers), the first poll
works it out from the document and stores it.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import Text, and_, bindparam, cast, or_, select

from r2w.api.serializers import PHASE_LABELS, _iso, cv_links, extraction_json
from r2w.extensions import db
from r2w.intake import documents, reviews
from r2w.models import CV, Extraction
from r2w.ownership import Owner, storable_text


def _status_statement():
    """The poll's one statement, built once: the CV's status columns and its latest run's."""
    latest_run = (
        select(Extraction.id)
        .where(Extraction.cv_id == CV.id)
        .order_by(Extraction.started_at.desc())
        .limit(1)
        .correlate(CV)
        .scalar_subquery()
    )
    # A JSON column may hold SQL NULL or JSON null; neither is a document.
    has_document = and_(CV.document.is_not(None), cast(CV.document, Text) != "null")
    columns = [
        *(CV.id, CV.status, CV.error, CV.original_name, CV.kind, CV.size, CV.sha256),
        *(has_document.label("has_document"), CV.document_revision),
        *(CV.open_reviews, CV.open_reviews_rules),
        *(CV.created_at, CV.updated_at, CV.claimed_at),
        *(Extraction.id.label("run_id"), Extraction.extractor),
        *(Extraction.extractor_version, Extraction.status.label("run_status")),
        *(Extraction.duration_ms, Extraction.text_method, Extraction.unsupported_paths),
    ]
    # The owner test of r2w.ownership.owned_by with its values bound at execution; a
    # visitor without an account or anonymous session never gets here (see cv_status_json).
    owned = or_(
        CV.owner_user_id == bindparam("user_id"), CV.anon_session_id == bindparam("anon_id")
    )
    return (
        select(*columns)
        .outerjoin(Extraction, Extraction.id == latest_run)
        .where(CV.id == bindparam("cv_id"), owned)
    )


# Building the statement and its cache key costs more than running it on PostgreSQL; both are
# done once here, and each poll only binds its values.
_STATUS = _status_statement()


def _needs_review(row: Any) -> int:
    if not row.has_document:
        return 0
    count = reviews.counted(row.open_reviews, row.open_reviews_rules)
    if count is not None:
        return count
    cv = db.session.get(CV, row.id)
    if cv is None:
        abort(404)  # deleted since the row was read
    return reviews.recount_reader(cv)


def cv_status_json(cv_id: str, owner: Owner) -> dict[str, Any]:
    """A CV's status for its owner (404 for anyone else), as cv_json words it."""
    if not storable_text(cv_id) or not (owner.user_id or owner.anon_id):
        abort(404)
    # Core execution: the row needs no ORM objects, so the ORM's layer is skipped (a quarter
    # of the poll's time in the app, measured in-process). A NULL owner value matches nothing
    # (SQL's = NULL is never true).
    params = {"cv_id": cv_id, "user_id": owner.user_id, "anon_id": owner.anon_id}
    row = db.session.connection().execute(_STATUS, params).one_or_none()
    if row is None:
        abort(404)
    documents.nudge_if_stalled(row)  # reads only status, claimed_at, created_at and id
    return {
        "id": row.id,
        "status": row.status,
        "phase": PHASE_LABELS.get(row.status, row.status),
        "error": row.error,
        "originalName": row.original_name,
        "kind": row.kind,
        "size": row.size,
        "sha256": row.sha256,
        "hasDocument": bool(row.has_document),
        "needsReview": _needs_review(row),
        "revision": row.document_revision,
        "createdAt": _iso(row.created_at),
        "updatedAt": _iso(row.updated_at),
        "extraction": None if row.run_id is None else extraction_json(row, row.run_status),
        "links": cv_links(row.id),
    }
