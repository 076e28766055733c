"""API routes: a CV's profile photo (upload, use the one found in the file, show, remove)."""

from __future__ import annotations

from flask import Response, jsonify, request

from r2w.api import bp
from r2w.api.helpers import BadRequest
from r2w.extensions import limiter
from r2w.intake import photos
from r2w.models import CV
from r2w.ownership import get_owned_or_404


def _upload_limit() -> str:
    from flask import current_app

    return current_app.config["UPLOAD_RATE_LIMIT"]


def _state(cv: CV):
    return jsonify(photo=photos.photo_state(cv), revision=cv.document_revision)


def _image(image: bytes | None) -> Response:
    if image is None:
        raise BadRequest("This CV has no photo.", code="not_found", status=404)
    response = Response(image, mimetype=photos.PHOTO_TYPE)
    # Owner-only: private, and the ?v= hash in the document's URL changes with the photo.
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/cvs/<cv_id>/photo/state")
def photo_state(cv_id: str):
    """The photo in use (URL or null) and whether the CV file had one to offer."""
    return _state(get_owned_or_404(CV, cv_id))


@bp.get("/cvs/<cv_id>/photo")
def get_photo(cv_id: str):
    """The photo the CV's site shows (WebP), for its owner."""
    return _image(photos.photo_bytes(get_owned_or_404(CV, cv_id)))


@bp.get("/cvs/<cv_id>/photo/found")
def get_found_photo(cv_id: str):
    """The photo found inside the CV file (WebP), for its owner."""
    return _image(photos.photo_bytes(get_owned_or_404(CV, cv_id), found=True))


@bp.put("/cvs/<cv_id>/photo")
@limiter.limit(_upload_limit)
def put_photo(cv_id: str):
    """Upload a JPEG, PNG or WebP photo (form field 'file', at most 5 MB) and use it."""
    cv = get_owned_or_404(CV, cv_id)
    upload = request.files.get("file")
    photos.upload_photo(cv, upload.read(photos.MAX_PHOTO_BYTES + 1) if upload else b"")
    return _state(cv)


@bp.post("/cvs/<cv_id>/photo/found")
def use_found_photo(cv_id: str):
    """Use the photo found inside the CV file."""
    cv = get_owned_or_404(CV, cv_id)
    photos.use_found_photo(cv)
    return _state(cv)


@bp.delete("/cvs/<cv_id>/photo")
def delete_photo(cv_id: str):
    """Stop showing the photo and delete it."""
    cv = get_owned_or_404(CV, cv_id)
    photos.remove_photo(cv)
    return _state(cv)
