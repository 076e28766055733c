"""Providers exist only when configured: no buttons, no routes otherwise."""

import pytest

from tests.auth_providers.helpers import provider_settings


@pytest.mark.parametrize("page", ["/account/login", "/account/register"])
def test_no_provider_configured_means_no_buttons_and_no_routes(make_app, page):
    client = make_app().test_client()
    assert "Continue with" not in client.get(page).get_data(as_text=True)
    for provider in ("google", "linkedin", "github"):
        assert client.get(f"/account/oauth/{provider}/login").status_code == 404
        assert client.get(f"/account/oauth/{provider}/callback").status_code == 404


def test_only_configured_providers_are_offered(make_app, google):
    client = make_app(**provider_settings(google)).test_client()
    page = client.get("/account/login?next=/dashboard").get_data(as_text=True)
    assert "Continue with Google" in page
    assert 'href="/account/oauth/google/login?next=/dashboard"' in page
    assert "Continue with LinkedIn" not in page
    assert client.get("/account/oauth/linkedin/login").status_code == 404
    assert client.get("/account/oauth/google/login").status_code == 302


def test_a_client_id_without_a_secret_is_not_configured(make_app, google):
    settings = provider_settings(google)
    settings["GOOGLE_CLIENT_SECRET"] = ""
    client = make_app(**settings).test_client()
    assert "Continue with Google" not in client.get("/account/login").get_data(as_text=True)
    assert client.get("/account/oauth/google/login").status_code == 404


def test_both_buttons_when_both_are_configured(oidc_app):
    page = oidc_app.test_client().get("/account/register").get_data(as_text=True)
    assert "Continue with Google" in page and "Continue with LinkedIn" in page


def test_the_link_page_without_a_pending_link_goes_to_login(oidc_app):
    response = oidc_app.test_client().get("/account/oauth/link")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login"
