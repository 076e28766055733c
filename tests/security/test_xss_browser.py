"""Hostile CV text stays inert end to end: API → build → preview, editor and site pages.

The app here runs without the security headers on purpose: output escaping alone must hold,
and the previews' own sandbox is also stripped once to prove the built HTML is inert by itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from builder import THEMES
from r2w.extensions import db
from r2w.models import Build
from r2w.services import get_storage
from tests.api.conftest import SAMPLES
from tests.builder.factories import full_document, map_strings, payload_document
from tests.builder.test_builder_xss import PAYLOADS as BUILDER_PAYLOADS
from tests.security.support import LiveServer, use_inline_builds

pytestmark = pytest.mark.browser

PAYLOADS = [
    *BUILDER_PAYLOADS,
    "<img src=x onerror=alert(document.domain)>",
    '<iframe srcdoc="<script>parent.__xss=12</script>"></iframe>',
    "<details open ontoggle=alert(13)>",
    "${alert(14)}`;alert(15);//",
    "\u2028\u2029</script><script>alert(16)</script>",
]
SAMPLE_TEXT = SAMPLES / "comprehensive_all_components_cv.txt"
CANARY = "window.__xss === undefined"
# Elements carrying an event handler attribute: none of the pages' own markup uses one.
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(
    (el) => [...el.attributes]
        .filter((a) => a.name.startsWith('on'))
        .map((a) => el.tagName + ' ' + a.name))"""


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[LiveServer]:
    """The app without the security headers, served over HTTP, building in-process."""
    from flask_migrate import upgrade

    from r2w import create_app

    instance = tmp_path_factory.mktemp("xss-instance")
    app = create_app(
        {
            "ENVIRONMENT": "test",
            "INSTANCE_PATH": str(instance),
            "UPLOAD_RATE_LIMIT": "1000/minute",
            "PORTFOLIO_RATE_LIMIT": "1000/minute",
            "BUILD_RATE_LIMIT": "1000/minute",
        }
    )
    with app.app_context():
        upgrade()
    server = LiveServer(use_inline_builds(app))
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


class Visitor:
    """A browser context with its own session, calling the API as the pages do."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context()
        self.dialogs: list[str] = []
        self.context.on("page", self._watch)
        self.page = self.context.new_page()
        self.page.goto(base + "/")
        self.token = self.call("GET", "/api/v1/session")["csrfToken"]

    def _watch(self, page) -> None:
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """An API call with the session cookie and the CSRF header."""
        headers = {"X-CSRFToken": getattr(self, "token", ""), "Accept": "application/json"}
        response = self.context.request.fetch(
            self.base + path, method=method, headers=headers, data=body, **kw
        )
        assert response.ok, (method, path, response.status, response.text())
        return response.json() if response.status != 204 else None

    def open(self, path: str, settle: str | None = None) -> Any:
        """Load a page; optionally wait for an element; return the page."""
        self.page.goto(self.base + path, wait_until="load")
        if settle:
            self.page.wait_for_selector(settle, state="attached", timeout=10_000)
        return self.page

    def executed(self, page: Any = None) -> list[str]:
        """Frames (main and nested) in which a payload ran or left an event handler."""
        ran = []
        for frame in (page or self.page).frames:
            if not frame.evaluate(CANARY) or frame.evaluate(HANDLERS):
                ran.append(frame.url)
        return ran


@pytest.fixture
def visitor(chromium, live) -> Iterator[Visitor]:
    """A fresh browser session on the live app."""
    person = Visitor(chromium, live.url)
    yield person
    person.context.close()


def _site_pages(app, build_id: str) -> list[str]:
    with app.app_context():
        prefix = db.session.get(Build, build_id).storage_prefix
        files = json.loads(get_storage().get_bytes(prefix + "manifest.json"))["files"]
    return [name for name in files if name.endswith(".html")]


def _strip_csp(route) -> None:
    """Serve the preview without its sandboxing header, as if the CSP were lost."""
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k != "content-security-policy"}
    route.fulfill(response=response, headers=headers)


def mixed_document(offset: int) -> dict[str, Any]:
    """The full document with its strings cycling through every payload, starting at offset.

    Each theme gets a different offset, so across the themes every field holds several
    payloads (tests/builder renders every payload in every field; this is the browser check).
    """
    counter = iter(range(10_000))

    def swap(path: str, text: str) -> str:
        if path.endswith((".viewMode", ".textVariant")):
            return text
        return PAYLOADS[(next(counter) + offset) % len(PAYLOADS)]

    return map_strings(full_document(), swap)


@pytest.mark.parametrize("theme", THEMES)
def test_payloads_in_every_field_are_inert_in_preview_editor_and_site_page(visitor, live, theme):
    document = mixed_document(THEMES.index(theme) * 3)
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    visitor.call("PUT", f"/api/v1/cvs/{cv['id']}/document", {"document": document})
    portfolio = visitor.call("POST", "/api/v1/portfolios", {"cvId": cv["id"], "theme": theme})
    build = portfolio["latestBuild"]
    assert build["status"] == "succeeded", build

    for name in _site_pages(live.app, build["id"]):
        visitor.open(f"/preview/{build['id']}/{name}")
        assert visitor.executed() == [], name
    shown = visitor.open(f"/preview/{build['id']}/").inner_text("body")
    assert sum(p.strip()[:12] in shown for p in PAYLOADS) >= len(PAYLOADS) - 2  # as text
    assert _inert_without_its_sandbox(visitor, build["id"])

    editor = visitor.open(f"/cvs/{cv['id']}/edit", settle="[data-editor] input")
    values = editor.eval_on_selector_all(
        "[data-editor] input, [data-editor] textarea", "els => els.map(e => e.value)"
    )
    assert set(PAYLOADS) <= set(values)  # the editor shows every payload, as a value
    assert visitor.executed() == []

    visitor.open(f"/portfolios/{portfolio['id']}", settle="[data-preview-frame]")
    visitor.page.wait_for_load_state("load")
    assert visitor.executed() == []
    assert visitor.dialogs == []


def test_a_single_payload_everywhere_is_inert(visitor, live):
    """The builder tests' own document shape: one payload in every string at once."""
    cv = visitor.call("POST", "/api/v1/cvs/blank")
    document = payload_document(PAYLOADS[1])
    visitor.call("PUT", f"/api/v1/cvs/{cv['id']}/document", {"document": document})
    portfolio = visitor.call("POST", "/api/v1/portfolios", {"cvId": cv["id"]})

    visitor.open(f"/preview/{portfolio['latestBuild']['id']}/")
    assert visitor.executed() == []
    assert _inert_without_its_sandbox(visitor, portfolio["latestBuild"]["id"])
    assert visitor.dialogs == []


