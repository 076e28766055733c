"""The verification report (and the dry-run plan derived from it), as JSON and as text tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from r2w.datamove.files import FileCopy
from r2w.datamove.records import model_tables
from r2w.datamove.rows import TableCopy
from r2w.datamove.schema import current_revisions, migration_heads
from r2w.datamove.verify import FileCheck, TableCheck, compare_files, compare_table
from r2w.storage import Storage


@dataclass
class Report:
    """Verification of a move: the target schema, every model table and every stored object."""

    head: tuple[str, ...]
    target_revision: tuple[str, ...]
    tables: list[TableCheck]
    files: FileCheck

    @property
    def schema_ok(self) -> bool:
        """True when the target is at the latest migration."""
        return self.target_revision == self.head

    @property
    def ok(self) -> bool:
        """True when nothing differs anywhere."""
        return self.schema_ok and self.files.ok and all(check.ok for check in self.tables)

    def problems(self) -> list[str]:
        """Every difference, one readable line each, naming the table or file."""
        found = []
        if not self.schema_ok:
            found.append(
                f"schema: the target is at migration {', '.join(self.target_revision) or '(none)'}"
                f", expected {', '.join(self.head)}"
            )
        found += [line for check in self.tables for line in check.problems()]
        return found + self.files.problems()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "schema": {"head": list(self.head), "target": list(self.target_revision)},
            "tables": [check.as_dict() for check in self.tables],
            "files": self.files.as_dict(),
            "problems": self.problems(),
        }


def verify(
    source_db: Engine,
    target_db: Engine,
    source_files: Storage,
    target_files: Storage,
    *,
    migrations: str,
    batch_size: int,
) -> Report:
    """Compare every table and every object between source and target (writes nothing)."""
    head, revision = migration_heads(migrations), current_revisions(target_db)
    # Tables of a target behind the models cannot be read with the models' columns.
    readable = target_db if revision == head else None
    tables = [compare_table(source_db, readable, t, batch_size) for t in model_tables()]
    return Report(head, revision, tables, compare_files(source_files, target_files))


def plan(report: Report) -> dict[str, Any]:
    """What a move would copy, from a comparison made without writing anything."""
    files = report.files
    return {
        "schema": {
            "head": list(report.head),
            "target": list(report.target_revision),
            "would_upgrade": not report.schema_ok,
        },
        "tables": [
            {"table": c.table, "source": c.source, "target": c.target, "to_copy": len(c.missing)}
            for c in report.tables
        ],
        "files": {
            "source": files.source,
            "source_bytes": files.source_bytes,
            "to_copy": len(files.missing) + len(files.changed),
            "bytes_to_copy": files.pending_bytes,
        },
    }


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], left: Sequence[int] = (0,)
) -> str:
    """A plain aligned table: the ``left`` columns left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [["-" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i in left else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in cells
    ]
    return "\n".join(lines)


def _schema_line(head: Sequence[str], target: Sequence[str]) -> str:
    now = ", ".join(target) or "(none)"
    if list(head) == list(target):
        return f"target schema: {now} (latest)"
    return f"target schema: {now}, latest is {', '.join(head)}"


def _digest_cell(source: str, target: str | None) -> str:
    if target is None:
        return "-"
    return source[:12] if source == target else f"{source[:8]}!={target[:8]}"


def _status(ok: bool, counts: dict[str, int]) -> str:
    if ok:
        return "ok"
    detail = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    return f"MISMATCH ({detail or 'table absent'})"


def render_report(report: Report) -> str:
    """The verification as a text table, one line per table plus one for the files."""
    rows = []
    for c in report.tables:
        counts = {"missing": len(c.missing), "extra": len(c.extra), "changed": len(c.changed)}
        rows.append(
            [
                c.table,
                c.source,
                c.target,
                _digest_cell(c.source_ids_sha256, c.target_ids_sha256),
                _digest_cell(c.source_rows_sha256, c.target_rows_sha256),
                _status(c.ok, counts),
            ]
        )
    f = report.files
    counts = {"missing": len(f.missing), "extra": len(f.extra), "changed": len(f.changed)}
    digest = _digest_cell(f.source_sha256, f.target_sha256)
    rows.append(["files", f.source, f.target, "", digest, _status(f.ok, counts)])
    headers = ["TABLE", "SOURCE", "TARGET", "IDS SHA-256", "CONTENT SHA-256", "STATUS"]
    schema = _schema_line(report.head, report.target_revision)
    return schema + "\n" + text_table(headers, rows, left=(0, 3, 4, 5))


def render_plan(planned: dict[str, Any]) -> str:
    """The dry-run plan as a text table."""
    rows = [[t["table"], t["source"], t["target"], t["to_copy"]] for t in planned["tables"]]
    files = planned["files"]
    rows.append(["files", files["source"], "", files["to_copy"]])
    table = text_table(["TABLE", "SOURCE", "AT TARGET", "TO COPY"], rows)
    schema = _schema_line(planned["schema"]["head"], planned["schema"]["target"])
    if planned["schema"]["would_upgrade"]:
        schema += " (a move would upgrade it first)"
    bytes_line = f"file bytes to copy: {files['bytes_to_copy']} of {files['source_bytes']}"
    return f"{schema}\n{table}\n{bytes_line}"


def render_copy(tables: list[TableCopy], files: FileCopy) -> str:
    """What a move copied, as a text table."""
    rows = [[t.table, t.read, t.inserted, t.read - t.inserted] for t in tables]
    rows.append(["files", files.listed, files.copied, files.skipped])
    table = text_table(["TABLE", "READ", "COPIED", "ALREADY THERE"], rows)
    return f"{table}\nfile bytes copied: {files.bytes_copied}"
