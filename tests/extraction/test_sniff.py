"""Upload checks: file kinds by content, and refusals that tell the person what to do."""

from __future__ import annotations

import random

import pytest

from r2w.extraction import sniff
from r2w.extraction.sniff import UnsupportedFile, check_upload, detect_type
from tests.extraction.conftest import SAMPLE_FACTS
from tests.extraction.factories import (
    docx_bytes,
    encrypt_pdf,
    image_bytes,
    png_header_only,
    text_pdf,
    zip_with,
)

PDF = text_pdf(["Jane Example", "jane@example.com"])
DOCX = docx_bytes(lambda d: d.add_paragraph("Jane Example"))


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PDF, "pdf"),
        (b"\x00\x00junk%PDF-1.7\n", "pdf"),  # a little junk before the header
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"{\\rtf1\\ansi Jane}", "rtf"),
        (DOCX[:8192], "docx"),
        (b"Jane Example\nEngineer\n", "txt"),
        ("Jürgen Müller\n".encode("utf-8-sig"), "txt"),
        ("Jürgen Müller\n".encode("utf-16"), "txt"),
        ("ليلى حسن\nمهندسة برمجيات\n".encode(), "txt"),
        ("Jürgen Müller – Köln\n".encode("cp1252"), "txt"),
    ],
)
def test_detect_type_by_content(head: bytes, kind: str) -> None:
    """Kinds come from the bytes, whatever the file is called."""
    assert detect_type(head, len(head)) == kind


@pytest.mark.parametrize(
    ("head", "size", "advice"),
    [
        (b"", 0, "empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", 4096, "Programs"),
        (b"\x7fELF\x02\x01\x01", 4096, "Programs"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 4096, ".doc"),
        (b"GIF89a\x01\x00", 100, "GIF"),
        (b"<!DOCTYPE html><html><body>CV</body></html>", 44, "Save the page as PDF"),
        (b"  <html lang='en'><head>", 24, "Save the page as PDF"),
        (
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00mimetypeapplication/vnd.oasis.opendocument.text",
            4096,
            "OpenDocument",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00photos/a.jpg", 4096, "Archives"),
        (b"%PDF-1.4", sniff.MAX_UPLOAD_BYTES + 1, "larger than"),
    ],
)
def test_detect_type_refuses_with_advice(head: bytes, size: int, advice: str) -> None:
    """Refusals say what is wrong and what to upload instead."""
    with pytest.raises(UnsupportedFile) as caught:
        detect_type(head, size)
    assert advice in caught.value.message
    assert "PDF" in caught.value.message


def test_random_bytes_are_refused() -> None:
    """Binary noise is not text."""
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(UnsupportedFile, match="isn't supported"):
        check_upload(noise, "cv.txt")


def test_renamed_program_is_refused() -> None:
    """A Windows program called cv.pdf is still a program."""
    with pytest.raises(UnsupportedFile, match="Programs can't be uploaded"):
        check_upload(b"MZ\x90\x00" + bytes(2000), "cv.pdf")


def test_markdown_comes_from_the_name_once_content_is_text() -> None:
    """Text is text by content; .md only chooses Markdown over plain text."""
    data = b"# Jane Example\n\n## Experience\n"
    assert check_upload(data, "Jane.MD") == "md"
    assert check_upload(data, "jane.txt") == "txt"
    assert check_upload(data, "jane.pdf") == "txt"
    with pytest.raises(UnsupportedFile):
        check_upload(b"\x00\x01\x02\x03", "cv.md")  # the name cannot make binary text


def test_password_protected_pdf_is_refused() -> None:
    """A PDF that needs a password to open cannot be read."""
    locked = encrypt_pdf(PDF, user="secret", owner="owner")
    with pytest.raises(UnsupportedFile, match=r"password-protected\. Remove the password"):
        check_upload(locked, "cv.pdf")


def test_pdf_with_only_an_owner_password_is_accepted() -> None:
    """Edit restrictions (no password to open) do not stop reading."""
    restricted = encrypt_pdf(PDF, user="", owner="owner")
    assert check_upload(restricted, "cv.pdf") == "pdf"


@pytest.mark.parametrize("cut", [100, 300])
def test_truncated_pdf_is_refused(cut: int) -> None:
    """A PDF cut short is damaged."""
    with pytest.raises(UnsupportedFile, match="damaged"):
        check_upload(PDF[:cut], "cv.pdf")


def test_pdf_without_pages_is_refused() -> None:
    """A PDF with an empty page tree holds no CV."""
    from tests.extraction.factories import make_pdf

    with pytest.raises(UnsupportedFile, match="no pages"):
        check_upload(make_pdf([]), "cv.pdf")


def test_docx_zip_bomb_by_ratio_is_refused() -> None:
    """An entry that inflates a thousandfold is refused before anything unpacks it."""
    bomb = zip_with({"word/media/blank.bin": bytes(8 * 2**20)}, base=DOCX)
    with pytest.raises(UnsupportedFile, match="inflates abnormally"):
        check_upload(bomb, "cv.docx")


def test_docx_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Total uncompressed size is capped even when it compresses poorly."""
    monkeypatch.setattr(sniff, "MAX_DOCX_UNCOMPRESSED", 2**20)
    big = zip_with({"word/media/photo.bin": random.Random(1).randbytes(2**20)}, base=DOCX)
    with pytest.raises(UnsupportedFile, match="too large"):
        check_upload(big, "cv.docx")


def test_docx_with_too_many_entries_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of entries are a bomb of another kind."""
    monkeypatch.setattr(sniff, "MAX_DOCX_ENTRIES", 50)
    many = zip_with({f"word/x{i}.xml": b"<x/>" for i in range(60)}, base=DOCX)
    with pytest.raises(UnsupportedFile, match="too large"):
        check_upload(many, "cv.docx")


def test_zip_without_word_document_is_refused() -> None:
    """A zip that merely mentions Word parts is not a Word document."""
    fake = zip_with({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"})
    with pytest.raises(UnsupportedFile, match="Archives"):
        check_upload(fake, "cv.docx")


def test_broken_zip_is_refused() -> None:
    """A DOCX cut short is damaged."""
    with pytest.raises(UnsupportedFile, match="damaged"):
        check_upload(DOCX[: len(DOCX) // 2], "cv.docx")


def test_valid_docx_is_accepted() -> None:
    """A real Word document passes, whatever it is called."""
    assert check_upload(DOCX, "whatever.bin") == "docx"


def test_image_decompression_bomb_is_refused() -> None:
    """Pixel count, read from the header, decides; nothing is decoded."""
    with pytest.raises(UnsupportedFile, match="too large"):
        check_upload(png_header_only(30_000, 30_000), "scan.png")


def test_damaged_image_is_refused() -> None:
    """An image whose data is cut off cannot be read."""
    broken = image_bytes(["Jane"], "PNG")[:60]
    with pytest.raises(UnsupportedFile, match="damaged"):
        check_upload(broken, "scan.png")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_scans_are_accepted(fmt: str) -> None:
    """Photos and scans in the usual formats pass."""
    kind = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
    assert check_upload(image_bytes(["Jane Example"], fmt), f"scan.{kind}") == kind


@pytest.mark.parametrize("name", sorted(SAMPLE_FACTS))
def test_every_sample_passes_the_upload_check(name: str, sample_bytes) -> None:
    """The sample CVs are accepted as their true kind."""
    assert check_upload(sample_bytes(name), name) == SAMPLE_FACTS[name][0]
