"""The site fast path in front of the app: same answers, no app work, follows every switch."""

from __future__ import annotations

import pytest

import r2w.sites.cache
from tests.api.conftest import Api
from tests.conftest import register
from tests.sites.conftest import make_portfolio


def fast_count(app, kind: str, status: str) -> float:
    """How many site files the fast path answered so far (its Prometheus counter)."""
    counter = app.extensions["r2w.metrics"].site_files.labels(kind, status)
    return counter._value.get()


def publish(api: Api, portfolio: dict, slug: str) -> None:
    """Sign the anonymous visitor up and publish their portfolio at `slug`."""
    register(api.client)
    api.forget_token()
    response = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": slug})
    assert response.status_code == 200, response.json


def test_second_visit_is_the_same_answer_without_the_app(app, built):
    api, portfolio, _ = built
    publish(api, portfolio, "fast-one")
    visitor = app.test_client()
    first = visitor.get("/p/fast-one/")
    assert first.status_code == 200
    assert fast_count(app, "public", "200") == 0
    second = visitor.get("/p/fast-one/")
    assert fast_count(app, "public", "200") == 1
    assert second.data == first.data
    for name in ("ETag", "Cache-Control", "Content-Security-Policy", "Content-Type",
                 "Content-Length", "X-Content-Type-Options", "X-Frame-Options",
                 "Referrer-Policy"):  # fmt: skip
        assert second.headers[name] == first.headers[name], name
    assert "Vary" not in second.headers and "Set-Cookie" not in second.headers
    assert "sandbox" in second.headers["Content-Security-Policy"]
    assert second.headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    again = visitor.get("/p/fast-one/", headers={"If-None-Match": second.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == second.headers["ETag"]
    assert fast_count(app, "public", "304") == 1
    head = visitor.head("/p/fast-one/")
    assert head.status_code == 200 and head.data == b""


def test_ranges_and_odd_paths_still_go_to_the_app(app, built):
    api, portfolio, _ = built
    publish(api, portfolio, "fast-two")
    visitor = app.test_client()
    whole = visitor.get("/p/fast-two/index.html")
    visitor.get("/p/fast-two/index.html")
    partial = visitor.get("/p/fast-two/index.html", headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206 and partial.data == whole.data[:10]
    for path in ("./index.html", "x/../index.html", "/index.html", "manifest.json", "index.html\\"):
        assert visitor.get("/p/fast-two/" + path).status_code == 404, path
    assert visitor.post("/p/fast-two/index.html").status_code in (400, 405)


def test_rollback_and_unpublish_are_followed_at_once(app, built):
    api, portfolio, first_build = built
    url = f"/api/v1/portfolios/{portfolio['id']}"
    publish(api, portfolio, "fast-three")
    visitor = app.test_client()
    professional = [visitor.get("/p/fast-three/").data for _ in range(2)][-1]
    from tests.sites.conftest import wait_for_build

    changed = api.patch(url, {"theme": "academic"}).json
    wait_for_build(api, changed["latestBuild"]["id"])
    assert api.post(f"{url}/publish").status_code == 200
    academic = [visitor.get("/p/fast-three/").data for _ in range(2)][-1]
    assert academic != professional
    assert api.post(f"{url}/rollback").status_code == 200
    assert visitor.get("/p/fast-three/").data == professional
    assert api.post(f"{url}/unpublish").status_code == 200
    assert visitor.get("/p/fast-three/").status_code == 404
    assert visitor.get(first_build["previewUrl"]).status_code == 404  # a stranger, no cookie


def test_previews_need_the_owner_pass_or_the_share_cookie(app, built):
    api, _, build = built
    base = build["previewUrl"]
    owner_first = api.client.get(base)
    assert owner_first.status_code == 200
    assert f"r2w_access_{build['id']}=" in owner_first.headers["Set-Cookie"]
    before = fast_count(app, "preview", "200")
    assert api.client.get(base).data == owner_first.data
    assert fast_count(app, "preview", "200") == before + 1

    stranger = app.test_client()
    assert stranger.get(base).status_code == 404
    stranger.set_cookie(f"r2w_access_{build['id']}", "forged.value.sig", path=base)
    assert stranger.get(base).status_code == 404
    stranger.set_cookie(f"r2w_share_{build['id']}", "not-the-token", path=base)
    assert stranger.get(base).status_code == 404
    assert fast_count(app, "preview", "200") == before + 1

    friend = app.test_client()
    assert friend.get(build["shareUrl"]).status_code == 302
    assert friend.get(base).data == owner_first.data
    assert fast_count(app, "preview", "200") == before + 2


def test_an_owner_pass_opens_only_its_own_build(app, built):
    api, _, build = built
    api.client.get(build["previewUrl"])
    pass_value = api.client.get_cookie(f"r2w_access_{build['id']}", path=build["previewUrl"]).value
    other_api = Api(app.test_client())
    _, other = make_portfolio(other_api)
    other_api.client.get(other["previewUrl"])  # warms the cache for the other build
    thief = app.test_client()
    thief.set_cookie(f"r2w_access_{other['id']}", pass_value, path=other["previewUrl"])
    assert thief.get(other["previewUrl"]).status_code == 404


def test_deleting_a_portfolio_closes_its_cached_preview(app, built):
    api, portfolio, build = built
    assert api.get(build["previewUrl"]).status_code == 200
    assert api.get(build["previewUrl"]).status_code == 200
    assert api.delete(f"/api/v1/portfolios/{portfolio['id']}").status_code == 204
    assert api.get(build["previewUrl"]).status_code == 404


@pytest.mark.parametrize(
    "backends",
    [
        pytest.param({"database": "sqlite", "sessions": "filesystem"}, id="local-file"),
        pytest.param({"database": "postgres", "sessions": "redis"}, id="cloud-redis"),
    ],
)
def test_other_workers_follow_a_publish(make_app, tmp_path, monkeypatch, backends):
    """Two apps on one database and storage stand for two workers (or pods)."""
    monkeypatch.setattr(r2w.sites.cache, "SYNC_SECONDS", 0)  # check the shared number each time
    shared = {
        "SECRET_KEY": "two-workers-one-secret",
        "STORAGE_URL": f"file://{tmp_path / 'storage'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    one = make_app(**backends, **shared)
    two = make_app(**backends, **shared)
    api = Api(one.test_client())
    portfolio, _ = make_portfolio(api)
    publish(api, portfolio, "two-workers")
    visitor = two.test_client()
    for _ in range(2):
        assert visitor.get("/p/two-workers/").status_code == 200
    assert fast_count(two, "public", "200") == 1
    assert api.post(f"/api/v1/portfolios/{portfolio['id']}/unpublish").status_code == 200
    assert visitor.get("/p/two-workers/").status_code == 404


def test_deleting_the_cv_closes_its_cached_sites(app, built):
    api, portfolio, build = built
    publish(api, portfolio, "fast-four")
    visitor = app.test_client()
    for _ in range(2):
        assert visitor.get("/p/fast-four/").status_code == 200
        assert api.get(build["previewUrl"]).status_code == 200
    assert api.delete(f"/api/v1/cvs/{portfolio['cvId']}").status_code == 204
    assert visitor.get("/p/fast-four/").status_code == 404
    assert api.get(build["previewUrl"]).status_code == 404
