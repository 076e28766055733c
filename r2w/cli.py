"""`flask --app wsgi r2w …` commands for operators and scripts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

r2w_cli = AppGroup("r2w", help="r2w operations.")


def register_commands(app: Flask) -> None:
    """Attach the r2w command group to the app."""
    app.cli.add_command(r2w_cli)


@r2w_cli.command("check-config")
def check_config() -> None:
    """Print the backends this configuration selects (start-up already validated it)."""
    from flask import current_app

    config = current_app.config
    for name in ("ENVIRONMENT", "SESSION_BACKEND", "BUILD_RUNNER", "CV_EXTRACTOR"):
        click.echo(f"{name}={config[name]}")
