"""Deleting never loses track of files: an outbox recorded with the rows, drained with retries.

Storage fails for real where it can: the moto S3 server is stopped or answers HTTP 500. The
local folder cannot be made to fail for a root test process, so there a wrapper makes every
storage call raise the backend's own StorageError while the outage lasts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from r2w import deletions
from r2w.extensions import db
from r2w.models import CV, PendingDeletion, utcnow
from r2w.services import get_storage
from r2w.sites.reconcile import reconcile
from r2w.storage import StorageError
from tests.api.conftest import Api
from tests.conftest import register
from tests.faults.conftest import upload_ready
from tests.faults.test_storage_outage import s3_outage

pytestmark = pytest.mark.timeout(120)


class _Outage:
    """Wraps the local folder storage: while ``down``, every call raises StorageError."""

    def __init__(self, storage) -> None:
        self._storage = storage
        self.down = False

    def __getattr__(self, name: str):
        attribute = getattr(self._storage, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if self.down:
                raise StorageError("storage unavailable (test outage)")
            return attribute(*args, **kwargs)

        return call


@pytest.fixture(params=["local", "s3 stopped", "s3 answers 500"])
def outage_app(request, make_app):
    """(app, outage) where ``outage()`` is a context manager during which storage fails."""
    if request.param == "local":
        app = make_app()
        with app.app_context():
            wrapper = _Outage(get_storage())
        app.extensions["r2w.storage"] = wrapper

        @contextlib.contextmanager
        def outage() -> Iterator[None]:
            wrapper.down = True
            try:
                yield
            finally:
                wrapper.down = False

        return app, outage
    app = request.getfixturevalue("s3_app")
    endpoint = request.getfixturevalue("s3_endpoint")
    kind = "stopped" if request.param == "s3 stopped" else "answers 500"
    return app, lambda: s3_outage(app, endpoint, kind)


def _keys(app, prefix: str) -> list[str]:
    with app.app_context():
        return [info.key for info in get_storage().list(prefix)]


def _pending(app) -> list[PendingDeletion]:
    with app.app_context():
        rows = db.session.scalars(select(PendingDeletion)).all()
        db.session.expunge_all()
        return rows


def _reconcile_later(app, minutes: int = 120):
    """A reconcile pass as if run ``minutes`` from now (every postponed retry is due)."""
    with app.app_context():
        deletions.drain(utcnow() + timedelta(minutes=minutes))
        return reconcile()


def test_a_cv_deleted_while_storage_fails_is_removed_once_it_is_back(outage_app, sample_text):
    app, outage = outage_app
    api = Api(app.test_client())
    cv_id = upload_ready(api, sample_text)["id"]
    assert _keys(app, f"uploads/{cv_id}/")

    with outage():
        assert api.delete(f"/api/v1/cvs/{cv_id}").status_code == 204
        # The person sees it gone at once; the file is recorded, not forgotten.
        assert api.get(f"/api/v1/cvs/{cv_id}").status_code == 404
        [row] = _pending(app)
        assert (row.prefix, row.attempts) == (f"uploads/{cv_id}/", 1)
        with app.app_context():
            report = reconcile()  # still failing: retried later, never dropped
        assert report.deletions_pending == 1
        assert _pending(app)[0].attempts >= 1

    assert _keys(app, f"uploads/{cv_id}/")  # the file outlived the outage...
    report = _reconcile_later(app)
    assert report.deletions_pending == 0
    assert _keys(app, f"uploads/{cv_id}/") == []  # ...and is gone once storage answers
    assert _pending(app) == []


def test_retries_back_off_and_stay_queued(outage_app, sample_text):
    app, outage = outage_app
    api = Api(app.test_client())
    cv_id = upload_ready(api, sample_text)["id"]
    with outage():
        api.delete(f"/api/v1/cvs/{cv_id}")
        first = _pending(app)[0]
        with app.app_context():
            deletions.drain(utcnow() + timedelta(minutes=5))
        second = _pending(app)[0]
    assert second.attempts == first.attempts + 1
    assert second.next_attempt_at > first.next_attempt_at
    assert second.last_error  # what went wrong, for the operator


def test_a_deletion_with_storage_up_leaves_nothing_queued(app, sample_text):
    api = Api(app.test_client())
    cv_id = upload_ready(api, sample_text)["id"]
    assert api.delete(f"/api/v1/cvs/{cv_id}").status_code == 204
    assert _keys(app, f"uploads/{cv_id}/") == []
    assert _pending(app) == []


def test_account_deletion_during_an_outage_queues_every_file(outage_app, sample_text):
    app, outage = outage_app
    api = Api(app.test_client())
    register(api.client)
    api.forget_token()
    cv_id = upload_ready(api, sample_text)["id"]
    with outage():
        response = api.delete("/api/v1/account", json={"confirm": "ada@example.com"})
        assert response.status_code in (200, 204), response.get_data(as_text=True)
        assert f"uploads/{cv_id}/" in {row.prefix for row in _pending(app)}
    _reconcile_later(app)
    assert _keys(app, "uploads/") == []


@pytest.mark.parametrize("backend", ["local", "s3"])
def test_stray_files_older_than_a_day_are_swept(request, make_app, sample_text, backend):
    """A file stored while the database was down (no row) goes after a day; nothing else."""
    app = make_app() if backend == "local" else request.getfixturevalue("s3_app")
    api = Api(app.test_client())
    kept = upload_ready(api, sample_text)["id"]
    with app.app_context():
        get_storage().put("uploads/0123abcd/original.txt", b"orphan", "text/plain")
        get_storage().put("builds/deadbeef/spec.json", b"{}", "application/json")
        assert deletions.sweep_strays() == 0  # young: may be work in progress
        assert deletions.sweep_strays(now=utcnow() + timedelta(days=2)) == 2
        deletions.drain()
    assert _keys(app, "uploads/0123abcd/") == [] and _keys(app, "builds/deadbeef/") == []
    assert _keys(app, f"uploads/{kept}/")  # referenced by its row: untouched
    with app.app_context():
        assert deletions.sweep_strays(now=utcnow() + timedelta(days=2)) == 0


def test_anonymous_work_expires_after_the_retention(make_app, sample_text):
    app = make_app()
    assert app.config["ANONYMOUS_RETENTION_DAYS"] == 7
    visitor, member = Api(app.test_client()), Api(app.test_client())
    register(member.client)
    member.forget_token()
    old_anonymous = upload_ready(visitor, sample_text)["id"]
    old_member = upload_ready(member, sample_text)["id"]
    with app.app_context():
        eight_days_ago = utcnow() - timedelta(days=8)
        db.session.execute(update(CV).values(updated_at=eight_days_ago, created_at=eight_days_ago))
        db.session.commit()
    recent = upload_ready(visitor, sample_text, "recent.txt")["id"]

    with app.app_context():
        report = reconcile()

    # The visitor was active recently (their newest CV), so nothing of theirs expires yet.
    assert report.anonymous_expired == 0
    with app.app_context():
        db.session.execute(update(CV).values(updated_at=eight_days_ago))
        db.session.commit()
        report = reconcile()
        assert report.anonymous_expired == 1
        assert db.session.get(CV, old_anonymous) is None and db.session.get(CV, recent) is None
        assert db.session.get(CV, old_member) is not None  # accounts keep their work
    assert _keys(app, f"uploads/{old_anonymous}/") == []
    assert _keys(app, f"uploads/{old_member}/")
