"""Signing in with a provider: new accounts, returning people, linking, anonymous work."""

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, OAuthIdentity, User
from tests.auth_providers.helpers import (
    at_provider,
    authorize_query,
    begin,
    come_back,
    counts,
    sign_in,
    signed_in,
)
from tests.conftest import csrf_token, login, register


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def _identities(app) -> list[tuple[str, str, str, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(OAuthIdentity)).all()
        return [(i.user.email, i.provider, i.subject, i.email_verified) for i in rows]


def test_first_sign_in_creates_the_account_and_signs_in(any_oidc_app, google):
    client = any_oidc_app.test_client()
    authorize_url = begin(client)
    query = authorize_query(authorize_url)
    assert authorize_url.startswith(f"{google.url}/authorize?")
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == "http://localhost/account/oauth/google/callback"
    assert query["state"] and query["nonce"]

    response = come_back(client, at_provider(authorize_url))
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert signed_in(client)
    user = _user(any_oidc_app, "grace@example.com")
    assert (user.name, user.password_hash) == ("Grace Hopper", None)
    assert _identities(any_oidc_app) == [("grace@example.com", "google", "person-1", True)]


def test_a_returning_person_signs_in_to_the_same_account(oidc_app, google):
    assert sign_in(oidc_app.test_client()).status_code == 302
    google.person["email"] = "grace.new@example.com"  # emails change; the subject does not
    client = oidc_app.test_client()
    assert sign_in(client).status_code == 302
    assert signed_in(client)
    assert counts(oidc_app) == (1, 1)


def test_anonymous_work_is_kept_across_sign_in(any_oidc_app, google):
    client = any_oidc_app.test_client()
    with client.session_transaction() as session:
        session["anon_id"] = "anon-before-sign-in"
    with any_oidc_app.app_context():
        cv = CV(
            original_name="cv.pdf",
            content_type="application/pdf",
            kind="pdf",
            size=10,
            sha256="0" * 64,
            anon_session_id="anon-before-sign-in",
        )
        db.session.add(cv)
        db.session.commit()
        cv_id = cv.id
    assert sign_in(client).status_code == 302
    with any_oidc_app.app_context():
        cv = db.session.get(CV, cv_id)
        owner = db.session.scalar(select(User).where(User.email == "grace@example.com"))
        assert (cv.owner_user_id, cv.anon_session_id) == (owner.id, None)


def test_next_is_followed_only_within_the_site(oidc_app, google):
    response = sign_in(oidc_app.test_client(), next_path="/dashboard?tab=sites")
    assert response.headers["Location"] == "/dashboard?tab=sites"
    google.person["sub"] = "person-2"
    response = sign_in(oidc_app.test_client(), next_path="//evil.example/steal")
    assert response.headers["Location"] == "/dashboard"


def _mark_verified(app, email: str) -> None:
    """The owner opened the emailed link (the link itself: tests/app/test_email_verification)."""
    from r2w.models import utcnow

    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).email_verified_at = utcnow()
        db.session.commit()


def test_an_unverified_password_account_goes_to_the_verified_owner(any_oidc_app, google):
    """Someone registered grace@ with a password; Grace signs in with Google (verified email).

    The password claim loses: Grace gets the account, the password no longer works, and the
    registrant's session is signed out.
    """
    squatter = any_oidc_app.test_client()
    assert register(squatter, "grace@example.com", "squatter pw1").status_code == 302
    assert signed_in(squatter)

    grace = any_oidc_app.test_client()
    assert sign_in(grace).status_code == 302

    assert signed_in(grace)
    assert not signed_in(squatter)
    assert login(any_oidc_app.test_client(), "grace@example.com", "squatter pw1").status_code == 400
    assert counts(any_oidc_app) == (1, 1)
    user = _user(any_oidc_app, "grace@example.com")
    assert user.password_hash is None and user.email_verified_at is not None
    assert _identities(any_oidc_app) == [("grace@example.com", "google", "person-1", True)]


def test_a_verified_password_account_is_linked_and_keeps_its_password(any_oidc_app, google):
    owner = any_oidc_app.test_client()
    register(owner, "grace@example.com")
    _mark_verified(any_oidc_app, "grace@example.com")
    client = any_oidc_app.test_client()
    assert sign_in(client).status_code == 302
    assert signed_in(client) and signed_in(owner)
    assert counts(any_oidc_app) == (1, 1)
    assert _identities(any_oidc_app) == [("grace@example.com", "google", "person-1", True)]
    assert login(any_oidc_app.test_client(), "grace@example.com").status_code == 302


def test_an_unverified_provider_email_is_never_linked_to_an_unverified_account(oidc_app, google):
    register(oidc_app.test_client(), "grace@example.com")
    google.person["email_verified"] = False
    client = oidc_app.test_client()
    assert sign_in(client).headers["Location"] == "/account/oauth/link"
    assert login(client, "grace@example.com").status_code == 302
    assert counts(oidc_app) == (1, 0)
    assert "Confirm your email address first" in client.get("/dashboard").get_data(as_text=True)


def test_unverified_email_of_an_existing_account_needs_the_password_first(any_oidc_app, google):
    register(any_oidc_app.test_client(), "grace@example.com")
    _mark_verified(any_oidc_app, "grace@example.com")
    google.person["email_verified"] = False
    client = any_oidc_app.test_client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/oauth/link"
    page = client.get("/account/oauth/link").get_data(as_text=True)
    assert "You already have an account" in page and "grace@example.com" in page
    assert not signed_in(client)
    assert counts(any_oidc_app) == (1, 0)

    assert login(client, "grace@example.com").status_code == 302
    assert _identities(any_oidc_app) == [("grace@example.com", "google", "person-1", False)]
    client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    assert sign_in(client).status_code == 302  # now linked: straight in
    assert signed_in(client)


def test_a_pending_link_is_not_given_to_a_different_account(oidc_app, google):
    register(oidc_app.test_client(), "grace@example.com")
    register(oidc_app.test_client(), "mallory@example.com")
    google.person["email_verified"] = False
    client = oidc_app.test_client()
    sign_in(client)
    assert login(client, "mallory@example.com").status_code == 302
    assert counts(oidc_app) == (2, 0)


def test_email_from_userinfo_when_the_id_token_has_none(oidc_app, google):
    del google.person["email"]
    google.userinfo_extra = {"email": "grace@example.com", "email_verified": True}
    client = oidc_app.test_client()
    assert sign_in(client).status_code == 302
    assert signed_in(client)
    assert _user(oidc_app, "grace@example.com") is not None


def test_no_email_at_all_is_refused(oidc_app, google):
    del google.person["email"]
    response = sign_in(oidc_app.test_client())
    assert response.status_code == 400
    assert "did not share an email address" in response.get_data(as_text=True)
    assert counts(oidc_app) == (0, 0)


def test_linkedin_sends_the_client_secret_in_the_body(oidc_app, linkedin):
    linkedin.person = {"sub": "li-7", "email": "ada@example.com", "email_verified": True}
    client = oidc_app.test_client()
    assert sign_in(client, "linkedin").status_code == 302
    assert signed_in(client)
    [request] = linkedin.token_requests
    assert request["method"] == "client_secret_post"
    assert _identities(oidc_app) == [("ada@example.com", "linkedin", "li-7", True)]
