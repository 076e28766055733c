"""The web pod's nginx front (kustomize/base/nginx/nginx.conf) in front of a live app.

Real nginx with the shipped config proxies to the app served over HTTP; a counting layer
around the app tells which requests reached it, so "answered by nginx" is proven by the app
not having seen the request. The only waits are for the micro-cache to expire.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from flask import request
from itsdangerous import TimestampSigner

from r2w.sites.cache import SYNC_SECONDS
from r2w.sites.fastpath import ACCESS_SECONDS
from tests.api.conftest import Api
from tests.conftest import register
from tests.sites.conftest import make_portfolio, wait_for_build
from tests.support import nginx_front
from tests.support.browser import LiveServer
from tests.support.nginx_front import NginxFront, cache_seconds
from tests.support.services import free_port, unavailable

# The address the ALB would have seen, and one a client made up.
CLIENT, SPOOFED = "203.0.113.9", "198.51.100.7"
# Enough tries for one request to land inside the 1 s micro-cache even on a busy machine.
TRIES = 10


class CountingApp:
    """WSGI layer that counts the requests reaching the app, by path."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: Counter[str] = Counter()

    def __call__(self, environ, start_response):
        self.seen[environ.get("PATH_INFO", "")] += 1
        return self.app(environ, start_response)


class Front:
    """The app (test client for set-up), the front's URL and the app's request counts."""

    def __init__(self, app, counting: CountingApp, url: str) -> None:
        self.app = app
        self.counting = counting
        self.url = url
        self.http = httpx.Client(timeout=30, follow_redirects=False)

    def get(self, path: str, **headers: str) -> httpx.Response:
        """GET through nginx."""
        # The path as written ("//metrics" is a path here, not a host).
        return self.http.get(httpx.URL(self.url + path), headers=headers)

    def cached(self, path: str, **headers: str) -> httpx.Response:
        """GET through nginx until nginx answers from its cache, proving the app saw nothing."""
        for _ in range(TRIES):
            before = self.counting.seen[path]
            response = self.get(path, **headers)
            if response.headers.get("X-Cache-Status") == "HIT":
                assert self.counting.seen[path] == before, "a HIT must not reach the app"
                return response
        raise AssertionError(f"{path} never came from nginx's cache: {response.headers}")


def _start_front(app, tmp_path, trusted: list[str]) -> Iterator[Front]:
    if not nginx_front.available():
        unavailable("nginx (Debian package)")
    counting = CountingApp(app.wsgi_app)
    app.wsgi_app = counting
    server = LiveServer(app)
    nginx = NginxFront(tmp_path / "nginx", free_port(), free_port(), server.server.server_port)
    nginx.start(trusted)
    front = Front(app, counting, nginx.url)
    try:
        yield front
    finally:
        front.http.close()
        nginx.stop()
        server.stop()


def _client_address_app(make_app):
    app = make_app(TRUSTED_PROXY_HOPS=1)

    @app.get("/test-only/client")
    def client():  # the address and scheme the app (and so its rate limits) believe
        return f"{request.remote_addr} {request.scheme}"

    return app


@pytest.fixture
def front(make_app, tmp_path) -> Iterator[Front]:
    """The shipped front trusting 127.0.0.1 (standing in for the ALB) before a live app."""
    yield from _start_front(_client_address_app(make_app), tmp_path, ["127.0.0.1"])


@pytest.fixture
def owner(front) -> tuple[Api, dict, dict]:
    """A signed-up visitor with a portfolio whose first build succeeded."""
    api = Api(front.app.test_client())
    portfolio, build = make_portfolio(api)
    register(api.client)
    api.forget_token()
    return api, portfolio, build


def _publish(api: Api, portfolio: dict, slug: str | None = None) -> None:
    body = {"slug": slug} if slug else None
    response = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", body)
    assert response.status_code == 200, response.json


def _path(url: str) -> str:
    """The path and query of an address the API gave (the app's own base URL differs)."""
    return httpx.URL(url).raw_path.decode()


def _pass_of(api: Api, build: dict) -> str:
    """The owner's preview pass, as the app sets it on the owner's first visit."""
    assert api.client.get(build["previewUrl"]).status_code == 200
    return api.client.get_cookie(f"r2w_access_{build['id']}", path=build["previewUrl"]).value


def _wait_for_micro_cache() -> None:
    """Past the published pages' lifetime in nginx plus the app workers' sync period."""
    time.sleep(cache_seconds("/p/") + SYNC_SECONDS + 0.5)


