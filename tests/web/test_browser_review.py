"""Review beside the original in Chromium: boxes on the page image, flags walked, text placed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.api.conftest import SAMPLES
from tests.web.conftest import Visitor, screenshot, sign_up_in_browser
from tests.web.factories import cv_document

# The "keep" button of the focused field's own flag (an entry's body holds other flagged
# fields, each with its own button).
FOCUSED_FLAG_KEEP = (
    "[data-field]:focus-within:not(:has([data-field]:focus-within)) > .review-flag .keep-flag"
)

pytestmark = pytest.mark.browser
TWO_COLUMNS = SAMPLES / "Amsterdam-Modern-Resume-Template.pdf"  # a sidebar beside the main column
SCAN = SAMPLES / "example-cv-undergraduate-dda15e.jpg"


@pytest.fixture
def live_server(shared_server):
    """Every test here shares one server; each brings its own browser context and CV."""
    return shared_server


def _open_editor(page: Any, base: str, path) -> tuple[Visitor, dict]:
    """Upload a sample the way the page's form does, wait until read, open the editor."""
    visitor = Visitor(page, base)
    upload = {"file": {"name": path.name, "mimeType": "application/octet-stream",
                       "buffer": path.read_bytes()}}  # fmt: skip
    cv = visitor.call("POST", "/api/v1/cvs", multipart=upload)
    cv = visitor.wait(f"/api/v1/cvs/{cv['id']}", "status", ("ready", "failed"))
    assert cv["status"] == "ready", cv
    page.goto(f"{base}/cvs/{cv['id']}/edit")
    page.locator(".src-box").first.wait_for(state="attached")
    page.locator(".source-page img").first.evaluate("img => img.decode()")
    return visitor, cv


# Paths of values read from the page whose input is on screen (not inside a folded item).
VISIBLE_WITH_BOX = """() => Object.entries(
    JSON.parse(document.getElementById('page-data').textContent).provenance)
  .filter(([path, where]) => where.box)
  .map(([path]) => path)
  .filter((path) => { const input = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
                      return input && input.offsetParent !== null; })"""


def _click_fields_and_see_their_boxes(page: Any, count: int) -> list[str]:
    paths = page.evaluate(VISIBLE_WITH_BOX)[:count]
    assert len(paths) == count, paths
    for path in paths:
        page.locator(f'[data-path="{path}"]').click()
        box = page.locator(f'.src-box.is-selected[data-source-path="{path}"]')
        assert box.count() == 1
        frame = box.locator("xpath=ancestor::div[@class='page-frame']").bounding_box()
        where = box.bounding_box()
        assert where["width"] > 2 and where["height"] > 2
        assert (
            frame["x"] <= where["x"]
            and where["x"] + where["width"] <= frame["x"] + frame["width"] + 1
        )
        assert (
            frame["y"] <= where["y"]
            and where["y"] + where["height"] <= frame["y"] + frame["height"] + 1
        )
        # Only the selected field's boxes stand out.
        assert page.locator(".src-box.is-selected").count() == 1
    return paths


def test_fields_and_boxes_point_at_each_other_on_a_two_column_pdf(browser_page, live_server):
    page = browser_page
    _open_editor(page, live_server.url, TWO_COLUMNS)

    paths = _click_fields_and_see_their_boxes(page, 5)
    screenshot(page, "review-pdf-field-highlighted")

    # Selecting a box on the page goes to the field its value went to.
    page.locator(f'.src-box[data-source-path="{paths[0]}"]').click()
    assert page.evaluate("document.activeElement.dataset.path") == paths[0]
    assert page.locator(".source-page").count() >= 1
    assert page.locator(".source-page img").first.get_attribute("alt").startswith("Page 1")


def test_flags_are_walked_fixed_or_dismissed_and_unplaced_text_is_assigned(
    browser_page, live_server
):
    page = browser_page
    visitor, cv = _open_editor(page, live_server.url, TWO_COLUMNS)
    # The ready screen says how many details need a look, and that reading is done.
    page.goto(f"{live_server.url}/cvs/{cv['id']}")
    note = page.locator("[data-unsupported]")
    note.wait_for(state="visible")
    assert note.inner_text().startswith(f"{cv['needsReview']} details may need a look")
    assert page.locator("[data-eyebrow]").text_content() == "Step 1 of 3 · Done"
    page.goto(f"{live_server.url}/cvs/{cv['id']}/edit")
    page.locator(".src-box").first.wait_for(state="attached")
    walk = page.locator("[data-next-flag]")
    flagged = page.locator(".review-flag").count()
    pieces = page.locator(".unplaced").count()
    assert flagged >= 1 and pieces >= 2
    assert walk.inner_text() == f"Next detail to check ({flagged + pieces} left)"

    # The first flag: "next" focuses its field, which shows the reason; it is fixed by editing.
    walk.click()
    field = page.locator("[data-field]:has(> .review-flag):focus-within")
    assert field.count() == 1
    assert field.locator(".review-flag span").inner_text()
    page.keyboard.type(" (checked)")
    assert field.locator(".review-flag").count() == 0
    # The rest: each one is kept as it is.
    for left in range(page.locator(".review-flag").count(), 0, -1):
        walk.click()
        page.locator(FOCUSED_FLAG_KEEP).click()
        page.locator(".review-flag").nth(left - 1).wait_for(state="detached")
        # The focus stays on the field that was kept.
        assert page.evaluate("document.activeElement.dataset.path")
    assert page.locator(".review-flag").count() == 0
    screenshot(page, "review-pdf-flags-done")

    # Unplaced text: "next" reaches it; one piece is added to the skills, the others dismissed.
    walk.click()
    piece = page.locator(".unplaced:focus-within")
    text = piece.locator(".unplaced-text").inner_text()
    piece.locator("select").select_option("skill")
    screenshot(page, "review-pdf-unplaced")
    piece.locator("[data-unplaced=assign]").click()
    assert page.evaluate("document.activeElement.dataset.path").startswith("skills.ungroupedSkills")
    for _ in range(pieces - 1):
        page.locator("[data-unplaced=dismiss]").first.click()
    assert walk.inner_text() == "Nothing left to check" and walk.is_disabled()
    page.locator('[data-save-state][data-state="saved"]').wait_for(timeout=10_000)

    document = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/document")["document"]
    review = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/review")
    assert text in document["skills"]["ungroupedSkills"]
    assert document["unclassified_text"] is None
    assert review["count"] == 0, review


