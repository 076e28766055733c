"""Web fixtures: JSON helpers, ready CVs and sites, a live server, headless Chromium."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import SAMPLES, Api
from tests.support.browser import LiveServer
from tests.web.factories import cv_document

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
SAMPLE_TXT = SAMPLES / "comprehensive_all_components_cv.txt"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
NOT_A_CV = (
    b"Sourdough bread\n\nMix flour and water. Leave overnight. Bake at 240C for 40 minutes.\n"
)


def ready_cv(api: Api, document: dict | None = None) -> dict:
    """A ready CV of this visitor with the given document (default: Alexandra Chen's CV)."""
    cv = api.post("/api/v1/cvs/blank").json
    saved = api.put(
        f"/api/v1/cvs/{cv['id']}/document",
        {"document": document or cv_document(), "revision": cv["revision"]},
    )
    assert saved.status_code == 200, saved.json
    return cv


def wait_for_build(api: Api, build_id: str, timeout: float = 60.0) -> dict:
    """Poll a build (as the page does) until it has finished."""
    deadline = time.monotonic() + timeout
    build: dict[str, Any] = {}
    while time.monotonic() < deadline:
        build = api.get(f"/api/v1/builds/{build_id}").json
        if build["status"] in ("succeeded", "failed"):
            return build
        time.sleep(0.1)
    raise AssertionError(f"build {build_id} did not finish within {timeout}s: {build}")


def built_site(api: Api, theme: str = "professional") -> tuple[dict, dict, dict]:
    """A ready CV with a portfolio whose first build succeeded: (cv, portfolio, build)."""
    cv = ready_cv(api)
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv["id"], "theme": theme}).json
    build = wait_for_build(api, portfolio["latestBuild"]["id"])
    assert build["status"] == "succeeded", build
    return cv, portfolio, build


def signed_up(api: Api, email: str = "ada@example.com") -> Api:
    """Register through the real form on this client; the API token changes with the session."""
    from tests.conftest import register

    response = register(api.client, email=email)
    assert response.status_code == 302, response.get_data(as_text=True)
    api.forget_token()
    return api


@pytest.fixture
def api(app) -> Api:
    """A JSON client on the default app."""
    return Api(app.test_client())


# ---- a real server and a real browser ----------------------------------------------------------


LIVE_CONFIG = {
    "RUN_JOBS_INLINE": False,
    "UPLOAD_RATE_LIMIT": "1000/minute",
    "PORTFOLIO_RATE_LIMIT": "1000/minute",
    "BUILD_RATE_LIMIT": "1000/minute",
}


@pytest.fixture
def live_server(make_app) -> Iterator[LiveServer]:
    """The app with real background reading (RUN_JOBS_INLINE off), served over HTTP."""
    server = LiveServer(make_app(**LIVE_CONFIG))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory) -> Iterator[LiveServer]:
    """One live app for a whole test module (each test brings its own visitor and data)."""
    from flask_migrate import upgrade

    from r2w import create_app
    from r2w.extensions import db

    instance = tmp_path_factory.mktemp("web-instance")
    # A shorter autosave pause keeps the many editor round trips quick; the journey uses 1 s.
    config = {"ENVIRONMENT": "test", "INSTANCE_PATH": str(instance), "EDITOR_AUTOSAVE_MS": 250}
    app = create_app(config | LIVE_CONFIG)
    with app.app_context():
        upgrade()
    server = LiveServer(app)
    yield server
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def browser_page(chromium, live_server) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page; page errors fail the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


class Visitor:
    """Drives the API from inside the browser context, so cookies and CSRF are the page's."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        # The session endpoint hands out the same token the pages embed, without a page load.
        self.token = page.request.get(base + "/api/v1/session").json()["csrfToken"]

    def call(self, method: str, path: str, **kwargs: Any) -> dict:
        """Call the API with the page's cookies and CSRF token; return the JSON answer."""
        response = self.page.request.fetch(
            self.base + path, method=method, headers={"X-CSRFToken": self.token}, **kwargs
        )
        assert response.ok, (path, response.status, response.text())
        return response.json()

    def wait(self, path: str, key: str, done: tuple[str, ...]) -> dict:
        """Poll a resource until its `key` is one of `done`."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            body = self.call("GET", path)
            if body[key] in done:
                return body
            time.sleep(0.2)
        raise AssertionError(f"{path} never reached {done}")


def sign_up_in_browser(page: Any, base: str, email: str = "grace@example.com") -> None:
    """Create an account through the real sign-up form in the browser."""
    page.goto(base + "/account/register")
    page.fill("#email", email)
    page.fill("#password", "a long passphrase")
    page.fill("#confirm", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/dashboard")


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    """Save a screenshot under test-artifacts/web/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
