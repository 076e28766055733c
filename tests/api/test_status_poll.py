"""The status poll: the same answer as the CV's full representation, for one small query."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import threading

import pytest
from sqlalchemy import event, update

import r2w.dbpool
from r2w.api.serializers import cv_json
from r2w.extensions import db
from r2w.intake import documents, reviews
from r2w.models import CV
from tests.api.conftest import Api
from tests.api.test_review import UNPLACED, _uploaded


class Counted:
    """Statements sent through the app's engine, and raw pings made at checkout."""

    def __init__(self, app, monkeypatch) -> None:
        self.statements: list[str] = []
        self.pings = 0
        with app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        real_ping = r2w.dbpool.ping

        def counting_ping(connection) -> None:
            self.pings += 1
            real_ping(connection)

        monkeypatch.setattr(r2w.dbpool, "ping", counting_ping)

    def _statement(self, conn, cursor, statement, *args) -> None:
        self.statements.append(statement)

    def reset(self) -> None:
        """Start counting again."""
        self.statements.clear()
        self.pings = 0

    def close(self) -> None:
        """Stop listening."""
        event.remove(self.engine, "before_cursor_execute", self._statement)


@pytest.fixture(params=["sqlite", "postgres"])
def poll_app(request, make_app):
    """The app on SQLite with folder sessions, and on PostgreSQL with Redis sessions."""
    if request.param == "sqlite":
        return make_app()
    return make_app(database="postgres", sessions="redis")


def full_json(app, cv_id: str) -> dict:
    """The CV as the full serializer words it (what the poll must equal)."""
    with app.test_request_context():
        return cv_json(db.session.get(CV, cv_id))


def test_the_poll_says_what_the_full_representation_says(poll_app):
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    polled = api.get(f"/api/v1/cvs/{cv['id']}").json
    assert polled == full_json(poll_app, cv["id"])
    assert polled["needsReview"] == 1 and polled["extraction"] is not None
    assert api.post(f"/api/v1/cvs/{cv['id']}/review/dismiss", UNPLACED).status_code == 200
    after = api.get(f"/api/v1/cvs/{cv['id']}").json
    assert after["needsReview"] == 0
    assert after == full_json(poll_app, cv["id"])


def test_a_cv_without_a_document_or_run_polls_too(app):
    api = Api(app.test_client())
    cv = _uploaded(api)
    with app.app_context():
        row = db.session.get(CV, cv["id"])
        row.status, row.document = "reading", None
        for run in list(row.extractions):
            db.session.delete(run)
        db.session.commit()
    polled = api.get(f"/api/v1/cvs/{cv['id']}").json
    assert polled["hasDocument"] is False and polled["extraction"] is None
    assert polled["needsReview"] == 0 and polled["status"] == "reading"
    assert polled == full_json(app, cv["id"])


def test_strangers_and_bad_ids_get_404(app):
    owner = Api(app.test_client())
    cv = _uploaded(owner)
    stranger = Api(app.test_client())
    assert stranger.get(f"/api/v1/cvs/{cv['id']}").status_code == 404
    assert stranger.get("/api/v1/cvs/%00x").status_code == 404
    assert owner.get("/api/v1/cvs/no-such-cv").status_code == 404


def test_a_poll_is_one_query_and_no_session_save(poll_app, monkeypatch):
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}"
    counted = Counted(poll_app, monkeypatch)
    saves = []
    inner = getattr(poll_app.session_interface, "inner", poll_app.session_interface)
    real_upsert = inner._upsert_session
    monkeypatch.setattr(inner, "_upsert_session", lambda *a: (saves.append(a), real_upsert(*a)))
    try:
        response = api.get(url)
    finally:
        counted.close()
    assert response.status_code == 200
    assert len(counted.statements) == 1, counted.statements
    assert counted.pings == 0
    assert saves == []
    assert "Set-Cookie" not in response.headers


def test_a_connection_idle_for_a_while_is_tested_first(poll_app, monkeypatch):
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    counted = Counted(poll_app, monkeypatch)
    monkeypatch.setattr(r2w.dbpool, "IDLE_PING_SECONDS", 0)
    try:
        assert api.get(f"/api/v1/cvs/{cv['id']}").status_code == 200
    finally:
        counted.close()
    assert counted.pings >= 1


def _one_poll(app, api: Api, url: str, monkeypatch) -> tuple[dict, list[str]]:
    counted = Counted(app, monkeypatch)
    try:
        response = api.get(url)
    finally:
        counted.close()
    assert response.status_code == 200
    return response.json, counted.statements


def _edited(api: Api, cv_id: str) -> None:
    current = api.get(f"/api/v1/cvs/{cv_id}/document").json
    document = current["document"] | {"unclassified_text": None}
    body = {"document": document, "revision": current["revision"]}
    assert api.put(f"/api/v1/cvs/{cv_id}/document", body).status_code == 200


def test_edits_and_dismissals_store_the_count_the_poll_reads(poll_app, monkeypatch):
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}"
    _edited(api, cv["id"])  # resolves the one flag
    polled, statements = _one_poll(poll_app, api, url, monkeypatch)
    assert polled["needsReview"] == 0 and len(statements) == 1
    assert polled == full_json(poll_app, cv["id"])

    other = _uploaded(api)
    assert api.post(f"/api/v1/cvs/{other['id']}/review/dismiss", UNPLACED).status_code == 200
    polled, statements = _one_poll(poll_app, api, f"/api/v1/cvs/{other['id']}", monkeypatch)
    assert polled["needsReview"] == 0 and len(statements) == 1


