"""What an uploaded file really is (by content, never by its name) and whether we accept it."""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib

HEAD_SIZE = 8192
# A hard ceiling for callers without their own (the web app enforces MAX_UPLOAD_MB first).
MAX_UPLOAD_BYTES = 50 * 2**20
# DOCX is a zip: refuse archives that would inflate beyond what any CV needs (zip bombs).
MAX_DOCX_UNCOMPRESSED = 50 * 2**20
MAX_DOCX_RATIO = 100
MAX_DOCX_ENTRIES = 2000
# The XML a Word parser builds a tree from, counted as really inflated (headers can lie): a long
# CV's document.xml is well under 2 MiB, and a tree costs tens of times its text in memory.
MAX_DOCX_XML = 16 * 2**20
_INFLATE_CHUNK = 2**16
# Pixels, not bytes, decide the memory an image takes once decoded (A4 at 600 dpi is 35 MP).
MAX_IMAGE_PIXELS = 40_000_000

ASK_FOR_EXPORT = "Export your CV as PDF or DOCX and try again."
IMAGE_KINDS = ("jpg", "png", "webp")


class UnsupportedFile(ValueError):
    """The upload is not a CV file we can read; the message tells the person what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# (magic prefix, kind or None for "recognised but refused", refusal message)
_SIGNATURES: list[tuple[bytes, str | None, str]] = [
    (b"%PDF-", "pdf", ""),
    (b"\xff\xd8\xff", "jpg", ""),
    (b"\x89PNG\r\n\x1a\n", "png", ""),
    (b"{\\rtf", "rtf", ""),
    (b"PK\x03\x04", "zip", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, "Old Word (.doc) files aren't supported."),
    (b"MZ", None, "Programs can't be uploaded."),
    (b"\x7fELF", None, "Programs can't be uploaded."),
    (b"GIF8", None, "GIF images aren't supported; use a JPG or PNG scan."),
    (b"II*\x00", None, "TIFF images aren't supported; use a JPG or PNG scan."),
    (b"MM\x00*", None, "TIFF images aren't supported; use a JPG or PNG scan."),
    (b"Rar!", None, "Archives aren't supported."),
    (b"7z\xbc\xaf\x27\x1c", None, "Archives aren't supported."),
    (b"\x1f\x8b", None, "Archives aren't supported."),
]
_MARKUP = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<svg")


def detect_type(head: bytes, size: int) -> str:
    """Kind of a file from its first bytes: pdf, docx, txt, md, rtf, jpg, png or webp.

    Raises UnsupportedFile for empty, oversized or unsupported content. "md" is never
    returned here: Markdown is plain text by content, and check_upload uses the file name.
    """
    kind = _sniff(head, size)
    if kind == "zip":
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "docx"
        raise UnsupportedFile(_zip_message(head))
    return kind


def _sniff(head: bytes, size: int) -> str:
    """Kind by content, with "zip" for any zip archive."""
    if size <= 0 or not head:
        raise UnsupportedFile("The file is empty. " + ASK_FOR_EXPORT)
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 2**20
        raise UnsupportedFile(f"The file is larger than {limit} MB. {ASK_FOR_EXPORT}")
    for magic, kind, message in _SIGNATURES:
        if head.startswith(magic):
            if kind is None:
                raise UnsupportedFile(f"{message} {ASK_FOR_EXPORT}")
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:
        return "pdf"  # PDFs may carry a little junk before the header; readers allow it
    if _looks_like_text(head, size):
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower().startswith(_MARKUP):
            raise UnsupportedFile(
                "Web pages and XML files aren't supported. Save the page as PDF (Print > Save "
                "as PDF) or export your CV as PDF or DOCX, and try again."
            )
        return "txt"
    raise UnsupportedFile("This file type isn't supported. " + ASK_FOR_EXPORT)


def _zip_message(head: bytes) -> str:
    """Why a zip archive that is not a Word document is refused."""
    if b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return "OpenDocument (.odt) files aren't supported. " + ASK_FOR_EXPORT
    if b"index.xml" in head or b"Index/Document.iwa" in head:
        return "Pages files aren't supported. " + ASK_FOR_EXPORT
    return "Archives (.zip) aren't supported; upload the CV file itself. " + ASK_FOR_EXPORT


def _looks_like_text(head: bytes, size: int) -> bool:
    """Valid UTF-8/16/32 (BOM) text, or 8-bit text without control characters."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return _decodes(head, codec, final=len(head) >= size)
    if b"\x00" in head:
        return False
    if _has_controls(head):
        return False
    if _decodes(head, "utf-8-sig", final=len(head) >= size):
        return True
    # Legacy 8-bit text (Windows-1252, Latin-1) is mostly ASCII; binary data is not.
    return sum(b < 128 for b in head) >= 0.7 * len(head)


