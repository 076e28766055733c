"""End to end: a SQLite r2w with local files moved to PostgreSQL and S3 by the real command."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from r2w.datamove import command
from r2w.datamove.progress import JsonLines
from r2w.datamove.records import as_utc, model_tables
from r2w.datamove.schema import migration_heads
from r2w.models import CV, Build, Extraction, OAuthIdentity, Payment, Portfolio, User, WebhookEvent
from r2w.storage.s3 import S3Storage
from tests.datamove.conftest import Source, report_of
from tests.datamove.factories import ENTITLEMENTS, T0, UNICODE_NAME
from tests.support.s3 import make_client

MODELS = (User, OAuthIdentity, CV, Extraction, Portfolio, Build, Payment, WebhookEvent)


def snapshot(source: Source) -> dict[str, tuple[int, int, str]]:
    """Every file of the source instance folder (database, storage): size, mtime and SHA-256."""
    paths = [p for p in source.db_path.parent.rglob("*") if p.is_file()]
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in paths
    }


def orm_rows(engine: Engine) -> dict[str, dict[str, dict[str, Any]]]:
    """Every row of every model loaded through the ORM, timestamps as aware UTC."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with Session(engine) as session:
        for model in MODELS:
            columns = model.__table__.columns
            out[model.__tablename__] = {
                obj.id: {
                    c.key: as_utc(v) if isinstance(v := getattr(obj, c.key), datetime) else v
                    for c in columns
                }
                for obj in session.scalars(select(model))
            }
    return out


def counts(engine: Engine) -> dict[str, int]:
    """Rows per model table."""
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in model_tables()}


def test_move_copies_every_row_and_file_exactly(
    source: Source, migrate, target_db: Engine, target_files: S3Storage, s3_server, s3_bucket
):
    before = snapshot(source)
    result = migrate("--json")

    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert report["ok"] and report["verification"]["problems"] == []
    copied = {t["table"]: t for t in report["copied"]["tables"]}
    assert all(t["inserted"] == t["read"] > 0 for t in copied.values())
    assert copied["portfolios"]["linked"] == 1
    assert report["copied"]["files"]["copied"] == len(source.seeded.files)
    assert "verification passed" in result.stderr
    with target_db.connect() as conn:
        assert (conn.scalar(text("SELECT version_num FROM alembic_version")),) == migration_heads(
            source.app.extensions["migrate"].directory
        )
    # The source is untouched: same bytes and modification times, no journal or file added.
    assert snapshot(source) == before


def test_rows_round_trip_through_the_models(source: Source, migrate, target_db: Engine):
    assert migrate().exit_code == 0
    source_db = create_engine(source.db_url)
    try:
        assert orm_rows(target_db) == orm_rows(source_db)
    finally:
        source_db.dispose()
    ids = source.seeded.ids
    with Session(target_db) as session:
        zoe = session.get(User, ids["zoe"])
        assert (zoe.name, zoe.entitlements, zoe.last_seen_at) == (UNICODE_NAME, ENTITLEMENTS, T0)
        assert zoe.last_seen_at.utcoffset() is not None
        assert session.get(CV, ids["cv1"]).document == source.seeded.document
        live = session.get(Portfolio, ids["p1"])
        assert (live.live_build_id, live.previous_build_id) == (ids["b2"], ids["b1"])
        assert session.get(Payment, ids["payment"]).amount == 4900


def test_sql_null_and_json_null_stay_apart(source: Source, migrate, target_db: Engine):
    query = "SELECT id, document IS NULL FROM cvs"
    with sqlite3.connect(source.db_path) as conn:
        in_source = dict(conn.execute(query).fetchall())
    assert migrate().exit_code == 0
    with target_db.connect() as conn:
        in_target = dict(conn.execute(text(query)).all())
    ids = source.seeded.ids
    # cv2 never had a document (SQL NULL); cv3's is an explicit JSON null.
    assert (in_source[ids["cv2"]], in_source[ids["cv3"]]) == (1, 0)
    assert in_target == {key: bool(value) for key, value in in_source.items()}


