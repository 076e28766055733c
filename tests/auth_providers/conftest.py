"""Fixtures: local OpenID Connect providers standing in for Google and LinkedIn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.auth_providers.helpers import provider_settings
from tests.auth_providers.oidc_standin import OIDCProvider, make_signing_key


@pytest.fixture(scope="session")
def signing_key():
    """The providers' RSA signing key (generated once: it takes a moment)."""
    return make_signing_key("provider-key-1")


@pytest.fixture(scope="session")
def google_server(signing_key) -> Iterator[OIDCProvider]:
    """A provider standing in for Google, for the whole run."""
    provider = OIDCProvider(signing_key, "google-client-id", "google-secret").start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def linkedin_server(signing_key) -> Iterator[OIDCProvider]:
    """A provider standing in for LinkedIn, for the whole run."""
    provider = OIDCProvider(signing_key, "linkedin-client-id", "linkedin-secret").start()
    yield provider
    provider.stop()


@pytest.fixture
def google(google_server) -> OIDCProvider:
    """The Google stand-in, well-behaved again for this test."""
    google_server.reset()
    return google_server


@pytest.fixture
def linkedin(linkedin_server) -> OIDCProvider:
    """The LinkedIn stand-in, well-behaved again for this test."""
    linkedin_server.reset()
    return linkedin_server


@pytest.fixture
def oidc_app(make_app, google, linkedin) -> Flask:
    """An app (SQLite) with both providers configured."""
    return make_app(**provider_settings(google, linkedin))


@pytest.fixture(params=["sqlite", "postgres"])
def any_oidc_app(request, make_app, google, linkedin) -> Flask:
    """An app with both providers configured, on SQLite and on PostgreSQL."""
    return make_app(database=request.param, **provider_settings(google, linkedin))