@pytest.mark.parametrize(
    "stored",
    [
        {"open_reviews": None},  # a CV stored before r2w kept the count
        {"open_reviews": 5, "open_reviews_rules": reviews.COUNT_RULES - 1},  # older rules
    ],
)
def test_a_cv_without_a_count_that_holds_is_counted_by_its_first_poll_once(
    poll_app, monkeypatch, stored
):
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}"
    with poll_app.app_context():
        db.session.execute(update(CV).values(**stored, updated_at=CV.updated_at))
        db.session.commit()
    first, statements = _one_poll(poll_app, api, url, monkeypatch)
    assert first["needsReview"] == 1 and len(statements) > 1
    again, statements = _one_poll(poll_app, api, url, monkeypatch)
    assert again == first == full_json(poll_app, cv["id"]) and len(statements) == 1


def test_a_new_document_or_dismissal_forgets_the_stored_count(app):
    api = Api(app.test_client())
    cv = _uploaded(api)
    with app.app_context():
        row = db.session.get(CV, cv["id"])
        assert row.open_reviews == 1
        row.document = dict(row.document)
        assert row.open_reviews is None
        row.open_reviews = 1
        row.review_dismissed = [UNPLACED]
        assert row.open_reviews is None


def test_a_count_read_before_a_change_is_not_stored_after_it(app):
    api = Api(app.test_client())
    cv = _uploaded(api)
    with app.app_context():
        row = db.session.get(CV, cv["id"])
        seen = row.updated_at
        row.document, row.document_revision = dict(row.document), row.document_revision + 1
        db.session.commit()  # a writer that left the count to readers
        assert row.updated_at != seen
        reviews.remember_count(cv["id"], seen, 7)  # a reader that counted the old state
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(CV, cv["id"]).open_reviews is None
        reviews.remember_count(cv["id"], row.updated_at, 1)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(CV, cv["id"])
        assert stored.open_reviews == 1 and stored.updated_at == row.updated_at


def test_a_dismissal_committed_while_an_edit_is_in_flight_leaves_no_wrong_count(poll_app):
    """Request A has read the CV and saves an edit after request B's dismissal committed:
    the count stored is the one of the CV with both changes, never one that misses B's."""
    api = Api(poll_app.test_client())
    cv = _uploaded(api)
    read, go, saved = threading.Event(), threading.Event(), []

    def edit() -> None:
        with poll_app.test_request_context():
            mine = db.session.get(CV, cv["id"])
            edited = dict(mine.document)
            edited["hero"] = dict(edited["hero"], professionalTitle="Senior Nurse")
            read.set()
            go.wait(10)
            documents.save_document(mine, edited, mine.document_revision, None)
            saved.append(True)

    editor = threading.Thread(target=edit)
    editor.start()
    assert read.wait(10)
    assert api.post(f"/api/v1/cvs/{cv['id']}/review/dismiss", UNPLACED).status_code == 200
    go.set()
    editor.join(20)
    assert saved
    polled = api.get(f"/api/v1/cvs/{cv['id']}").json
    assert polled["needsReview"] == api.get(f"/api/v1/cvs/{cv['id']}/review").json["count"] == 0


def test_a_count_that_fails_costs_no_one_their_edit(app, monkeypatch):
    api = Api(app.test_client())
    cv = _uploaded(api)

    def broken(cv):
        raise RuntimeError("a review rule failed")

    monkeypatch.setattr(reviews, "review_state", broken)
    _edited(api, cv["id"])
    with app.app_context():
        stored = db.session.get(CV, cv["id"])
        assert stored.document["unclassified_text"] is None and stored.open_reviews is None


# What review_state counts, by the code that counts it. When this changes, raise
# reviews.COUNT_RULES if what is counted changed (stored counts are then worked out again),
# and write the new fingerprint here.
COUNT_RULES_CODE = {
    "r2w/intake/reviews.py": (
        "review_state _follow _list_edited _entry_texts _follow_entry dismissal_key "
        "_follow_place _dismissed"
    ),
    "r2w/extraction/confidence/review.py": "shape_flags",
    "r2w/extraction/confidence/shapes.py": "*",
    "r2w/cvdoc/text_values.py": "*",
}
COUNT_RULES_FINGERPRINT = "5107c081a873d1a1"


def test_the_counting_rules_are_the_ones_the_stored_counts_were_worked_out_by():
    digest = hashlib.sha256()
    for path, names in COUNT_RULES_CODE.items():
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        if names == "*":
            digest.update(inspect.getsource(module).encode())
            continue
        for name in names.split():
            digest.update(inspect.getsource(getattr(module, name)).encode())
    digest.update(str(reviews.COUNT_RULES).encode())
    assert digest.hexdigest()[:16] == COUNT_RULES_FINGERPRINT, (
        "what review_state counts changed: raise reviews.COUNT_RULES if the open count of a "
        "document can differ now, then write the new fingerprint in this test"
    )