def test_files_arrive_encrypted_with_their_content_type(
    source: Source, migrate, target_files: S3Storage, s3_server, s3_bucket
):
    assert migrate().exit_code == 0
    keys = sorted(info.key for info in target_files.list())
    assert keys == sorted(source.seeded.files)  # nothing from the local .r2w/ folder
    for key, data in source.seeded.files.items():
        assert target_files.get_bytes(key) == data
    pdf = next(key for key in keys if key.endswith(".pdf"))
    head = make_client(s3_server).head_object(Bucket=s3_bucket, Key="r2w/" + pdf)
    assert (head["ServerSideEncryption"], head["ContentType"]) == ("AES256", "application/pdf")


def test_second_run_copies_nothing(source: Source, migrate, target_db: Engine):
    assert migrate().exit_code == 0
    after_first = counts(target_db)

    result = migrate("--json")

    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert all(t["inserted"] == t["linked"] == 0 for t in report["copied"]["tables"])
    total = len(source.seeded.files)
    assert report["copied"]["files"] == {
        "listed": total,
        "copied": 0,
        "skipped": total,
        "bytes_copied": 0,
    }
    assert report["verification"]["ok"]
    assert counts(target_db) == after_first


def test_dry_run_reports_the_plan_and_changes_nothing(
    source: Source, migrate, target_db: Engine, s3_server, s3_bucket
):
    result = migrate("--dry-run", "--json")

    assert result.exit_code == 0, result.output
    plan = report_of(result)["plan"]
    assert plan["schema"]["would_upgrade"] and plan["schema"]["target"] == []
    users = next(t for t in plan["tables"] if t["table"] == "users")
    assert users == {"table": "users", "source": 7, "target": None, "to_copy": 7}
    sizes = [len(data) for data in source.seeded.files.values()]
    assert plan["files"] == {
        "source": len(sizes),
        "source_bytes": sum(sizes),
        "to_copy": len(sizes),
        "bytes_to_copy": sum(sizes),
    }
    assert inspect(target_db).get_table_names() == []  # not even the schema
    assert "Contents" not in make_client(s3_server).list_objects_v2(Bucket=s3_bucket)


def test_dry_run_after_a_move_has_nothing_to_copy(migrate):
    assert migrate().exit_code == 0
    result = migrate("--dry-run")
    assert result.exit_code == 0
    assert "dry run: nothing was changed" in result.stdout
    assert "file bytes to copy: 0 of" in result.stdout


class Interrupted(Exception):
    """Stands in for a crash or a kill at a batch boundary."""


def interrupting(event: str, after: int) -> type[JsonLines]:
    """A progress writer that raises on the ``after``-th ``event`` (after that batch is in)."""

    class Interrupting(JsonLines):
        seen = 0

        def __call__(self, name: str, **fields: Any) -> None:
            super().__call__(name, **fields)
            if name == event:
                Interrupting.seen += 1
                if Interrupting.seen == after:
                    raise Interrupted(f"stopped after {after} x {event}")

    return Interrupting


@pytest.mark.parametrize(
    ("event", "after"),
    # "rows.table" after every table: all rows are in, the live-build links are not yet.
    [("rows.batch", 4), ("rows.table", None), ("files.batch", 2)],
    ids=["mid-rows", "before-live-build-links", "mid-files"],
)
def test_interrupted_move_resumes_without_duplicates(
    source: Source, migrate, target_db: Engine, monkeypatch, event: str, after: int | None
):
    after = after or len(model_tables())
    monkeypatch.setattr(command, "JsonLines", interrupting(event, after))
    broken = migrate("--json")
    assert isinstance(broken.exception, Interrupted) and broken.exit_code != 0
    partial = counts(target_db)
    monkeypatch.setattr(command, "JsonLines", JsonLines)

    result = migrate("--json")

    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert report["verification"]["ok"]
    source_rows = sum(t["read"] for t in report["copied"]["tables"])
    inserted = sum(t["inserted"] for t in report["copied"]["tables"])
    assert inserted == source_rows - sum(partial.values())
    assert counts(target_db) == {t["table"]: t["read"] for t in report["copied"]["tables"]}
    if event == "rows.table":  # every row was in, the live-build pointer was not
        portfolios = next(t for t in report["copied"]["tables"] if t["table"] == "portfolios")
        assert (portfolios["inserted"], portfolios["linked"]) == (0, 1)
    if event == "files.batch":
        assert report["copied"]["files"]["skipped"] == 6
        assert report["copied"]["files"]["copied"] == len(source.seeded.files) - 6
