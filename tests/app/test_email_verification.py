"""Password accounts verify their email through a signed, expiring link sent over SMTP."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from r2w.auth.accounts import revoke_sessions
from r2w.extensions import db
from r2w.models import User
from tests.conftest import register
from tests.support.mailbox import mailbox  # noqa: F401 - fixture

EMAIL = "ada@example.com"


def _user(app) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        db.session.expunge_all()
        return user


@pytest.fixture
def mail_app(make_app, mailbox):  # noqa: F811 - the fixture imported above
    box, settings = mailbox
    return make_app(**settings), box


def test_sign_up_mails_a_link_that_verifies_the_address(mail_app):
    app, box = mail_app
    client = app.test_client()
    assert register(client, EMAIL).status_code == 302
    assert _user(app).email_verified_at is None
    assert "Please confirm your email address" in client.get("/dashboard").get_data(as_text=True)

    (link,) = box.links_to(EMAIL)
    response = client.get(link.split("localhost", 1)[1])

    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    assert _user(app).email_verified_at is not None
    assert "Please confirm" not in client.get("/dashboard").get_data(as_text=True)


def test_a_forged_or_expired_link_verifies_nothing(mail_app):
    app, box = mail_app
    client = app.test_client()
    register(client, EMAIL)
    (link,) = box.links_to(EMAIL)
    path = link.split("localhost", 1)[1]

    assert client.get(path[:-2] + "xx").headers["Location"] == "/account/login"
    app.config["EMAIL_VERIFY_HOURS"] = 0
    time.sleep(1.1)  # the token's timestamp has one-second resolution
    assert client.get(path).headers["Location"] == "/account/login"
    assert _user(app).email_verified_at is None


def test_the_link_can_be_sent_again_from_the_dashboard(mail_app):
    from tests.conftest import csrf_token

    app, box = mail_app
    client = app.test_client()
    register(client, EMAIL)
    response = client.post("/account/verify/resend", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert len(box.links_to(EMAIL)) == 2


def test_sign_up_works_without_a_mail_server(app):
    client = app.test_client()
    assert register(client, EMAIL).status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert _user(app).email_verified_at is None


def test_raising_the_session_epoch_signs_out_every_session(app):
    first, second = app.test_client(), app.test_client()
    register(first, EMAIL)
    from tests.conftest import login

    assert login(second, EMAIL).status_code == 302
    with app.app_context():
        revoke_sessions(db.session.scalar(select(User).where(User.email == EMAIL)))
        db.session.commit()

    assert first.get("/dashboard").status_code == 302
    assert second.get("/dashboard").status_code == 302
    fresh = app.test_client()
    assert login(fresh, EMAIL).status_code == 302
    assert fresh.get("/dashboard").status_code == 200
