"""Rate limits hold: uploads (UPLOAD_RATE_LIMIT), sign-in and sign-up, per client address."""

from __future__ import annotations

import io

import pytest

from tests.api.conftest import Api
from tests.conftest import csrf_token
from tests.security.support import snapshot, use_inline_builds, with_security

TEXT_CV = b"Jane Example\nPrincipal Engineer\n\nExperience\nEngineer at Example Ltd, 2019 - 2024\n"


@pytest.fixture
def limited_app(make_app):
    """An app that allows three CV creations a minute per address."""
    return with_security(use_inline_builds(make_app(UPLOAD_RATE_LIMIT="3/minute")))


def _upload(api: Api):
    return api.client.post(
        "/api/v1/cvs",
        data={"file": (io.BytesIO(TEXT_CV), "cv.txt")},
        headers={"X-CSRFToken": api.token, "Accept": "application/json"},
        content_type="multipart/form-data",
    )


def _assert_limited(response) -> None:
    assert response.status_code == 429
    assert response.json["error"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "create",
    [
        _upload,
        lambda api: api.post("/api/v1/cvs/blank"),
        lambda api: api.post("/api/v1/cvs/import", {"basics": {"name": "Jane Example"}}),
    ],
    ids=["upload", "blank", "import"],
)
def test_creating_cvs_beyond_the_limit_is_429_and_writes_nothing(limited_app, create):
    api = Api(limited_app.test_client())
    allowed = [create(api).status_code for _ in range(3)]
    before = snapshot(limited_app)

    refused = create(api)

    assert allowed == [201, 201, 201]
    _assert_limited(refused)
    assert snapshot(limited_app) == before


def test_a_new_session_from_the_same_address_is_still_limited(limited_app):
    for _ in range(3):
        assert _upload(Api(limited_app.test_client())).status_code == 201

    _assert_limited(_upload(Api(limited_app.test_client())))


def test_the_limit_is_per_address(limited_app):
    for _ in range(3):
        assert _upload(Api(limited_app.test_client())).status_code == 201
    elsewhere = limited_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.7"

    assert _upload(Api(elsewhere)).status_code == 201


def _login(client, password: str):
    return client.post(
        "/account/login",
        data={"email": "ada@example.com", "password": password, "csrf_token": csrf_token(client)},
    )


def test_sign_in_attempts_are_limited_even_with_the_right_password(sec_app):
    from tests.conftest import register

    client = sec_app.test_client()
    assert register(client, "ada@example.com", "correct horse").status_code == 302
    client.post("/account/logout", data={"csrf_token": csrf_token(client)})

    wrong = [_login(client, "wrong password").status_code for _ in range(10)]
    limited = _login(client, "correct horse")

    assert wrong == [400] * 10
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert sec_app.test_client().get("/api/v1/session").json["user"] is None


def test_sign_ups_are_limited(sec_app):
    client = sec_app.test_client()
    statuses = []
    for n in range(21):
        token = csrf_token(client)
        form = {"email": f"bulk{n}@example.com", "password": "x", "confirm": "y"}
        statuses.append(client.post("/account/register", data=form | {"csrf_token": token}))

    assert [r.status_code for r in statuses[:20]] == [400] * 20
    assert statuses[20].status_code == 429


def _upload_from(app, forwarded_for: str):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return _upload(Api(client))


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(limited_app):
    statuses = [_upload_from(limited_app, f"203.0.113.{n}").status_code for n in range(4)]

    assert statuses == [201, 201, 201, 429]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(make_app):
    app = with_security(make_app(UPLOAD_RATE_LIMIT="3/minute", TRUSTED_PROXY_HOPS=1))
    first = [_upload_from(app, "6.6.6.6, 203.0.113.1").status_code for _ in range(4)]
    # The proxy appends the real address; what the client wrote before it is not believed.
    second = _upload_from(app, "203.0.113.1, 203.0.113.2").status_code

    assert first == [201, 201, 201, 429]
    assert second == 201


