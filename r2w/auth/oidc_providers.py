"""The OpenID Connect providers r2w knows, and which of them this deployment has configured."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, abort, current_app

if TYPE_CHECKING:
    from authlib.integrations.flask_client import OAuth

EXTENSION_KEY = "r2w.oauth"
SCOPE = "openid email profile"
TIMEOUT = 10  # seconds for every call to a provider; a slow provider must not hang a worker


@dataclass(frozen=True)
class Provider:
    """A sign-in provider and where its settings live."""

    name: str
    title: str
    prefix: str  # settings are <PREFIX>_CLIENT_ID, <PREFIX>_CLIENT_SECRET, <PREFIX>_METADATA_URL
    metadata_url: str
    client_kwargs: dict[str, Any] = field(default_factory=dict)

    def settings(self, config: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
        """Return (client id, client secret, discovery URL) from the settings."""
        return (
            config.get(f"{self.prefix}_CLIENT_ID"),
            config.get(f"{self.prefix}_CLIENT_SECRET"),
            config.get(f"{self.prefix}_METADATA_URL") or self.metadata_url,
        )


PROVIDERS: dict[str, Provider] = {
    "google": Provider(
        "google",
        "Google",
        "GOOGLE",
        "https://accounts.google.com/.well-known/openid-configuration",
    ),
    "linkedin": Provider(
        "linkedin",
        "LinkedIn",
        "LINKEDIN",
        "https://www.linkedin.com/oauth/.well-known/openid-configuration",
        # LinkedIn's token endpoint only accepts the client secret in the form body.
        {"token_endpoint_auth_method": "client_secret_post"},
    ),
}


def configured_providers(config: Mapping[str, Any]) -> list[Provider]:
    """Return the providers whose client id and secret are both set."""
    return [p for p in PROVIDERS.values() if all(p.settings(config)[:2])]


def build_oauth(app: Flask) -> OAuth:
    """Register each configured provider with a per-app Authlib registry."""
    # Imported here: Authlib (with cryptography and requests) costs every process ~170 ms and
    # ~17 MiB at start-up, and only a sign-in through a provider uses it.
    from authlib.integrations.flask_client import OAuth

    # One registry per app: Authlib binds a registry (and its cached discovery data) to one app.
    oauth = OAuth(app)
    for provider in configured_providers(app.config):
        client_id, client_secret, metadata_url = provider.settings(app.config)
        oauth.register(
            provider.name,
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=metadata_url,
            client_kwargs={"scope": SCOPE, "default_timeout": TIMEOUT, **provider.client_kwargs},
        )
    return oauth


_REGISTRY_LOCK = threading.Lock()


def oauth_registry(app: Flask) -> OAuth:
    """The app's Authlib registry, built on the first sign-in through a provider."""
    with _REGISTRY_LOCK:  # threaded workers: one registry per app, not one per thread
        oauth = app.extensions.get(EXTENSION_KEY)
        if oauth is None:
            oauth = app.extensions[EXTENSION_KEY] = build_oauth(app)
        return oauth


def client_or_404(name: str) -> Any:
    """Return the Authlib client for a configured provider; unknown or unconfigured is a 404."""
    provider = PROVIDERS.get(name)
    if provider is None or provider not in configured_providers(current_app.config):
        abort(404)
    client = oauth_registry(current_app._get_current_object()).create_client(name)
    if client is None:
        abort(404)
    return client
