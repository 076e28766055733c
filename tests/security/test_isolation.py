"""One visitor can never read, change, build, publish or delete another visitor's things.

Every route with an id in its path is found in app.url_map, so a new route is covered the day it
is added; a route whose id this test cannot fill in fails the test until it is taught.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from r2w.extensions import db
from r2w.models import Build
from r2w.services import get_storage
from tests.api.conftest import Api
from tests.builder.factories import full_document
from tests.security.conftest import Owner, portfolio_of, ready_cv, sign_up
from tests.security.support import id_rules, methods_of, snapshot

VISITORS = ("other_user", "anonymous", "other_anon")
PLACEHOLDER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
# Bodies that would succeed for the owner, so a missing ownership check could not hide
# behind a validation error.
BODIES: dict[tuple[str, str], Any] = {
    ("api.put_document", "PUT"): {"document": full_document() | {"unclassified_text": "stolen"}},
    ("api.update_portfolio", "PATCH"): {"theme": "creative", "slug": "taken-over"},
    ("api.publish_portfolio", "POST"): {"slug": "taken-over"},
}


def _values(owner: Owner) -> dict[str, str]:
    return {
        "cv_id": owner.cv_id,
        "portfolio_id": owner.portfolio_id,
        "build_id": owner.build_id,
        "path": "index.html",
        "page": "1",
    }


def _requests(app, owner: Owner) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every id route, filled with the owner's ids."""
    values = _values(owner)
    table = []
    for rule in id_rules(app):
        missing = [arg for arg in rule.arguments if arg not in values]
        assert not missing, f"{rule.rule}: teach this test an id for {missing}"
        url = PLACEHOLDER.sub(lambda m: values[m.group(1)], rule.rule)
        table.extend((rule.endpoint, method, url) for method in methods_of(rule))
    return table


def _send(api: Api, endpoint: str, method: str, url: str):
    if method == "GET":
        return api.get(url)
    if method == "DELETE":
        return api.delete(url)
    return getattr(api, method.lower())(url, BODIES.get((endpoint, method), {}))


def _view_of(owner: Owner) -> dict[str, Any]:
    """Everything the owner can see of their things through the API."""
    api = owner.api
    return {
        "cv": api.get(f"/api/v1/cvs/{owner.cv_id}").json,
        "document": api.get(f"/api/v1/cvs/{owner.cv_id}/document").json,
        "portfolio": api.get(f"/api/v1/portfolios/{owner.portfolio_id}").json,
        "build": api.get(f"/api/v1/builds/{owner.build_id}").json,
        "preview": api.client.get(f"/preview/{owner.build_id}/").status_code,
    }


def _routed(app, table: list[tuple[str, str, str]]) -> list[str]:
    """The endpoint each request reaches, so a 404 comes from the view, not from routing."""
    adapter = app.url_map.bind("localhost")
    return [adapter.match(url, method=method)[0] for _, method, url in table]


def _visitor(app, kind: str) -> Api:
    api = Api(app.test_client())
    if kind == "other_user":
        sign_up(api)
        ready_cv(api)
    elif kind == "other_anon":
        ready_cv(api)  # an anonymous session that owns something of its own
    return api


@pytest.mark.parametrize("owner_signed_in", [True, False], ids=["owner_user", "owner_anon"])
def test_every_id_route_answers_404_to_anyone_else(sec_app, owner_factory, owner_signed_in):
    owner = owner_factory(signed_in=owner_signed_in)
    visitors = {kind: _visitor(sec_app, kind) for kind in VISITORS}
    before, seen = snapshot(sec_app), _view_of(owner)
    table = _requests(sec_app, owner)

    wrong = []
    for kind, visitor in visitors.items():
        for endpoint, method, url in table:
            response = _send(visitor, endpoint, method, url)
            if response.status_code != 404:
                wrong.append((kind, method, url, response.status_code))
            elif url.startswith("/api/"):
                assert response.json["error"] == "not_found", (kind, method, url, response.json)

    assert wrong == []
    assert {e for e, _, _ in table} >= {
        "api.delete_cv",
        "api.get_build",
        "sites.preview",
        "api.get_review",
        "api.dismiss_flag",
        "api.list_pages",
        "api.get_page",
    }
    assert _routed(sec_app, table) == [endpoint for endpoint, _, _ in table]
    assert snapshot(sec_app) == before
    assert _view_of(owner) == seen


