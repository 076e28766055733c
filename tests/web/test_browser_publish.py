"""Publishing controls in Chromium: address errors, copy link, update, roll back, unpublish."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.web.conftest import Visitor, screenshot, sign_up_in_browser
from tests.web.factories import cv_document

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(shared_server):
    """The module's tests share one server; each has its own browser context."""
    return shared_server


@pytest.fixture
def site_page(browser_page, live_server):
    """A signed-in person on the page of a portfolio whose first build succeeded."""
    page, base = browser_page, live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    sign_up_in_browser(page, base, f"{uuid.uuid4().hex[:12]}@example.com")
    visitor = Visitor(page, base)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    document = {"document": cv_document(), "revision": 1}
    visitor.call("PUT", f"/api/v1/cvs/{cv['id']}/document", data=document)
    portfolio = visitor.call("POST", "/api/v1/portfolios", data={"cvId": cv["id"]})
    page.goto(f"{base}/portfolios/{portfolio['id']}")
    page.locator("[data-preview-frame]:not([hidden])").wait_for(timeout=60_000)
    return page, visitor, portfolio


def _publish(page) -> None:
    page.locator("[data-publish]:not([disabled])").click()


def _refused_addresses_are_explained(page) -> None:
    page.fill("#slug", "No Spaces!")
    assert page.locator("[data-address-preview]").inner_text().endswith("/p/no spaces!/")
    _publish(page)
    error = page.locator("[data-slug-error]")
    error.wait_for(state="visible")
    assert "lower-case letters" in error.inner_text()
    assert page.get_attribute("#slug", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "slug"
    page.fill("#slug", "api")  # reserved
    _publish(page)
    # expect() polls without eval, which the app's CSP (script-src 'self') forbids.
    expect(page.locator("[data-slug-error]")).not_to_have_text("")
    assert page.locator("[data-live]").is_hidden()


def test_address_publish_copy_update_roll_back_and_unpublish(site_page, live_server):
    page, visitor, portfolio = site_page
    base = live_server.url
    _refused_addresses_are_explained(page)
    page.fill("#slug", "grace-hopper")
    _publish(page)
    page.locator("[data-live]").wait_for(state="visible")
    first_live = visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")["liveBuildId"]
    page.click("[data-copy]")
    expect(page.locator("[data-publish-status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/p/grace-hopper/"

    # A new design makes a new build: the live site stays until the person publishes again.
    page.click("label[for=theme-academic]")
    page.locator("[data-outdated]").wait_for(state="visible", timeout=60_000)
    assert page.locator("[data-publish]").inner_text() == "Publish changes"
    _publish(page)
    page.locator("[data-rollback]").wait_for(state="visible")
    page.locator("[data-outdated]").wait_for(state="hidden")
    screenshot(page, "publish-controls")
    page.click("[data-rollback]")
    expect(page.locator("[data-publish-status]")).to_contain_text("previous version")
    live = visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")
    assert live["liveBuildId"] == first_live

    page.click("[data-unpublish]")
    page.locator("[data-live]").wait_for(state="hidden")
    assert page.context.request.get(f"{base}/p/grace-hopper/").status == 404


def test_unticking_a_section_leaves_it_off_the_site(site_page):
    page, visitor, portfolio = site_page
    first = visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")["latestBuild"]["id"]
    box = page.locator('[data-section-picker] input[value="experience"]')
    expect(box).to_be_checked()
    box.uncheck()
    preview = page.frame_locator("[data-preview-frame]")
    expect(page.locator("[data-preview-frame]")).not_to_have_attribute(
        "src", f"/preview/{first}/", timeout=60_000
    )
    expect(preview.locator("#experience")).to_have_count(0, timeout=60_000)
    expect(preview.locator("#education")).to_have_count(1)
    assert visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")["hiddenSections"] == [
        "experience"
    ]
    page.reload()
    expect(page.locator('[data-section-picker] input[value="experience"]')).not_to_be_checked()
    screenshot(page, "sections-hidden")
