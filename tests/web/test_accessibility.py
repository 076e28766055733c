"""Main pages in headless Chromium: nothing serious for axe-core, light, and fit 360 px."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import NOT_A_CV, Visitor, screenshot, sign_up_in_browser
from tests.web.factories import cv_document

pytestmark = pytest.mark.browser
PAGE_BUDGET = 200 * 1024  # bytes of the app's own assets per page, before the preview
# What each page must have drawn before it is judged (its scripts build part of it).
READY = {
    "editor": ".ed-section",
    "site": "[data-preview-frame]:not([hidden])",
    "failed": "[data-failed]:not([hidden])",
}


def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        reason = "the Python package axe-playwright-python is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return Axe()


@pytest.fixture(scope="module")
def visitor_context(chromium, shared_server) -> Iterator[Any]:
    """One browser context (one visitor's cookies) for the module's pages."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def pages(visitor_context, shared_server) -> dict[str, str]:
    """Every main page, with real content behind it, as name -> URL."""
    page = visitor_context.new_page()
    visitor = Visitor(page, shared_server.url)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    visitor.call(
        "PUT", f"/api/v1/cvs/{cv['id']}/document", data={"document": cv_document(), "revision": 1}
    )
    portfolio = visitor.call(
        "POST", "/api/v1/portfolios", data={"cvId": cv["id"], "theme": "creative"}
    )
    visitor.wait(f"/api/v1/builds/{portfolio['latestBuild']['id']}", "status", ("succeeded",))
    bad = visitor.call("POST", "/api/v1/cvs", multipart={
        "file": {"name": "bread.txt", "mimeType": "text/plain", "buffer": NOT_A_CV}})  # fmt: skip
    failed = visitor.wait(f"/api/v1/cvs/{bad['id']}", "status", ("failed", "ready"))
    assert failed["status"] == "failed", failed
    sign_up_in_browser(
        page, shared_server.url
    )  # the dashboard needs an account; the work comes along
    page.close()
    urls = {
        "landing": "/",
        "progress": f"/cvs/{cv['id']}",
        "failed": f"/cvs/{bad['id']}",
        "editor": f"/cvs/{cv['id']}/edit",
        "site": f"/portfolios/{portfolio['id']}",
        "login": "/account/login",
        "register": "/account/register",
        "dashboard": "/dashboard",
    }
    return {name: shared_server.url + path for name, path in urls.items()}


@pytest.fixture
def page(visitor_context, pages) -> Iterator[Any]:
    """A new tab of the module's visitor; JavaScript errors fail the test."""
    tab = visitor_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _open(page: Any, name: str, url: str) -> None:
    page.goto(url)
    page.locator(READY.get(name, "main")).first.wait_for(state="visible")


def _serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_or_critical_axe_violations(page, pages):
    axe = _axe()
    found = {}
    for name, url in pages.items():
        _open(page, name, url)
        # Judge the app, not the portfolio inside the preview frame (the builder's own tests do).
        results = axe.run(page, context={"exclude": [["[data-preview-frame]"]]}).response
        if _serious(results):
            found[name] = _serious(results)
    assert not found, found


def test_each_page_stays_under_200_kb_of_its_own_assets(page, pages, shared_server):
    base = shared_server.url
    sizes: dict[str, int] = {}
    for name, url in pages.items():
        loaded: list[Any] = []

        def record(response: Any, into: list[Any] = loaded) -> None:
            into.append(response)

        page.on("response", record)
        _open(page, name, url)  # module scripts and their imports load before "load"
        page.remove_listener("response", record)
        own = {r.url for r in loaded if r.url.startswith(base) and "/preview/" not in r.url
               and "/api/" not in r.url}  # fmt: skip
        assert any(url.endswith("/static/app.css") for url in own), (name, own)
        # Fetched again outside the browser cache (which answers some with 304 and no body).
        sizes[name] = sum(len(page.request.get(url).body()) for url in own)
    assert all(size < PAGE_BUDGET for size in sizes.values()), sizes
    assert sizes["editor"] > 20_000  # the measurement saw the scripts, not just the HTML


def test_pages_fit_a_360px_phone_without_sideways_scrolling(page, pages):
    page.set_viewport_size({"width": 360, "height": 740})
    for name, url in pages.items():
        _open(page, name, url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
        screenshot(page, f"360-{name}", full_page=True)


def test_the_drop_zone_works_from_the_keyboard(page, pages):
    # Listening before the page is used turns Chromium's file-chooser interception on early:
    # expect_file_chooser() alone turns it on without waiting, and on a busy machine the key
    # press could reach the page first (the chooser then opened natively and was never seen).
    page.on("filechooser", lambda _chooser: None)
    page.goto(pages["landing"])
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "cv-upload-file":
            break
    assert page.evaluate("document.activeElement.id") == "cv-upload-file"
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=cv-upload-file]')).outlineStyle"
    )
    assert outline == "solid"  # the visible label shows where the focus is
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    assert chooser.value.element.get_attribute("id") == "cv-upload-file"
