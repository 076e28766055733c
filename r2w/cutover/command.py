"""`flask r2w import-original`: bring the original system's people, CVs and files into r2w."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from r2w.cutover.importer import run_import
from r2w.cutover.report import render
from r2w.cutover.source import SourceError
from r2w.datamove.progress import JsonLines
from r2w.storage import StorageError


@click.command("import-original")
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The original's SQLite file (opened read-only).",
)
@click.option(
    "--uploads",
    required=True,
    type=click.Path(path_type=Path),
    help="The original's uploads folder (read only).",
)
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--verify-only", is_flag=True, help="Only compare source and target.")
@click.option(
    "--anonymous",
    type=click.Choice(["import", "skip"]),
    default="import",
    show_default=True,
    help="Anonymous work: import it as anonymous CVs, or skip it.",
)
@click.option(
    "--build",
    is_flag=True,
    help="Build a default-theme portfolio of each person's newest ready CV.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="import-original-report.json",
    show_default=True,
    help="Where the JSON report (every row and file) is written.",
)
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_appcontext
def import_original(
    db_path: Path, uploads: Path, dry_run: bool, verify_only: bool, anonymous: str,
    build: bool, report_path: Path, batch_size: int, as_json: bool,
) -> None:  # fmt: skip
    """Import the original system into the configured r2w database and storage, then verify.

    Re-running is safe: what a previous run recorded is left as it is, so an interrupted run
    resumes and a finished one changes nothing. Exits non-zero on any difference.
    """
    if dry_run and verify_only:
        raise click.UsageError("--dry-run and --verify-only cannot be combined")
    mode = "dry-run" if dry_run else "verify-only" if verify_only else "import"
    try:
        outcome = run_import(
            db_path, uploads, mode=mode, import_anonymous=anonymous == "import", build=build,
            report_path=report_path, batch_size=batch_size,
            progress=JsonLines(lambda line: click.echo(line, err=True)),
        )  # fmt: skip
    except (SourceError, SQLAlchemyError, StorageError, OSError) as exc:
        raise click.ClickException(f"import-original ({mode}) stopped: {exc}") from exc
    if as_json:
        data = {"mode": mode, "ok": outcome.ok, "summary": outcome.summary,
                "verification": outcome.verification, "report": str(report_path)}  # fmt: skip
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        click.echo(render(outcome.summary, outcome.verification, mode))
        click.echo(f"report: {report_path}")
    if not outcome.ok:
        click.echo("!!! VERIFICATION FAILED: the target does NOT match the source. !!!", err=True)
        sys.exit(1)


@click.command("send-reset-links")
@click.option("--dry-run", is_flag=True, help="List who would get a link; send nothing.")
@with_appcontext
def send_reset_links_command(dry_run: bool) -> None:
    """Email a password reset link to each imported person without a usable password.

    Each person gets one link however often this runs; those whose mail failed are listed and
    tried again on the next run. Exits non-zero when any mail failed.
    """
    from r2w.cutover.notify import send_reset_links

    result = send_reset_links(dry_run=dry_run)
    verb = "would send" if dry_run else "sent"
    click.echo(f"{verb}: {len(result.sent)}, already sent: {len(result.already)}, "
               f"failed: {len(result.failed)}")  # fmt: skip
    for email in result.failed:
        click.echo(f"  not sent: {email}", err=True)
    if result.failed:
        sys.exit(1)
