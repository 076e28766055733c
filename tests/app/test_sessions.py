"""Server-side sessions in a real Redis: lifetime, cookie flags, expiry."""

import redis

from tests.conftest import register


def test_sessions_live_in_redis_for_seven_days(make_app, redis_url):
    app = make_app(sessions="redis")
    client = app.test_client()
    register(client)
    sid = client.get_cookie("r2w_session").value
    store = redis.Redis.from_url(redis_url)
    key = f"r2w:session:{sid}"
    assert store.exists(key)
    ttl = store.ttl(key)
    assert 6 * 86400 < ttl <= 7 * 86400
    assert client.get("/dashboard").status_code == 200


def test_cookie_flags(make_app):
    app = make_app(sessions="redis", SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.get("/account/login")
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" in header


def test_expired_session_signs_out(make_app, redis_url):
    app = make_app(sessions="redis")
    client = app.test_client()
    register(client)
    sid = client.get_cookie("r2w_session").value
    redis.Redis.from_url(redis_url).delete(f"r2w:session:{sid}")  # as if the TTL ran out
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/account/login" in response.location


def test_redis_down_gives_503_not_500(make_app):
    app = make_app(SESSION_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    client.set_cookie("r2w_session", "some-session-id")
    response = client.get("/dashboard", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json["error"] == "service_unavailable"
