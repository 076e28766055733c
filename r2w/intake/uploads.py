"""Accepting an uploaded CV: check it by content, keep the original, record it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app

from r2w.extensions import db
from r2w.models import CV, CVStatus, new_id
from r2w.ownership import Owner, owner_columns
from r2w.services import get_storage

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "rtf": "application/rtf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "json": "application/json",
}
NAME_MAX = 255


class UploadRejected(ValueError):
    """An upload that r2w will not take; the message tells the person what to do."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Original:
    """The bytes of an uploaded file with what r2w learnt about them."""

    data: bytes
    filename: str
    kind: str

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the file, recorded so the original can be verified later."""
        return hashlib.sha256(self.data).hexdigest()


def inspect_upload(data: bytes, filename: str) -> Original:
    """Decide the file's type by its content; raise UploadRejected with a clear reason."""
    from r2w.extraction.sniff import UnsupportedFile, check_upload

    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if len(data) > limit:
        raise UploadRejected(
            f"This file is larger than {current_app.config['MAX_UPLOAD_MB']} MB. "
            "Export your CV as a smaller PDF (without large images) and try again.",
            status=413,
        )
    # Control characters go: NUL cannot be stored in PostgreSQL text, the rest only confuse.
    printable = "".join(ch for ch in filename or "" if ch >= " " and ch != "\x7f")
    name = printable.replace("\\", "/").rsplit("/", 1)[-1][:NAME_MAX] or "cv"
    try:
        kind = check_upload(data, name)
    except UnsupportedFile as exc:
        raise UploadRejected(str(exc), status=415 if data else 400) from None
    return Original(data=data, filename=name, kind=kind)


def store_cv(original: Original, owner: Owner, *, status: str = CVStatus.UPLOADED) -> CV:
    """Keep the original in storage first, then record it (a crash leaves at most a stray file)."""
    cv_id = new_id()
    key = f"uploads/{cv_id}/original.{original.kind}"
    content_type = CONTENT_TYPES[original.kind]
    get_storage().put(key, original.data, content_type=content_type)
    cv = CV(
        id=cv_id,
        storage_key=key,
        original_name=original.filename,
        content_type=content_type,
        kind=original.kind,
        size=len(original.data),
        sha256=original.sha256,
        status=status,
        **owner_columns(owner),
    )
    db.session.add(cv)
    db.session.commit()
    return cv
