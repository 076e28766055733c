"""Ownership lives in one place: rows belong to a user or an anonymous session, never leak."""

from flask import session
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, User
from r2w.ownership import Owner, claim_anonymous_work, owned_by


def _cv(**owner) -> CV:
    return CV(
        original_name="cv.pdf",
        content_type="application/pdf",
        kind="pdf",
        size=10,
        sha256="0" * 64,
        **owner,
    )


def test_owned_by_filters_per_owner(any_app):
    with any_app.app_context():
        alice, bob = User(email="alice@example.com"), User(email="bob@example.com")
        db.session.add_all([alice, bob])
        db.session.flush()
        db.session.add_all(
            [_cv(owner_user_id=alice.id), _cv(owner_user_id=bob.id), _cv(anon_session_id="anon1")]
        )
        db.session.commit()
        mine = db.session.scalars(owned_by(CV, Owner(alice.id, None))).all()
        assert [cv.owner_user_id for cv in mine] == [alice.id]
        anon = db.session.scalars(owned_by(CV, Owner(None, "anon1"))).all()
        assert len(anon) == 1
        assert db.session.scalars(owned_by(CV, Owner(None, None))).all() == []


def test_claim_moves_anonymous_work_to_the_user(any_app):
    with any_app.test_request_context():
        user = User(email="carol@example.com")
        db.session.add(user)
        db.session.add_all([_cv(anon_session_id="anon2"), _cv(anon_session_id="someone-else")])
        db.session.commit()
        session["anon_id"] = "anon2"
        assert claim_anonymous_work(user.id) == 1
        db.session.commit()
        assert "anon_id" not in session
        rows = db.session.scalars(select(CV).order_by(CV.anon_session_id)).all()
        owners = sorted((cv.owner_user_id or "", cv.anon_session_id or "") for cv in rows)
        assert owners == [("", "someone-else"), (user.id, "")]


def test_deleting_a_user_deletes_their_rows(any_app):
    with any_app.app_context():
        user = User(email="dave@example.com")
        db.session.add(user)
        db.session.flush()
        db.session.add(_cv(owner_user_id=user.id))
        db.session.commit()
        db.session.delete(user)
        db.session.commit()
        assert db.session.scalars(select(CV)).all() == []
