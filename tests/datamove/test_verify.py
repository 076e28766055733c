"""--verify-only: a tampered target fails loudly, naming the table or file that differs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from r2w.storage.s3 import S3Storage
from tests.datamove.conftest import Source, report_of
from tests.datamove.factories import SITE_PREFIX

# Each tamper changes the moved target in one way and returns the problem line it must cause.
Tamper = Callable[[Engine, S3Storage, Source], str]


def _sql(engine: Engine, statement: str, **params: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def delete_row(db: Engine, files: S3Storage, source: Source) -> str:
    _sql(db, "DELETE FROM webhook_events WHERE id = 'evt_0003'")
    return "table webhook_events: 1 row(s) missing at the target: evt_0003"


def add_row(db: Engine, files: S3Storage, source: Source) -> str:
    _sql(db, "INSERT INTO webhook_events (id, type, received_at) VALUES ('evt_x', 't', now())")
    return "table webhook_events: 1 row(s) only at the target: evt_x"


def change_json(db: Engine, files: S3Storage, source: Source) -> str:
    cv = source.seeded.ids["cv1"]
    _sql(db, """UPDATE cvs SET document = '{"hero": null}' WHERE id = :id""", id=cv)
    return f"table cvs: 1 row(s) differ from the source: {cv}"


def json_null_to_sql_null(db: Engine, files: S3Storage, source: Source) -> str:
    cv = source.seeded.ids["cv3"]  # holds a JSON null; SQL NULL is a different value
    _sql(db, "UPDATE cvs SET document = NULL WHERE id = :id", id=cv)
    return f"table cvs: 1 row(s) differ from the source: {cv}"


def shift_timestamp(db: Engine, files: S3Storage, source: Source) -> str:
    user = source.seeded.ids["zoe"]
    statement = "UPDATE users SET last_seen_at = last_seen_at + interval '1 microsecond'"
    _sql(db, statement + " WHERE id = :id", id=user)
    return f"table users: 1 row(s) differ from the source: {user}"


def unlink_live_build(db: Engine, files: S3Storage, source: Source) -> str:
    portfolio = source.seeded.ids["p1"]
    _sql(db, "UPDATE portfolios SET live_build_id = NULL WHERE id = :id", id=portfolio)
    return f"table portfolios: 1 row(s) differ from the source: {portfolio}"


def change_file(db: Engine, files: S3Storage, source: Source) -> str:
    key = SITE_PREFIX + "index.html"
    files.put(key, b"<h1>defaced</h1>")
    return f"file {key}: differs"


def delete_file(db: Engine, files: S3Storage, source: Source) -> str:
    key = SITE_PREFIX + "img/café ☕.txt"
    files.delete(key)
    return f"file {key}: missing at the target"


def add_file(db: Engine, files: S3Storage, source: Source) -> str:
    files.put("sites/stray/index.html", b"x")
    return "file sites/stray/index.html: only at the target"


TAMPERS = [
    delete_row,
    add_row,
    change_json,
    json_null_to_sql_null,
    shift_timestamp,
    unlink_live_build,
    change_file,
    delete_file,
    add_file,
]


@pytest.mark.parametrize("tamper", TAMPERS, ids=[t.__name__ for t in TAMPERS])
def test_tampered_target_fails_verification_naming_it(
    source: Source, migrate, target_db: Engine, target_files: S3Storage, tamper: Tamper
):
    assert migrate().exit_code == 0
    expected = tamper(target_db, target_files, source)

    result = migrate("--verify-only")

    assert result.exit_code == 1
    assert "VERIFICATION FAILED: 1 problem(s)" in result.stderr
    assert expected in result.stderr
    assert "MISMATCH" in result.stdout


def test_verify_only_json_report_after_a_good_move(source: Source, migrate):
    assert migrate().exit_code == 0

    result = migrate("--verify-only", "--json")

    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert report["mode"] == "verify-only" and "copied" not in report
    verification = report["verification"]
    assert verification["ok"] and verification["problems"] == []
    for check in verification["tables"]:
        assert check["source"] == check["target"]
        assert check["source_ids_sha256"] == check["target_ids_sha256"]
        assert check["source_rows_sha256"] == check["target_rows_sha256"]
    assert verification["files"]["target"] == len(source.seeded.files)


def test_verify_only_before_any_move_fails_and_writes_nothing(migrate, target_db: Engine):
    result = migrate("--verify-only", "--json")

    assert result.exit_code == 1
    problems = report_of(result)["verification"]["problems"]
    assert problems[0].startswith("schema: the target is at migration (none), expected ")
    assert "table users: does not exist at the target (schema not migrated)" in problems
    assert "file uploads/" in result.stderr
    assert inspect(target_db).get_table_names() == []
