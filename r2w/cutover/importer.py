"""One import run: users, CVs, the extraction cache, orphan files, portfolios, verification."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from r2w.cutover.context import Run
from r2w.cutover.cvs import import_cvs
from r2w.cutover.leftovers import import_cache, keep_orphans
from r2w.cutover.originals import UploadsFolder
from r2w.cutover.portfolios import build_portfolios
from r2w.cutover.report import ReportWriter
from r2w.cutover.source import OriginalDatabase, SourceError
from r2w.cutover.users import import_users
from r2w.cutover.verify import verify
from r2w.datamove.progress import Emit, silent
from r2w.extensions import db
from r2w.services import get_storage

MODES = ("import", "dry-run", "verify-only")


@dataclass
class Outcome:
    """What a run did and what the verification found."""

    mode: str
    summary: dict[str, Any]
    verification: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        """False when the verification found any difference."""
        return self.verification is None or bool(self.verification["ok"])


def _require_schema() -> None:
    if not inspect(db.engine).has_table("original_imports"):
        raise SourceError("the r2w database is not migrated: run `flask --app wsgi db upgrade`")


def run_import(
    db_path: Path,
    uploads: Path,
    *,
    mode: str = "import",
    import_anonymous: bool = True,
    build: bool = False,
    report_path: Path | None = None,
    batch_size: int = 200,
    progress: Emit = silent,
) -> Outcome:
    """Import (or plan, or only verify) the original's data into the configured r2w."""
    if not uploads.is_dir():
        raise SourceError(f"--uploads: {uploads} is not a folder")
    _require_schema()
    source = OriginalDatabase(db_path)
    report = ReportWriter(report_path, mode)
    run = Run(
        source=source,
        uploads=UploadsFolder(uploads),
        storage=get_storage(),
        report=report,
        dry_run=mode != "import",
        import_anonymous=import_anonymous,
        batch_size=batch_size,
        progress=progress,
    )
    verification = None
    try:
        if mode != "verify-only":
            for name, step in (("users", import_users), ("cvs", import_cvs),
                               ("cache", import_cache), ("files", keep_orphans)):  # fmt: skip
                progress("step", step=name)
                step(run)
            if build:
                progress("step", step="build")
                build_portfolios(run)
        if mode != "dry-run":
            progress("step", step="verify")
            verification = verify(run)
    finally:
        db.session.rollback()
        report.close(verification)
        source.close()
    return Outcome(mode, report.summary(), verification)
