"""The uploaded CV as the editor shows it beside the fields: page images or numbered lines.

PDF pages are rendered with pypdfium2 and photos are shown upright and downscaled; both are
WebP images whose coordinate space (``width``/``height``: points for PDFs, pixels for photos)
is the one provenance boxes use, so the editor can scale a box onto the image. Flowing formats
(text, Markdown, RTF, DOCX, JSON) are their source lines, numbered as provenance numbers them.

Rendering parses an uploaded file, so it runs in the limited reading child (a hostile PDF
costs a killed child, never a worker), at most MAX_PAGES pages and MAX_PIXELS per page. The
result is cached in storage under the CV's upload prefix, so deleting the CV removes it.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

from r2w.intake.isolation import LimitExceeded, Limits, run_limited
from r2w.models import CV
from r2w.services import get_storage

log = logging.getLogger(__name__)

IMAGE_KINDS = {"pdf", "jpg", "png", "webp"}
# A CV worth reviewing side by side is a few pages; longer files show their first pages.
MAX_PAGES = 10
# Width of a page image: sharp on a half-screen panel, ~60-120 KB per page as WebP.
PAGE_WIDTH = 1000
MAX_PIXELS = 3_000_000
WEBP_QUALITY = 70
MAX_LINES = 2000
RENDER_LIMITS = Limits(memory_mb=512, seconds=30)
PAGE_TYPE = "image/webp"


class PagesUnavailable(Exception):
    """The original could not be shown (damaged, or rendering went past its limits)."""


def _prefix(cv: CV) -> str:
    return f"uploads/{cv.id}/pages/"


def _webp(img) -> bytes:
    """img downscaled to PAGE_WIDTH (and MAX_PIXELS) as WebP bytes."""
    from PIL import Image

    scale = min(1.0, PAGE_WIDTH / img.width, (MAX_PIXELS / (img.width * img.height)) ** 0.5)
    if scale < 1.0:
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.convert("RGB").save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def render_pdf(data: bytes) -> list[tuple[float, float, bytes]]:
    """The first MAX_PAGES pages of a PDF: (width pt, height pt, WebP image). Runs in a child."""
    import pypdfium2 as pdfium

    pages = []
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(pdf), MAX_PAGES)):
            page = pdf[index]
            width, height = page.get_size()
            # Render straight at the target size: never a huge bitmap for a huge page.
            scale = min(PAGE_WIDTH / max(width, 1), (MAX_PIXELS / max(width * height, 1)) ** 0.5)
            bitmap = page.render(scale=scale)
            pages.append((width, height, _webp(bitmap.to_pil())))
            page.close()
    finally:
        pdf.close()
    return pages


def render_photo(data: bytes) -> list[tuple[float, float, bytes]]:
    """A photo or scan upright, in the pixels OCR read it in: [(width, height, WebP)]."""
    from r2w.extraction.reading.ocr import load_image

    img = load_image(data)
    return [(float(img.width), float(img.height), _webp(img))]


def source_lines(data: bytes, kind: str) -> list[str]:
    """A flowing file's lines, numbered from 1 as provenance numbers them. Runs in a child."""
    from r2w.extraction.normalize import clean_text
    from r2w.extraction.reading import flowing
    from r2w.extraction.text import decode_text, rtf_to_text

    if kind == "docx":
        from r2w.extraction.docxtext import docx_lines

        lines = docx_lines(data)
    elif kind == "rtf":
        lines = flowing.text_lines(rtf_to_text(data))
    elif kind == "md":
        lines = flowing.markdown_lines(decode_text(data))
    else:
        lines = flowing.text_lines(decode_text(data))
    return [clean_text(line.text).replace("\n", " ") for line in lines[:MAX_LINES]]


def _render(cv: CV) -> dict[str, Any]:
    """Render the original in the limited child, store the images, return the manifest."""
    storage = get_storage()
    data = storage.get_bytes(cv.storage_key)
    try:
        if cv.kind == "pdf":
            rendered = run_limited(render_pdf, data, limits=RENDER_LIMITS)
        elif cv.kind in IMAGE_KINDS:
            rendered = run_limited(render_photo, data, limits=RENDER_LIMITS)
        else:
            lines = run_limited(source_lines, data, cv.kind, limits=RENDER_LIMITS)
            return {"kind": "text", "pages": [], "lines": lines}
    except LimitExceeded as exc:
        log.warning("rendering the pages of CV %s went past a limit: %s", cv.id, exc)
        raise PagesUnavailable("Showing this file took too long.") from None
    except Exception as exc:  # parsers raise many types on damaged files
        log.info("rendering the pages of CV %s failed: %s", cv.id, exc)
        raise PagesUnavailable("This file could not be shown.") from None
    pages = []
    for number, (width, height, image) in enumerate(rendered, start=1):
        storage.put(f"{_prefix(cv)}{number}.webp", image, content_type=PAGE_TYPE)
        pages.append({"number": number, "width": round(width, 2), "height": round(height, 2)})
    return {"kind": "image", "pages": pages, "lines": []}


def manifest(cv: CV) -> dict[str, Any]:
    """What the original looks like: {"kind": "image"|"text", "pages": [...], "lines": [...]}.

    Rendered once and cached with the CV; PagesUnavailable if the file cannot be shown.
    """
    storage = get_storage()
    key = f"{_prefix(cv)}index.json"
    if storage.exists(key):
        return json.loads(storage.get_bytes(key))
    found = _render(cv)
    storage.put(key, json.dumps(found).encode(), content_type="application/json")
    return found


def page_image(cv: CV, number: int) -> bytes | None:
    """The WebP image of page `number` (from 1), None if the original has no such page."""
    pages = manifest(cv)["pages"]
    if not 1 <= number <= len(pages):
        return None
    key = f"{_prefix(cv)}{number}.webp"
    storage = get_storage()
    if not storage.exists(key):  # the manifest outlived its images: render again
        storage.delete(f"{_prefix(cv)}index.json")
        manifest(cv)
    return storage.get_bytes(key)