@pytest.mark.parametrize("owner_signed_in", [True, False], ids=["owner_user", "owner_anon"])
def test_the_owner_reaches_every_id_route_the_others_cannot(
    sec_app, owner_factory, owner_signed_in
):
    """The control: the same URLs work for their owner, so the 404s above mean refusal."""
    owner = owner_factory(signed_in=owner_signed_in)
    reads = [(e, m, u) for e, m, u in _requests(sec_app, owner) if m == "GET"]

    statuses = {u: _send(owner.api, e, m, u).status_code for e, m, u in reads}

    assert len(reads) >= 10
    assert {u: s for u, s in statuses.items() if s not in (200, 302)} == {}


def test_lists_show_only_the_visitors_own_things(sec_app, owner_factory):
    owner = owner_factory(signed_in=True)
    for kind in VISITORS:
        visitor = _visitor(sec_app, kind)
        cvs = [cv["id"] for cv in visitor.get("/api/v1/cvs").json["cvs"]]
        portfolios = [p["id"] for p in visitor.get("/api/v1/portfolios").json["portfolios"]]

        assert owner.cv_id not in cvs
        assert owner.portfolio_id not in portfolios
        assert len(cvs) == (0 if kind == "anonymous" else 1)


def test_ids_in_bodies_are_checked_too(sec_app, owner_factory):
    owner = owner_factory(signed_in=True, slug="owner-site")
    visitor = sign_up(Api(sec_app.test_client()))
    mine = portfolio_of(visitor, ready_cv(visitor)["id"])
    before = snapshot(sec_app)

    stolen_cv = visitor.post("/api/v1/portfolios", {"cvId": owner.cv_id})
    foreign_build = visitor.post(
        f"/api/v1/portfolios/{mine['id']}/publish", {"buildId": owner.build_id}
    )
    taken_slug = visitor.patch(f"/api/v1/portfolios/{mine['id']}", {"slug": "owner-site"})

    assert stolen_cv.status_code == 404
    assert (foreign_build.status_code, foreign_build.json["error"]) == (409, "no_build")
    assert (taken_slug.status_code, taken_slug.json["error"]) == (409, "slug_taken")
    assert snapshot(sec_app) == before
    assert owner.api.get(f"/api/v1/portfolios/{owner.portfolio_id}").json["slug"] == "owner-site"


def test_theme_assets_open_to_anyone_hold_no_cv_content(sec_app, owner_factory):
    """Theme files are served by build id alone (the sandboxed preview sends no cookie).

    The photo is too, by the content hash in its name, which only the owner-only page names.
    """
    owner = owner_factory(signed_in=False)
    stranger = Api(sec_app.test_client())
    files = _manifest(sec_app, owner.build_id)["files"]
    assets = [name for name in files if name.startswith("assets/")]
    pages = [name for name in files if not name.startswith("assets/")]
    document = full_document()
    secrets = [document["hero"]["fullName"], document["contact"]["email"]]

    assert assets and pages and any(name.startswith("assets/photo.") for name in assets)
    for name in assets:
        response = stranger.client.get(f"/preview/{owner.build_id}/{name}")
        assert response.status_code == (200 if name.endswith((".css", ".svg", ".webp")) else 404)
        assert not any(s.encode() in response.data for s in secrets), name
    for name in pages:
        assert stranger.client.get(f"/preview/{owner.build_id}/{name}").status_code == 404


def _manifest(app, build_id: str) -> dict[str, Any]:
    with app.app_context():
        prefix = db.session.get(Build, build_id).storage_prefix
        return json.loads(get_storage().get_bytes(prefix + "manifest.json"))
