"""Accounts through the real forms, on SQLite and PostgreSQL: sign up, log in, log out."""

import pytest
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import User
from tests.conftest import csrf_token, login, register


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_logout_login(any_app):
    client = any_app.test_client()
    response = register(client, "Ada@Example.com", "correct horse")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    with any_app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "ada@example.com"
        assert user.password_hash.startswith("$argon2id$")
        assert user.last_seen_at is not None

    response = client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to the login page

    response = login(client, "ADA@example.com", "correct horse")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_wrong_password_is_refused_and_changes_nothing(any_app):
    client = any_app.test_client()
    register(client)
    client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    response = login(client, "ada@example.com", "wrong password!")
    assert response.status_code == 400
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
    response = login(client, "nobody@example.com", "wrong password!")
    assert response.status_code == 400


def test_duplicate_email_is_case_insensitive(any_app):
    register(any_app.test_client(), "ada@example.com")
    response = register(any_app.test_client(), "ADA@EXAMPLE.COM")
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    assert _user_count(any_app) == 1


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("a" * 250 + "@example.com", "correct horse", "Field cannot be longer"),
        ("not-an-email", "correct horse", "Invalid email"),
        ("ada@example.com", "short", "at least 10"),
        ("ada@example.com", "x" * 300, "at most 256"),
    ],
)
def test_bad_registration_input(any_app, email, password, message):
    client = any_app.test_client()
    response = register(client, email, password)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _user_count(any_app) == 0


def test_missing_csrf_token_is_refused(app):
    client = app.test_client()
    response = client.post(
        "/account/register",
        data={"email": "ada@example.com", "password": "correct horse", "confirm": "correct horse"},
    )
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert _user_count(app) == 0


def test_logout_needs_csrf(app):
    client = app.test_client()
    register(client)
    assert client.post("/account/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_open_redirects_are_ignored(app):
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/account/register?next=//evil.example/",
        data={
            "email": "ada@example.com",
            "password": "correct horse",
            "confirm": "correct horse",
            "csrf_token": token,
        },
    )
    assert response.location == "/dashboard"


def test_login_gives_a_new_session_id(app):
    client = app.test_client()
    client.get("/account/login")
    before = client.get_cookie("r2w_session").value
    register(client)
    after = client.get_cookie("r2w_session").value
    assert before != after
