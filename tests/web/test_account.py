"""Account export and deletion: everything of the person's goes, payments stay unlinked."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import CV, Build, Extraction, OAuthIdentity, Payment, Portfolio, User
from tests.api.conftest import Api, stored_keys
from tests.conftest import csrf_token
from tests.web.conftest import built_site, ready_cv, signed_up


def _published_account(app, email: str = "ada@example.com") -> tuple[Api, dict, dict, dict]:
    """A signed-up person with a published site, an identity and a payment on record."""
    api = Api(app.test_client())
    cv, portfolio, build = built_site(api)
    signed_up(api, email)
    published = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": "ada-site"})
    assert published.status_code == 200, published.json
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.add(
            OAuthIdentity(user_id=user.id, provider="google", subject="g-1", email=email)
        )
        db.session.add(Payment(user_id=user.id, plan="lifetime", amount=1900, currency="eur"))
        db.session.commit()
    return api, cv, published.json, build


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_export_holds_account_cvs_documents_portfolios_builds(app):
    api, cv, portfolio, build = _published_account(app)
    response = api.get("/api/v1/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data())
    assert data["format"] == "r2w-account-export" and data["version"] == 1
    assert data["account"]["email"] == "ada@example.com"
    assert data["account"]["identities"][0]["provider"] == "google"
    assert [c["id"] for c in data["cvs"]] == [cv["id"]]
    assert data["cvs"][0]["document"]["hero"]["fullName"] == "Alexandra Chen"
    exported = data["portfolios"][0]
    assert exported["id"] == portfolio["id"] and exported["slug"] == "ada-site"
    assert exported["published"] is True
    assert [b["id"] for b in exported["builds"]] == [build["id"]]
    assert data["payments"][0]["amount"] == 1900


def test_export_needs_sign_in(api):
    ready_cv(api)
    response = api.get("/api/v1/account/export")
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_delete_removes_rows_files_and_public_site_but_keeps_payments(app):
    api, cv, _, build = _published_account(app)
    assert api.client.get("/p/ada-site/").status_code == 200
    assert any(key.startswith(f"uploads/{cv['id']}/") for key in stored_keys(app))
    refused = api.delete("/api/v1/account")
    assert refused.status_code == 400  # no body, no confirmation
    wrong = api.client.delete(
        "/api/v1/account", json={"confirm": "eve@example.com"}, headers={"X-CSRFToken": api.token}
    )
    assert wrong.status_code == 400 and wrong.json["error"] == "confirm_mismatch"

    response = api.client.delete(
        "/api/v1/account", json={"confirm": " Ada@Example.com "}, headers={"X-CSRFToken": api.token}
    )
    assert response.status_code == 200 and response.json["deleted"] is True
    for model in (User, CV, Portfolio, Build, Extraction, OAuthIdentity):
        assert _count(app, model) == 0, model.__name__
    assert stored_keys(app) == []
    with app.app_context():
        payment = db.session.scalar(select(Payment))
        assert payment is not None and payment.user_id is None and payment.amount == 1900
    assert api.client.get("/p/ada-site/").status_code == 404
    assert api.client.get(build["previewUrl"]).status_code == 404
    # Signed out: the dashboard asks for a sign-in again, with the goodbye message shown once.
    assert api.client.get("/dashboard").status_code == 302
    assert "have been deleted" in api.client.get("/").get_data(as_text=True)


def test_delete_leaves_other_people_alone(app):
    api, *_ = _published_account(app)
    other = Api(app.test_client())
    other_cv, _, other_build = built_site(other)
    signed_up(other, "eve@example.com")
    api.client.delete(
        "/api/v1/account", json={"confirm": "ada@example.com"}, headers={"X-CSRFToken": api.token}
    )
    assert _count(app, User) == 1 and _count(app, CV) == 1
    assert other.get(f"/api/v1/cvs/{other_cv['id']}/document").status_code == 200
    assert other.client.get(other_build["previewUrl"]).status_code == 200
    assert any(key.startswith(f"uploads/{other_cv['id']}/") for key in stored_keys(app))


def test_delete_needs_sign_in_and_csrf(app, api):
    ready_cv(api)
    assert api.client.delete("/api/v1/account", json={"confirm": "x"}).status_code == 400
    response = api.delete("/api/v1/account")
    assert response.status_code == 401


def test_the_dashboard_form_deletes_without_javascript(app):
    api, *_ = _published_account(app)
    token = csrf_token(api.client)
    wrong = api.client.post(
        "/dashboard/delete-account", data={"confirm": "no", "csrf_token": token}
    )
    assert wrong.status_code == 302 and wrong.headers["Location"].endswith("#delete-account")
    assert _count(app, User) == 1
    response = api.client.post(
        "/dashboard/delete-account", data={"confirm": "ada@example.com", "csrf_token": token}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _count(app, User) == 0 and _count(app, CV) == 0
    assert stored_keys(app) == []


@pytest.mark.postgres
def test_delete_on_postgresql(make_app):
    app = make_app(database="postgres")
    api, *_ = _published_account(app)
    response = api.client.delete(
        "/api/v1/account", json={"confirm": "ada@example.com"}, headers={"X-CSRFToken": api.token}
    )
    assert response.status_code == 200
    for model in (User, CV, Portfolio, Build):
        assert _count(app, model) == 0, model.__name__
    with app.app_context():
        assert db.session.scalar(select(Payment.user_id)) is None
    assert api.client.get("/p/ada-site/").status_code == 404