def test_a_scan_shows_its_boxes_and_phones_get_a_toggle(browser_page, live_server):
    page = browser_page
    _open_editor(page, live_server.url, SCAN)

    _click_fields_and_see_their_boxes(page, 3)
    screenshot(page, "review-scan-field-highlighted")

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    page.locator(".ed-section").first.wait_for()
    toggle = page.locator("[data-source-toggle]")
    assert page.locator("[data-source]").is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.locator("[data-source]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "review-scan-phone-original")


def test_axe_finds_nothing_on_the_editor_beside_the_original(browser_page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    _open_editor(page, live_server.url, TWO_COLUMNS)
    page.locator("[data-next-flag]").click()

    results = Axe().run(page).response

    assert [(v["id"], v["impact"]) for v in results["violations"]] == []


def test_publishing_with_open_flags_asks_once_naming_them(browser_page, live_server):
    page, base = browser_page, live_server.url
    sign_up_in_browser(page, base, f"{uuid.uuid4().hex[:12]}@example.com")
    visitor = Visitor(page, base)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    document = cv_document()
    document["contact"]["email"] = "grace@example"  # no domain ending: an open flag
    visitor.call(
        "PUT", f"/api/v1/cvs/{cv['id']}/document", data={"document": document, "revision": 1}
    )
    portfolio = visitor.call("POST", "/api/v1/portfolios", data={"cvId": cv["id"]})
    page.goto(f"{base}/portfolios/{portfolio['id']}")
    page.locator("[data-preview-frame]:not([hidden])").wait_for(timeout=60_000)

    page.fill("#slug", f"flags-{uuid.uuid4().hex[:8]}")
    page.locator("[data-publish]:not([disabled])").click()
    ask = page.locator("[data-flags-confirm]")
    ask.wait_for(state="visible")
    screenshot(page, "review-publish-asks")

    assert ask.locator("li").count() == 1  # only the open flag, named by its field
    assert ask.locator("li").inner_text().startswith("Email:")
    assert page.locator("[data-live]").is_hidden()
    page.click("[data-publish-anyway]")
    page.locator("[data-live]").wait_for(state="visible")
    assert ask.is_hidden()
    assert visitor.call("GET", f"/api/v1/portfolios/{portfolio['id']}")["published"] is True


UNKNOWN_HEADING_CV = """Ada Quill
Data Analyst
ada.quill@example.com

Profile
Analyst who turns retail data into decisions that store managers can act on every week.

Places I Have Worked
Acme Retail, Data Analyst, Leeds (Jan 2021 - May 2023)
• Built weekly sales dashboards used by forty store managers across the country
• Cut the monthly reporting time from five days to one with automated checks

Education
University of Leeds, BSc Mathematics (2015 - 2018)

Skills
Python
SQL
Tableau
"""


def test_a_section_filed_under_an_unknown_heading_is_flagged_at_its_top(
    browser_page, live_server, tmp_path
):
    """r2w did not know "Places I Have Worked": the jobs are filed by what they say, and the
    section says so once, at its title, until the person keeps it."""
    page = browser_page
    path = tmp_path / "ada-quill.txt"
    path.write_text(UNKNOWN_HEADING_CV, encoding="utf-8")
    visitor = Visitor(page, live_server.url)
    upload = {"file": {"name": path.name, "mimeType": "text/plain", "buffer": path.read_bytes()}}
    cv = visitor.call("POST", "/api/v1/cvs", multipart=upload)
    cv = visitor.wait(f"/api/v1/cvs/{cv['id']}", "status", ("ready", "failed"))
    assert cv["status"] == "ready", cv
    review = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/review")
    guessed = [f for f in review["flags"] if f["code"] == "guessed_section"]
    assert [f["path"] for f in guessed] == ["experience.sectionTitle"]
    assert "Places I Have Worked" in guessed[0]["reason"]

    page.goto(f"{live_server.url}/cvs/{cv['id']}/edit")
    field = page.locator('[data-field="experience.sectionTitle"]')
    note = field.locator(".review-flag")
    note.wait_for(state="attached")
    assert "Places I Have Worked" in note.locator("span").inner_text()
    # The only flag of this CV: "next" goes to the section's title, where the note is.
    assert page.locator(".review-flag").count() == 1
    page.locator("[data-next-flag]").click()
    assert page.evaluate("document.activeElement.dataset.path") == "experience.sectionTitle"
    note.locator(".keep-flag").click()
    note.wait_for(state="detached")
    after = visitor.call("GET", f"/api/v1/cvs/{cv['id']}/review")
    assert not [
        f for f in after["flags"] if f["code"] == "guessed_section" and f["status"] == "open"
    ]
