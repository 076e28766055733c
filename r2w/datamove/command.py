"""`flask r2w migrate-data`: move a local r2w to PostgreSQL and S3, and verify the copy."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from r2w.datamove.errors import MoveError
from r2w.datamove.progress import JsonLines
from r2w.storage import StorageError

if TYPE_CHECKING:
    from r2w.datamove.move import Outcome


def _write_progress(line: str) -> None:
    # Progress goes to stderr so that stdout carries only the report (pure JSON with --json).
    click.echo(line, err=True)


def _announce(outcome: Outcome) -> None:
    if outcome.mode == "dry-run":
        return
    report = outcome.report
    if outcome.ok:
        rows = sum(check.source for check in report.tables)
        click.echo(
            f"verification passed: {len(report.tables)} tables ({rows} rows) and "
            f"{report.files.source} files match the source exactly",
            err=True,
        )
        return
    problems = report.problems()
    click.echo(f"\n!!! VERIFICATION FAILED: {len(problems)} problem(s) !!!", err=True)
    click.echo("!!! The target does NOT match the source. Do not switch over. !!!", err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)


@click.command("migrate-data")
@click.option(
    "--from",
    "source_db",
    required=True,
    metavar="sqlite:///PATH",
    help="SQLite database to move (opened read-only).",
)
@click.option(
    "--to",
    "target_db",
    required=True,
    metavar="postgresql://...",
    help="PostgreSQL database to move into (migrated to the latest schema).",
)
@click.option(
    "--files-from",
    required=True,
    metavar="file:///DIR",
    help="Local storage folder to copy from (read-only).",
)
@click.option(
    "--files-to", required=True, metavar="s3://BUCKET/PREFIX", help="Storage to copy into."
)
@click.option(
    "--s3-endpoint-url",
    envvar="S3_ENDPOINT_URL",
    metavar="URL",
    help="S3-compatible server (default: AWS; env S3_ENDPOINT_URL).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Report what would be copied; change nothing, not even the schema.",
)
@click.option("--verify-only", is_flag=True, help="Only compare source and target.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=500,
    show_default=True,
    help="Rows per transaction; files per progress line.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_appcontext
def migrate_data(
    source_db: str,
    target_db: str,
    files_from: str,
    files_to: str,
    s3_endpoint_url: str | None,
    dry_run: bool,
    verify_only: bool,
    batch_size: int,
    as_json: bool,
) -> None:
    """Move a local r2w (SQLite + local files) to PostgreSQL and S3, then verify the copy.

    Stop the app first. Re-running is safe: rows and files already at the target are skipped,
    so an interrupted move resumes where it stopped. Exits non-zero on any mismatch.
    """
    if dry_run and verify_only:
        raise click.UsageError("--dry-run and --verify-only cannot be combined")
    # Imported here: the move brings Alembic and the cloud clients, which no other command
    # (nor the app's start-up, which registers this one) should pay for.
    from r2w.datamove.endpoints import open_endpoints
    from r2w.datamove.move import run

    mode = "dry-run" if dry_run else "verify-only" if verify_only else "move"
    try:
        ends = open_endpoints(
            source_db,
            target_db,
            files_from,
            files_to,
            endpoint_url=s3_endpoint_url,
            read_only_target=mode != "move",
        )
        try:
            outcome = run(
                mode,
                ends,
                migrations=current_app.extensions["migrate"].directory,
                batch_size=batch_size,
                progress=JsonLines(_write_progress),
            )
        finally:
            ends.close()
    except (MoveError, SQLAlchemyError, StorageError) as exc:
        raise click.ClickException(f"migrate-data ({mode}) stopped: {exc}") from exc
    if as_json:
        click.echo(json.dumps(outcome.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(outcome.render())
    _announce(outcome)
    if not outcome.ok:
        sys.exit(1)
