"""The profile photo: found in the CV file or uploaded, checked, stripped, owner-only, built in."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from r2w.extraction.photo import MAX_SIDE
from tests.api.conftest import SAMPLES, Api, stored_keys
from tests.sites.conftest import wait_for_build

PDF_WITH_PHOTO = SAMPLES / "Stockholm-Resume-Template-Simple.pdf"
PDF_WITHOUT_PHOTO = SAMPLES / "Eleanor_Vance_cv.pdf"
GPS_TAG = 0x8825


def image_bytes(fmt: str = "JPEG", size=(2000, 1500), mode="RGB", exif: bool = False) -> bytes:
    """A real image; with exif, it carries a camera make and GPS position like phone photos."""
    img = Image.new(mode, size, "teal" if mode != "1" else 1)
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # Make
        tags[GPS_TAG] = {1: "N", 2: (51.0, 30.0, 0.0)}
        img.save(out, fmt, exif=tags.tobytes())
    else:
        img.save(out, fmt)
    return out.getvalue()


def ready_cv(api: Api, path=PDF_WITHOUT_PHOTO) -> dict:
    cv = api.upload(path.read_bytes(), path.name).json
    assert cv["status"] == "ready", cv
    return cv


def put_photo(api: Api, cv_id: str, data: bytes, name="me.jpg", mimetype="image/jpeg"):
    return api.client.put(
        f"/api/v1/cvs/{cv_id}/photo",
        data={"file": (io.BytesIO(data), name, mimetype)},
        headers={"X-CSRFToken": api.token, "Accept": "application/json"},
        content_type="multipart/form-data",
    )


def document(api: Api, cv_id: str) -> dict:
    return api.get(f"/api/v1/cvs/{cv_id}/document").json


def test_the_photo_in_a_pdf_is_found_and_offered(app, api):
    cv = ready_cv(api, PDF_WITH_PHOTO)

    state = api.get(f"/api/v1/cvs/{cv['id']}/photo/state").json
    found = api.get(f"/api/v1/cvs/{cv['id']}/photo/found")

    assert state["photo"] == {"url": None, "found": True}
    assert found.status_code == 200 and found.mimetype == "image/webp"
    assert Image.open(io.BytesIO(found.data)).format == "WEBP"
    assert api.get(f"/api/v1/cvs/{cv['id']}/photo").status_code == 404  # offered, not used


def test_using_the_found_photo_points_the_document_at_it(api):
    cv = ready_cv(api, PDF_WITH_PHOTO)
    before = document(api, cv["id"])["revision"]

    used = api.post(f"/api/v1/cvs/{cv['id']}/photo/found")

    assert used.status_code == 200
    url = used.json["photo"]["url"]
    assert re.fullmatch(rf"/api/v1/cvs/{cv['id']}/photo\?v=[0-9a-f]{{12}}", url)
    after = document(api, cv["id"])
    assert after["document"]["hero"]["profilePhotoUrl"] == url
    assert after["revision"] == used.json["revision"] == before + 1
    shown = api.get(url)
    assert shown.data == api.get(f"/api/v1/cvs/{cv['id']}/photo/found").data


def test_a_cv_without_a_photo_offers_none(api):
    cv = ready_cv(api)

    assert api.get(f"/api/v1/cvs/{cv['id']}/photo/state").json["photo"]["found"] is False
    refused = api.post(f"/api/v1/cvs/{cv['id']}/photo/found")
    assert refused.status_code == 404 and refused.json["error"] == "not_found"


@pytest.mark.parametrize(
    ("fmt", "mode", "name", "mimetype"),
    [
        ("JPEG", "RGB", "me.jpg", "image/jpeg"),
        ("PNG", "RGBA", "me.png", "image/png"),
        ("WEBP", "RGB", "me.webp", "image/webp"),
        ("PNG", "RGB", "me.gif", "image/gif"),  # judged by its bytes, not its name or type
    ],
)
def test_an_upload_is_checked_stripped_and_resized(app, api, fmt, mode, name, mimetype):
    cv = ready_cv(api)
    data = image_bytes(fmt, (2000, 1500), mode, exif=fmt != "PNG")

    response = put_photo(api, cv["id"], data, name, mimetype)

    assert response.status_code == 200, response.json
    stored = api.get(response.json["photo"]["url"])
    picture = Image.open(io.BytesIO(stored.data))
    assert picture.format == "WEBP" and picture.size == (MAX_SIDE, 600)
    assert not picture.getexif() and "exif" not in picture.info
    assert f"uploads/{cv['id']}/photo.webp" in stored_keys(app)


def test_an_upright_photo_is_turned_by_its_exif_orientation(api):
    cv = ready_cv(api)
    img, out, tags = Image.new("RGB", (400, 300), "teal"), io.BytesIO(), Image.Exif()
    tags[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    img.save(out, "JPEG", exif=tags.tobytes())

    response = put_photo(api, cv["id"], out.getvalue())

    assert Image.open(io.BytesIO(api.get(response.json["photo"]["url"]).data)).size == (300, 400)


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "red").save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "status", "fragment"),
    [
        (gif(), 422, "JPEG, PNG or WebP"),
        (image_bytes("JPEG", (800, 600))[:400], 422, "damaged"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", 422, "damaged"),
        (image_bytes("PNG", (10_000, 10_000), "1"), 422, "too many pixels"),
        (b"\xff\xd8\xff" + b"\0" * (5 * 2**20), 413, "5 MB"),
        (b"", 400, "form field"),
    ],
    ids=["gif", "truncated-jpeg", "svg", "decompression-bomb", "over-5-mb", "empty"],
)
def test_bad_photos_are_refused_and_change_nothing(app, api, data, status, fragment):
    cv = ready_cv(api)
    good = put_photo(api, cv["id"], image_bytes("JPEG", (300, 400))).json
    stored = api.get(good["photo"]["url"]).data

    refused = put_photo(api, cv["id"], data, "me.jpg")

    assert refused.status_code == status and fragment in refused.json["message"]
    assert document(api, cv["id"])["revision"] == good["revision"]
    assert api.get(f"/api/v1/cvs/{cv['id']}/photo/state").json["photo"] == good["photo"]
    assert api.get(good["photo"]["url"]).data == stored


def test_removing_the_photo_deletes_it_and_keeps_the_offer(app, api):
    cv = ready_cv(api, PDF_WITH_PHOTO)
    api.post(f"/api/v1/cvs/{cv['id']}/photo/found")

    removed = api.delete(f"/api/v1/cvs/{cv['id']}/photo")

    assert removed.status_code == 200 and removed.json["photo"] == {"url": None, "found": True}
    assert document(api, cv["id"])["document"]["hero"]["profilePhotoUrl"] is None
    assert f"uploads/{cv['id']}/photo.webp" not in stored_keys(app)
    assert api.get(f"/api/v1/cvs/{cv['id']}/photo").status_code == 404


def test_the_photo_is_deleted_with_its_cv(app, api):
    cv = ready_cv(api, PDF_WITH_PHOTO)
    api.post(f"/api/v1/cvs/{cv['id']}/photo/found")
    assert any("photo" in key for key in stored_keys(app))

    assert api.delete(f"/api/v1/cvs/{cv['id']}").status_code == 204

    assert not any(cv["id"] in key for key in stored_keys(app))


def test_another_visitor_and_an_anonymous_one_get_404_on_every_photo_route(app, api):
    cv = ready_cv(api, PDF_WITH_PHOTO)
    url = api.post(f"/api/v1/cvs/{cv['id']}/photo/found").json["photo"]["url"]
    revision = document(api, cv["id"])["revision"]
    other = Api(app.test_client())
    other.upload(b"Someone Else\nPainter\nsomeone@example.com\n", "else.txt")
    anonymous = Api(app.test_client())
    base = f"/api/v1/cvs/{cv['id']}/photo"

    for visitor in (other, anonymous):
        answers = [
            visitor.get(url),
            visitor.get(base),
            visitor.get(base + "/found"),
            visitor.get(base + "/state"),
            put_photo(visitor, cv["id"], image_bytes("JPEG", (300, 400))),
            visitor.post(base + "/found"),
            visitor.delete(base),
        ]
        assert [a.status_code for a in answers] == [404] * len(answers)
        assert all(a.json["error"] == "not_found" for a in answers)

    assert document(api, cv["id"])["revision"] == revision
    assert api.get(url).status_code == 200


def _build_with_photo(api: Api) -> tuple[dict, str]:
    cv = ready_cv(api, PDF_WITH_PHOTO)
    photo = api.post(f"/api/v1/cvs/{cv['id']}/photo/found").json["photo"]
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv["id"], "theme": "creative"}).json
    build = wait_for_build(api, portfolio["latestBuild"]["id"])
    assert build["status"] == "succeeded", build
    return build, api.get(photo["url"]).data


def _site_photo(api: Api, build: dict) -> tuple[str, bytes]:
    page = api.get(build["previewUrl"]).get_data(as_text=True)
    src = re.search(r'<img class="avatar" src="([^"]+)"', page).group(1)
    return src, api.get(build["previewUrl"] + src).data


@pytest.mark.parametrize("backends", ["local", "cloud"])
def test_a_build_copies_the_photo_into_the_site(request, backends):
    app = request.getfixturevalue("app" if backends == "local" else "cloud_app")
    api = Api(app.test_client())
    build, photo = _build_with_photo(api)

    src, served = _site_photo(api, build)

    assert src.startswith("assets/photo.") and served == photo  # from the site itself


def test_an_external_photo_link_never_reaches_the_site(api):
    cv = ready_cv(api)
    body = document(api, cv["id"])
    body["document"]["hero"]["profilePhotoUrl"] = "https://tracker.example.net/me.jpg"
    api.put(f"/api/v1/cvs/{cv['id']}/document", body)
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv["id"]}).json
    build = wait_for_build(api, portfolio["latestBuild"]["id"])

    page = api.get(build["previewUrl"]).get_data(as_text=True)

    assert build["status"] == "succeeded" and "tracker.example.net" not in page
    assert "<img" not in page


def test_a_preview_photo_needs_the_build_id_and_the_photo_hash(app, api):
    build, _ = _build_with_photo(api)
    src, _ = _site_photo(api, build)
    stranger = Api(app.test_client())

    # The sandboxed preview frame sends no cookies, so the hashed photo goes by its address,
    # like the theme's assets; the page naming that address stays owner-only.
    assert stranger.get(build["previewUrl"] + src).status_code == 200
    assert stranger.get(build["previewUrl"]).status_code == 404
    wrong = re.sub(r"\.[0-9a-f]{12}\.", ".000000000000.", src)
    assert stranger.get(build["previewUrl"] + wrong).status_code == 404


def test_the_photo_in_a_docx_is_found_while_reading(api, sample_text):
    from docx import Document
    from docx.shared import Inches

    document = Document()
    portrait = io.BytesIO(image_bytes("PNG", (300, 400)))
    document.add_picture(portrait, width=Inches(1.2))
    for line in sample_text.decode().splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)

    cv = api.upload(out.getvalue(), "cv.docx").json

    assert cv["status"] == "ready", cv
    assert api.get(f"/api/v1/cvs/{cv['id']}/photo/state").json["photo"]["found"] is True
    found = Image.open(io.BytesIO(api.get(f"/api/v1/cvs/{cv['id']}/photo/found").data))
    assert found.format == "WEBP" and found.size == (300, 400)