def _inert_without_its_sandbox(visitor: Visitor, build_id: str) -> bool:
    """Load the preview with its CSP stripped: escaping alone must keep the payloads inert."""
    bare = visitor.context.new_page()
    bare.route(f"**/preview/{build_id}/**", _strip_csp)
    bare.goto(f"{visitor.base}/preview/{build_id}/", wait_until="load")
    rendered = bool(bare.evaluate("document.querySelectorAll('main, section').length"))
    ran = visitor.executed(bare)
    bare.unroute_all(behavior="ignoreErrors")
    bare.close()
    assert rendered
    return ran == []


def test_hostile_file_name_is_inert_on_progress_and_editor_pages(visitor):
    name = "<img src=x onerror=alert(1)><svg onload=alert(2)>.txt"
    text = SAMPLE_TEXT.read_bytes()
    response = visitor.context.request.post(
        visitor.base + "/api/v1/cvs",
        headers={"X-CSRFToken": visitor.token},
        multipart={"file": {"name": name, "mimeType": "text/plain", "buffer": text}},
    )
    assert response.status == 201, response.text()
    cv = response.json()

    visitor.open(f"/cvs/{cv['id']}")
    assert visitor.executed() == []
    source = visitor.context.request.get(f"{visitor.base}/cvs/{cv['id']}").text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in source  # in the page, escaped
    assert cv["status"] == "ready", cv
    editor = visitor.open(f"/cvs/{cv['id']}/edit", settle="[data-editor] input")
    assert visitor.executed() == []
    assert "onerror=alert(1)" in editor.inner_text("body")
    assert visitor.dialogs == []


def test_the_detector_sees_a_payload_that_does_run(visitor):
    """The control: the checks above would notice a script, a handler or a dialog."""
    visitor.page.goto("about:blank")  # off the app's origin: its CSP would block the probe
    visitor.page.set_content('<img src="data:," onerror="window.__xss=1; alert(7)">')
    visitor.page.wait_for_function("window.__xss === 1")

    assert visitor.executed() == [visitor.page.url]
    assert visitor.dialogs == ["7"]
