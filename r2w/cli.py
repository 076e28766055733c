"""`flask --app wsgi r2w …` commands for operators and scripts (`r2w extract`: r2w/console.py).

The group is also Flask's plugin command `r2w` (the flask.commands entry point in
pyproject.toml), so `flask` finds it without importing wsgi: each command that needs the app
creates it when it runs (AppGroup's app context), and `extract` reads the settings alone.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo


class R2wGroup(AppGroup):
    """The r2w commands; those defined in other packages are imported when looked up."""

    # name -> (module, attribute): importing them costs a start-up that does not use them.
    LAZY = {
        "import-original": ("r2w.cutover.command", "import_original"),
        "migrate-data": ("r2w.datamove.command", "migrate_data"),
        "send-reset-links": ("r2w.cutover.command", "send_reset_links_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included."""
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command called name, importing its module if it is a lazy one."""
        command = super().get_command(ctx, name)
        if command is None and name in self.LAZY:
            module, attribute = self.LAZY[name]
            command = getattr(importlib.import_module(module), attribute)
        return command


r2w_cli = R2wGroup("r2w", help="r2w operations.")


def register_commands(app: Flask) -> None:
    """Attach the r2w command group to the app (where the flask.commands entry point is not
    installed, as in the image, `flask` finds the group through the app)."""
    app.cli.add_command(r2w_cli)


def _settings() -> Mapping[str, Any]:
    """The running app's settings, else those create_app would read (without creating it)."""
    if current_app:
        return current_app.config
    info = click.get_current_context().find_object(ScriptInfo)
    if info is not None and info.create_app is not None:
        # An app handed in by the caller (app.test_cli_runner, a script): use its settings.
        return info.load_app().config
    from r2w.app import read_settings

    return read_settings()


@r2w_cli.command("check-config")
def check_config() -> None:
    """Print the backends this configuration selects (start-up already validated it)."""
    for name in ("ENVIRONMENT", "SESSION_BACKEND", "BUILD_RUNNER", "CV_EXTRACTOR"):
        click.echo(f"{name}={current_app.config[name]}")


# No app context: reading one file needs the settings, not the app (database, extensions).
@r2w_cli.command("extract", with_appcontext=False)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--extractor", "extractor_name", help="heuristic or claude (default: configured)")
def extract(path: Path, extractor_name: str | None) -> None:
    """Print the CV document of one file as JSON (for scripting and evaluation)."""
    from r2w.console import extract_file, read_errors

    config = dict(_settings())
    if extractor_name:
        config["CV_EXTRACTOR"] = extractor_name
    try:
        document = extract_file(path, config)
    except read_errors() as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@r2w_cli.command("reconcile")
def reconcile_command() -> None:
    """Settle builds and stalled CVs, remove orphaned Jobs and expired previews."""
    from r2w.sites.reconcile import reconcile

    click.echo(json.dumps(reconcile().as_dict()))


@r2w_cli.command("worker")
@click.option("--interval", default=10.0, show_default=True, help="seconds between passes")
@click.option("--once", is_flag=True, help="run one pass and exit")
@click.option("--reading", is_flag=True, help="only read waiting CVs (the reading Deployment)")
@click.option(
    "--heartbeat",
    type=click.Path(dir_okay=False, path_type=Path),
    help="file touched on every pass (for a liveness probe)",
)
def worker(interval: float, once: bool, reading: bool, heartbeat: Path | None) -> None:
    """Process waiting CVs and builds in a loop (with --reading: waiting CVs only)."""
    from r2w.sites.reconcile import reconcile

    if reading:
        from r2w.intake.worker import run_reading_loop

        run_reading_loop(interval, once, heartbeat)
        return
    while True:
        report = reconcile(sweep=False)
        click.echo(json.dumps(report.as_dict()))
        if once:
            return
        time.sleep(interval)
