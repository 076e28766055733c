"""Fixtures for the import tests: an original-format source, and running the command on an app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask

from r2w.datamove.records import model_tables
from r2w.datamove.verify import table_digest
from r2w.extensions import db
from r2w.services import get_storage
from tests.cutover.original import Original, build_original


@pytest.fixture
def original(tmp_path: Path) -> Original:
    """The original system's database and uploads folder with every documented case."""
    return build_original(tmp_path / "original")


Importer = Callable[..., tuple[Result, dict[str, Any]]]


def import_into(app: Flask, source: Original, report: Path, *extra: str) -> tuple[Result, dict]:
    """Run `flask r2w import-original` on the app; return the result and the JSON report."""
    args = ["r2w", "import-original", "--db", str(source.db_path), "--uploads",
            str(source.uploads), "--report", str(report), "--batch-size", "4", *extra]  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    data = json.loads(report.read_text()) if report.exists() else {}
    return result, data


@pytest.fixture
def run_import(tmp_path: Path, original: Original) -> Importer:
    """Import the original into an app; each call writes its own report."""
    calls = []

    def invoke(app: Flask, *extra: str, source: Original | None = None):
        calls.append(None)
        return import_into(app, source or original, tmp_path / f"report{len(calls)}.json", *extra)

    return invoke


def snapshot(app: Flask) -> dict[str, Any]:
    """Every row of every table (as digests) and every stored object (size and etag)."""
    with app.app_context():
        tables = {}
        for table in model_tables():
            digest = table_digest(db.engine, table, 500)
            tables[table.name] = digest.rows_sha256() if digest else None
        objects = {o.key: (o.size, o.etag) for o in get_storage().list()}
        db.session.remove()
    return {"tables": tables, "objects": objects}


def entries(report: dict, kind: str) -> dict[str, dict]:
    """The report's entries of one kind, by source id."""
    return {e["source"]: e for e in report["entries"] if e["kind"] == kind}
