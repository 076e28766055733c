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
