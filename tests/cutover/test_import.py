"""Importing the original system into SQLite + a folder and into PostgreSQL + S3: every case."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV, Extraction, OriginalImport, User
from r2w.services import get_storage
from tests.cutover.conftest import entries, snapshot
from tests.cutover.original import ANON, Original

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _cv(upload_id: str) -> CV:
    record = db.session.get(OriginalImport, f"cv:{upload_id}")
    return db.session.get(CV, record.target_id)


def _assert_people(original: Original, report: dict) -> None:
    users = entries(report, "user")
    ann_id = users[original.users["ann"]]["target"]
    assert users[original.users["ann_twin"]]["outcome"] == "merged"
    assert users[original.users["ann_twin"]]["target"] == ann_id
    assert users[original.users["bob_twin"]]["outcome"] == "kept_aside"
    assert "different password" in users[original.users["bob_twin"]]["reason"]
    emails = {u.email: u for u in db.session.scalars(select(User))}
    assert sorted(emails) == ["ann@example.com", "bob@example.com", "carol@example.com"]
    assert emails["ann@example.com"].password_hash.startswith("$2b$")
    assert emails["ann@example.com"].name == "Ann Example"
    assert emails["carol@example.com"].name == "Carol Google"  # a NUL PostgreSQL cannot hold
    # Unsalted SHA-256 and provider-only accounts: no usable password until a reset.
    assert emails["bob@example.com"].password_hash is None
    assert emails["carol@example.com"].password_hash is None
    assert users[original.users["bob"]]["flags"] == ["password_reset"]
    kept = db.session.get(OriginalImport, f"user:{original.users['ann']}").kept
    assert kept["phone"] == "+972 50 000 0000"


def _assert_files(original: Original, report: dict) -> None:
    storage = get_storage()
    for label, upload in original.cvs.items():
        entry = entries(report, "cv")[upload.upload_id]
        if entry["outcome"] != "imported" or not upload.files:
            continue
        stored = [storage.get_bytes(f["key"]) for f in entry["files"]]
        assert stored == list(upload.files.values()), label  # byte for byte, in page order
    for relative, data in original.orphans.items():
        assert entries(report, "file")[relative]["outcome"] == "orphan_file"
        assert storage.get_bytes(f"original-orphans/{relative}") == data


def _assert_cvs(original: Original, report: dict) -> None:
    cvs = entries(report, "cv")
    ids = {label: u.upload_id for label, u in original.cvs.items()}
    ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
    owned = set(db.session.scalars(select(CV.id).where(CV.owner_user_id == ann.id)))
    assert owned == {_cv(ids[k]).id for k in ("ann_pdf", "ann_pages", "ann_twin_txt")}

    doc = _cv(ids["ann_pdf"]).document
    school = doc["education"]["educationItems"][0]
    assert school["description"] == "Thesis on graphs."
    assert (school["honors"], school["gpa"]) == (["Cum Laude"], "3.9")
    assert school["location"] == {"city": "Haifa", "state": None, "country": "Israel"}
    assert doc["volunteer"]["volunteerItems"][0]["role"] == "Mentor"
    assert doc["hobbies"]["hobbies"] == ["chess", "climbing"]
    assert doc["unclassified_text"] == "Driving licence B"
    assert _cv(ids["ann_pdf"]).status == "ready"

    pages = _cv(ids["ann_pages"])
    assert pages.status == "uploaded" and pages.document is None  # queued for r2w's reader
    assert [f["source"] for f in cvs[ids["ann_pages"]]["files"]] == [
        "job-ann-pages/01_p1.jpg", "job-ann-pages/02_p2.jpg", "job-ann-pages/10_p10.jpg"
    ]  # fmt: skip
    # The photographed pages are joined into one PDF for r2w's reader; each page is kept too.
    assert (pages.kind, pages.storage_key.endswith("/original.pdf")) == ("pdf", True)
    assert get_storage().get_bytes(pages.storage_key).startswith(b"%PDF")

    for label in ("bob_twin_cv", "carol_nothing", "no_owner"):
        assert cvs[ids[label]]["outcome"] == "skipped", label
    assert [f["source"] for f in cvs[ids["bob_twin_cv"]]["files"]] == ["job-bob2.pdf"]
    assert "missing_file" in cvs[ids["carol_nothing"]]["flags"]

    doc_only = _cv(ids["carol_doc_only"])
    assert "missing_file" in cvs[ids["carol_doc_only"]]["flags"] and doc_only.kind == "json"
    stored = json.loads(get_storage().get_bytes(doc_only.storage_key))
    assert stored == doc_only.document and doc_only.document["hero"]["fullName"] == "Carol"

    corrupt = _cv(ids["carol_corrupt"])
    assert corrupt.status == "uploaded" and "reread" in cvs[ids["carol_corrupt"]]["flags"]
    kept = db.session.get(OriginalImport, f"cv:{ids['carol_corrupt']}").kept
    assert kept["cv_data"] == original.cvs["carol_corrupt"].cv_data  # the raw data is kept

    assert cvs[ids["carol_mismatch"]]["flags"] == ["hash_mismatch"]
    assert _cv(ids["carol_mismatch"]).original_name == "m.pdf"
    assert _cv(ids["carol_extracted"]).document["hero"]["fullName"] == "Carol from extracted"
    cached = _cv(ids["carol_cached"])
    assert cached.document["hero"]["fullName"] == "Carol from cache"
    history = db.session.scalars(select(Extraction).where(Extraction.cv_id == cached.id)).all()
    assert [(e.extractor, e.status) for e in history] == [("original", "succeeded")]
    assert entries(report, "cache")["f" * 64]["outcome"] == "skipped"

    anon = _cv(ids["anon"])
    assert (anon.owner_user_id, anon.anon_session_id) == (None, ANON)


def assert_lands_as_described(app, original: Original, report: dict) -> None:
    """Every documented case of the original ends where the import promises."""
    assert report["verification"]["ok"], report["verification"]["problems"]
    with app.app_context():
        _assert_people(original, report)
        _assert_cvs(original, report)
        _assert_files(original, report)
        db.session.remove()


def _import_twice(app, original, run_import) -> None:
    first, report = run_import(app)
    assert first.exit_code == 0, first.output
    assert "verification: PASSED" in first.output
    assert_lands_as_described(app, original, report)
    before = snapshot(app)

    second, again = run_import(app)

    assert second.exit_code == 0, second.output
    assert snapshot(app) == before  # a second run changes nothing
    assert {e["outcome"] for e in again["entries"]} == {"unchanged"}
    assert again["summary"]["bytes_copied"] == 0


def test_import_into_sqlite_and_a_folder(app, original, run_import):
    _import_twice(app, original, run_import)


def test_import_into_postgresql_and_s3(cloud_app, original, run_import):
    assert cloud_app.config["STORAGE_URL"].startswith("s3://")
    _import_twice(cloud_app, original, run_import)
