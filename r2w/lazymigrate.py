"""Flask-Migrate (and so Alembic) loaded only when migrations are used.

Importing Alembic costs every process a few hundred milliseconds at start-up, and only
`flask db …`, the data-move command and the tests' schema set-up need it. Until one of them
asks, app.extensions["migrate"] holds a stand-in and the `db` command group is a shell.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask


class LazyMigrateConfig:
    """Stands in for Flask-Migrate's config until something reads it, then sets it up."""

    def __init__(self, app: Flask, db: Any, options: dict[str, Any]) -> None:
        self.app = app
        self.db = db
        self.options = options

    def load(self) -> Any:
        """Set up Flask-Migrate on the app and return its real config."""
        current = self.app.extensions.get("migrate")
        if current is not None and current is not self:
            return current
        from flask_migrate import Migrate

        Migrate().init_app(self.app, self.db, **self.options)
        return self.app.extensions["migrate"]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.load(), name)


class LazyDbGroup(click.Group):
    """`flask db …`: Flask-Migrate's command group, imported when a db command is looked up."""

    def __init__(self, config: LazyMigrateConfig) -> None:
        super().__init__(name="db", help="Perform database migrations (Alembic).")
        self.config = config

    def _real(self) -> click.Group:
        self.config.load()
        from flask_migrate.cli import db

        return db

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        """Parse and run as the real group (its options, such as --directory, and callback)."""
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The real group's commands."""
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """One of the real group's commands."""
        return self._real().get_command(ctx, name)


def init_migrate(app: Flask, db: Any, **options: Any) -> None:
    """Register migrations on the app without importing Alembic yet."""
    config = LazyMigrateConfig(app, db, options)
    app.extensions["migrate"] = config
    app.cli.add_command(LazyDbGroup(config))
