"""Plain text of an uploaded CV file, whatever its format (OCR for scans and photos).

Every format is first read into a Reading (r2w.extraction.reading: words with boxes and
typography), laid out (r2w.extraction.layout: lines, blocks, columns, reading order), and the
text is the layout's reading-order text. PDFs are read with PDFium from its PyPI wheel, so a
machine with only Python reads them as the image does. Scans are read with tesseract where it
is installed (it measured better, see reading/ocr.py) and with RapidOCR, whose models ship in
its wheel, elsewhere; pdftotext, where installed, orders right-to-left PDF pages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from r2w.extraction.normalize import clean_text
from r2w.extraction.ocr import OCR_LANGUAGES
from r2w.extraction.reading.model import Reading
from r2w.extraction.tools import ToolError

KINDS = ("pdf", "docx", "txt", "md", "rtf", "jpg", "png", "webp")


class TextExtractionFailed(Exception):
    """The file's text could not be read; message tells the person what to do."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable

    def __reduce__(self):
        """Pickle with both fields: reading runs in a child process and this crosses back."""
        return type(self), (self.message, self.retryable)


@dataclass(frozen=True)
class TextResult:
    """Extracted text, the method used, pages read (None for flowing text) and OCR use.

    reading holds the words with their boxes and typography the text was laid out from.
    """

    text: str
    method: str
    pages: int | None
    ocr: bool
    reading: Reading | None = None


def extract_text(data: bytes, kind: str, *, ocr_lang: str = OCR_LANGUAGES) -> TextResult:
    """Extract the text of a file whose kind check_upload/detect_type established."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    return _extract_checked(data, kind, ocr_lang)


def _extract_checked(data: bytes, kind: str, ocr_lang: str) -> TextResult:
    """Extract, turning parser and tool failures into TextExtractionFailed."""
    try:
        result = _extract(data, kind, ocr_lang)
    except TextExtractionFailed:
        raise
    except ToolError as exc:
        if not exc.retryable:
            raise TextExtractionFailed(_damaged(kind)) from exc
        raise TextExtractionFailed(
            "Reading this file took too long or a text tool is unavailable. Try again later, "
            "or upload a PDF exported from your word processor.",
            retryable=True,
        ) from exc
    except Exception as exc:  # parsers raise many types on damaged files
        raise TextExtractionFailed(_damaged(kind)) from exc
    if not result.text.strip():
        raise TextExtractionFailed(_empty_message(kind, result.ocr))
    return result


def _extract(data: bytes, kind: str, ocr_lang: str) -> TextResult:
    """Dispatch on kind: read into a Reading, lay it out, take its reading-order text."""
    from r2w.extraction.reading import flowing

    if kind == "pdf":
        from r2w.extraction.pdftext import pdf_reading_text

        reading, text, pages = pdf_reading_text(data, ocr_lang=ocr_lang)
        return TextResult(text, reading.method, pages, reading.ocr, reading)
    if kind in ("jpg", "png", "webp"):
        return _image(data, ocr_lang)
    if kind == "docx":
        from r2w.extraction.docxtext import docx_lines

        return _flowing(docx_lines(data), "python-docx")
    if kind == "rtf":
        return _flowing(flowing.text_lines(rtf_to_text(data)), "striprtf")
    text = decode_text(data)
    if kind == "md":
        return _flowing(flowing.markdown_lines(text), "markdown")
    return _flowing(flowing.text_lines(text), "plain")


def _flowing(lines: list, method: str) -> TextResult:
    """The result for a flowing format: its source lines as they are (tabs and spacing kept),
    and a Reading of them for the layout."""
    from r2w.extraction.reading.flowing import flowing_reading

    text = clean_text("\n".join(line.text for line in lines))
    return TextResult(text, method, None, False, flowing_reading(lines, method))


def _image(data: bytes, ocr_lang: str) -> TextResult:
    """OCR of a photo or scan (tesseract where installed, else RapidOCR), laid out."""
    from r2w.extraction.layout import lay_out
    from r2w.extraction.reading import ocr

    engine = ocr.engine_name()
    if engine is None:
        raise ToolError(
            "no OCR engine: install tesseract-ocr or rapidocr-onnxruntime", retryable=True
        )
    page = ocr.ocr_page(ocr.load_image(data), lang=ocr_lang)
    reading = Reading([page], engine, ocr=True)
    return TextResult(clean_text(lay_out(reading).text), engine, 1, True, reading)


def _damaged(kind: str) -> str:
    """What to tell the person when a file cannot be parsed."""
    return (
        f"We could not read this {kind.upper()} file; it may be damaged. Open it, save or "
        "export it again as PDF or DOCX, and upload that."
    )


def _empty_message(kind: str, ocr: bool) -> str:
    """What to tell the person when a file holds no readable text."""
    if ocr:
        return (
            "We could not recognise any text in this scan or photo. Upload a sharper, upright "
            "image, or better, a PDF or DOCX exported from your CV document."
        )
    return f"This {kind.upper()} file contains no text. Check it is your CV and try again."


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOMs first, then UTF-8, then Windows-1252, then Latin-1."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_RTF_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def rtf_to_text(data: bytes) -> str:
    """Plain text of an RTF document (its \\ansicpg code page for 8-bit escapes)."""
    from striprtf.striprtf import rtf_to_text as strip

    match = _RTF_CODEPAGE.search(data[:4096])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "cp1252"
    return strip(data.decode("latin-1"), encoding=encoding, errors="replace")


_MD_RULES = [
    (re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M), ""),  # setext underlines
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)"), r"\1 (\2)"),  # links: text (url)
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # escapes
]


def strip_markdown(text: str) -> str:
    """Remove Markdown markup (headings, emphasis, link syntax) but keep every word and URL."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