def _decodes(head: bytes, codec: str, *, final: bool) -> bool:
    """Whether head decodes; a head cut mid-character is fine unless it is the whole file."""
    try:
        codecs.getincrementaldecoder(codec)().decode(head, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _has_controls(head: bytes) -> bool:
    """Whether bytes contain C0 controls other than tab, newlines and form feed."""
    allowed = {9, 10, 12, 13}
    return any(b < 32 and b not in allowed for b in head) or 127 in head


def check_upload(data: bytes, filename: str) -> str:
    """Validate an upload fully and return its kind (see detect_type), or UnsupportedFile."""
    kind = _sniff(data[:HEAD_SIZE], len(data))
    if kind == "zip":
        kind = _check_docx(data, head=data[:HEAD_SIZE])
    elif kind == "pdf":
        _check_pdf(data)
    elif kind in IMAGE_KINDS:
        _check_image(data)
    if kind == "txt" and filename.lower().endswith((".md", ".markdown")):
        return "md"
    return kind


def _check_docx(data: bytes, *, head: bytes) -> str:
    """Accept a zip only if it is a sane Word document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsupportedFile("The file is damaged (a broken archive). " + ASK_FOR_EXPORT) from None
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise UnsupportedFile(_zip_message(head))
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UnsupportedFile("The document is password-protected. " + _UNLOCK)
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > MAX_DOCX_ENTRIES or total > MAX_DOCX_UNCOMPRESSED:
        raise UnsupportedFile("The document is too large to process. " + _SMALLER)
    if total / packed > MAX_DOCX_RATIO:
        raise UnsupportedFile("The document is malformed (it inflates abnormally). " + _SMALLER)
    _inflate_xml(archive, entries)
    return "docx"


def _inflate_xml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Inflate every XML part with a hard cap on the bytes it really yields, checking CRCs.

    The sizes in the headers are only what the file claims: a part that inflates past the cap
    or whose checksum does not match is refused here, before any parser holds it in memory.
    """
    budget = MAX_DOCX_XML
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_INFLATE_CHUNK):
                    budget -= len(chunk)
                    if budget < 0:
                        raise UnsupportedFile("The document is too large to process. " + _SMALLER)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            raise UnsupportedFile(
                "The file is damaged (a broken archive). " + ASK_FOR_EXPORT
            ) from None


_UNLOCK = "Remove the password (or export an unprotected PDF) and try again."
_SMALLER = "Remove large images or export your CV as PDF, and try again."


def _check_pdf(data: bytes) -> None:
    """Refuse encrypted, damaged or empty PDFs."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        # An owner password only restricts editing and opens without one; a user password
        # is needed to read the text at all.
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedFile("The PDF is password-protected. " + _UNLOCK)
        pages = len(reader.pages)
    except UnsupportedFile:
        raise
    except Exception:  # pypdf raises many exception types on damaged files
        raise UnsupportedFile(
            "The PDF is damaged and can't be read. Export it again from your word processor "
            "and try again."
        ) from None
    if pages == 0:
        raise UnsupportedFile("The PDF has no pages. " + ASK_FOR_EXPORT)


def _check_image(data: bytes) -> None:
    """Refuse damaged images and decompression bombs before anything decodes them."""
    from PIL import Image

    too_large = "The image is too large ({}). Scan at 300 dpi or upload a PDF instead."
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size  # header only: no pixel data is decoded yet
            if width * height > MAX_IMAGE_PIXELS:
                raise UnsupportedFile(too_large.format(f"{width}×{height} pixels"))
            img.verify()
    except UnsupportedFile:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, hit while opening
        raise UnsupportedFile(too_large.format("too many pixels")) from None
    except (OSError, ValueError, SyntaxError):
        raise UnsupportedFile(
            "The image is damaged or in a format we can't read. Upload a JPG or PNG scan, or "
            "better, your CV as PDF or DOCX."
        ) from None
