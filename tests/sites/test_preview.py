"""Builds through the local runner, and previews served through the one /preview path."""

import pytest

from tests.api.conftest import Api, stored_keys
from tests.sites.conftest import csp_directive, make_portfolio, wait_for_build


def test_preview_serves_the_built_site(built):
    api, _, build = built
    page = api.get(build["previewUrl"])
    assert page.status_code == 200
    assert page.content_type.startswith("text/html")
    assert "Alexandra Chen" in page.get_data(as_text=True)
    assert "sandbox" in page.headers["Content-Security-Policy"]
    assert csp_directive(page.headers["Content-Security-Policy"], "img-src") == ["'self'"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in page.headers["Cache-Control"]
    again = api.client.get(build["previewUrl"], headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304


def test_assets_ranges_and_index(built):
    api, _, build = built
    base = build["previewUrl"]
    index = api.get(base + "index.html")
    assert index.status_code == 200
    css_path = next(
        part.split('"')[0]
        for part in index.get_data(as_text=True).split('href="')[1:]
        if part.startswith("assets/") and ".css" in part.split('"')[0]
    )
    css = api.get(base + css_path)
    assert css.status_code == 200
    assert css.content_type.startswith("text/css")
    partial = api.client.get(base + css_path, headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert partial.data == css.data[:10]
    assert partial.headers["Content-Range"].endswith(f"/{len(css.data)}")


@pytest.mark.parametrize(
    "path",
    [
        "../../uploads",
        "..%2f..%2fmanifest.json",
        "%2e%2e/%2e%2e/etc/passwd",
        "assets/../../secret",
        "/etc/passwd",
        "assets\\..\\x",
        "no-such-file.html",
        "manifest.json",
    ],
)
def test_anything_outside_the_build_is_404(built, path):
    api, _, build = built
    response = api.client.get(build["previewUrl"] + path)
    assert response.status_code == 404


def test_strangers_need_the_share_link(app, built):
    _, _, build = built
    stranger = Api(app.test_client())
    assert stranger.get(build["previewUrl"]).status_code == 404
    assert stranger.get(f"/api/v1/builds/{build['id']}").status_code == 404
    wrong = stranger.client.get(build["previewUrl"] + "?share=not-the-token")
    assert wrong.status_code == 404
    shared = stranger.client.get(build["shareUrl"])
    assert shared.status_code == 302
    assert stranger.get(build["previewUrl"]).status_code == 200


def test_rebuild_of_unchanged_content_reuses_the_site(built):
    api, portfolio, first = built
    response = api.post(f"/api/v1/portfolios/{portfolio['id']}/builds")
    assert response.status_code == 202
    second = wait_for_build(api, response.json["latestBuild"]["id"])
    assert second["status"] == "succeeded"
    assert second["id"] != first["id"]


def test_theme_change_rebuilds(built):
    api, portfolio, _ = built
    response = api.patch(f"/api/v1/portfolios/{portfolio['id']}", {"theme": "creative"})
    assert response.status_code == 200
    build = wait_for_build(api, response.json["latestBuild"]["id"])
    assert build["theme"] == "creative"
    assert api.get(build["previewUrl"]).status_code == 200
    bad = api.patch(f"/api/v1/portfolios/{portfolio['id']}", {"theme": "neon"})
    assert bad.status_code == 400


def test_deleting_the_portfolio_removes_its_sites(app, built):
    api, portfolio, build = built
    assert api.delete(f"/api/v1/portfolios/{portfolio['id']}").status_code == 204
    assert api.get(build["previewUrl"]).status_code == 404
    assert all(key.startswith("uploads/") for key in stored_keys(app))


def test_end_to_end_on_cloud_backends(cloud_app):
    api = Api(cloud_app.test_client())
    _, build = make_portfolio(api)
    page = api.get(build["previewUrl"])
    assert page.status_code == 200
    assert "Alexandra Chen" in page.get_data(as_text=True)
    keys = stored_keys(cloud_app)
    assert any(key.endswith("/manifest.json") for key in keys)


def test_hidden_sections_are_left_off_the_site(built):
    api, portfolio, first = built
    url = f"/api/v1/portfolios/{portfolio['id']}"
    assert "alexandra.chen@email.com" in api.get(first["previewUrl"]).get_data(as_text=True)
    response = api.patch(url, {"hiddenSections": ["contact"]})
    assert response.status_code == 200, response.json
    assert response.json["hiddenSections"] == ["contact"]
    build = wait_for_build(api, response.json["latestBuild"]["id"])
    page = api.get(build["previewUrl"]).get_data(as_text=True)
    assert "Alexandra Chen" in page
    assert "alexandra.chen@email.com" not in page
    for bad in (["hero"], ["nonsense"], "contact", [1]):
        assert api.patch(url, {"hiddenSections": bad}).status_code == 400
    assert api.get(url).json["hiddenSections"] == ["contact"]