def test_published_page_is_cached_and_304s_come_from_nginx(front, owner):
    api, portfolio, _ = owner
    _publish(api, portfolio, "front-one")
    direct = api.client.get("/p/front-one/")
    first = front.get("/p/front-one/")
    assert first.status_code == 200 and first.content == direct.data
    hit = front.cached("/p/front-one/")
    assert hit.content == direct.data
    for name in ("ETag", "Cache-Control", "Content-Security-Policy", "Content-Type"):
        assert hit.headers[name] == direct.headers[name], name
    assert "set-cookie" not in hit.headers
    not_modified = front.cached("/p/front-one/", **{"If-None-Match": hit.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["ETag"] == hit.headers["ETag"]
    assert front.get("/p/front-one/", **{"If-None-Match": '"other"'}).status_code == 200


def test_preview_is_served_to_its_pass_and_refused_without_it(front, owner):
    api, _, build = owner
    path, cookie = _path(build["previewUrl"]), f"r2w_access_{build['id']}"
    pass_value = _pass_of(api, build)
    direct = api.client.get(path)
    hit = front.cached(path, Cookie=f"{cookie}={pass_value}")
    assert hit.status_code == 200 and hit.content == direct.data
    etag = hit.headers["ETag"]
    again = front.cached(path, Cookie=f"{cookie}={pass_value}", **{"If-None-Match": etag})
    assert again.status_code == 304

    # Right after, with the answer in nginx's cache: every request without the pass misses it
    # and the app refuses it.
    _, other = make_portfolio(Api(front.app.test_client()))
    refused = [
        {},
        {"If-None-Match": etag},
        {"Cookie": f"{cookie}=forged.value.sig"},
        {"Cookie": f"{cookie}={pass_value[:-2]}xx"},
        {"Cookie": f"{cookie}x={pass_value}"},
        {"Cookie": f"r2w_share_{build['id']}=not-the-token"},
        {"Cookie": f"r2w_access_{other['id']}={pass_value}"},
    ]
    for headers in refused:
        before = front.counting.seen[path]
        response = front.get(path, **headers)
        assert response.status_code == 404, headers
        assert response.headers.get("X-Cache-Status") != "HIT", headers
        assert front.counting.seen[path] == before + 1, headers  # the app decided

    # The app reads the first of two cookies of one name; an answer it gave for the valid pass
    # beside a made-up one is never served to the made-up one alone.
    both = front.cached(path, Cookie=f"{cookie}={pass_value}; {cookie}=chosen.by.someone")
    assert both.status_code == 200
    alone = front.get(path, Cookie=f"{cookie}=chosen.by.someone")
    assert alone.status_code == 404 and alone.headers.get("X-Cache-Status") != "HIT"

    friend = front.get(_path(build["shareUrl"]))
    assert friend.status_code == 302 and "set-cookie" in friend.headers
    share = friend.cookies[f"r2w_share_{build['id']}"]
    shared = front.cached(path, Cookie=f"r2w_share_{build['id']}={share}")
    assert shared.content == direct.data


def test_theme_assets_are_cached_without_a_pass(front, owner):
    api, _, build = owner
    page = api.client.get(build["previewUrl"]).get_data(as_text=True)
    names = re.findall(r'"(assets/[^"]+\.(?:css|svg))"', page)
    assert names, page[:500]
    path = _path(build["previewUrl"]) + names[0]
    hit = front.cached(path)
    assert hit.status_code == 200 and hit.content == api.client.get(path).data


def test_publish_and_rollback_show_once_the_micro_cache_expires(front, owner):
    api, portfolio, _ = owner
    url = f"/api/v1/portfolios/{portfolio['id']}"
    _publish(api, portfolio, "front-two")
    professional = front.cached("/p/front-two/").content
    changed = api.patch(url, {"theme": "academic"}).json
    assert wait_for_build(api, changed["latestBuild"]["id"])["status"] == "succeeded"
    _publish(api, portfolio)
    academic = api.client.get("/p/front-two/").data
    assert academic != professional

    _wait_for_micro_cache()
    assert front.get("/p/front-two/").content == academic
    assert front.cached("/p/front-two/").content == academic
    assert api.post(f"{url}/rollback").status_code == 200
    _wait_for_micro_cache()
    assert front.get("/p/front-two/").content == professional
    assert api.post(f"{url}/unpublish").status_code == 200
    _wait_for_micro_cache()
    assert front.get("/p/front-two/").status_code == 404


class _Backdated(TimestampSigner):
    """Signs as if it were two pass lifetimes ago (a pass that has lapsed)."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 2 * ACCESS_SECONDS


def test_answers_that_set_cookies_are_never_stored(front, owner):
    api, _, build = owner
    path = _path(build["previewUrl"])
    session = api.client.get_cookie("r2w_session").value
    lapsed = _Backdated(front.app.config["SECRET_KEY"], salt="r2w-preview-access").sign(build["id"])
    cookies = f"r2w_session={session}; r2w_access_{build['id']}={lapsed.decode()}"
    for _ in range(3):
        before = front.counting.seen[path]
        response = front.get(path, Cookie=cookies)
        # The owner's session opens it; the app renews the lapsed pass, so nginx must not keep it.
        assert response.status_code == 200
        assert f"r2w_access_{build['id']}=" in response.headers["set-cookie"]
        assert response.headers["X-Cache-Status"] == "MISS"
        assert front.counting.seen[path] == before + 1

    for _ in range(2):
        before = front.counting.seen["/api/v1/session"]
        response = front.get("/api/v1/session")
        assert response.status_code == 200 and "X-Cache-Status" not in response.headers
        assert front.counting.seen["/api/v1/session"] == before + 1


def test_the_app_sees_the_client_address_the_load_balancer_saw(front):
    chain = f"{SPOOFED}, {CLIENT}"  # the client's own header, then what the ALB appended
    headers = {"X-Forwarded-For": chain, "X-Forwarded-Proto": "https"}
    seen = front.get("/test-only/client", **headers)
    assert seen.text == f"{CLIENT} https"
    assert front.get("/test-only/client").text == "127.0.0.1 http"


def test_an_untrusted_peer_cannot_choose_its_address(make_app, tmp_path):
    shipped = (nginx_front.SHIPPED / "real-ip.conf").read_text()
    trusted = [line.split()[1].rstrip(";") for line in shipped.splitlines() if line.strip()
               and not line.startswith("#")]  # fmt: skip
    assert trusted and "127.0.0.1" not in trusted
    for front in _start_front(_client_address_app(make_app), tmp_path, trusted):
        seen = front.get("/test-only/client", **{"X-Forwarded-For": f"{SPOOFED}, {CLIENT}"})
        assert seen.text == "127.0.0.1 http"


def test_metrics_are_not_served_through_the_front(front):
    for path in ("/metrics", "//metrics", "/%6detrics", "/Metrics/", "/metrics/x"):
        assert front.get(path).status_code == 404, path
    assert not any("etrics" in path.lower() for path in front.counting.seen)
    assert front.get("/healthz").status_code == 200
