"""The status poll (GET /api/v1/cvs/<id>): one small query, the same answer as cv_json.

The upload page polls this every couple of seconds, so it reads only the columns it answers
with, and the latest extraction run's, in one statement (never the document). The review count
needs the document; it is kept per worker for the CV's current state (its last update, revision
and extraction run), so it is worked out once per change rather than once per poll.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import abort
from sqlalchemy import Text, and_, cast, false, select

from r2w.api.serializers import PHASE_LABELS, _iso, cv_links, extraction_json
from r2w.extensions import db
from r2w.intake import documents, reviews
from r2w.models import CV, Extraction
from r2w.ownership import Owner, owned_by, storable_text

REVIEW_COUNTS_KEPT = 10_000
_review_counts: OrderedDict[tuple, int] = OrderedDict()
_lock = threading.Lock()


def _status_query(cv_id: str, owner: Owner):
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
    owned = owned_by(CV, owner).whereclause
    columns = [
        *(CV.id, CV.status, CV.error, CV.original_name, CV.kind, CV.size, CV.sha256),
        *(has_document.label("has_document"), CV.document_revision, CV.created_at),
        *(CV.updated_at, CV.claimed_at, Extraction.id.label("run_id"), Extraction.extractor),
        *(Extraction.extractor_version, Extraction.status.label("run_status")),
        *(Extraction.duration_ms, Extraction.text_method, Extraction.unsupported_paths),
    ]
    return (
        select(*columns)
        .outerjoin(Extraction, Extraction.id == latest_run)
        .where(CV.id == cv_id, owned if owned is not None else false())
    )


def _needs_review(row: Any) -> int:
    if not row.has_document:
        return 0
    key = (row.id, _iso(row.updated_at), row.document_revision, row.run_id)
    with _lock:
        if key in _review_counts:
            _review_counts.move_to_end(key)
            return _review_counts[key]
    count = reviews.open_count(db.session.get(CV, row.id))
    with _lock:
        _review_counts[key] = count
        while len(_review_counts) > REVIEW_COUNTS_KEPT:
            _review_counts.popitem(last=False)
    return count


def cv_status_json(cv_id: str, owner: Owner) -> dict[str, Any]:
    """A CV's status for its owner (404 for anyone else), as cv_json words it."""
    if not storable_text(cv_id):
        abort(404)
    row = db.session.execute(_status_query(cv_id, owner)).one_or_none()
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
