"""Built sites in headless Chromium: no errors, no outside requests, no script runs, nav works."""

from __future__ import annotations

import base64
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from builder import THEMES
from tests.builder.conftest import render
from tests.builder.factories import full_document, map_strings, payload_document

pytestmark = pytest.mark.browser

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>javascript:window.__xss=3'


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder, and a tiny PNG for any /img/ path (stands in for user images)."""

    def do_GET(self) -> None:
        if self.path.startswith("/img/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A local HTTP server on 127.0.0.1 (port 0) over a folder of built sites."""
    root = tmp_path_factory.mktemp("sites")
    handler = functools.partial(_Handler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def publish_local(root: Path, name: str, document: dict, theme: str) -> str:
    """Render a document into root/name/ and return that folder's URL path."""
    target = root / name
    shutil.rmtree(target, ignore_errors=True)
    for path, data in render(document, theme).items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    return f"/{name}/index.html"


def open_page(chromium, url: str, width: int = 1280):
    """Open a page recording requests, console errors and page errors."""
    page = chromium.new_page(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["errors"].append("dialog: " + d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    return page, seen


def local_images(document: dict, base: str) -> dict:
    """Point every user image at the local server so the page can load completely."""

    def swap(path: str, text: str) -> str:
        is_image = path.endswith((".imageUrl", ".profilePhotoUrl"))
        return f"{base}/img/{path.strip('.').replace('.', '-')}.png" if is_image else text

    return map_strings(document, swap)


@pytest.mark.parametrize("theme", THEMES)
def test_full_site_loads_cleanly_and_fits_a_small_phone(chromium, server, theme):
    base, root = server
    url = base + publish_local(root, f"full-{theme}", local_images(full_document(), base), theme)

    for width in (1280, 360):
        page, seen = open_page(chromium, url, width)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        page.close()
        assert seen["errors"] == []
        assert seen["requests"] and all(u.startswith(base + "/") for u in seen["requests"])
        assert overflow <= width


@pytest.mark.parametrize("theme", THEMES)
def test_xss_payloads_do_not_execute(chromium, server, theme):
    base, root = server
    url = base + publish_local(root, f"xss-{theme}", payload_document(XSS), theme)
    page, seen = open_page(chromium, url)

    page.mouse.move(200, 300)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    executed = page.evaluate("window.__xss")
    page.close()

    assert executed is None
    assert not [h for h in hrefs if not h.startswith((base + "/", "mailto:", "tel:"))]
    assert seen["errors"] == []
    assert all(u.startswith(base + "/") for u in seen["requests"])


def test_skip_link_and_section_navigation(chromium, server):
    base, root = server
    url = base + publish_local(root, "nav", local_images(full_document(), base), "creative")
    page, _ = open_page(chromium, url)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    hrefs = page.eval_on_selector_all("nav a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 14  # every section; unplaced text is never published
    for href in hrefs:
        page.click(f"nav a[href='{href}']")
        assert page.evaluate("location.hash") == href
        top = page.evaluate(f"document.querySelector('{href}').getBoundingClientRect().top")
        assert -2 <= top < 900  # the target is scrolled into view (sub-pixel rounding allowed)
    page.close()


@pytest.mark.parametrize("theme", THEMES)
def test_a_site_with_its_photo_and_network_links_loads_only_itself_and_passes_axe(
    chromium, server, theme
):
    import io

    from axe_playwright_python.sync_playwright import Axe
    from PIL import Image

    from builder.render import render_site
    from r2w.cvdoc import validate_document

    base, root = server
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (40, 110, 120)).save(out, "WEBP")
    document = full_document()  # its photo link points elsewhere: the stored photo is shown
    target = root / f"photo-{theme}"
    for file in render_site(validate_document(document), theme, {}, photo=out.getvalue()):
        (target / file.path).parent.mkdir(parents=True, exist_ok=True)
        (target / file.path).write_bytes(file.data)
    page, seen = open_page(chromium, f"{base}/photo-{theme}/index.html")

    drawn = page.eval_on_selector("img.avatar", "img => img.complete && img.naturalWidth")
    icons = page.locator(".net-icon").count()
    violations = Axe().run(page).response["violations"]
    page.close()

    assert drawn == 300 and icons >= 1
    assert seen["errors"] == []
    assert all(u.startswith(f"{base}/photo-{theme}/") for u in seen["requests"]), seen
    assert [(v["id"], v["impact"]) for v in violations] == []
