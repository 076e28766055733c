"""Editor and progress page in Chromium: lists by keyboard, validation, conflicts, rebuilds."""

from __future__ import annotations

import pytest

from tests.web.conftest import NOT_A_CV, Visitor, screenshot
from tests.web.factories import cv_document

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(shared_server):
    """Every test here shares one server; each brings its own browser context and CV."""
    return shared_server


@pytest.fixture
def editor(browser_page, live_server):
    """A visitor on the editor of a ready CV: (page, visitor, cv)."""
    visitor = Visitor(browser_page, live_server.url)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    visitor.call(
        "PUT", f"/api/v1/cvs/{cv['id']}/document", data={"document": cv_document(), "revision": 1}
    )
    browser_page.goto(f"{live_server.url}/cvs/{cv['id']}/edit")
    browser_page.locator(".ed-section").first.wait_for()
    return browser_page, visitor, cv


def _saved(page) -> None:
    page.locator('[data-save-state][data-state="saved"]').wait_for(timeout=10_000)


def _document(visitor: Visitor, cv: dict) -> dict:
    return visitor.call("GET", f"/api/v1/cvs/{cv['id']}/document")


def test_every_section_is_rendered_and_numbers_are_checked_before_saving(editor):
    page, *_ = editor
    assert page.locator(".ed-section").count() == 16  # 15 sections and the leftover text
    assert page.locator("[data-section-nav] a").count() == 16
    page.fill("#f-speaking-speakingEngagements-0-audienceSize", "lots")
    error = page.locator('[data-error-for="speaking.speakingEngagements[0].audienceSize"]')
    assert error.inner_text() == "Enter a whole number."
    assert page.locator("[data-save-state]").get_attribute("data-state") is None


def test_add_reorder_and_remove_items_from_the_keyboard(editor):
    page, visitor, cv = editor
    add = page.locator('[data-action="add"][data-list="experience.experienceItems"]')
    add.focus()
    page.keyboard.press("Enter")
    new_title = page.locator("#f-experience-experienceItems-2-jobTitle")
    assert page.evaluate("document.activeElement.id") == "f-experience-experienceItems-2-jobTitle"
    new_title.type("Founder")
    page.locator(
        '[data-action="up"][data-list="experience.experienceItems"][data-index="2"]'
    ).focus()
    page.keyboard.press("Enter")
    # Focus follows the moved item's button, so pressing again keeps moving the same item.
    page.keyboard.press("Enter")
    _saved(page)
    jobs = _document(visitor, cv)["document"]["experience"]["experienceItems"]
    assert [j["jobTitle"] for j in jobs] == [
        "Founder", "VP of Product Management", "Senior Product Manager"]  # fmt: skip
    screenshot(page, "editor-items")

    page.locator(
        '[data-action="remove"][data-list="experience.experienceItems"][data-index="0"]'
    ).click()
    page.locator("[data-toast]").wait_for()
    assert page.evaluate("document.activeElement.className") == "item-toggle"
    _saved(page)
    jobs = _document(visitor, cv)["document"]["experience"]["experienceItems"]
    assert [j["jobTitle"] for j in jobs] == ["VP of Product Management", "Senior Product Manager"]
    page.click("[data-toast] button")
    _saved(page)
    jobs = _document(visitor, cv)["document"]["experience"]["experienceItems"]
    assert jobs[0]["jobTitle"] == "Founder"


def test_lists_and_groups_save_as_the_document_expects(editor):
    page, visitor, cv = editor
    page.fill("#f-hobbies-hobbies", "Hiking\n\nChess\n")
    page.fill("#f-skills-proficiencyIndicators", "SQL: Advanced\nPython: Expert")
    page.fill("#f-contact-location-country", "USA")
    _saved(page)
    document = _document(visitor, cv)["document"]
    assert document["hobbies"]["hobbies"] == ["Hiking", "Chess"]
    assert document["skills"]["proficiencyIndicators"] == {"SQL": "Advanced", "Python": "Expert"}
    assert document["contact"]["location"] == {"city": "Seattle", "state": "WA", "country": "USA"}


