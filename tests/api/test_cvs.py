"""The CV API end to end: upload, phases, document edit, exports, import, and bad input."""

import hashlib
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import CV
from tests.api.conftest import Api, stored_keys


def _cv_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CV))


def test_upload_reads_the_cv_and_keeps_the_original(app, api, sample_text):
    response = api.upload(sample_text, "alexandra.txt")
    assert response.status_code == 201, response.json
    cv = response.json
    assert cv["status"] == "ready"
    assert cv["sha256"] == hashlib.sha256(sample_text).hexdigest()
    assert cv["extraction"]["extractor"] == "heuristic"

    document = api.get(f"/api/v1/cvs/{cv['id']}/document").json["document"]
    assert document["hero"]["fullName"] == "Alexandra Chen"
    assert document["contact"]["email"] == "alexandra.chen@email.com"
    assert document["schemaVersion"] == 1

    original = api.get(f"/api/v1/cvs/{cv['id']}/original")
    assert original.status_code == 200
    assert original.data == sample_text
    assert "attachment" in original.headers["Content-Disposition"]
    assert stored_keys(app) == [f"uploads/{cv['id']}/original.txt"]


def test_same_file_again_comes_from_the_cache(app, api, sample_text):
    first = api.upload(sample_text).json
    second = api.upload(sample_text).json
    doc1 = api.get(f"/api/v1/cvs/{first['id']}/document").json["document"]
    doc2 = api.get(f"/api/v1/cvs/{second['id']}/document").json["document"]
    assert doc1 == doc2
    assert second["extraction"]["status"] == "succeeded"


def test_edit_document_validates_and_guards_revisions(app, api, sample_text):
    cv_id = api.upload(sample_text).json["id"]
    url = f"/api/v1/cvs/{cv_id}/document"
    current = api.get(url).json
    document = current["document"]
    document["hero"]["professionalTitle"] = "Chief Product Officer"
    saved = api.put(url, {"document": document, "revision": current["revision"]})
    assert saved.status_code == 200, saved.json
    assert saved.json["revision"] == current["revision"] + 1
    assert api.get(url).json["document"]["hero"]["professionalTitle"] == "Chief Product Officer"

    stale = api.put(url, {"document": document, "revision": current["revision"]})
    assert stale.status_code == 409
    assert stale.json["error"] == "conflict"

    document["experience"]["experienceItems"] = "not a list"
    invalid = api.put(url, {"document": document})
    assert invalid.status_code == 422
    assert invalid.json["error"] == "invalid_document"
    assert invalid.json["errors"]
    after = api.get(url).json
    assert after["revision"] == saved.json["revision"]
    assert after["document"]["experience"]["experienceItems"] != "not a list"


def test_export_and_import_json_resume(app, api, sample_text):
    cv_id = api.upload(sample_text).json["id"]
    exported = api.get(f"/api/v1/cvs/{cv_id}/export?format=jsonresume")
    assert exported.status_code == 200
    resume = json.loads(exported.data)
    assert resume["basics"]["name"] == "Alexandra Chen"
    as_r2w = api.get(f"/api/v1/cvs/{cv_id}/export?format=json")
    assert json.loads(as_r2w.data)["hero"]["fullName"] == "Alexandra Chen"
    assert api.get(f"/api/v1/cvs/{cv_id}/export?format=xml").status_code == 400

    imported = api.post("/api/v1/cvs/import", resume)
    assert imported.status_code == 201, imported.json
    assert imported.json["status"] == "ready"
    document = api.get(f"/api/v1/cvs/{imported.json['id']}/document").json["document"]
    original = api.get(f"/api/v1/cvs/{cv_id}/document").json["document"]
    assert document["hero"]["fullName"] == original["hero"]["fullName"]
    assert document["contact"]["email"] == original["contact"]["email"]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "status"),
    [
        (b"", "empty.pdf", 400),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "cv.pdf", 415),
        (b"%PDF-1.7\n1 0 obj<<>>\n%%broken", "cv.pdf", 415),
        (b"PK\x03\x04" + b"\x00" * 100, "cv.docx", 415),
    ],
    ids=["empty", "exe-named-pdf", "corrupt-pdf", "broken-zip"],
)
def test_bad_uploads_get_a_clear_4xx_and_change_nothing(app, api, data, filename, status):
    response = api.upload(data, filename)
    assert response.status_code == status, response.json
    assert response.json["error"] in ("unsupported_file", "no_file")
    assert len(response.json["message"]) > 20
    assert _cv_count(app) == 0
    assert stored_keys(app) == []


