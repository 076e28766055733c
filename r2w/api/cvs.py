"""API routes: upload CVs, follow their reading, read and edit their documents, export."""

from __future__ import annotations

import json

from flask import Response, current_app, jsonify, request, url_for

from r2w.api import bp
from r2w.api.cv_status import cv_status_json
from r2w.api.helpers import BadRequest, json_body
from r2w.api.retention import prune_after_upload
from r2w.api.serializers import cv_json
from r2w.extensions import db, limiter
from r2w.intake import documents, pages, reviews
from r2w.intake.dispatch import dispatch
from r2w.intake.uploads import Original, UploadRejected, inspect_upload, store_cv
from r2w.models import CV, CVStatus
from r2w.ownership import current_owner, get_owned_or_404, owned_by
from r2w.services import get_storage

BLANK_CV_NAME = "cv-by-hand.json"


def _upload_limit() -> str:
    return current_app.config["UPLOAD_RATE_LIMIT"]


def _uploaded_file():
    upload = request.files.get("file")
    if upload is None:
        raise BadRequest("Attach your CV as the form field 'file'.", code="no_file")
    return upload.read(), upload.filename or "cv"


@bp.post("/cvs")
@limiter.limit(_upload_limit)
def upload_cv():
    """Accept a CV file; reading it into a document starts in the background."""
    data, filename = _uploaded_file()
    try:
        original = inspect_upload(data, filename)
    except UploadRejected as exc:
        raise BadRequest(str(exc), code="unsupported_file", status=exc.status) from None
    owner = current_owner(create=True)
    cv = store_cv(original, owner)
    replaced = prune_after_upload(owner, cv)
    dispatch(cv.id)
    db.session.refresh(cv)
    return jsonify(cv_json(cv) | {"replaced": replaced}), 201


@bp.post("/cvs/import")
@limiter.limit(_upload_limit)
def import_json_resume():
    """Create a CV from a JSON Resume file (field 'file') or JSON body; it is ready at once."""
    if request.is_json:
        raw = request.get_data()
        filename = "resume.json"
    else:
        raw, filename = _uploaded_file()
    owner = current_owner(create=True)
    cv = documents.import_json_resume(raw, filename, owner)
    replaced = prune_after_upload(owner, cv)
    return jsonify(cv_json(cv) | {"replaced": replaced}), 201


@bp.post("/cvs/blank")
@limiter.limit(_upload_limit)
def create_blank_cv():
    """Start a CV from an empty document, to fill in by hand; it is ready at once."""
    from r2w.cvdoc import empty_document

    document = empty_document()
    owner = current_owner(create=True)
    # The empty document doubles as the "original", so every CV has a file to download.
    raw = json.dumps(document, ensure_ascii=False, indent=2).encode()
    cv = store_cv(Original(raw, BLANK_CV_NAME, "json"), owner, status=CVStatus.READY)
    cv.document, cv.document_revision = document, 1
    reviews.recount(cv)
    db.session.commit()
    replaced = prune_after_upload(owner, cv)
    return jsonify(cv_json(cv) | {"replaced": replaced}), 201


@bp.get("/cvs")
def list_cvs():
    """The visitor's CVs, newest first."""
    cvs = db.session.scalars(owned_by(CV, current_owner()).order_by(CV.created_at.desc())).all()
    return jsonify(cvs=[cv_json(cv) for cv in cvs])


@bp.get("/cvs/<cv_id>")
def get_cv(cv_id: str):
    """A CV's phase (uploaded → reading → extracting → ready / failed with a reason)."""
    return jsonify(cv_status_json(cv_id, current_owner()))


@bp.post("/cvs/<cv_id>/retry")
def retry_cv(cv_id: str):
    """Read a failed CV again."""
    cv = get_owned_or_404(CV, cv_id)
    documents.reset_for_retry(cv)
    dispatch(cv.id)
    db.session.refresh(cv)
    return jsonify(cv_json(cv)), 202


