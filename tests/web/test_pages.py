"""Page routes: what each renders, who may see it, and where unready CVs are sent."""

from __future__ import annotations

import json
import re

import pytest

from tests.api.conftest import Api
from tests.web.conftest import SAMPLE_TXT, built_site, ready_cv, signed_up


def _page_data(html: str, element_id: str = "page-data") -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html)
    assert match, f"no #{element_id} on the page"
    return json.loads(match.group(1))


def test_landing_has_a_drop_zone_with_types_and_limit(client, app):
    html = client.get("/").get_data(as_text=True)
    assert 'type="file"' in html and 'accept=".pdf,.docx' in html
    assert f"up to {app.config['MAX_UPLOAD_MB']} MB" in html
    assert "PDF, Word (.docx)" in html
    assert "Import a JSON Resume" in html and "Start from scratch" in html
    assert 'data-upload-url="/api/v1/cvs"' in html
    assert 'src="/static/upload.js"' in html


def test_landing_lists_the_visitors_recent_work(api):
    cv = ready_cv(api)
    html = api.client.get("/").get_data(as_text=True)
    assert "Continue where you left off" in html
    assert f"/cvs/{cv['id']}/edit" in html
    assert "Alexandra Chen" in html


def test_progress_page_embeds_the_cv_status(api):
    cv = ready_cv(api)
    response = api.client.get(f"/cvs/{cv['id']}")
    assert response.status_code == 200
    data = _page_data(response.get_data(as_text=True))
    assert data["cv"]["id"] == cv["id"] and data["cv"]["status"] == "ready"
    assert data["blankUrl"] == "/api/v1/cvs/blank"


def test_editor_embeds_document_schema_and_portfolio(api):
    cv, portfolio, _ = built_site(api)
    html = api.client.get(f"/cvs/{cv['id']}/edit").get_data(as_text=True)
    page = _page_data(html)
    assert page["portfolioId"] == portfolio["id"]
    assert [s["key"] for s in page["schema"]["sections"]][:3] == ["hero", "contact", "summary"]
    document = _page_data(html, "document-data")
    assert document["document"]["hero"]["fullName"] == "Alexandra Chen"
    assert document["revision"] == 2


def test_site_page_redirects_to_the_existing_portfolio(api):
    cv = ready_cv(api)
    first = api.client.get(f"/cvs/{cv['id']}/site")
    assert first.status_code == 200
    assert _page_data(first.get_data(as_text=True))["portfolio"] is None
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv["id"]}).json
    again = api.client.get(f"/cvs/{cv['id']}/site")
    assert again.status_code == 302
    assert again.headers["Location"] == f"/portfolios/{portfolio['id']}"
    page = api.client.get(f"/portfolios/{portfolio['id']}").get_data(as_text=True)
    assert _page_data(page)["portfolio"]["id"] == portfolio["id"]
    for theme in ("professional", "creative", "academic", "executive"):
        assert f'id="theme-{theme}"' in page


def test_the_public_link_names_the_host_and_port_the_app_is_reached_at(api):
    cv = ready_cv(api)
    page = api.client.get(f"/cvs/{cv['id']}/site").get_data(as_text=True)
    # The test client talks to http://localhost; `make run PORT=5101` would show :5101.
    assert _page_data(page)["publicBase"] == "http://localhost/p/"


