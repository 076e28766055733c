"""The session store (Redis) stops and comes back while people are signed in."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.conftest import login, register
from tests.faults.conftest import assert_unavailable, upload_ready

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def redis_app(make_app, redis_server):
    """An app keeping its sessions in the throwaway Redis."""
    return make_app(SESSION_BACKEND="redis", REDIS_URL=redis_server.url)


def _signed_in_with_a_cv(app, sample_text) -> tuple[Api, str]:
    api = Api(app.test_client())
    assert register(api.client).status_code == 302
    return api, upload_ready(api, sample_text)["id"]


def _assert_outage_is_a_clear_503(app, api: Api) -> None:
    assert_unavailable(api.get("/api/v1/cvs"), "session store")
    # A write is refused as unavailable too, not as a CSRF failure (its token is in the store).
    assert_unavailable(api.post("/api/v1/cvs/blank"), "session store")
    page = api.client.get("/dashboard", headers={"Accept": "text/html"})
    assert_unavailable(page)
    assert "session store" in page.get_data(as_text=True)
    # A probe carries no cookie: it gets the readiness report itself, naming the store.
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["sessions"].startswith("failed")
    assert ready.json["checks"]["database"] == "ok"
    assert ready.json["checks"]["storage"] == "ok"


def test_restart_with_persistence_keeps_people_signed_in(redis_app, redis_server, sample_text):
    api, cv_id = _signed_in_with_a_cv(redis_app, sample_text)
    redis_server.stop(save=True)
    _assert_outage_is_a_clear_503(redis_app, api)

    redis_server.start()
    # No app restart: the next request reconnects, and the same cookie is still signed in.
    listed = api.get("/api/v1/cvs")
    assert listed.status_code == 200
    assert [cv["id"] for cv in listed.json["cvs"]] == [cv_id]
    assert api.client.get("/dashboard").status_code == 200
    assert redis_app.test_client().get("/readyz").status_code == 200


def test_restart_that_loses_sessions_signs_out_but_loses_no_data(
    redis_app, redis_server, sample_text
):
    api, cv_id = _signed_in_with_a_cv(redis_app, sample_text)
    redis_server.stop(save=False)
    _assert_outage_is_a_clear_503(redis_app, api)

    redis_server.start()
    # The old cookie now names no session: a signed-out visitor, not an error.
    assert api.get("/api/v1/cvs").json == {"cvs": []}
    page = api.client.get("/dashboard")
    assert page.status_code == 302 and "/account/login" in page.location
    assert login(api.client).status_code == 302
    api.forget_token()
    listed = api.get("/api/v1/cvs")
    assert [cv["id"] for cv in listed.json["cvs"]] == [cv_id]
    assert api.get(f"/api/v1/cvs/{cv_id}/original").data == sample_text


def test_a_frozen_store_times_out_into_a_503(redis_app, redis_server, sample_text):
    api, cv_id = _signed_in_with_a_cv(redis_app, sample_text)
    with redis_server.frozen():
        # The client's socket timeout (2 s) turns a hung store into a 503, not a hung worker.
        assert_unavailable(api.get(f"/api/v1/cvs/{cv_id}"), "session store")
    assert api.get(f"/api/v1/cvs/{cv_id}").json["status"] == "ready"
