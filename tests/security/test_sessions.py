"""Session ids change at sign-in and sign-out, and cookies carry the right flags."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.api.conftest import Api
from tests.conftest import csrf_token, login
from tests.security.conftest import PASSWORD, sign_up
from tests.security.support import with_security

COOKIE = "r2w_session"


def _sid(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def _signed_in_with(app: Flask, sid: str) -> bool:
    """Whether a fresh client presenting this session id is signed in."""
    client = app.test_client()
    client.set_cookie(COOKIE, sid)
    return client.get("/api/v1/session").json["user"] is not None


def test_sign_in_gives_a_new_session_id_and_kills_the_old_one(sec_app):
    api = sign_up(Api(sec_app.test_client()), "fix@example.com")
    api.client.post("/account/logout", data={"csrf_token": csrf_token(api.client)})
    api.client.get("/account/login")
    before = _sid(api.client)

    response = login(api.client, "fix@example.com", PASSWORD)

    assert response.status_code == 302
    assert before and _sid(api.client) not in (None, before)
    assert _signed_in_with(sec_app, _sid(api.client))
    assert not _signed_in_with(sec_app, before)


def test_sign_up_gives_a_new_session_id(sec_app):
    client = sec_app.test_client()
    client.get("/account/register")
    before = _sid(client)

    sign_up(Api(client), "new@example.com")

    assert before and _sid(client) not in (None, before)
    assert not _signed_in_with(sec_app, before)


def test_sign_out_ends_the_session_on_the_server(sec_app):
    api = sign_up(Api(sec_app.test_client()), "out@example.com")
    signed_in = _sid(api.client)

    response = api.client.post("/account/logout", data={"csrf_token": csrf_token(api.client)})

    assert response.status_code == 302
    assert _sid(api.client) != signed_in
    assert not _signed_in_with(sec_app, signed_in)  # a stolen cookie dies with the sign-out


def test_a_session_id_chosen_by_an_attacker_is_never_adopted(sec_app):
    client = sec_app.test_client()
    client.set_cookie(COOKIE, "attacker-chosen-session-id")
    client.get("/account/login")

    assert _sid(client) != "attacker-chosen-session-id"
    sign_up(Api(client), "victim@example.com")
    assert not _signed_in_with(sec_app, "attacker-chosen-session-id")


def test_local_cookie_flags(sec_app):
    header = sec_app.test_client().get("/account/login").headers["Set-Cookie"]

    assert header.startswith(f"{COOKIE}=")
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header  # http://127.0.0.1 must still work locally


@pytest.fixture
def cloud_app(make_app, tmp_path) -> Flask:
    """The app configured as production (file-backed sessions stand in for Redis)."""
    return with_security(
        make_app(
            ENVIRONMENT="production",
            SECRET_KEY="production-secret-key-for-tests-0123456789",
            DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}",
            REDIS_URL="redis://127.0.0.1:1/0",
            SESSION_BACKEND="filesystem",
            STORAGE_URL=(tmp_path / "prod-storage").as_uri(),
            PUBLIC_BASE_URL="https://r2w.example",
            RATELIMIT_STORAGE_URI="memory://",
        )
    )


def test_cloud_cookies_are_secure_and_https_is_pinned(cloud_app):
    response = cloud_app.test_client().get("/account/login", base_url="https://r2w.example")
    header = response.headers["Set-Cookie"]

    assert "Secure" in header
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_share_link_cookie_is_http_only_and_scoped_to_its_preview(sec_app, owner_factory):
    owner = owner_factory(signed_in=False)
    share = owner.api.get(f"/api/v1/builds/{owner.build_id}").json["shareUrl"]
    stranger = sec_app.test_client()

    response = stranger.get(share, base_url="https://localhost")
    header = response.headers["Set-Cookie"]

    assert response.status_code == 302
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" in header  # the request came over HTTPS
    assert f"Path=/preview/{owner.build_id}/" in header
