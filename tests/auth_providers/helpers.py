"""Drive a provider sign-in the way a browser would, through the local provider."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import OAuthIdentity, User
from tests.auth_providers.oidc_standin import OIDCProvider


def provider_settings(google: OIDCProvider | None = None, linkedin: OIDCProvider | None = None):
    """App settings that register the given local providers."""
    settings: dict[str, Any] = {}
    for prefix, provider in (("GOOGLE", google), ("LINKEDIN", linkedin)):
        if provider is not None:
            settings[f"{prefix}_CLIENT_ID"] = provider.client_id
            settings[f"{prefix}_CLIENT_SECRET"] = provider.client_secret
            settings[f"{prefix}_METADATA_URL"] = provider.metadata_url
    return settings


def begin(client: FlaskClient, provider: str = "google", next_path: str | None = None) -> str:
    """Start signing in; return the provider authorization URL the app redirected to."""
    query = {"next": next_path} if next_path else {}
    response = client.get(f"/account/oauth/{provider}/login", query_string=query)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def at_provider(authorize_url: str) -> str:
    """Visit the provider's authorize endpoint; return where it sends the browser back."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302
    return response.headers["Location"]


def come_back(client: FlaskClient, back_url: str, **replace: str):
    """Follow the provider's redirect to the app's callback, optionally tampering with it."""
    url = urlsplit(back_url)
    query = dict(parse_qsl(url.query))
    query.update(replace)
    return client.get(url.path, query_string=query)


def sign_in(client: FlaskClient, provider: str = "google", next_path: str | None = None, **replace):
    """The whole round trip; returns the callback response."""
    return come_back(client, at_provider(begin(client, provider, next_path)), **replace)


def authorize_query(authorize_url: str) -> dict[str, str]:
    """The query parameters of an authorization URL."""
    return dict(parse_qsl(urlsplit(authorize_url).query))


def signed_in(client: FlaskClient) -> bool:
    """Return whether the client's session is signed in."""
    return client.get("/dashboard").status_code == 200


def counts(app: Flask) -> tuple[int, int]:
    """Return (users, linked identities)."""
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User))
        identities = db.session.scalar(select(func.count()).select_from(OAuthIdentity))
        return users, identities
