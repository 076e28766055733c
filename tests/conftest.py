"""Shared fixtures: apps on SQLite or a real PostgreSQL, sessions on a folder or a real Redis."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from r2w import create_app
from r2w.extensions import db
from tests.support import services
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, sync_playwright_or_skip

pytest_plugins = [
    name
    for name in ("tests.support.s3", "tests.support.fake_k8s")
    if __import__("importlib.util").util.find_spec(name)
]

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of one PostgreSQL server's admin database for the whole run (skips or fails if none)."""
    server, throwaway = services.postgres_server_url()
    if server is None:
        services.unavailable("PostgreSQL (set TEST_DATABASE_URL or install postgresql)")
    yield server
    if throwaway:
        throwaway.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this run."""
    try:
        url, drop = services.create_database(postgres_server)
    except Exception as exc:
        services.unavailable(f"PostgreSQL at {postgres_server} ({exc})")
    _migrate(url)
    yield url
    drop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis (skips or fails if none)."""
    url, throwaway = services.redis_server_url()
    if url is None:
        services.unavailable("Redis (set TEST_REDIS_URL or install redis-server)")
    yield url
    if throwaway:
        throwaway.stop()


def _migrate(database_url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"ENVIRONMENT": "test", "DATABASE_URL": database_url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _truncate_all(app: Flask) -> None:
    with app.app_context():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} CASCADE"))
        db.session.commit()


@pytest.fixture
def make_app(tmp_path, request) -> Iterator[Callable[..., Flask]]:
    """Factory: make_app(database="sqlite"|"postgres", sessions="filesystem"|"redis", **config)."""
    made: list[Flask] = []

    def factory(database: str = "sqlite", sessions: str = "filesystem", **config) -> Flask:
        settings = {"ENVIRONMENT": "test", "INSTANCE_PATH": str(tmp_path / f"instance{len(made)}")}
        if database == "postgres":
            settings["DATABASE_URL"] = request.getfixturevalue("postgres_url")
        if sessions == "redis":
            settings["SESSION_BACKEND"] = "redis"
            settings["REDIS_URL"] = request.getfixturevalue("redis_url")
        settings.update(config)
        app = create_app(settings)
        if database == "postgres":
            _truncate_all(app)
        else:
            with app.app_context():
                from flask_migrate import upgrade

                upgrade()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        redis_client = app.config.get("SESSION_REDIS")
        if redis_client is not None:
            redis_client.close()


@pytest.fixture
def app(make_app) -> Flask:
    """The default test app: SQLite and filesystem sessions."""
    return make_app()


@pytest.fixture
def cloud_app(make_app, s3_server, s3_bucket, aws_env) -> Flask:
    """The app on its cloud backends: PostgreSQL, Redis sessions and an S3-compatible server."""
    return make_app(
        database="postgres",
        sessions="redis",
        STORAGE_URL=f"s3://{s3_bucket}/r2w",
        S3_ENDPOINT_URL=s3_server,
    )


@pytest.fixture(params=["sqlite", "postgres"])
def any_app(request, make_app) -> Flask:
    """The same test on SQLite and on a real PostgreSQL."""
    return make_app(database=request.param)


@pytest.fixture
def client(app) -> FlaskClient:
    """A test client for the default app."""
    return app.test_client()


def csrf_token(client: FlaskClient) -> str:
    """Fetch a page and return the CSRF token bound to this client's session."""
    page = client.get("/account/login").get_data(as_text=True)
    match = CSRF_META.search(page)
    assert match, "no csrf meta tag on the page"
    return match.group(1)


def register(client: FlaskClient, email: str = "ada@example.com", password: str = "correct horse"):
    """Sign up through the real form (with its CSRF token) and return the response."""
    token = csrf_token(client)
    return client.post(
        "/account/register",
        data={"email": email, "password": password, "confirm": password, "csrf_token": token},
    )


def login(client: FlaskClient, email: str = "ada@example.com", password: str = "correct horse"):
    """Log in through the real form and return the response."""
    token = csrf_token(client)
    return client.post(
        "/account/login", data={"email": email, "password": password, "csrf_token": token}
    )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Debian's, never a downloaded one).

    Every browser suite (builder, security, web) uses this one: it stays open until the session
    ends, and Playwright refuses a second sync_playwright() while one runs.
    """
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
