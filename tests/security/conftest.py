"""Fixtures for the security tests: apps with the security headers, owners with data, browsers."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask

from tests.api.conftest import Api
from tests.builder.factories import full_document
from tests.conftest import register
from tests.security.support import LiveServer, use_inline_builds, with_security

PASSWORD = "correct horse battery"
_emails = itertools.count(1)


@pytest.fixture
def sec_app(make_app) -> Flask:
    """The default app with the security headers on, in-process builds and generous limits."""
    limits = {f"{name}_RATE_LIMIT": "1000/minute" for name in ("UPLOAD", "PORTFOLIO", "BUILD")}
    return with_security(use_inline_builds(make_app(**limits)))


def sign_up(api: Api, email: str | None = None) -> Api:
    """Register through the real form; the API token changes with the session."""
    email = email or f"person{next(_emails)}@example.com"
    response = register(api.client, email=email, password=PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    api.forget_token()
    return api


@dataclass
class Owner:
    """A visitor and the things they made, by id."""

    api: Api
    cv_id: str
    portfolio_id: str
    build_id: str
    signed_in: bool
    slug: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def ready_cv(api: Api, document: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ready CV of this visitor holding the given document."""
    cv = api.post("/api/v1/cvs/blank").json
    saved = api.put(
        f"/api/v1/cvs/{cv['id']}/document",
        {"document": document or full_document(), "revision": cv["revision"]},
    )
    assert saved.status_code == 200, saved.json
    return cv


def portfolio_of(api: Api, cv_id: str, theme: str = "professional") -> dict[str, Any]:
    """A portfolio of the CV whose first build succeeded."""
    response = api.post("/api/v1/portfolios", {"cvId": cv_id, "theme": theme})
    assert response.status_code == 201, response.json
    assert response.json["latestBuild"]["status"] == "succeeded", response.json
    return response.json


def give_photo(app: Flask, api: Api, cv_id: str) -> None:
    """A photo in use and one found in the file, so every photo route has something to guard."""
    from PIL import Image

    from r2w.intake.photos import found_key
    from r2w.services import get_storage

    out = io.BytesIO()
    Image.new("RGB", (300, 400), "teal").save(out, "JPEG")
    response = api.client.put(
        f"/api/v1/cvs/{cv_id}/photo",
        data={"file": (io.BytesIO(out.getvalue()), "me.jpg")},
        headers={"X-CSRFToken": api.token, "Accept": "application/json"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    with app.app_context():
        get_storage().put(found_key(cv_id), api.get(response.json["photo"]["url"]).data)


def make_owner(app: Flask, *, signed_in: bool, slug: str | None = None) -> Owner:
    """A visitor with a ready CV and a built portfolio; signed in, it is also published twice."""
    api = Api(app.test_client())
    if signed_in:
        sign_up(api)
    cv = ready_cv(api)
    give_photo(app, api, cv["id"])
    portfolio = portfolio_of(api, cv["id"])
    owner = Owner(api, cv["id"], portfolio["id"], portfolio["latestBuild"]["id"], signed_in)
    if signed_in:
        published = api.post(f"/api/v1/portfolios/{owner.portfolio_id}/publish", {"slug": slug})
        assert published.status_code == 200, published.json
        owner.slug = published.json["slug"]
        # A second live build gives rollback something to go back to.
        changed = full_document() | {"unclassified_text": "second version"}
        revision = api.get(f"/api/v1/cvs/{owner.cv_id}/document").json["revision"]
        api.put(f"/api/v1/cvs/{owner.cv_id}/document", {"document": changed, "revision": revision})
        rebuilt = api.post(f"/api/v1/portfolios/{owner.portfolio_id}/builds").json
        owner.build_id = rebuilt["latestBuild"]["id"]
        assert api.post(f"/api/v1/portfolios/{owner.portfolio_id}/publish").status_code == 200
    return owner


@pytest.fixture
def owner_factory(sec_app) -> Callable[..., Owner]:
    """make_owner bound to the security app."""
    return lambda **kw: make_owner(sec_app, **kw)


@pytest.fixture
def live(sec_app) -> Iterator[LiveServer]:
    """The security app served over HTTP on 127.0.0.1."""
    server = LiveServer(sec_app)
    yield server
    server.stop()
