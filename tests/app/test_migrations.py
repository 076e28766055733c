"""Migrations: the same revisions run on SQLite and PostgreSQL, both ways, and match the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from r2w import create_app
from r2w.extensions import db
from tests.support import services

TABLES = {
    "users",
    "oauth_identities",
    "cvs",
    "extractions",
    "portfolios",
    "builds",
    "payments",
    "webhook_events",
}


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    url, drop = services.create_database(request.getfixturevalue("postgres_server"))
    yield url
    drop()


def test_upgrade_downgrade_upgrade_and_models_match(empty_database_url, tmp_path):
    app = create_app(
        {"ENVIRONMENT": "test", "DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        downgrade(revision="base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        db.engine.dispose()


def test_0003_keeps_existing_cvs_and_gives_them_no_dismissals(empty_database_url, tmp_path):
    """Rows from before the review columns read back with [] dismissed and no review."""
    from sqlalchemy import text

    app = create_app(
        {"ENVIRONMENT": "test", "DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )
    with app.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO cvs (id, original_name, content_type, kind, size, sha256, status,"
                    " document_revision, attempts, created_at, updated_at) VALUES ('cv1', 'a.txt',"
                    " 'text/plain', 'txt', 1, :sha, 'ready', 1, 0, :now, :now)"
                ),
                {"sha": "0" * 64, "now": "2026-12-01 00:00:00+00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO extractions (id, cv_id, source_sha256, extractor,"
                    " extractor_version, schema_version, status, unsupported_paths, started_at)"
                    " VALUES ('x1', 'cv1', :sha, 'heuristic', 'v', 1, 'succeeded', '[]', :now)"
                ),
                {"sha": "0" * 64, "now": "2026-12-01 00:00:00+00:00"},
            )
        upgrade()
        with db.engine.connect() as connection:
            dismissed = connection.execute(text("SELECT review_dismissed FROM cvs")).scalar_one()
            review = connection.execute(text("SELECT review FROM extractions")).scalar_one()
        assert dismissed in ([], "[]") and review is None
        downgrade(revision="0002")
        assert "review" not in {c["name"] for c in inspect(db.engine).get_columns("extractions")}
        assert "review_dismissed" not in {c["name"] for c in inspect(db.engine).get_columns("cvs")}
        with db.engine.connect() as connection:  # going back loses no CV and no extraction
            assert connection.execute(text("SELECT id FROM cvs")).scalars().all() == ["cv1"]
            assert connection.execute(text("SELECT id FROM extractions")).scalars().all() == ["x1"]
        db.engine.dispose()


def test_every_migration_keeps_the_data_both_ways(empty_database_url, tmp_path):
    """A real instance's rows survive downgrading to the first revision and upgrading back.

    On SQLite, a migration that rebuilds a table (Alembic's batch mode) drops the old one; with
    foreign keys on, that drop used to cascade and delete every dependent row (all builds).
    """
    from sqlalchemy import func, select

    from r2w.models import CV, Build, Extraction, Portfolio, User
    from tests.datamove.factories import populate

    app = create_app(
        {"ENVIRONMENT": "test", "DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )

    def counts() -> dict[str, int]:
        models = (User, CV, Extraction, Portfolio, Build)
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}

    with app.app_context():
        upgrade()
        populate()
        before = counts()
        assert all(before.values()), before
        db.session.remove()
        downgrade(revision="0001")
        upgrade()
        assert counts() == before
        db.session.remove()
        db.engine.dispose()


def test_0004_keeps_users_and_verifies_only_provider_vouched_addresses(
    empty_database_url, tmp_path
):
    """Existing users read back with epoch 0; only a provider-verified address counts verified."""
    from sqlalchemy import text

    app = create_app(
        {"ENVIRONMENT": "test", "DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )
    now = "2026-12-01 00:00:00+00:00"
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as connection:
            for user_id in ("u1", "u2"):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, plan, entitlements, created_at)"
                        " VALUES (:id, :email, 'free', '{}', :now)"
                    ),
                    {"id": user_id, "email": f"{user_id}@example.com", "now": now},
                )
            connection.execute(
                text(
                    "INSERT INTO oauth_identities (id, user_id, provider, subject, email,"
                    " email_verified, created_at) VALUES ('i1', 'u1', 'google', 's1',"
                    " 'U1@example.com', :yes, :now)"
                ),
                {"yes": True, "now": now},
            )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, email_verified_at IS NOT NULL, session_epoch FROM users ORDER BY id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [("u1", True, 0), ("u2", False, 0)]
        downgrade(revision="0003")
        columns = {c["name"] for c in inspect(db.engine).get_columns("users")}
        assert not columns & {"email_verified_at", "session_epoch", "plan_lapsed_at"}
        with db.engine.connect() as connection:  # going back loses no account
            ids = connection.execute(text("SELECT id FROM users ORDER BY id")).scalars().all()
            assert ids == ["u1", "u2"]
        db.engine.dispose()
