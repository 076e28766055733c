"""Helpers for API tests: a client that speaks JSON with the CSRF header, and sample files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "cvs"


class Api:
    """A test client wrapper that sends the session's CSRF token like the web pages do."""

    def __init__(self, client) -> None:
        self.client = client
        self._token: str | None = None

    @property
    def token(self) -> str:
        """The CSRF token for this client's session."""
        if self._token is None:
            self._token = self.client.get("/api/v1/session").json["csrfToken"]
        return self._token

    def forget_token(self) -> None:
        """Sign-in gives a new session, and so a new token."""
        self._token = None

    def _headers(self, extra: dict | None = None) -> dict:
        return {"X-CSRFToken": self.token, "Accept": "application/json", **(extra or {})}

    def get(self, url: str, **kw):
        """GET with JSON accepted."""
        return self.client.get(url, headers={"Accept": "application/json"}, **kw)

    def post(self, url: str, json: Any = None, **kw):
        """POST JSON with the CSRF header."""
        return self.client.post(
            url, json=json, headers=self._headers(kw.pop("headers", None)), **kw
        )

    def put(self, url: str, json: Any = None, **kw):
        """PUT JSON with the CSRF header."""
        return self.client.put(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url: str, json: Any = None, **kw):
        """PATCH JSON with the CSRF header."""
        return self.client.patch(url, json=json, headers=self._headers(), **kw)

    def delete(self, url: str, **kw):
        """DELETE with the CSRF header."""
        return self.client.delete(url, headers=self._headers(), **kw)

    def upload(self, data: bytes, filename: str = "cv.txt"):
        """Upload a CV file the way the page's form does."""
        return self.client.post(
            "/api/v1/cvs",
            data={"file": (io.BytesIO(data), filename)},
            headers=self._headers(),
            content_type="multipart/form-data",
        )


@pytest.fixture
def api(app) -> Api:
    """An API client on the default (SQLite) app."""
    return Api(app.test_client())


@pytest.fixture
def sample_text() -> bytes:
    """A real text CV from the samples."""
    return (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()


def stored_keys(app) -> list[str]:
    """Every object key in the app's storage."""
    from r2w.services import get_storage

    with app.app_context():
        return sorted(info.key for info in get_storage().list(""))
