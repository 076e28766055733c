"""The restore drill, end to end on a real PostgreSQL and an S3 server: every row and file back."""

from __future__ import annotations

import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from ops import restore_drill
from r2w.extensions import db
from r2w.models import Payment
from tests.api.conftest import Api
from tests.conftest import _migrate, register
from tests.sites.conftest import make_portfolio
from tests.support import services
from tests.support.s3 import new_bucket


@pytest.fixture
def drill_database(postgres_server):
    """A database of its own: the drill drops it."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        services.unavailable("pg_dump and pg_restore (Debian package postgresql-client)")
    url, drop = services.create_database(postgres_server)
    _migrate(url)
    yield url
    drop()


@pytest.fixture
def populated(make_app, drill_database, s3_server, aws_env):
    """r2w with what people make: an account, CVs and documents, builds, a live site, a payment."""
    bucket = new_bucket(s3_server)
    app = make_app(
        database="own",
        sessions="redis",
        DATABASE_URL=drill_database,
        STORAGE_URL=f"s3://{bucket}/r2w",
        S3_ENDPOINT_URL=s3_server,
    )
    api = Api(app.test_client())
    portfolio, _ = make_portfolio(api)
    register(api.client)
    api.forget_token()
    assert api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": "ada"}).status_code
    with app.app_context():
        db.session.add(
            Payment(
                plan="lifetime", status="paid", amount=4900, currency="eur", customer_email="a@b.c"
            )
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return bucket


@pytest.mark.postgres
@pytest.mark.slow
def test_backup_destroy_restore_verifies_every_row_and_file(
    populated, drill_database, s3_server, tmp_path, capsys
):
    storage = restore_drill._storage(f"s3://{populated}/r2w", s3_server)
    backup = restore_drill._storage(f"s3://{new_bucket(s3_server)}/r2w", s3_server)
    files_before = restore_drill.file_checksums(storage)
    assert any(key.startswith("uploads/") for key in files_before)
    assert any(key.startswith("sites/") for key in files_before)

    report = restore_drill.run_drill(drill_database, storage, backup, tmp_path)

    assert report.ok, "\n".join(report.lines())
    counts = {check.table: check.source for check in report.tables}
    assert counts["cvs"] >= 1 and counts["builds"] >= 1
    assert counts["portfolios"] == 1 and counts["payments"] == 1 and counts["users"] == 1
    assert report.files_checked == len(files_before) > 0
    out = capsys.readouterr().out
    assert "destroyed: database dropped, every stored object deleted" in out
    for table in ("cvs", "extractions", "builds", "portfolios", "payments"):
        assert f"table {table} " in out
    assert out.rstrip().endswith("RESTORE DRILL PASSED")


@pytest.mark.postgres
@pytest.mark.slow
def test_the_drill_notices_a_lost_row_and_a_changed_file(
    populated, drill_database, s3_server, tmp_path
):
    storage = restore_drill._storage(f"s3://{populated}/r2w", s3_server)
    backup = restore_drill._storage(f"s3://{new_bucket(s3_server)}/r2w", s3_server)
    before = restore_drill.snapshot(drill_database, storage)
    # What a bad backup would bring back: one payment gone, one file altered.
    engine = create_engine(restore_drill.sqlalchemy_url(drill_database))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM payments"))
    engine.dispose()
    key = next(k for k in before.files if k.startswith("uploads/"))
    storage.put(key, b"not the original " + uuid.uuid4().hex.encode())
    restore_drill.copy_files(storage, backup)

    report = restore_drill.verify(before, drill_database, storage, backup)

    assert not report.ok
    (payments,) = [check for check in report.tables if check.table == "payments"]
    assert len(payments.missing) == 1
    assert report.checksum_mismatches == [key]
    assert report.lines()[-1] == "RESTORE DRILL FAILED"
