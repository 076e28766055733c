"""A CV's profile photo: uploaded or taken from the CV file, stored owner-only with the CV.

The photo lives in storage under the CV's upload prefix (so deleting the CV deletes it) and the
document's ``hero.profilePhotoUrl`` points at the owner-only photo route with the photo's hash
(``/api/v1/cvs/<id>/photo?v=<hash>``): a new photo is a new document, hence a new site address,
and a build copies the stored file into the site. Any other value (an external link) is never
loaded by a published site.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from r2w.api.helpers import BadRequest
from r2w.extensions import db
from r2w.intake import reviews
from r2w.intake.isolation import LimitExceeded, Limits, run_limited
from r2w.models import CV
from r2w.services import get_storage

MAX_PHOTO_BYTES = 5 * 2**20
PHOTO_TYPE = "image/webp"
PHOTO_LIMITS = Limits(memory_mb=512, seconds=20)
_OWN_PHOTO = re.compile(r"^/api/v1/cvs/(?P<cv>[^/?#]+)/photo\?v=(?P<hash>[0-9a-f]{12})$")


def photo_key(cv_id: str) -> str:
    """Storage key of the photo a CV's site shows."""
    return f"uploads/{cv_id}/photo.webp"


def found_key(cv_id: str) -> str:
    """Storage key of the photo found inside the CV file, waiting to be used."""
    return f"uploads/{cv_id}/photo-found.webp"


def _photo_path(cv_id: str, image: bytes) -> str:
    return f"/api/v1/cvs/{cv_id}/photo?v={hashlib.sha256(image).hexdigest()[:12]}"


def offer_found_photo(cv: CV, image: bytes) -> None:
    """Keep the photo reading found in the file (normalised WebP) for the editor to offer."""
    get_storage().put(found_key(cv.id), image, content_type=PHOTO_TYPE)


def site_photo_key(cv_id: str, document: dict[str, Any] | None) -> str | None:
    """The stored photo a build of this document should copy, None if it shows none.

    Only the CV's own stored photo counts: a link to anywhere else is never fetched or shown.
    """
    url = ((document or {}).get("hero") or {}).get("profilePhotoUrl")
    match = _OWN_PHOTO.match(url) if isinstance(url, str) else None
    if match is None or match["cv"] != cv_id:
        return None
    key = photo_key(cv_id)
    return key if get_storage().exists(key) else None


def photo_state(cv: CV) -> dict[str, Any]:
    """What the editor shows: the photo in use (its URL) and whether the file had one to offer."""
    storage = get_storage()
    in_use = site_photo_key(cv.id, cv.document) is not None
    return {
        "url": cv.document["hero"]["profilePhotoUrl"] if in_use else None,
        "found": storage.exists(found_key(cv.id)),
    }


def _require_document(cv: CV) -> None:
    if cv.document is None:
        raise BadRequest("This CV has no document yet.", code="not_ready", status=409)


def _use(cv: CV, image: bytes) -> None:
    """Store image as the CV's photo and point the document at it (a new revision)."""
    get_storage().put(photo_key(cv.id), image, content_type=PHOTO_TYPE)
    document = dict(cv.document)
    document["hero"] = dict(document["hero"], profilePhotoUrl=_photo_path(cv.id, image))
    cv.document = document
    cv.document_revision += 1
    reviews.recount(cv)
    db.session.commit()


def upload_photo(cv: CV, data: bytes) -> None:
    """Check, strip and resize an uploaded photo, then use it; bad input is a 4xx, no change."""
    from r2w.extraction.photo import PhotoRejected, normalise_photo

    _require_document(cv)
    if not data:
        raise BadRequest("Attach a photo as the form field 'file'.", code="no_file")
    if len(data) > MAX_PHOTO_BYTES:
        raise BadRequest("Upload a photo of at most 5 MB.", code="too_large", status=413)
    try:
        # Decoding an uploaded image is parsing untrusted bytes: done in the limited child.
        image = run_limited(normalise_photo, data, limits=PHOTO_LIMITS)
    except PhotoRejected as exc:
        raise BadRequest(str(exc), code="unsupported_photo", status=422) from None
    except LimitExceeded:
        raise BadRequest(
            "This image needs far more memory or time to open than a photo should.",
            code="unsupported_photo",
            status=422,
        ) from None
    _use(cv, image)


def use_found_photo(cv: CV) -> None:
    """Use the photo found inside the CV file."""
    _require_document(cv)
    storage = get_storage()
    if not storage.exists(found_key(cv.id)):
        raise BadRequest("No photo was found in this CV file.", code="not_found", status=404)
    _use(cv, storage.get_bytes(found_key(cv.id)))


def remove_photo(cv: CV) -> None:
    """Stop showing the photo and delete the stored file (the found one stays on offer)."""
    _require_document(cv)
    get_storage().delete(photo_key(cv.id))
    if cv.document["hero"].get("profilePhotoUrl"):
        document = dict(cv.document)
        document["hero"] = dict(document["hero"], profilePhotoUrl=None)
        cv.document = document
        cv.document_revision += 1
        reviews.recount(cv)
    db.session.commit()


def photo_bytes(cv: CV, *, found: bool = False) -> bytes | None:
    """The stored photo (or the found one), None when there is none."""
    storage = get_storage()
    key = found_key(cv.id) if found else photo_key(cv.id)
    return storage.get_bytes(key) if storage.exists(key) else None
