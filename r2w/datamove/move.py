"""The three ways to run: move (copy then verify), dry run (plan only), verify only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from r2w.datamove.endpoints import Endpoints, masked
from r2w.datamove.files import FileCopy, copy_files
from r2w.datamove.progress import Emit, silent
from r2w.datamove.report import Report, plan, render_copy, render_plan, render_report, verify
from r2w.datamove.rows import TableCopy, copy_tables
from r2w.datamove.schema import require_source_at_head, upgrade_target

MODES = ("move", "dry-run", "verify-only")


@dataclass
class Outcome:
    """The result of one run: the comparison, and what was copied when anything was."""

    mode: str
    report: Report
    tables: list[TableCopy] | None = None
    files: FileCopy | None = None

    @property
    def ok(self) -> bool:
        """False when a move or a verification found any difference (a plan is always ok)."""
        return self.mode == "dry-run" or self.report.ok

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data: dict[str, Any] = {"mode": self.mode, "ok": self.ok}
        if self.mode == "dry-run":
            data["plan"] = plan(self.report)
            return data
        if self.tables is not None and self.files is not None:
            data["copied"] = {
                "tables": [t.as_dict() for t in self.tables],
                "files": self.files.as_dict(),
            }
        data["verification"] = self.report.as_dict()
        return data

    def render(self) -> str:
        """Text tables for a terminal."""
        if self.mode == "dry-run":
            return "dry run: nothing was changed\n" + render_plan(plan(self.report))
        parts = []
        if self.tables is not None and self.files is not None:
            parts.append("copied:\n" + render_copy(self.tables, self.files))
        parts.append("verification:\n" + render_report(self.report))
        return "\n\n".join(parts)


def run(
    mode: str,
    ends: Endpoints,
    *,
    migrations: str,
    batch_size: int = 500,
    progress: Emit = silent,
) -> Outcome:
    """Run one mode against opened endpoints; ``migrations`` is the Alembic folder."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; valid: {', '.join(MODES)}")
    require_source_at_head(ends.source_db, migrations)
    tables = files = None
    if mode == "move":
        ends.target_files.check()  # fail before any write when the bucket is unreachable
        progress("schema.upgrade", target=masked(ends.target_db_url))
        upgrade_target(ends.target_db_url, migrations)
        tables = copy_tables(
            ends.source_db, ends.target_db, batch_size=batch_size, progress=progress
        )
        files = copy_files(
            ends.source_files, ends.target_files, every=batch_size, progress=progress
        )
    progress("verify.start", mode=mode)
    report = verify(
        ends.source_db,
        ends.target_db,
        ends.source_files,
        ends.target_files,
        migrations=migrations,
        batch_size=batch_size,
    )
    progress("verify.done", ok=report.ok, problems=len(report.problems()))
    return Outcome(mode, report, tables, files)
