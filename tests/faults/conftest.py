"""Fixtures for fault tests: servers this run owns and may stop, and apps wired to them.

Every server here is a throwaway started for the run (never the machine's own PostgreSQL or
Redis), so stopping one affects nothing else.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from r2w import create_app
from r2w.extensions import db
from tests.api.conftest import SAMPLES, Api
from tests.faults.servers import S3, Postgres, Redis, port_open
from tests.support import services
from tests.support.s3 import new_bucket


def document_of(api: Api, cv_id: str) -> dict:
    """The CV's document and revision as the API returns them."""
    response = api.get(f"/api/v1/cvs/{cv_id}/document")
    assert response.status_code == 200, response.json
    return response.json


def edit_name(api: Api, cv_id: str, name: str) -> int:
    """Change the hero name through the API (acknowledged with 200); return the new revision."""
    current = document_of(api, cv_id)
    document = current["document"]
    document["hero"]["fullName"] = name
    url = f"/api/v1/cvs/{cv_id}/document"
    response = api.put(url, {"document": document, "revision": current["revision"]})
    assert response.status_code == 200, response.json
    return response.json["revision"]


def upload_ready(api: Api, data: bytes, filename: str = "cv.txt") -> dict:
    """Upload a CV and check it was read (RUN_JOBS_INLINE in the test environment)."""
    response = api.upload(data, filename)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "ready", response.json
    return response.json


def assert_unavailable(response, service: str | None = None) -> None:
    """A retryable 503 in the shape the client asked for, naming the service when given."""
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert response.headers.get("Retry-After")
    if response.is_json:
        assert response.json["error"] == "service_unavailable"
        if service:
            assert service in response.json["message"]
    else:
        assert response.mimetype == "text/html"
        assert "try again" in response.get_data(as_text=True)


def every_cv_has_its_file(app: Flask) -> int:
    """Assert no CV row points at a missing or different file; return how many rows there are."""
    from r2w.models import CV
    from r2w.services import get_storage

    with app.app_context():
        rows = db.session.scalars(select(CV)).all()
        storage = get_storage()
        for cv in rows:
            assert storage.exists(cv.storage_key), f"CV {cv.id} has no stored original"
            assert storage.stat(cv.storage_key).size == cv.size
        return len(rows)


@pytest.fixture
def sample_text() -> bytes:
    """A real text CV from the samples."""
    return (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Postgres]:
    """A throwaway PostgreSQL cluster for the fault tests, which stop and start it."""
    try:
        server = Postgres.start_new()
    except (OSError, subprocess.SubprocessError) as exc:
        services.unavailable(f"a throwaway PostgreSQL server ({exc})")
    if server is None:
        services.unavailable("PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    yield server
    server.close()


@pytest.fixture(scope="session")
def pg_database(pg_server: Postgres) -> str:
    """A migrated database on the throwaway cluster."""
    from flask_migrate import upgrade

    url, _drop = services.create_database(pg_server.url)
    app = create_app({"ENVIRONMENT": "test", "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url  # dropped with the cluster


@pytest.fixture
def postgres(pg_server: Postgres) -> Iterator[Postgres]:
    """The throwaway cluster, running at the start and (even after a failure) at the end."""
    if not port_open(pg_server.port):
        pg_server.start()
    yield pg_server
    if not port_open(pg_server.port):
        pg_server.start()


@pytest.fixture
def pg_app(make_app, postgres: Postgres, pg_database: str) -> Callable[..., Flask]:
    """Factory: an app on the throwaway PostgreSQL with empty tables."""

    def factory(**config: Any) -> Flask:
        app = make_app(DATABASE_URL=pg_database, **config)
        with app.app_context():
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {names} CASCADE"))
            db.session.commit()
        return app

    return factory


@pytest.fixture
def redis_server() -> Iterator[Redis]:
    """A throwaway Redis that the test may shut down and start again."""
    try:
        server = Redis.start_new()
    except (OSError, subprocess.SubprocessError) as exc:
        services.unavailable(f"a throwaway Redis server ({exc})")
    if server is None:
        services.unavailable("redis-server (Debian package redis-server)")
    yield server
    server.close()


@pytest.fixture
def s3_endpoint(aws_env: None) -> Iterator[S3]:
    """An S3 server of this test's own (not the suite's shared one) that it may stop."""
    server = S3()
    yield server
    server.close()


@pytest.fixture
def s3_app(make_app, s3_endpoint: S3) -> Flask:
    """An app storing uploads and sites in a bucket on ``s3_endpoint``.

    Its storage makes one attempt per call: the retry policy has tests of its own, and here it
    would only multiply the time each refused call takes.
    """
    from r2w.storage.s3 import S3Storage

    bucket = new_bucket(s3_endpoint.url)
    app = make_app(STORAGE_URL=f"s3://{bucket}/r2w", S3_ENDPOINT_URL=s3_endpoint.url)
    app.extensions["r2w.storage"] = S3Storage(
        bucket, "r2w", endpoint_url=s3_endpoint.url, max_attempts=1
    )
    return app