def test_server_validation_messages_appear_next_to_the_field(editor):
    page, *_ = editor
    page.fill("#f-hero-fullName", "x" * 20_001)
    error = page.locator('[data-error-for="hero.fullName"]')
    error.wait_for(state="visible", timeout=10_000)
    assert "20000" in error.inner_text()
    assert page.get_attribute("#f-hero-fullName", "aria-invalid") == "true"
    state = page.locator("[data-save-state]")
    assert state.get_attribute("data-state") == "invalid"
    assert "need a fix" in state.inner_text()
    screenshot(page, "editor-invalid")
    page.fill("#f-hero-fullName", "Alexandra Chen")
    _saved(page)
    assert not error.is_visible()
    assert page.get_attribute("#f-hero-fullName", "aria-invalid") is None


def test_a_change_elsewhere_stops_autosave_and_asks_for_a_reload(editor):
    page, visitor, cv = editor
    current = _document(visitor, cv)
    visitor.call("PUT", f"/api/v1/cvs/{cv['id']}/document", data=current)  # another tab saves
    page.fill("#f-hero-professionalTitle", "Changed here")
    banner = page.locator("[data-conflict]")
    banner.wait_for(state="visible", timeout=10_000)
    assert page.evaluate("document.activeElement.dataset.reload") == ""
    assert page.locator("[data-save-state]").get_attribute("data-state") == "conflict"
    screenshot(page, "editor-conflict")
    page.click("[data-reload]")
    page.locator(".ed-section").first.wait_for()
    assert (
        page.input_value("#f-hero-professionalTitle")
        == current["document"]["hero"]["professionalTitle"]
    )


def test_saving_rebuilds_the_portfolio(editor):
    page, visitor, cv = editor
    portfolio = visitor.call("POST", "/api/v1/portfolios", data={"cvId": cv["id"]})
    page.reload()
    page.locator(".ed-section").first.wait_for()
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith(f"/portfolios/{portfolio['id']}/builds"),
        timeout=10_000,
    ):
        page.fill("#f-hero-professionalTitle", "Rebuilt on save")
    page.locator('[data-save-state][data-state="rebuilding"]').wait_for()
    latest = visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")["latestBuild"]
    assert latest["id"] != portfolio["latestBuild"]["id"]


def test_a_failed_cv_offers_retry_and_manual_entry(browser_page, live_server):
    page = browser_page
    visitor = Visitor(page, live_server.url)
    bad = visitor.call("POST", "/api/v1/cvs", multipart={
        "file": {"name": "bread.txt", "mimeType": "text/plain", "buffer": NOT_A_CV}})  # fmt: skip
    page.goto(f"{live_server.url}/cvs/{bad['id']}")
    page.locator("[data-failed]").wait_for(state="visible", timeout=30_000)
    assert page.locator("[data-error]").inner_text().strip()
    assert "could not read" in page.locator("h1").inner_text()
    screenshot(page, "progress-failed")
    with page.expect_response(lambda r: r.url.endswith("/retry")) as retried:
        page.click("[data-retry]")
    assert retried.value.status == 202
    page.locator("[data-failed]").wait_for(state="visible", timeout=30_000)
    page.click("[data-manual]")
    page.wait_for_url(f"{live_server.url}/cvs/*/edit")
    assert page.input_value("#f-hero-fullName") == ""


def test_review_flags_show_their_reason_and_can_be_kept(browser_page, live_server):
    visitor = Visitor(browser_page, live_server.url)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    document = cv_document()
    document["contact"] = document["contact"] | {"email": "jane.example@mail"}
    visitor.call("PUT", f"/api/v1/cvs/{cv['id']}/document", data={"document": document})
    browser_page.goto(f"{live_server.url}/cvs/{cv['id']}/edit")
    flag = browser_page.locator('[data-flag="contact.email|bad_email"]')
    flag.wait_for()
    assert "not a valid e-mail address" in flag.inner_text()

    flag.locator("button.keep-flag").click()
    flag.wait_for(state="detached")
    review = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/review")
    assert [f["status"] for f in review["flags"]] == ["dismissed"]
    browser_page.reload()
    browser_page.locator(".ed-section").first.wait_for()
    assert browser_page.locator("[data-flag]").count() == 0
