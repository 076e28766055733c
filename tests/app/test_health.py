"""Liveness and readiness."""


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_ok_on_sqlite(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["checks"] == {"database": "ok", "sessions": "ok", "storage": "ok"}


def test_readyz_names_the_failed_store(make_app, tmp_path):
    app = make_app(SESSION_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["sessions"].startswith("failed")
    assert response.json["checks"]["database"] == "ok"


def test_readyz_with_real_postgres_and_redis(make_app):
    app = make_app(database="postgres", sessions="redis")
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.json


def test_liveness_depends_on_the_process_only(make_app):
    # With the session store down, liveness stays 200 (a restart would not bring Redis back)
    # while readiness names the store that failed.
    app = make_app(SESSION_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    client.set_cookie("r2w_session", "a-session-id")  # a session that would need the store
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["sessions"].startswith("failed")
    assert client.get("/").status_code == 503  # pages still refuse cleanly
