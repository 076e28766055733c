"""Migration revisions of both ends, and bringing the target to the latest migration."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from r2w.datamove.errors import MoveError
from r2w.extensions import db


def migration_heads(directory: str) -> tuple[str, ...]:
    """The latest revision(s) of the migrations folder."""
    config = Config()
    config.set_main_option("script_location", directory)
    return tuple(sorted(ScriptDirectory.from_config(config).get_heads()))


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revision(s) a database is at; empty when it has never been migrated."""
    with engine.connect() as conn:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def require_source_at_head(engine: Engine, directory: str) -> None:
    """Refuse a source whose schema differs from the models this code copies."""
    heads, current = migration_heads(directory), current_revisions(engine)
    if current != heads:
        raise MoveError(
            f"the source database is at migration {', '.join(current) or '(none)'} but this "
            f"r2w expects {', '.join(heads)}: back it up, run `flask db upgrade` on it, retry"
        )


@contextmanager
def _keep_root_logging() -> Iterator[None]:
    # migrations/env.py calls logging.config.fileConfig, which replaces the root logger's
    # handlers; put them back so the caller's logging is as it was before the upgrade.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def upgrade_target(url: str, directory: str) -> None:
    """Run every pending migration on the target (alembic upgrade head via Flask-Migrate)."""
    from flask import Flask
    from flask_migrate import Migrate, upgrade

    # A bare app whose only job is to point the repository's migrations/env.py at the target;
    # the options mirror r2w.app.init_extensions.
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}
    )
    db.init_app(app)
    Migrate(app, db, directory=directory, render_as_batch=True, compare_type=True)
    with _keep_root_logging(), app.app_context():
        try:
            upgrade()
        except SystemExit as exc:
            # Flask-Migrate reports alembic errors by logging them and exiting.
            raise MoveError("upgrading the target schema failed (see the error above)") from exc
        finally:
            db.engine.dispose()
