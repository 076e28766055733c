"""Imported people sign in: bcrypt with the old password (then upgraded), others by a reset."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, OriginalImport, User
from tests.conftest import csrf_token, login
from tests.cutover.original import ANN_PASSWORD, BOB_PASSWORD
from tests.support.mailbox import mailbox  # noqa: F401 - fixture

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
RESET_LINK = re.compile(r"https?://\S+(/account/reset/\S+)")


@pytest.fixture
def mail_app(make_app, mailbox):  # noqa: F811 - the fixture imported above
    """An app that sends its mail to a local SMTP server."""
    box, settings = mailbox
    return make_app(**settings), box


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def test_a_bcrypt_user_signs_in_sees_their_cvs_and_downloads_an_original(app, original, run_import):
    run_import(app)
    client = app.test_client()

    response = login(client, "ANN@example.com", ANN_PASSWORD)

    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Ann CV.pdf" in page and "cv.txt" in page  # the merged twin's CV too
    with app.app_context():
        cv_id = db.session.get(OriginalImport, "cv:u-ann-pdf").target_id
        listed = {cv["id"] for cv in client.get("/api/v1/cvs").json["cvs"]}
        assert cv_id in listed and len(listed) == len(
            db.session.scalars(
                select(CV).where(CV.owner_user_id == _user(app, "ann@example.com").id)
            ).all()
        )
    download = client.get(f"/api/v1/cvs/{cv_id}/original")
    assert download.status_code == 200
    assert download.data == original.cvs["ann_pdf"].files["job-ann-pdf.pdf"]
    # The old bcrypt hash is replaced by r2w's own scheme at this first sign-in.
    upgraded = _user(app, "ann@example.com").password_hash
    assert upgraded.startswith("$argon2id$")

    client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    again = app.test_client()
    assert login(again, "ann@example.com", ANN_PASSWORD).status_code == 302
    assert login(app.test_client(), "ann@example.com", "wrong-password").status_code == 400


def test_a_sha256_user_signs_in_only_after_a_password_reset_by_email(mail_app, run_import):
    app, box = mail_app
    run_import(app)
    client = app.test_client()
    assert login(client, "bob@example.com", BOB_PASSWORD).status_code == 400

    token = csrf_token(client)
    response = client.post("/account/reset", data={"email": "Bob@Example.com", "csrf_token": token})
    assert response.status_code == 302
    (message,) = [m for m in box.messages if m["To"] == "bob@example.com"]
    path = RESET_LINK.search(message.get_payload(decode=True).decode()).group(1)

    form = {"password": "a new password 1", "confirm": "a new password 1"}
    page = client.get(path)
    assert page.status_code == 200
    done = client.post(path, data={**form, "csrf_token": csrf_token(client)})

    assert done.status_code == 302 and done.headers["Location"] == "/account/login"
    assert login(app.test_client(), "bob@example.com", "a new password 1").status_code == 302
    assert _user(app, "bob@example.com").email_verified_at is not None
    # The link works once: using it changed the password it was bound to.
    assert client.get(path).status_code == 302


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(mail_app):
    app, box = mail_app
    client = app.test_client()
    token = csrf_token(client)

    response = client.post(
        "/account/reset", data={"email": "nobody@example.com", "csrf_token": token}
    )

    assert response.status_code == 302
    assert box.messages == []
    assert client.post("/account/reset", data={"email": "", "csrf_token": token}).status_code == 400


def test_imported_people_without_a_password_are_mailed_one_reset_link(mail_app, run_import):
    app, box = mail_app
    run_import(app)
    runner = app.test_cli_runner()

    planned = runner.invoke(args=["r2w", "send-reset-links", "--dry-run"])
    assert "would send: 2" in planned.output and box.messages == []
    first = runner.invoke(args=["r2w", "send-reset-links"])
    second = runner.invoke(args=["r2w", "send-reset-links"])

    assert first.exit_code == 0 and "sent: 2, already sent: 0" in first.output
    assert "sent: 0, already sent: 2" in second.output
    assert sorted(m["To"] for m in box.messages) == ["bob@example.com", "carol@example.com"]
    assert all(RESET_LINK.search(m.get_payload(decode=True).decode()) for m in box.messages)
