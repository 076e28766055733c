"""Fixtures for the data-move tests: a populated SQLite r2w, a fresh PostgreSQL, an S3 bucket.

s3_server, s3_bucket and aws_env come from tests.support.s3 (registered by the root conftest).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from r2w.storage import LocalStorage
from r2w.storage.s3 import S3Storage
from tests.datamove.factories import Seeded, populate
from tests.support import services


@dataclass
class Source:
    """A local r2w instance to move: its app, URLs and what it was filled with."""

    app: Flask
    db_path: Path
    storage_root: Path
    seeded: Seeded

    @property
    def db_url(self) -> str:
        """The --from URL."""
        return f"sqlite:///{self.db_path}"

    @property
    def files_url(self) -> str:
        """The --files-from URL."""
        return f"file://{self.storage_root}"


@pytest.fixture
def target_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty (never migrated) PostgreSQL database."""
    try:
        url, drop = services.create_database(postgres_server)
    except Exception as exc:
        services.unavailable(f"PostgreSQL at {postgres_server} ({exc})")
    yield url
    drop()


@pytest.fixture
def target_db(target_url: str) -> Iterator[Engine]:
    """An engine on the target database, for assertions and tampering."""
    engine = create_engine(target_url.replace("postgresql://", "postgresql+psycopg://", 1))
    yield engine
    engine.dispose()


@pytest.fixture
def target_files(s3_server: str, s3_bucket: str, aws_env: None) -> S3Storage:
    """The target bucket (under the r2w/ prefix) as the app would see it."""
    return S3Storage(s3_bucket, "r2w", endpoint_url=s3_server, max_attempts=2)


@pytest.fixture
def source(make_app: Callable[..., Flask]) -> Source:
    """A SQLite r2w with local storage, filled through the real models."""
    app = make_app()
    with app.app_context():
        seeded = populate()
    db_path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    root = Path(app.config["STORAGE_URL"].removeprefix("file://"))
    assert db_path.is_file() and LocalStorage(root, create=False).exists(next(iter(seeded.files)))
    return Source(app, db_path, root, seeded)


Migrate = Callable[..., Result]


@pytest.fixture
def migrate(
    source: Source, target_url: str, s3_server: str, s3_bucket: str, aws_env: None
) -> Migrate:
    """Run `flask r2w migrate-data` from the source to the target with extra arguments."""

    def invoke(*extra: str, batch_size: int = 3) -> Result:
        args = [
            "r2w",
            "migrate-data",
            "--from",
            source.db_url,
            "--to",
            target_url,
            "--files-from",
            source.files_url,
            "--files-to",
            f"s3://{s3_bucket}/r2w",
            "--s3-endpoint-url",
            s3_server,
            "--batch-size",
            str(batch_size),
            *extra,
        ]
        return source.app.test_cli_runner().invoke(args=args)

    return invoke


def report_of(result: Result) -> dict[str, Any]:
    """The JSON report a --json run printed on stdout."""
    return json.loads(result.stdout)
