"""Failed provider sign-ins show a friendly page, sign nobody in and change nothing."""

import pytest

from r2w.auth import oidc_providers
from tests.auth_providers.helpers import (
    at_provider,
    begin,
    come_back,
    counts,
    provider_settings,
    sign_in,
    signed_in,
)
from tests.auth_providers.oidc_standin import make_signing_key
from tests.conftest import csrf_token
from tests.support.services import free_port


def _refused(app, client, response, status: int, text: str) -> None:
    assert response.status_code == status
    assert text in response.get_data(as_text=True)
    assert not signed_in(client)
    assert counts(app) == (0, 0)


def test_wrong_state_is_refused(any_oidc_app, google):
    client = any_oidc_app.test_client()
    response = sign_in(client, state="forged-state")
    _refused(any_oidc_app, client, response, 400, "started in another browser")


def test_a_callback_cannot_be_used_twice(oidc_app, google):
    client = oidc_app.test_client()
    back = at_provider(begin(client))
    assert come_back(client, back).status_code == 302
    client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    assert come_back(client, back).status_code == 400
    assert not signed_in(client)


def test_wrong_nonce_is_refused(any_oidc_app, google):
    google.nonce_override = "a-nonce-from-another-sign-in"
    client = any_oidc_app.test_client()
    _refused(any_oidc_app, client, sign_in(client), 400, "could not verify the answer from Google")


def test_a_token_signed_with_another_key_is_refused(oidc_app, google):
    google.signing_key = make_signing_key(google.key.kid)  # same key id, wrong key
    client = oidc_app.test_client()
    _refused(oidc_app, client, sign_in(client), 400, "could not verify the answer from Google")


def test_a_token_signed_with_an_unknown_key_is_refused(oidc_app, google):
    google.signing_key = make_signing_key("someone-elses-key")
    client = oidc_app.test_client()
    _refused(oidc_app, client, sign_in(client), 400, "could not verify the answer from Google")


def test_a_response_without_an_id_token_is_refused(oidc_app, google):
    google.with_id_token = False
    client = oidc_app.test_client()
    _refused(oidc_app, client, sign_in(client), 400, "had no ID token")


@pytest.mark.parametrize(
    ("error", "text"),
    [("access_denied", "You cancelled signing in with Google"), ("server_error", "could not")],
)
def test_provider_error_is_a_friendly_400(oidc_app, google, error, text):
    google.deny_with = error
    client = oidc_app.test_client()
    _refused(oidc_app, client, sign_in(client), 400, text)


def test_provider_down_at_the_start_is_a_502(make_app, google):
    settings = provider_settings(google)
    settings["GOOGLE_METADATA_URL"] = f"http://127.0.0.1:{free_port()}/.well-known/openid"
    app = make_app(**settings)
    client = app.test_client()
    response = client.get("/account/oauth/google/login")
    _refused(app, client, response, 502, "Google cannot be reached right now")


def test_provider_failing_at_the_token_step_is_a_502(oidc_app, google):
    google.token_status = 503
    client = oidc_app.test_client()
    _refused(oidc_app, client, sign_in(client), 502, "Google cannot be reached right now")


def test_provider_too_slow_is_a_502(make_app, google, monkeypatch):
    monkeypatch.setattr(oidc_providers, "TIMEOUT", 0.2)
    google.token_delay = 1.0
    app = make_app(**provider_settings(google))
    client = app.test_client()
    _refused(app, client, sign_in(client), 502, "Google cannot be reached right now")