def test_zip_bomb_docx_is_refused(app, api):
    response = api.upload(_zip_bomb(), "cv.docx")
    assert 400 <= response.status_code < 500
    assert _cv_count(app) == 0


def test_oversize_body_is_refused(make_app):
    app = make_app(MAX_UPLOAD_MB=1)
    api = Api(app.test_client())
    response = api.upload(b"a" * (2 * 1024 * 1024), "big.txt")
    assert response.status_code == 413
    assert response.json["error"] == "request_entity_too_large"
    assert _cv_count(app) == 0


def test_missing_file_and_missing_csrf(app, api):
    response = api.client.post(
        "/api/v1/cvs",
        headers={"X-CSRFToken": api.token},
        data={},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json["error"] == "no_file"
    response = api.client.post(
        "/api/v1/cvs",
        data={"file": (io.BytesIO(b"Jane Doe\njane@example.com"), "cv.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json["error"] == "csrf_failed"
    assert _cv_count(app) == 0


def test_a_text_that_is_not_a_cv_fails_with_a_reason(app, api):
    recipe = (
        b"Banana bread\nIngredients: 3 ripe bananas, 1/3 cup melted butter, 1 teaspoon baking soda,"
        b" a pinch of salt, 3/4 cup sugar, 1 large egg, 1 teaspoon vanilla extract, 1 1/2 cups of"
        b" flour.\nMash the bananas, stir in the butter, mix in the soda and salt, then the sugar,"
        b" egg and vanilla. Mix in the flour. Bake for 55 minutes at 175 degrees.\n"
    )
    response = api.upload(recipe, "bread.txt")
    assert response.status_code == 201
    assert response.json["status"] == "failed"
    assert response.json["error"]
    retry = api.post(f"/api/v1/cvs/{response.json['id']}/retry")
    assert retry.status_code == 202
    assert retry.json["status"] == "failed"


def test_one_visitor_never_sees_anothers_cv(app, api, sample_text):
    cv_id = api.upload(sample_text).json["id"]
    stranger = Api(app.test_client())
    for method, url in [
        ("get", f"/api/v1/cvs/{cv_id}"),
        ("get", f"/api/v1/cvs/{cv_id}/document"),
        ("get", f"/api/v1/cvs/{cv_id}/original"),
        ("get", f"/api/v1/cvs/{cv_id}/export"),
        ("put", f"/api/v1/cvs/{cv_id}/document"),
        ("post", f"/api/v1/cvs/{cv_id}/retry"),
        ("delete", f"/api/v1/cvs/{cv_id}"),
    ]:
        call = getattr(stranger, method)
        response = call(url, json={"document": {}}) if method == "put" else call(url)
        assert response.status_code == 404, (method, url)
    assert stranger.get("/api/v1/cvs").json == {"cvs": []}
    assert api.get(f"/api/v1/cvs/{cv_id}").status_code == 200


def test_delete_removes_rows_and_files(app, api, sample_text):
    cv_id = api.upload(sample_text).json["id"]
    assert api.delete(f"/api/v1/cvs/{cv_id}").status_code == 204
    assert _cv_count(app) == 0
    assert stored_keys(app) == []


def test_on_cloud_backends(cloud_app, sample_text):
    api = Api(cloud_app.test_client())
    cv = api.upload(sample_text, "cv.txt").json
    assert cv["status"] == "ready"
    assert api.get(f"/api/v1/cvs/{cv['id']}/original").data == sample_text
    keys = stored_keys(cloud_app)
    assert keys == [f"uploads/{cv['id']}/original.txt"]
