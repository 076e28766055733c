"""Finding the portrait inside a CV file, and normalising any photo to metadata-free WebP."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from r2w.extraction.photo import MAX_SIDE, PhotoRejected, find_photo, normalise_photo
from tests.extraction.conftest import SAMPLES

WITH_PHOTO = [
    "Chicago-Resume-Template-Creative.pdf",
    "Madrid-Resume-Template-Modern.pdf",
    "Paris-Resume-Template-Modern.pdf",
    "Stockholm-Resume-Template-Simple.pdf",
    "Vienna-Modern-Resume-Template.pdf",
]
WITHOUT_PHOTO = [
    "Amsterdam-Modern-Resume-Template.pdf",
    "Eleanor_Vance_cv.pdf",
    "comprehensive_all_components_cv.pdf",
    "software-engineer-resume-example.pdf",
]


def png(size, colour="teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def docx_with(*pictures: tuple[bytes, float], unreferenced: bytes | None = None) -> bytes:
    """A DOCX CV with the given pictures (bytes, width in inches) and maybe a stray image."""
    from docx import Document
    from docx.shared import Inches

    document = Document()
    document.add_heading("Jane Doe", 0)
    for data, inches in pictures:
        document.add_picture(io.BytesIO(data), width=Inches(inches))
    document.add_paragraph("Engineer. jane@example.org")
    out = io.BytesIO()
    document.save(out)
    if unreferenced is None:
        return out.getvalue()
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/media/stray.png", unreferenced)
    return out.getvalue()


def webp_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "WEBP"
        return img.size


@pytest.mark.parametrize("name", WITH_PHOTO)
def test_the_portrait_of_a_pdf_template_is_found(name):
    found = find_photo((SAMPLES / name).read_bytes(), "pdf")

    assert found is not None
    width, height = webp_size(found)
    assert 0.5 <= width / height <= 1.6 and max(width, height) <= MAX_SIDE


@pytest.mark.parametrize("name", WITHOUT_PHOTO)
def test_a_pdf_without_a_portrait_has_none(name):
    assert find_photo((SAMPLES / name).read_bytes(), "pdf") is None


def test_a_scanned_page_is_not_taken_for_a_portrait():
    out = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(out, "PDF", resolution=150)

    assert find_photo(out.getvalue(), "pdf") is None


def test_the_portrait_of_a_docx_is_found_among_its_pictures():
    portrait, banner, icon = png((300, 400)), png((1200, 150), "navy"), png((24, 24), "red")

    found = find_photo(docx_with((banner, 6), (portrait, 1.5), (icon, 0.2)), "docx")

    assert found is not None and webp_size(found) == (300, 400)


def test_a_docx_with_only_a_stray_media_file_has_no_photo():
    assert find_photo(docx_with(unreferenced=png((300, 400))), "docx") is None


@pytest.mark.parametrize("kind", ["txt", "md", "jpg", "json"])
def test_other_kinds_have_no_embedded_photo(kind):
    assert find_photo(png((300, 400)), kind) is None


def test_damaged_files_just_have_no_photo():
    assert find_photo(b"%PDF-1.7 broken", "pdf") is None
    assert find_photo(b"PK\x03\x04 broken", "docx") is None


def test_normalising_strips_metadata_turns_upright_and_bounds_the_size():
    tags = Image.Exif()
    tags[0x0112] = 8  # rotate 90° counter-clockwise to view
    tags[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "teal").save(out, "JPEG", exif=tags.tobytes())

    result = normalise_photo(out.getvalue())

    with Image.open(io.BytesIO(result)) as img:
        assert img.format == "WEBP" and img.size == (MAX_SIDE // 2, MAX_SIDE)
        assert not img.getexif() and "exif" not in img.info


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a....", png((100, 100))[:60], b"<svg/>"],
    ids=["empty", "gif-header", "truncated-png", "svg"],
)
def test_anything_but_a_sound_jpeg_png_or_webp_is_rejected(data):
    with pytest.raises(PhotoRejected):
        normalise_photo(data)
