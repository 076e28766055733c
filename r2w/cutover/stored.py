"""Writing an upload's files into r2w's storage: one file, pages in order, or only a document.

A multi-file upload (a CV photographed page by page) keeps every page as it was, in page order,
under ``uploads/<cv>/pages/``. r2w reads one file per CV, so when every page is an image they
are also joined into one PDF (Pillow) that becomes the CV's file: r2w's reader then reads every
page, not the first only. Pages that are not all images leave the first page as the CV's file.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from r2w.cutover.originals import SourceFile
from r2w.intake.uploads import CONTENT_TYPES

KINDS = {
    **{f".{kind}": kind for kind in ("pdf", "docx", "txt", "md", "rtf", "jpg", "png", "webp")},
    ".jpeg": "jpg",
    ".json": "json",
}
UNKNOWN_KIND = "bin"
IMAGE_KINDS = ("jpg", "png", "webp")


def kind_of(name: str) -> str:
    """r2w's kind for a file name (``bin`` when r2w cannot read that type)."""
    return KINDS.get(PurePosixPath(name).suffix.lower(), UNKNOWN_KIND)


def content_type_of(kind: str) -> str:
    """The Content-Type r2w serves a kind with."""
    return CONTENT_TYPES.get(kind, "application/octet-stream")


@dataclass
class Stored:
    """What the CV row needs to know about the file that stands for it, and every file kept."""

    key: str
    kind: str
    size: int
    sha256: str
    name: str
    files: list[dict[str, Any]] = field(default_factory=list)  # the source files, page order
    joined: bool = False  # the CV's file is a PDF made from image pages


def join_images(pages: list[SourceFile]) -> bytes | None:
    """One PDF of image pages, in order; None unless every page is an image Pillow can read."""
    from PIL import Image, UnidentifiedImageError

    if not all(kind_of(p.name) in IMAGE_KINDS for p in pages):
        return None
    try:
        images = [Image.open(p.path).convert("RGB") for p in pages]
        out = io.BytesIO()
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
    return out.getvalue()


def _put(run, key: str, data, kind: str) -> None:
    if not run.dry_run:
        run.storage.put(key, data, content_type=content_type_of(kind))


def store_document(run, cv_id: str, document: dict, name: str) -> Stored:
    """The file is gone: keep the document itself as the CV's file (as blank CVs do)."""
    data = json.dumps(document, ensure_ascii=False, indent=2).encode()
    key = f"uploads/{cv_id}/original.json"
    _put(run, key, data, "json")
    sha = hashlib.sha256(data).hexdigest()
    return Stored(key, "json", len(data), sha, PurePosixPath(name).stem + ".json")


def store_files(run, cv_id: str, files: list[SourceFile], name: str) -> Stored:
    """Copy the file(s) byte for byte (pages in order); join image pages into the CV's PDF."""
    written = []
    for number, part in enumerate(files, start=1):
        kind = kind_of(part.name)
        single = len(files) == 1
        key = (
            f"uploads/{cv_id}/original.{kind}"
            if single
            else f"uploads/{cv_id}/pages/{number:03d}.{kind}"
        )
        with part.path.open("rb") as handle:
            _put(run, key, handle, kind)
        run.report.bytes_copied += part.size
        written.append(
            {"key": key, "source": part.relative, "sha256": part.sha256, "size": part.size}
        )
    first = files[0]
    stored = Stored(written[0]["key"], kind_of(first.name), first.size, first.sha256, name, written)
    joined = join_images(files) if len(files) > 1 else None
    if joined is not None:
        stored.key, stored.kind, stored.joined = f"uploads/{cv_id}/original.pdf", "pdf", True
        stored.size, stored.sha256 = len(joined), hashlib.sha256(joined).hexdigest()
        stored.name = PurePosixPath(name).stem + ".pdf"
        _put(run, stored.key, joined, "pdf")
    return stored
