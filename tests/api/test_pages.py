"""The original beside the fields: page images and source lines, for the CV's owner only."""

from __future__ import annotations

import io

from PIL import Image

from r2w.intake import pages
from tests.api.conftest import SAMPLES, Api, stored_keys

PDF = SAMPLES / "Stockholm-Resume-Template-Simple.pdf"
PHOTO = SAMPLES / "example-cv-undergraduate-dda15e.jpg"


def _small_photo(api: Api) -> dict:
    """A small blank PNG: its reading fails quickly (no text), its page is still shown."""
    out = io.BytesIO()
    Image.new("RGB", (300, 420), "white").save(out, "PNG")
    response = api.upload(out.getvalue(), "photo.png")
    assert response.status_code == 201, response.json
    return response.json


def _upload(api: Api, path) -> dict:
    response = api.upload(path.read_bytes(), path.name)
    assert response.status_code == 201, response.json
    return response.json


def test_a_pdf_is_shown_as_page_images_in_points(app, api):
    cv = _upload(api, PDF)

    found = api.get(f"/api/v1/cvs/{cv['id']}/pages")
    image = api.get(found.json["pages"][0]["url"])

    assert found.status_code == 200 and found.json["kind"] == "image"
    first = found.json["pages"][0]
    assert first["number"] == 1 and 500 < first["width"] < 700  # A4 or Letter, in points
    assert first["url"] == f"/api/v1/cvs/{cv['id']}/pages/1"
    assert image.status_code == 200 and image.mimetype == "image/webp"
    picture = Image.open(io.BytesIO(image.data))
    assert picture.width == pages.PAGE_WIDTH
    assert abs(picture.height / picture.width - first["height"] / first["width"]) < 0.01
    assert f"uploads/{cv['id']}/pages/1.webp" in stored_keys(app)


def test_a_photo_keeps_the_coordinates_ocr_read_it_in(api):
    cv = _upload(api, PHOTO)

    found = api.get(f"/api/v1/cvs/{cv['id']}/pages").json
    original = Image.open(PHOTO)

    assert found["kind"] == "image" and len(found["pages"]) == 1
    assert (found["pages"][0]["width"], found["pages"][0]["height"]) == original.size
    assert api.get(f"/api/v1/cvs/{cv['id']}/pages/1").mimetype == "image/webp"
    assert api.get(f"/api/v1/cvs/{cv['id']}/pages/2").status_code == 404


def test_text_is_shown_as_numbered_lines_matching_provenance(api, sample_text):
    response = api.upload(sample_text, "cv.txt")
    cv = response.json

    found = api.get(f"/api/v1/cvs/{cv['id']}/pages").json
    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    page = api.get(f"/api/v1/cvs/{cv['id']}/pages/1")

    assert found["kind"] == "text" and found["pages"] == []
    line = review["provenance"]["hero.fullName"]["line"]
    assert (
        found["lines"][line - 1]
        .strip()
        .startswith(
            api.get(f"/api/v1/cvs/{cv['id']}/document").json["document"]["hero"]["fullName"]
        )
    )
    assert page.mimetype == "text/plain"
    assert page.get_data(as_text=True).splitlines()[line - 1].split(None, 1)[0] == str(line)


def test_page_images_are_removed_with_the_cv(app, api):
    cv = _small_photo(api)
    api.get(f"/api/v1/cvs/{cv['id']}/pages/1")
    assert any(k.startswith(f"uploads/{cv['id']}/pages/") for k in stored_keys(app))

    assert api.delete(f"/api/v1/cvs/{cv['id']}").status_code == 204

    assert not any(cv["id"] in key for key in stored_keys(app))


def test_another_visitor_and_an_anonymous_one_get_404(app, api):
    cv = _small_photo(api)
    owner_pages = api.get(f"/api/v1/cvs/{cv['id']}/pages")
    assert owner_pages.status_code == 200
    other = Api(app.test_client())
    other.upload(b"Someone Else\nPainter\nsomeone@example.com\n", "else.txt")
    anonymous = Api(app.test_client())

    for visitor in (other, anonymous):
        for url in (f"/api/v1/cvs/{cv['id']}/pages", f"/api/v1/cvs/{cv['id']}/pages/1"):
            refused = visitor.get(url)
            assert refused.status_code == 404 and refused.json["error"] == "not_found"


def test_a_damaged_pdf_is_refused_without_harm(app, api, monkeypatch):
    cv = _small_photo(api)
    monkeypatch.setattr(pages, "render_photo", pages.render_pdf)  # a PNG read as a PDF

    refused = api.get(f"/api/v1/cvs/{cv['id']}/pages")

    assert refused.status_code == 422 and refused.json["error"] == "pages_unavailable"


def test_rendering_is_capped_in_pages_and_pixels():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages.MAX_PAGES + 2):
        pdf.new_page(14400, 14400)  # the largest page PDF allows: 200 inches square
    out = io.BytesIO()
    pdf.save(out)

    rendered = pages.render_pdf(out.getvalue())

    assert len(rendered) == pages.MAX_PAGES
    picture = Image.open(io.BytesIO(rendered[0][2]))
    assert picture.width * picture.height <= pages.MAX_PIXELS
    assert rendered[0][:2] == (14400, 14400)


def test_rendering_past_its_time_limit_costs_the_child_not_the_worker(api, monkeypatch):
    from r2w.intake.isolation import Limits

    cv = _upload(api, PDF)
    monkeypatch.setattr(pages, "RENDER_LIMITS", Limits(memory_mb=512, seconds=0.001))

    refused = api.get(f"/api/v1/cvs/{cv['id']}/pages")
    monkeypatch.undo()
    shown = api.get(f"/api/v1/cvs/{cv['id']}/pages")

    assert (
        refused.status_code == 422 and refused.json["message"] == "Showing this file took too long."
    )
    assert shown.status_code == 200 and len(shown.json["pages"]) == 2  # nothing broken was cached
