"""Opening the ends of a move: URL checks, a read-only source, and the command's refusals."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from r2w.datamove.endpoints import (
    open_endpoints,
    source_engine,
    source_storage,
    target_storage,
    target_url,
)
from r2w.datamove.errors import MoveError
from r2w.storage import LocalStorage

BOGUS_TARGET = "postgresql://nobody@127.0.0.1:1/never"  # engines connect lazily: never reached


def make_sqlite(path: Path) -> Path:
    """A one-table SQLite file at ``path``."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (a TEXT)")
        conn.execute("INSERT INTO t VALUES ('x')")
    conn.close()
    return path


def test_source_is_opened_read_only(tmp_path: Path):
    db = make_sqlite(tmp_path / "r2w.db")
    engine = source_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT a FROM t")) == "x"
            with pytest.raises(OperationalError, match="readonly"):
                conn.execute(text("INSERT INTO t VALUES ('y')"))
    finally:
        engine.dispose()


def test_source_path_with_uri_characters(tmp_path: Path):
    # '#' and '%' mean something in a SQLite URI filename; the path must be encoded.
    db = make_sqlite(tmp_path / "odd name #1%.db")
    engine = source_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM t")) == 1
    finally:
        engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd name #1%.db"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://db/r2w", "--from must be a sqlite:/// URL"),
        ("sqlite://", "--from must name a SQLite database file"),
        ("sqlite:////no/such/r2w.db", "does not exist"),
        ("not a url", "not a database URL"),
    ],
)
def test_bad_source_urls(url: str, message: str):
    with pytest.raises(MoveError, match=message):
        source_engine(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db:5432/r2w", "postgresql+psycopg://u:p@db:5432/r2w"),
        ("postgresql://u@db/r2w", "postgresql+psycopg://u@db/r2w"),
        ("postgresql+psycopg://u@db/r2w", "postgresql+psycopg://u@db/r2w"),
    ],
)
def test_target_url_uses_psycopg(url: str, expected: str):
    assert target_url(url) == expected


def test_target_must_be_postgresql():
    with pytest.raises(MoveError, match="--to must be a postgresql:// URL"):
        target_url("sqlite:///x.db")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://bucket/r2w", "--files-from must be a file:///absolute/path URL"),
        ("file://host/data", "--files-from must be a file:///absolute/path URL"),
        ("file:///no/such/folder", "does not exist"),
    ],
)
def test_bad_source_storage(url: str, message: str):
    with pytest.raises(MoveError, match=message):
        source_storage(url)


def test_source_storage_creates_nothing(tmp_path: Path):
    (tmp_path / "a.txt").write_text("a")
    storage = source_storage(f"file://{tmp_path}")
    assert [info.key for info in storage.list()] == ["a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no .r2w/ made


def test_read_only_local_target_creates_nothing(tmp_path: Path):
    storage = target_storage(f"file://{tmp_path}/out", None, create=False)
    assert list(storage.list()) == []
    assert not (tmp_path / "out").exists()


def test_local_listing_leaves_out_the_internal_folder(tmp_path: Path):
    storage = LocalStorage(tmp_path)
    storage.put("uploads/cv.pdf", b"%PDF")
    assert (tmp_path / ".r2w" / "meta" / "uploads" / "cv.pdf.json").is_file()
    assert [info.key for info in storage.list()] == ["uploads/cv.pdf"]


@pytest.mark.parametrize("target", ["", "/out"])
def test_overlapping_folders_are_refused(tmp_path: Path, target: str):
    db = make_sqlite(tmp_path / "r2w.db")
    url = f"file://{tmp_path}"
    with pytest.raises(MoveError, match="overlap"):
        open_endpoints(f"sqlite:///{db}", BOGUS_TARGET, url, url + target)


def invoke(app, *args: str):
    """Run `flask r2w migrate-data` with ``args``."""
    return app.test_cli_runner().invoke(args=["r2w", "migrate-data", *args])


def test_dry_run_and_verify_only_exclude_each_other(app, tmp_path: Path):
    result = invoke(
        app,
        "--from",
        "sqlite:///x",
        "--to",
        BOGUS_TARGET,
        "--files-from",
        "file:///x",
        "--files-to",
        "file:///y",
        "--dry-run",
        "--verify-only",
    )
    assert result.exit_code == 2
    assert "cannot be combined" in result.output


def test_missing_source_stops_with_a_message(app, tmp_path: Path):
    args = ["--to", BOGUS_TARGET, "--files-from", f"file://{tmp_path}/files"]
    result = invoke(
        app,
        "--from",
        f"sqlite:///{tmp_path}/none.db",
        *args,
        "--files-to",
        f"file://{tmp_path}/out",
    )
    assert result.exit_code == 1
    assert "source database" in result.output and "does not exist" in result.output


def test_source_behind_the_models_is_refused(app, tmp_path: Path):
    db = tmp_path / "old.db"
    shutil.copy(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM alembic_version")
    conn.close()
    (tmp_path / "files").mkdir()
    storage = f"file://{tmp_path}/files"
    result = invoke(
        app,
        "--from",
        f"sqlite:///{db}",
        "--to",
        BOGUS_TARGET,
        "--files-from",
        storage,
        "--files-to",
        f"file://{tmp_path}/out",
        "--dry-run",
    )
    assert result.exit_code == 1
    assert "at migration (none)" in result.output and "flask db upgrade" in result.output