@pytest.fixture
def site_limited_app(make_app):
    """An app that allows two portfolios and three builds a minute per account or address."""
    app = make_app(PORTFOLIO_RATE_LIMIT="2/minute", BUILD_RATE_LIMIT="3/minute")
    return with_security(use_inline_builds(app))


def _blank_cv(api: Api) -> str:
    response = api.post("/api/v1/cvs/blank")
    assert response.status_code == 201
    return response.json["id"]


def _new_portfolio(api: Api, cv_id: str):
    return api.post("/api/v1/portfolios", {"cvId": cv_id})


def test_creating_portfolios_beyond_the_limit_is_429_and_writes_nothing(site_limited_app):
    api = Api(site_limited_app.test_client())
    cv_id = _blank_cv(api)
    allowed = [_new_portfolio(api, cv_id).status_code for _ in range(2)]
    before = snapshot(site_limited_app)

    refused = _new_portfolio(api, cv_id)

    assert allowed == [201, 201]
    _assert_limited(refused)
    assert snapshot(site_limited_app) == before


def test_anonymous_portfolio_limits_are_per_address(site_limited_app):
    for _ in range(2):
        api = Api(site_limited_app.test_client())
        assert _new_portfolio(api, _blank_cv(api)).status_code == 201
    fresh = Api(site_limited_app.test_client())  # a new session does not escape the limit
    _assert_limited(_new_portfolio(fresh, _blank_cv(fresh)))
    elsewhere = site_limited_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    api = Api(elsewhere)
    assert _new_portfolio(api, _blank_cv(api)).status_code == 201


def test_a_signed_in_account_has_its_own_limit_wherever_it_comes_from(site_limited_app):
    from tests.conftest import login, register

    first = site_limited_app.test_client()
    register(first, "ada@example.com")
    api = Api(first)
    cv_id = _blank_cv(api)
    assert [_new_portfolio(api, cv_id).status_code for _ in range(2)] == [201, 201]
    # Another address, same account: still limited.
    second = site_limited_app.test_client()
    second.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    assert login(second, "ada@example.com").status_code == 302
    _assert_limited(_new_portfolio(Api(second), cv_id))
    # Another account from the first address: not limited by Ada's count.
    other = site_limited_app.test_client()
    register(other, "grace@example.com")
    other_api = Api(other)
    assert _new_portfolio(other_api, _blank_cv(other_api)).status_code == 201


def test_builds_beyond_the_limit_are_429(site_limited_app):
    api = Api(site_limited_app.test_client())
    portfolio_id = _new_portfolio(api, _blank_cv(api)).json["id"]
    url = f"/api/v1/portfolios/{portfolio_id}"
    started = [
        api.post(f"{url}/builds").status_code,
        api.client.patch(
            url, json={"theme": "creative"}, headers={"X-CSRFToken": api.token}
        ).status_code,
        api.post(f"{url}/builds").status_code,
    ]

    assert started == [202, 200, 202]
    _assert_limited(api.post(f"{url}/builds"))
    _assert_limited(
        api.client.patch(url, json={"theme": "academic"}, headers={"X-CSRFToken": api.token})
    )


def test_sign_in_attempts_on_one_account_are_limited_from_any_address(make_app):
    """Guessing one account's password from many addresses still hits the account's limit."""
    from tests.conftest import register

    app = with_security(make_app(LOGIN_ACCOUNT_RATE_LIMIT="3/minute"))
    register(app.test_client(), "ada@example.com", "correct horse")
    statuses = []
    for n in range(3):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        statuses.append(_login(client, "wrong password").status_code)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.99"

    limited = _login(elsewhere, "correct horse")

    assert statuses == [400, 400, 400]
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    # Another account from the same address is not held back by Ada's counter.
    register(app.test_client(), "grace@example.com", "correct horse")
    other = elsewhere.post(
        "/account/login",
        data={
            "email": "GRACE@example.com",
            "password": "correct horse",
            "csrf_token": csrf_token(elsewhere),
        },
    )
    assert other.status_code == 302
