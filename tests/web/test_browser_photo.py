"""The whole review in Chromium: both originals, flags, unplaced text, a photo, then publish.

This is the done-when journey of the review work: a scanned CV and a two-column PDF are
checked field by field on their page images, every flag is walked with "next", one piece of
unplaced text is placed, a photo is uploaded, and the published page shows that photo from
the site itself (nothing from other hosts) and none of the text left unplaced.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.api.conftest import SAMPLES
from tests.web.conftest import screenshot, sign_up_in_browser
from tests.web.test_browser_review import (
    FOCUSED_FLAG_KEEP,
    SCAN,
    TWO_COLUMNS,
    _click_fields_and_see_their_boxes,
    _open_editor,
)

pytestmark = pytest.mark.browser
PDF_WITH_PHOTO = SAMPLES / "Vienna-Modern-Resume-Template.pdf"


@pytest.fixture
def live_server(shared_server):
    """Every test here shares one server; each brings its own browser context and CV."""
    return shared_server


def phone_photo() -> bytes:
    """A JPEG as phones write them: large, with the camera and a GPS position in its EXIF."""
    tags = Image.Exif()
    tags[0x010F] = "PhoneMaker"
    tags[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (1600, 2000), (40, 110, 120)).save(out, "JPEG", exif=tags.tobytes())
    return out.getvalue()


def _walk_every_flag(page: Any) -> None:
    """Fix the first flag by editing it, keep the others, each reached with "next"."""
    walk = page.locator("[data-next-flag]")
    walk.click()
    page.keyboard.type(" (checked)")
    while page.locator(".review-flag").count():
        before = page.locator(".review-flag").count()
        walk.click()
        page.locator(FOCUSED_FLAG_KEEP).click()
        expect(page.locator(".review-flag")).to_have_count(before - 1)


def _place_one_piece(page: Any) -> tuple[str, list[str]]:
    """Put the first unplaced piece into the skills; return it and the pieces left unplaced."""
    page.locator("[data-next-flag]").click()
    piece = page.locator(".unplaced:focus-within")
    text = piece.locator(".unplaced-text").inner_text()
    piece.locator("select").select_option("skill")
    piece.locator("[data-unplaced=assign]").click()
    left = page.locator(".unplaced-text").all_inner_texts()
    return text, left


def _upload_photo(page: Any) -> str:
    page.set_input_files(
        "#photo-file", files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()}]
    )
    preview = page.locator("[data-photo-preview]")
    expect(preview).to_be_visible()
    expect(page.locator("[data-photo-status]")).to_have_text("Your photo is on your site.")
    expect(page.locator("[data-photo-remove]")).to_be_visible()
    return preview.get_attribute("src")


def _publish(page: Any, base: str, cv_id: str) -> str:
    page.goto(f"{base}/cvs/{cv_id}/site")
    page.locator("label[for=theme-professional]").click()
    page.locator("[data-preview-frame]:not([hidden])").wait_for(timeout=60_000)
    slug = f"review-{uuid.uuid4().hex[:8]}"
    page.fill("#slug", slug)
    page.locator("[data-publish]:not([disabled])").click()
    page.wait_for_selector("[data-publish-anyway]:visible, [data-live]:visible", timeout=60_000)
    anyway = page.locator("[data-publish-anyway]")
    if anyway.is_visible():  # only the unplaced pieces are left open: publishing leaves them off
        anyway.click()
    page.locator("[data-live]").wait_for(state="visible", timeout=60_000)
    return f"{base}/p/{slug}/"


def test_review_both_originals_then_photo_then_publish(browser_page, live_server):
    page, base = browser_page, live_server.url
    sign_up_in_browser(page, base, f"{uuid.uuid4().hex[:12]}@example.com")

    _open_editor(page, base, SCAN)
    _click_fields_and_see_their_boxes(page, 5)
    print("screenshot:", screenshot(page, "done-scan-five-fields"))

    visitor, cv = _open_editor(page, base, TWO_COLUMNS)
    _click_fields_and_see_their_boxes(page, 5)
    print("screenshot:", screenshot(page, "done-pdf-five-fields"))
    _walk_every_flag(page)
    placed, unplaced = _place_one_piece(page)
    assert unplaced, "the sample leaves more than one piece unplaced"
    photo_url = _upload_photo(page)
    print("screenshot:", screenshot(page, "done-editor-with-photo"))
    page.locator('[data-save-state][data-state="saved"]').wait_for(timeout=10_000)

    document = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/document")["document"]
    assert document["hero"]["profilePhotoUrl"] == photo_url
    assert placed in document["skills"]["ungroupedSkills"]
    assert all(piece in document["unclassified_text"] for piece in unplaced)

    public = _publish(page, base, cv["id"])
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_response(re.compile(r"/assets/photo\.[0-9a-f]{12}\.webp$")) as answer:
        page.goto(public)
    print("screenshot:", screenshot(page, "done-public-page-with-photo", full_page=True))

    assert answer.value.ok and answer.value.headers["content-type"] == "image/webp"
    avatar = page.locator("img.avatar")
    assert re.fullmatch(r"assets/photo\.[0-9a-f]{12}\.webp", avatar.get_attribute("src"))
    assert avatar.bounding_box()["width"] > 50
    assert requests and all(url.startswith(base + "/") for url in requests), requests
    text = page.locator("body").inner_text()
    rest = json.dumps({k: v for k, v in document.items() if k != "unclassified_text"})
    hidden = [piece for piece in unplaced if piece not in rest]
    assert hidden and not [piece for piece in hidden if piece in text]
    assert placed in text


def test_the_photo_in_the_cv_is_offered_and_axe_finds_nothing(browser_page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    _open_editor(page, live_server.url, PDF_WITH_PHOTO)
    found = page.locator("[data-photo-found]")
    expect(found).to_be_visible()
    found.locator("img").evaluate("img => img.decode()")

    page.click("[data-photo-use]")

    expect(page.locator("[data-photo-preview]")).to_be_visible()
    expect(found).to_be_hidden()
    page.locator("[data-photo-preview]").evaluate("img => img.decode()")
    print("screenshot:", screenshot(page, "editor-photo-from-cv"))
    results = Axe().run(page).response
    assert [(v["id"], v["impact"]) for v in results["violations"]] == []

    page.click("[data-photo-remove]")
    expect(page.locator("[data-photo-none]")).to_be_visible()
    expect(found).to_be_visible()  # still on offer