@pytest.mark.parametrize("suffix", ["/edit", "/site"])
def test_unready_cv_pages_send_people_to_the_progress_page(api, suffix):
    cv = api.post("/api/v1/cvs/blank").json
    with api.client.application.app_context():
        from r2w.extensions import db
        from r2w.models import CV

        row = db.session.get(CV, cv["id"])
        row.document, row.status = None, "failed"
        db.session.commit()
    response = api.client.get(f"/cvs/{cv['id']}{suffix}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cvs/{cv['id']}"


def test_a_stranger_gets_404_on_every_page_of_someone_elses_work(app, api):
    cv, portfolio, _ = built_site(api)
    stranger = app.test_client()
    for url in (
        f"/cvs/{cv['id']}",
        f"/cvs/{cv['id']}/edit",
        f"/cvs/{cv['id']}/site",
        f"/portfolios/{portfolio['id']}",
    ):
        assert api.client.get(url).status_code in (200, 302), url
        assert stranger.get(url).status_code == 404, url
    assert stranger.get("/cvs/not-a-real-id").status_code == 404


def test_signed_in_stranger_gets_404_too(app, api):
    cv = ready_cv(api)
    other = signed_up(Api(app.test_client()), "eve@example.com")
    assert other.client.get(f"/cvs/{cv['id']}/edit").status_code == 404


def test_dashboard_needs_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=/dashboard")


def test_dashboard_lists_cvs_sites_downloads_and_account_controls(api):
    cv, portfolio, _ = built_site(api)
    signed_up(api)  # the anonymous work is claimed by the new account
    html = api.client.get("/dashboard").get_data(as_text=True)
    assert "ada@example.com" in html
    assert f"/cvs/{cv['id']}/edit" in html
    assert f"/portfolios/{portfolio['id']}" in html
    assert f"/api/v1/cvs/{cv['id']}/original" in html
    assert f"/api/v1/cvs/{cv['id']}/export?format=json" in html
    assert f"/api/v1/cvs/{cv['id']}/export?format=jsonresume" in html
    assert "/api/v1/account/export" in html
    assert 'data-api-url="/api/v1/account"' in html and 'id="confirm-email"' in html
    assert "keeps your 5 latest CVs" in html


def test_pages_carry_the_csrf_meta_and_no_external_assets(api):
    cv, portfolio, _ = built_site(api)
    signed_up(api)
    for url in ("/", f"/cvs/{cv['id']}", f"/cvs/{cv['id']}/edit", f"/portfolios/{portfolio['id']}",
                "/dashboard", "/account/login", "/account/register"):  # fmt: skip
        html = api.client.get(url).get_data(as_text=True)
        assert '<meta name="csrf-token"' in html, url
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        assert "<script>" not in html, f"{url} has an inline script"


def test_static_modules_are_served(client):
    names = ["app.css", "api.js", "upload.js", "progress.js", "editor.js", "editor-fields.js"]
    names += ["editor-view.js", "editor.css", "site.css"]
    names += ["editor-save.js", "site.js", "publish.js", "dashboard.js", "icon.svg"]
    names += ["editor-source.js", "editor-unplaced.js"]
    for name in names:
        assert client.get(f"/static/{name}").status_code == 200, name


def test_editor_flags_unmatched_values_only_until_the_first_edit(api):
    from r2w.extensions import db
    from r2w.models import Extraction

    cv = api.post("/api/v1/cvs/blank").json
    with api.client.application.app_context():
        run = Extraction(cv_id=cv["id"], source_sha256="0" * 64, extractor="heuristic")
        run.extractor_version, run.status = "test", "succeeded"
        run.unsupported_paths = ["hero.fullName"]
        db.session.add(run)
        db.session.commit()
    html = api.client.get(f"/cvs/{cv['id']}/edit").get_data(as_text=True)
    assert _page_data(html)["unsupportedPaths"] == ["hero.fullName"]
    document = api.get(f"/api/v1/cvs/{cv['id']}/document").json
    api.put(f"/api/v1/cvs/{cv['id']}/document", document)
    html = api.client.get(f"/cvs/{cv['id']}/edit").get_data(as_text=True)
    assert _page_data(html)["unsupportedPaths"] == []


def test_editor_page_carries_the_open_review_flags(api):
    cv = api.post("/api/v1/cvs/blank").json
    document = api.get(f"/api/v1/cvs/{cv['id']}/document").json
    document["document"]["contact"]["email"] = "jane@example"
    api.put(f"/api/v1/cvs/{cv['id']}/document", document)
    data = _page_data(api.client.get(f"/cvs/{cv['id']}/edit").get_data(as_text=True))
    assert [(f["path"], f["code"]) for f in data["reviewFlags"]] == [("contact.email", "bad_email")]
    assert data["dismissUrl"] == f"/api/v1/cvs/{cv['id']}/review/dismiss"


def test_editor_page_carries_where_each_value_was_read_and_the_pages_url(api):
    cv = api.upload(SAMPLE_TXT.read_bytes(), "cv.txt").json
    assert cv["status"] == "ready", cv
    html = api.client.get(f"/cvs/{cv['id']}/edit").get_data(as_text=True)
    data = _page_data(html)
    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json

    assert data["provenance"] == review["provenance"]
    assert data["provenance"]["hero.fullName"]["line"] >= 1
    assert data["pagesUrl"] == f"/api/v1/cvs/{cv['id']}/pages"
    assert 'data-source-toggle aria-controls="source-panel"' in html
    assert "data-next-flag" in html
