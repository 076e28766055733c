"""Text of PDF files: PDFium words laid out in reading order (pdf_reading_text).

PDFium (pypdfium2) replaced pdftotext as the reader so that a machine with only Python
reads PDFs as the image does; the layout keeps the XY-cut reading order measured below.
Right-to-left words are put in logical order by their glyph positions (reading/pdf.py). The
older poppler path (pdf_text) stays for comparison in bench/bench_extraction.py --pdf-modes.

Measured on the 12 sample PDFs (bench/bench_extraction.py --pdf-modes --repeat 7; 2 shared
cores, poppler 22.12, pypdf 6.1, pypdfium2 5.15.2): hand-checked "this line is followed by that
line" pairs a reader sees on the page, phrases that must survive word for word, and median
time per file (python -m bench.bench_ocr --skip-ocr gives the ratio to pdftotext -layout).

    mode                              order pairs   phrases   median ms
    pdftotext (default)               46/71         12/15     10.8
    pdftotext -layout                 41/71         12/15     10.4
    pdftotext -raw                    66/71          8/15     10.7
    pypdf                             64/71         10/15     47.0
    pdftotext -bbox-layout + XY cut   71/71         15/15     16.4   (the reader before)
    PDFium words + layout             71/71         15/15     14.0   <- used

Default mode interleaves sidebar columns, -raw and pypdf glue or split words ("Randailytasks",
"T rained"). PDFium reads text that runs past the page edge as well (pdftotext's word boxes
clip it).
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass

from r2w.extraction.normalize import clean_text
from r2w.extraction.ocr import OCR_LANGUAGES, ocr_pdf
from r2w.extraction.pdflayout import page_text, parse_bbox_layout
from r2w.extraction.reading.model import Reading, holds_letters
from r2w.extraction.tools import has_tool, run_tool

PDFTOTEXT_TIMEOUT = 30.0
# Crop box far beyond any page so text running off the page edge is still read.
_UNCLIPPED = ["-x", "0", "-y", "0", "-W", "100000", "-H", "100000"]
# Below this many letters per page a PDF is taken to be a scan without a text layer.
MIN_LETTERS_PER_PAGE = 25


@dataclass(frozen=True)
class PdfText:
    """Text of a PDF and how it was obtained."""

    text: str
    method: str
    pages: int
    ocr: bool


def pdf_reading_text(data: bytes, *, ocr_lang: str = OCR_LANGUAGES) -> tuple[Reading, str, int]:
    """Read a PDF with PDFium (OCR for scans): (reading, reading-order text, pages read)."""
    from r2w.extraction.layout import lay_out
    from r2w.extraction.reading import ocr
    from r2w.extraction.reading.pdf import read_pdf

    reading = read_pdf(data, ocr=ocr.engine_name() is not None, lang=ocr_lang)
    needed = MIN_LETTERS_PER_PAGE * max(1, min(len(reading.pages), 3))
    if not reading.ocr and not holds_letters(reading.words, needed):
        # A scan, and no OCR engine here: the text layer's few letters are all there is.
        return reading, clean_text(" ".join(w.text for w in reading.words)), len(reading.pages)
    layout = lay_out(reading)
    by_page: dict[int, list[str]] = {page.number: [] for page in reading.pages}
    for block in layout.blocks:
        by_page[block.lines[0].page].append("\n".join(line.text for line in block.lines))
    texts = ["\n\n".join(blocks) for blocks in by_page.values()]
    text = clean_text("\n\n".join(texts))
    return reading, "\n".join([text, *_new_links(reading.links, text)]), len(reading.pages)


def _new_links(uris: list[str], text: str) -> list[str]:
    """Usable link targets that the text does not already show."""
    found: list[str] = []
    for uri in uris:
        target = _link_target(uri)
        if target and target not in text and target not in found:
            found.append(target)
    return found


def pdf_text(data: bytes, *, ocr_lang: str = OCR_LANGUAGES) -> PdfText:
    """Extract a PDF's text, reading scans with OCR; ToolError or ValueError on failure."""
    with tempfile.TemporaryDirectory(prefix="r2w-pdf-") as tmp:
        path = os.path.join(tmp, "cv.pdf")
        with open(path, "wb") as fh:
            fh.write(data)
        if has_tool("pdftotext"):
            pages = _poppler_pages(path)
            method = "pdftotext-bbox"
        else:
            pages = _pypdf_pages(data)
            method = "pypdf"
        if _letters("".join(pages)) >= MIN_LETTERS_PER_PAGE * max(1, min(len(pages), 3)):
            text = clean_text("\n\n".join(pages))
            links = link_targets(data, text)
            return PdfText("\n".join([text, *links]), method, len(pages), False)
        texts, read = ocr_pdf(path, len(pages), lang=ocr_lang)
        return PdfText(clean_text("\n\n".join(texts)), "tesseract", read, True)


def _letters(text: str) -> int:
    """Count letters (any script)."""
    return sum(ch.isalpha() for ch in text)


def _poppler_pages(path: str) -> list[str]:
    """Per-page text from pdftotext word boxes, falling back to its text mode where needed."""
    args = ["pdftotext", "-q", "-enc", "UTF-8", "-bbox-layout", path, "-"]
    xhtml = run_tool(args, timeout=PDFTOTEXT_TIMEOUT)
    pages = parse_bbox_layout(xhtml.decode("utf-8", "replace"))
    texts = [page_text(page.blocks) for page in pages]
    redo = [i for i, page in enumerate(pages) if page.clipped or _mostly_rtl(texts[i])]
    if redo:
        args = ["pdftotext", "-q", "-enc", "UTF-8", *_UNCLIPPED, path, "-"]
        plain = run_tool(args, timeout=PDFTOTEXT_TIMEOUT).decode("utf-8", "replace").split("\f")
        for i in redo:
            if i < len(plain):
                texts[i] = plain[i]
    return texts


def _mostly_rtl(text: str) -> bool:
    """Whether most letters are Hebrew or Arabic (word boxes list those in visual order)."""
    letters = [ch for ch in text if ch.isalpha()]
    rtl = sum(1 for ch in letters if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc")
    return bool(letters) and rtl * 3 >= len(letters)


def _pypdf_pages(data: bytes) -> list[str]:
    """Per-page text with pypdf (content-stream order), when poppler is not installed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("the PDF is password-protected")
    return [page.extract_text() or "" for page in reader.pages]


def link_targets(data: bytes, text: str) -> list[str]:
    """Web and e-mail targets of the PDF's link annotations that its text does not show.

    Templates often print "LinkedIn" and keep the profile address only in the link.
    """
    from pypdf import PdfReader

    found: list[str] = []
    try:
        for page in PdfReader(io.BytesIO(data)).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                uri = action.get_object().get("/URI") if action is not None else None
                target = _link_target(str(uri)) if uri else None
                if target and target not in text and target not in found:
                    found.append(target)
    except Exception:  # links are a bonus: a damaged annotation must not fail extraction
        return found
    return found


def _link_target(uri: str) -> str | None:
    """A usable link: http(s) URLs as they are, mailto: as the bare address."""
    uri = uri.strip()
    if uri.lower().startswith("mailto:"):
        address = uri[len("mailto:") :].split("?")[0]
        return address if "@" in address else None
    if uri.lower().startswith(("http://", "https://")) and len(uri) <= 500:
        return uri
    return None
