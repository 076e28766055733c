"""The drop zone in Chromium: refused files explained, and a warning before the oldest CV goes."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.web.conftest import SAMPLE_TXT, Visitor, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(shared_server):
    """The module's tests share one server; each has its own browser context."""
    return shared_server


def test_a_refused_file_is_explained_in_the_drop_zone(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/")
    gif = {"name": "photo.gif", "mimeType": "image/gif", "buffer": b"GIF89a" + b"\0" * 64}
    page.set_input_files("#cv-upload-file", files=[gif])
    error = page.locator(".upload-card [data-error]")
    expect(error).not_to_have_text("")  # polls without eval (the app's CSP forbids it)
    assert error.get_attribute("role") == "alert"
    assert page.url == live_server.url + "/"
    assert not page.locator("#cv-upload-file").is_disabled()
    screenshot(page, "upload-refused")


def test_json_resume_import_opens_the_editor(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/")
    resume = json.dumps({"basics": {"name": "Ada Lovelace", "label": "Analyst"}}).encode()
    page.set_input_files(
        "#cv-upload-json",
        files=[{"name": "resume.json", "mimeType": "application/json", "buffer": resume}],
    )
    page.wait_for_url(f"{live_server.url}/cvs/*/edit")
    page.locator(".ed-section").first.wait_for()
    assert page.input_value("#f-hero-fullName") == "Ada Lovelace"
    assert "imported from “resume.json”" in page.locator(".editor-intro").inner_text()


def test_uploading_past_the_limit_asks_first(browser_page, live_server):
    page = browser_page
    visitor = Visitor(page, live_server.url)
    keep = live_server.app.config["KEEP_LATEST_CVS"]
    made = [visitor.call("POST", "/api/v1/cvs/blank") for _ in range(keep)]
    page.goto(live_server.url + "/")
    warning = page.locator("#cv-upload-replace")
    assert "replaces your oldest, “CV started by hand”" in warning.inner_text()
    page.set_input_files("#cv-upload-file", str(SAMPLE_TXT))
    confirm = page.locator(".upload-card [data-confirm]")
    confirm.wait_for(state="visible")
    assert page.evaluate("document.activeElement.dataset.confirmYes") == ""
    screenshot(page, "upload-replace-confirm")
    page.click("[data-confirm-no]")
    assert confirm.is_hidden()
    assert len(visitor.call("GET", "/api/v1/cvs")["cvs"]) == keep

    page.set_input_files("#cv-upload-file", str(SAMPLE_TXT))
    page.click("[data-confirm-yes]")
    page.wait_for_url(f"{live_server.url}/cvs/*")
    ids = [cv["id"] for cv in visitor.call("GET", "/api/v1/cvs")["cvs"]]
    assert len(ids) == keep and made[0]["id"] not in ids
