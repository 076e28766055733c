"""Preview and public paths cannot leave their build, however the path is spelt."""

from __future__ import annotations

import socket

import pytest

from r2w.services import get_storage

CANARY = b"CANARY-secret-outside-the-site"
LONG = "a/" * 2500 + "index.html"
# Each entry is the raw (already percent-encoded where needed) path after /preview/<id>/.
TRAVERSALS = [
    "../secret.txt",
    "../../secret.txt",
    "..%2fsecret.txt",
    "..%2F..%2Fsecret.txt",
    "%2e%2e/secret.txt",
    "%2e%2e%2f%2e%2e%2fsecret.txt",
    "%2E%2E/%2E%2E/secret.txt",
    "%252e%252e/secret.txt",
    "%252e%252e%252fsecret.txt",
    "..;/secret.txt",
    "..;/..;/secret.txt",
    "..%5csecret.txt",
    "..%5c..%5csecret.txt",
    "%5c..%5c..%5csecret.txt",
    "index.html%00",
    "index.html%00.css",
    "..%00/secret.txt",
    "%e2%80%a5/secret.txt",
    "%ef%bc%8e%ef%bc%8e/secret.txt",
    "%c0%ae%c0%ae/secret.txt",
    "..%c0%afsecret.txt",
    "%2fsecret.txt",
    "/secret.txt",
    "//secret.txt",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "....//secret.txt",
    ".../secret.txt",
    "./../secret.txt",
    "%2e/index.html",
    "./index.html",
    "assets/../index.html",
    "assets/../../secret.css",
    "assets/..%2f..%2fsecret.css",
    "assets/%2e%2e/%2e%2e/secret.css",
    "about/../../secret.txt",
    "file:///etc/passwd",
    "C:%5cWindows%5cwin.ini",
    "manifest.json",
    "../" * 40 + "etc/passwd",
    LONG,
]
BAD_BUILD_IDS = ["..", "%2e%2e", "..%2f..", "%252e%252e", "..;", "%00"]


@pytest.fixture
def site(sec_app, owner_factory):
    """A signed-in owner's built, published site, with canary files around it in storage."""
    owner = owner_factory(signed_in=True, slug="traversal-site")
    with sec_app.app_context():
        storage = get_storage()
        for key in ("secret.txt", "secret.css", "sites/secret.txt", "sites/secret.css"):
            storage.put(key, CANARY, content_type="text/plain")
    return owner


def _bases(owner) -> list[str]:
    return [f"/preview/{owner.build_id}/", f"/p/{owner.slug}/"]


def test_the_site_itself_is_served(site):
    for base in _bases(site):
        assert site.api.client.get(base + "index.html").status_code == 200


def test_traversal_is_404_through_the_app(site):
    answers = {}
    for base in _bases(site):
        for path in TRAVERSALS:
            response = site.api.client.get(base + path)
            answers[base + path[:40]] = response.status_code
            assert CANARY not in response.data

    assert len(TRAVERSALS) >= 20
    assert {target: status for target, status in answers.items() if status != 404} == {}


def test_traversal_is_404_over_http(site, live):
    """The same paths sent byte for byte on a socket, so no client library normalises them."""
    cookie = site.api.client.get_cookie("r2w_session")
    host, port = live.url.removeprefix("http://").split(":")
    answers = {}
    for base in _bases(site):
        for path in TRAVERSALS:
            status, body = _raw_get(host, int(port), base + path, cookie.value)
            answers[base + path[:40]] = status
            assert CANARY not in body

    assert {target: status for target, status in answers.items() if status != 404} == {}


def test_hostile_build_ids_and_slugs_are_404(site):
    for bad in BAD_BUILD_IDS:
        for url in (f"/preview/{bad}/secret.txt", f"/p/{bad}/secret.txt", f"/preview/{bad}/"):
            response = site.api.client.get(url)
            assert response.status_code == 404, url
            assert CANARY not in response.data


def _raw_get(host: str, port: int, target: str, session: str) -> tuple[int, bytes]:
    """Send one GET with the target exactly as given; return the status and the body."""
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: r2w_session={session}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw.split(b" ", 2)[1])
    return status, raw.partition(b"\r\n\r\n")[2]
