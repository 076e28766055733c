"""Dry run, verify-only, loud failures, resuming, old databases and the anonymous option."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta

import pytest

from r2w.extensions import db
from r2w.intake.pipeline import process_cv, stale_cv_ids
from r2w.models import CV, OriginalImport, utcnow
from r2w.services import get_storage
from r2w.sites.cleanup import expire_anonymous
from r2w.storage import LocalStorage
from tests.api.conftest import SAMPLES
from tests.cutover.conftest import entries, snapshot
from tests.cutover.original import build_original

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_a_dry_run_reports_every_row_and_writes_nothing(app, original, run_import):
    before = snapshot(app)

    result, report = run_import(app, "--dry-run")

    assert result.exit_code == 0, result.output
    assert snapshot(app) == before
    assert entries(report, "user")[original.users["bob_twin"]]["outcome"] == "kept_aside"
    assert len(entries(report, "cv")) == len(original.cvs)
    assert len(entries(report, "file")) == len(original.orphans)
    assert report["verification"] is None
    cache = entries(report, "cache")
    assert cache[original.cvs["carol_cached"].file_hash]["outcome"] == "imported"
    assert cache["f" * 64]["outcome"] == "skipped"


def test_verify_only_fails_loudly_before_the_import(app, run_import):
    result, report = run_import(app, "--verify-only")

    assert result.exit_code == 1
    assert "VERIFICATION FAILED" in result.output
    assert "not imported (no outcome recorded)" in result.output
    assert not report["verification"]["ok"]


def test_verify_only_names_a_stored_file_that_changed(app, original, run_import):
    run_import(app)
    with app.app_context():
        cv_id = db.session.get(OriginalImport, "cv:u-ann-pdf").target_id
        key = db.session.get(CV, cv_id).storage_key
        get_storage().put(key, b"tampered")

    result, report = run_import(app, "--verify-only")

    assert result.exit_code == 1
    assert any(key in problem for problem in report["verification"]["problems"])


def test_verify_only_names_a_source_file_added_after_the_import(app, original, run_import):
    run_import(app)
    (original.uploads / "late.pdf").write_bytes(b"%PDF late")

    result, report = run_import(app, "--verify-only")

    assert result.exit_code == 1
    assert (
        "file late.pdf: at the source but not accounted for" in report["verification"]["problems"]
    )


def test_an_interrupted_import_resumes_where_it_stopped(app, original, run_import, monkeypatch):
    calls = {"n": 0}
    real_put = LocalStorage.put

    def failing_put(self, key, data, content_type=None):
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError("disk full")
        return real_put(self, key, data, content_type)

    monkeypatch.setattr(LocalStorage, "put", failing_put)
    first, _ = run_import(app)
    assert first.exit_code != 0 and "disk full" in first.output
    monkeypatch.setattr(LocalStorage, "put", real_put)

    second, report = run_import(app)

    assert second.exit_code == 0, second.output
    outcomes = {e["outcome"] for e in report["entries"]}
    assert "unchanged" in outcomes and "imported" in outcomes  # some done before, the rest now
    assert report["verification"]["ok"]


def test_an_old_database_without_the_later_columns(app, tmp_path, run_import):
    old = build_original(tmp_path / "old", old=True)

    result, report = run_import(app, source=old)

    assert result.exit_code == 0, result.output
    assert report["verification"]["ok"]
    cvs = entries(report, "cv")
    # No file_hash column: nothing to compare, so no mismatch; no cache table either.
    assert all("hash_mismatch" not in (e.get("flags") or []) for e in cvs.values())
    assert entries(report, "cache") == {}
    assert cvs["u-carol-6"]["flags"] == ["reread"]


def test_anonymous_work_can_be_skipped(app, original, run_import):
    result, report = run_import(app, "--anonymous", "skip")

    assert result.exit_code == 0, result.output
    anon = entries(report, "cv")["u-anon"]
    assert anon["outcome"] == "skipped" and "--anonymous skip" in anon["reason"]
    with app.app_context():
        assert db.session.query(CV).filter(CV.anon_session_id.is_not(None)).count() == 0
        db.session.remove()


def test_imported_anonymous_work_expires_from_the_import_on(app, run_import):
    """Its retention starts at the import: reconcile keeps it now, removes it once it lapses."""
    result, _ = run_import(app)
    assert result.exit_code == 0, result.output
    with app.app_context():
        anonymous = db.session.query(CV).filter(CV.owner_user_id.is_(None))
        assert anonymous.count() > 0
        assert expire_anonymous() == 0 and anonymous.count() > 0
        days = app.config["ANONYMOUS_RETENTION_DAYS"]
        assert expire_anonymous(utcnow() + timedelta(days=days + 1)) > 0
        assert anonymous.count() == 0
        db.session.remove()


def test_emails_that_differ_in_non_ascii_case_are_twins_too(app, original, run_import):
    conn = sqlite3.connect(original.db_path)
    for user_id, email, created in (
        ("u-upper", "ÄNN@x.com", "2020-01-01"),
        ("u-lower", "änn@x.com", "2021-01-01"),
    ):
        conn.execute(
            "INSERT INTO users (user_id, email, password_hash, name, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, email, "ab" * 32, None, created),
        )
    conn.commit()
    conn.close()

    result, report = run_import(app)

    assert result.exit_code == 0, result.output
    users = entries(report, "user")
    assert users["u-upper"]["outcome"] == "imported" and users["u-lower"]["outcome"] == "merged"


def test_a_cv_without_a_usable_document_is_read_again_by_r2w(app, original, run_import):
    text = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    (original.uploads / "job-carol-7.txt").write_bytes(text)
    conn = sqlite3.connect(original.db_path)
    conn.execute(
        "INSERT INTO cv_uploads VALUES ('u-carol-7', ?, 'job-carol-7', 'carol.txt', '.txt',"
        " '2024-03-01T00:00:00', NULL, 'failed', ?)",
        (original.users["carol"], hashlib.sha256(text).hexdigest()),
    )
    conn.commit()
    conn.close()
    run_import(app)

    with app.app_context():
        cv_id = db.session.get(OriginalImport, "cv:u-carol-7").target_id
        assert db.session.get(CV, cv_id).status == "uploaded"
        assert cv_id in stale_cv_ids()  # what reconcile and the worker pick up

        assert process_cv(cv_id) == "ready"

        cv = db.session.get(CV, cv_id)
        assert cv.document["hero"]["fullName"]
        db.session.remove()


def test_verify_only_names_a_cv_moved_to_another_person(app, original, run_import):
    run_import(app)
    with app.app_context():
        cv = db.session.get(CV, db.session.get(OriginalImport, "cv:u-ann-pdf").target_id)
        carol = db.session.get(OriginalImport, f"user:{original.users['carol']}").target_id
        cv.owner_user_id = carol
        db.session.commit()
        db.session.remove()

    result, report = run_import(app, "--verify-only")

    problems = report["verification"]["problems"]
    assert result.exit_code == 1
    assert any("u-ann-pdf" in p and "another owner" in p for p in problems)
    assert any(p.startswith(f"person {carol}:") for p in problems)
