"""`flask --app wsgi r2w …` commands for operators and scripts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

r2w_cli = AppGroup("r2w", help="r2w operations.")


def register_commands(app: Flask) -> None:
    """Attach the r2w command group to the app."""
    from r2w.cutover.command import import_original, send_reset_links_command
    from r2w.datamove.command import migrate_data

    r2w_cli.add_command(migrate_data)
    r2w_cli.add_command(import_original)
    r2w_cli.add_command(send_reset_links_command)
    app.cli.add_command(r2w_cli)


@r2w_cli.command("check-config")
def check_config() -> None:
    """Print the backends this configuration selects (start-up already validated it)."""
    for name in ("ENVIRONMENT", "SESSION_BACKEND", "BUILD_RUNNER", "CV_EXTRACTOR"):
        click.echo(f"{name}={current_app.config[name]}")


@r2w_cli.command("extract")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--extractor", "extractor_name", help="heuristic or claude (default: configured)")
def extract(path: Path, extractor_name: str | None) -> None:
    """Print the CV document of one file as JSON (for scripting and evaluation)."""
    from r2w.extraction import ExtractionFailed
    from r2w.extraction.sniff import UnsupportedFile, check_upload
    from r2w.extraction.text import TextExtractionFailed, extract_text
    from r2w.services import make_extractor

    data = path.read_bytes()
    config = dict(current_app.config)
    if extractor_name:
        config["CV_EXTRACTOR"] = extractor_name
    try:
        kind = check_upload(data, path.name)
        text = extract_text(data, kind)
        extractor = make_extractor(config)
        document = extractor.extract(text.text, source=data, kind=kind, reading=text.reading)
    except (UnsupportedFile, TextExtractionFailed, ExtractionFailed, ValueError) as exc:
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
