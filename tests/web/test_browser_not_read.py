"""In Chromium: a detail that was not read, asked for on its empty field in the editor."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Visitor

pytestmark = pytest.mark.browser

BODY = b"""

EXPERIENCE
Charge Nurse, St Mary's Hospital
Jan 2020 - Present
- Led a ward of 30 beds and trained new staff.
"""
NO_LINK = b"Jane Example\nRegistered Nurse\njane@example.com | LinkedIn: jane-example" + BODY
NO_EMAIL = b"Jane Example\nRegistered Nurse\njane.example @ mail.com | +44 20 7946 0958" + BODY
LINK_NOTE = '.review-flag[data-flag="contact.professionalLinks|not_read"]'
EMAIL_NOTE = '.review-flag[data-flag="contact.email|not_read"]'


@pytest.fixture
def live_server(shared_server):
    """Every test here shares one server; each brings its own browser context and CV."""
    return shared_server


def _editor(page: Any, base: str, data: bytes) -> tuple[Visitor, dict]:
    """Upload a text CV as a visitor and open its editor."""
    visitor = Visitor(page, base)
    upload = {"file": {"name": "jane.txt", "mimeType": "text/plain", "buffer": data}}
    cv = visitor.call("POST", "/api/v1/cvs", multipart=upload)
    cv = visitor.wait(f"/api/v1/cvs/{cv['id']}", "status", ("ready", "failed"))
    assert cv["status"] == "ready", cv
    page.goto(f"{base}/cvs/{cv['id']}/edit")
    page.locator("[data-next-flag]").wait_for()
    return visitor, cv


def _owner(page: Any, selector: str) -> str:
    return (
        page.locator(selector)
        .locator("xpath=ancestor::*[@data-field][1]")
        .get_attribute("data-field")
    )


def test_an_empty_link_list_is_reached_by_its_add_button(browser_page, live_server):
    page = browser_page
    _editor(page, live_server.url, NO_LINK)
    assert _owner(page, LINK_NOTE) == "contact.professionalLinks"
    for _ in range(page.locator(".review-flag, .unplaced").count()):
        page.locator("[data-next-flag]").click()
        if page.evaluate("document.activeElement.dataset.list") == "contact.professionalLinks":
            break
    assert page.evaluate("document.activeElement.dataset.action") == "add"


def test_adding_a_link_keeps_the_note_and_the_count_until_the_link_is_given(
    browser_page, live_server
):
    page = browser_page
    _editor(page, live_server.url, NO_LINK)
    walk = page.locator("[data-next-flag]")
    page.locator('[data-action="add"][data-list="contact.professionalLinks"]').click()
    assert page.locator(LINK_NOTE).count() == 1
    pending = page.locator(".review-flag").count() + page.locator(".unplaced").count()
    assert walk.inner_text() == f"Next detail to check ({pending} left)"


def test_an_unread_email_is_asked_for_on_its_field_and_can_be_kept_empty(browser_page, live_server):
    page = browser_page
    visitor, cv = _editor(page, live_server.url, NO_EMAIL)
    assert _owner(page, EMAIL_NOTE) == "contact.email"
    page.locator(EMAIL_NOTE).locator(".keep-flag").click()
    page.locator(EMAIL_NOTE).wait_for(state="detached")
    flags = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/review")["flags"]
    status = {(f["path"], f["code"]): f["status"] for f in flags}
    assert status[("contact.email", "not_read")] == "dismissed"
