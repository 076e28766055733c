"""Helpers for build, preview and publishing tests."""

from __future__ import annotations

import time

import pytest

from tests.api.conftest import SAMPLES, Api


def wait_for_build(api: Api, build_id: str, timeout: float = 90.0) -> dict:
    """Poll the build's status (as the page does) until it finishes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build = api.get(f"/api/v1/builds/{build_id}").json
        if build["status"] in ("succeeded", "failed"):
            return build
        time.sleep(0.2)
    raise AssertionError(f"build {build_id} did not finish in {timeout}s: {build}")


def make_portfolio(api: Api, theme: str = "professional") -> tuple[dict, dict]:
    """Upload the sample text CV, make a portfolio and wait for its first build."""
    data = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    cv = api.upload(data, "alexandra.txt").json
    assert cv["status"] == "ready", cv
    response = api.post("/api/v1/portfolios", {"cvId": cv["id"], "theme": theme})
    assert response.status_code == 201, response.json
    portfolio = response.json
    build = wait_for_build(api, portfolio["latestBuild"]["id"])
    assert build["status"] == "succeeded", build
    return portfolio, build


@pytest.fixture
def built(app):
    """An anonymous visitor with a portfolio whose first build succeeded."""
    api = Api(app.test_client())
    portfolio, build = make_portfolio(api)
    return api, portfolio, build


def csp_directive(policy: str, name: str) -> list[str]:
    """Return the sources of one directive of a Content-Security-Policy header."""
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == name:
            return words[1:]
    return []