@bp.get("/cvs/<cv_id>/original")
def download_original(cv_id: str):
    """The file exactly as uploaded, for its owner."""
    cv = get_owned_or_404(CV, cv_id)
    stored = get_storage()
    info = stored.stat(cv.storage_key)
    response = Response(stored.stream(cv.storage_key), mimetype=cv.content_type)
    response.headers["Content-Length"] = str(info.size)
    response.headers["Content-Disposition"] = documents.attachment(cv.original_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/cvs/<cv_id>/document")
def get_document(cv_id: str):
    """The CV document as it stands (extracted, then edited)."""
    cv = get_owned_or_404(CV, cv_id)
    if cv.document is None:
        raise BadRequest("This CV has no document yet.", code="not_ready", status=409)
    response = jsonify(document=cv.document, revision=cv.document_revision)
    response.headers["ETag"] = f'"{cv.document_revision}"'
    return response


@bp.put("/cvs/<cv_id>/document")
def put_document(cv_id: str):
    """Replace the document after validation; a stale revision is refused, not overwritten."""
    cv = get_owned_or_404(CV, cv_id)
    body = json_body()
    document = body.get("document", body)
    revision = body.get("revision") if "document" in body else None
    documents.save_document(cv, document, revision, request.headers.get("If-Match"))
    return jsonify(document=cv.document, revision=cv.document_revision)


@bp.get("/cvs/<cv_id>/review")
def get_review(cv_id: str):
    """Details that may be wrong (flags with a reason and status) and where each value came from."""
    cv = get_owned_or_404(CV, cv_id)
    return jsonify(reviews.review_state(cv))


@bp.post("/cvs/<cv_id>/review/dismiss")
def dismiss_flag(cv_id: str):
    """Keep a flagged value as it is: the flag (path + code) stays dismissed."""
    cv = get_owned_or_404(CV, cv_id)
    return jsonify(reviews.dismiss(cv, json_body()))


def _manifest(cv: CV) -> dict:
    try:
        return pages.manifest(cv)
    except pages.PagesUnavailable as exc:
        raise BadRequest(str(exc), code="pages_unavailable", status=422) from None


@bp.get("/cvs/<cv_id>/pages")
def list_pages(cv_id: str):
    """The original beside the fields: page images (PDF, photo) or numbered source lines."""
    cv = get_owned_or_404(CV, cv_id)
    found = _manifest(cv)
    for page in found["pages"]:
        page["url"] = url_for("api.get_page", cv_id=cv.id, page=page["number"])
    response = jsonify(found)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/cvs/<cv_id>/pages/<int:page>")
def get_page(cv_id: str, page: int):
    """One page of the original: a WebP image, or the source lines numbered as plain text."""
    cv = get_owned_or_404(CV, cv_id)
    found = _manifest(cv)
    if found["kind"] == "text":
        if page != 1:
            raise BadRequest("This CV has no such page.", code="not_found", status=404)
        width = len(str(len(found["lines"])))
        body = "".join(f"{n:>{width}}  {line}\n" for n, line in enumerate(found["lines"], 1))
        response = Response(body, mimetype="text/plain")
    else:
        image = pages.page_image(cv, page)
        if image is None:
            raise BadRequest("This CV has no such page.", code="not_found", status=404)
        response = Response(image, mimetype=pages.PAGE_TYPE)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/cvs/<cv_id>/export")
def export_document(cv_id: str):
    """Download the document as r2w JSON (format=json) or JSON Resume (format=jsonresume)."""
    cv = get_owned_or_404(CV, cv_id)
    body, filename = documents.export(cv, request.args.get("format", "json"))
    response = Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = documents.attachment(filename)
    return response


@bp.delete("/cvs/<cv_id>")
def delete_cv(cv_id: str):
    """Delete a CV, its portfolios and builds, and every stored file of theirs."""
    cv = get_owned_or_404(CV, cv_id)
    documents.delete_cv(cv)
    return "", 204
