"""Keeping the latest KEEP_LATEST_CVS: the warning before, the pruning after, live sites spared."""

from __future__ import annotations

import io
import json

from tests.api.conftest import Api, stored_keys
from tests.web.conftest import built_site, ready_cv, signed_up


def _import(api: Api, name: str) -> dict:
    resume = json.dumps({"basics": {"name": name}}).encode()
    response = api.client.post(
        "/api/v1/cvs/import",
        data={"file": (io.BytesIO(resume), f"{name}.json")},
        headers={"X-CSRFToken": api.token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    return response.json


def test_blank_cv_is_ready_with_an_empty_document(api):
    response = api.post("/api/v1/cvs/blank")
    assert response.status_code == 201
    cv = response.json
    assert cv["status"] == "ready" and cv["kind"] == "json" and cv["revision"] == 1
    document = api.get(f"/api/v1/cvs/{cv['id']}/document").json["document"]
    assert document["hero"]["fullName"] is None
    assert document["experience"]["experienceItems"] == []
    original = api.get(f"/api/v1/cvs/{cv['id']}/original")
    assert original.status_code == 200 and json.loads(original.get_data()) == document


def test_warning_names_the_cv_an_upload_would_replace(make_app):
    app = make_app(KEEP_LATEST_CVS=2)
    api = Api(app.test_client())
    _import(api, "first")
    assert "replaces your oldest" not in api.client.get("/").get_data(as_text=True)
    _import(api, "second")
    html = api.client.get("/").get_data(as_text=True)
    assert "You keep your 2 latest CVs" in html
    assert "replaces your oldest, “first.json”" in html
    assert 'data-replaces="first.json"' in html


def test_upload_beyond_the_limit_deletes_the_oldest_and_its_files(make_app):
    app = make_app(KEEP_LATEST_CVS=2)
    api = Api(app.test_client())
    first, second = _import(api, "first"), _import(api, "second")
    third = _import(api, "third")
    assert third["replaced"] == ["first.json"]
    assert api.get(f"/api/v1/cvs/{first['id']}").status_code == 404
    ids = [cv["id"] for cv in api.get("/api/v1/cvs").json["cvs"]]
    assert ids == [third["id"], second["id"]]
    assert not any(key.startswith(f"uploads/{first['id']}/") for key in stored_keys(app))
    blank = api.post("/api/v1/cvs/blank").json
    assert blank["replaced"] == ["second.json"]


def test_a_cv_behind_a_live_site_is_never_replaced(make_app):
    app = make_app(KEEP_LATEST_CVS=1)
    api = Api(app.test_client())
    cv, portfolio, _ = built_site(api)
    signed_up(api)
    assert api.post(f"/api/v1/portfolios/{portfolio['id']}/publish").status_code == 200
    assert "replaces your oldest" not in api.client.get("/dashboard").get_data(as_text=True)
    newer = ready_cv(api)
    assert newer["replaced"] == []
    assert api.get(f"/api/v1/cvs/{cv['id']}").status_code == 200


def test_zero_keeps_everything(make_app):
    app = make_app(KEEP_LATEST_CVS=0)
    api = Api(app.test_client())
    made = [_import(api, f"cv{i}") for i in range(3)]
    assert all(cv["replaced"] == [] for cv in made)
    assert len(api.get("/api/v1/cvs").json["cvs"]) == 3
