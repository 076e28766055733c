"""The journey in Chromium: upload, read, edit, theme, sign up, publish, delete the account."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import SAMPLE_TXT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "Chief Product Officer (edited in the browser)"
EMAIL = "alexandra@example.com"
PASSWORD = "a long passphrase"


def _upload_and_wait_until_ready(page, base: str) -> str:
    page.goto(base + "/")
    screenshot(page, "01-landing", full_page=True)
    page.set_input_files("#cv-upload-file", str(SAMPLE_TXT))
    page.wait_for_url(re.compile(r"/cvs/[0-9a-f]{32}$"))
    cv_id = page.url.rsplit("/", 1)[1]
    page.locator("[data-ready]").wait_for(state="visible", timeout=30_000)
    assert page.locator("[data-phase]").inner_text() == "Ready to review"
    assert "Alexandra Chen" in page.locator("[data-found]").inner_text()
    assert page.locator('.step[data-step="ready"]').get_attribute("class").count("is-done") == 1
    screenshot(page, "02-progress-ready")
    return cv_id


def _edit_title(page, base: str, cv_id: str) -> None:
    page.click("text=Review and edit")
    page.wait_for_url(f"{base}/cvs/{cv_id}/edit")
    title = page.locator("#f-hero-professionalTitle")
    assert title.input_value() == "Senior Product Manager | Digital Innovation Leader"
    title.fill(TITLE)
    saved = page.locator('[data-save-state][data-state="saved"]')
    saved.wait_for(timeout=10_000)
    assert saved.inner_text().startswith("All changes saved")
    screenshot(page, "03-editor-saved")
    page.reload()
    assert page.locator("#f-hero-professionalTitle").input_value() == TITLE


def _pick_theme_and_preview(page, base: str, cv_id: str) -> str:
    page.click("text=Choose a design")
    page.wait_for_url(f"{base}/cvs/{cv_id}/site")
    page.click("label[for=theme-executive]")
    page.wait_for_url(re.compile(r"/portfolios/[0-9a-f]{32}$"))
    portfolio_id = page.url.rsplit("/", 1)[1]
    page.locator("[data-preview-frame]").wait_for(state="visible", timeout=60_000)
    frame = page.frame_locator("[data-preview-frame]")
    frame.locator(f"text={TITLE}").first.wait_for(timeout=10_000)
    assert page.locator("[data-build-status]").inner_text() == "Preview up to date."
    screenshot(page, "04-theme-preview")
    page.click("[data-device=phone]")
    assert page.locator("[data-device=phone]").get_attribute("aria-pressed") == "true"
    assert page.locator("[data-stage]").get_attribute("data-device-mode") == "phone"
    screenshot(page, "05-preview-phone")
    return portfolio_id


def _sign_up_from_the_publish_panel(page, base: str, portfolio_id: str) -> None:
    page.click("[data-publish]")
    call = page.locator("[data-signup]")
    call.wait_for(state="visible")
    assert "Create a free account to publish" in call.inner_text()
    screenshot(page, "06-sign-up-call")
    page.click("[data-signup-link]")
    page.wait_for_url(re.compile(r"/account/register\?next="))
    page.fill("#name", "Alexandra Chen")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button[type=submit]")
    # Back where the person was, signed in, with the work kept.
    page.wait_for_url(f"{base}/portfolios/{portfolio_id}")
    assert page.locator("#theme-executive").is_checked()
    page.frame_locator("[data-preview-frame]").locator(f"text={TITLE}").first.wait_for()
    screenshot(page, "07-signed-up-work-kept")


def _publish(page, base: str) -> str:
    page.fill("#slug", "alexandra-chen")
    page.locator("[data-publish]:not([disabled])").click()
    # Details the review flagged are named once before the site goes live.
    page.locator("[data-flags-confirm]").wait_for(state="visible")
    screenshot(page, "08-publish-asks-about-flags")
    page.click("[data-publish-anyway]")
    link = page.locator("[data-public-link]")
    link.wait_for(state="visible")
    assert link.inner_text() == f"{base}/p/alexandra-chen/"
    assert page.locator("[data-unpublish]").is_visible()
    screenshot(page, "08-published")
    public = page.context.new_page()
    response = public.goto(f"{base}/p/alexandra-chen/")
    assert response.status == 200
    assert TITLE in public.content()
    screenshot(public, "09-public-site")
    public.close()
    return f"{base}/p/alexandra-chen/"


def _delete_account(page, base: str) -> None:
    page.goto(base + "/dashboard")
    assert "alexandra.txt" in page.content() or "comprehensive" in page.content()
    screenshot(page, "10-dashboard", full_page=True)
    page.fill("#confirm-email", EMAIL)
    page.click("text=Delete my account")
    page.wait_for_url(base + "/")
    assert "have been deleted" in page.content()
    screenshot(page, "11-account-deleted")


def test_upload_to_published_site_and_back_to_nothing(browser_page, live_server):
    page, base = browser_page, live_server.url
    cv_id = _upload_and_wait_until_ready(page, base)
    _edit_title(page, base, cv_id)
    portfolio_id = _pick_theme_and_preview(page, base, cv_id)
    _sign_up_from_the_publish_panel(page, base, portfolio_id)
    public_url = _publish(page, base)
    _delete_account(page, base)

    # Asked afresh (the browser may keep the page for its max-age of 60 s), the site is gone.
    assert page.context.request.get(public_url).status == 404
    from r2w.services import get_storage

    with live_server.app.app_context():
        assert [info.key for info in get_storage().list("")] == []
