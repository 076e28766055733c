"""Restore drill: back up, destroy, restore, and prove nothing was lost.

    python -m ops.restore_drill --database postgresql://…/r2w_drill --storage s3://bucket/r2w \
        --backup-storage s3://backup-bucket/r2w --work-dir /tmp/drill [--s3-endpoint-url URL]

1. Record the truth: a digest of every row of every table (the migration verifier's digests:
   every CV and its document, every build, portfolio, payment, …) and a SHA-256 of every file.
2. Back up: `pg_dump --format=custom` of the database; every object copied to the backup storage.
3. Destroy: drop the database and delete every object of the live storage.
4. Restore: create the database, `pg_restore` the dump, copy every object back.
5. Verify: row digests and file checksums equal the recorded truth; print what was verified.

It DROPS the database it is given: run it on a copy (a database restored from an Aurora snapshot,
a scratch bucket), never on production. docs/backups.md explains where this fits.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from r2w.datamove.files import copy_files
from r2w.datamove.records import model_tables
from r2w.datamove.verify import (
    FileCheck,
    TableCheck,
    TableDigest,
    compare_digests,
    compare_files,
    table_digest,
)
from r2w.storage import Storage, storage_from_url

BATCH = 1000
# The rows the issue names; the drill verifies every table, these are reported by name.
KEY_TABLES = {"cvs": "CVs and their documents", "extractions": "extractions", "builds": "builds"}
KEY_TABLES |= {"portfolios": "portfolios", "payments": "payments", "users": "accounts"}


class DrillError(RuntimeError):
    """A step of the drill could not run (not a verification difference)."""


@dataclass
class Snapshot:
    """What the data was: row digests per table and a checksum per file."""

    tables: dict[str, TableDigest]
    files: dict[str, tuple[int, str]]  # key -> (size, sha256)


@dataclass
class DrillReport:
    """The verification after the restore."""

    tables: list[TableCheck]
    files: FileCheck
    checksum_mismatches: list[str] = field(default_factory=list)
    files_checked: int = 0
    bytes_checked: int = 0

    @property
    def ok(self) -> bool:
        """True when every row and every file came back exactly."""
        return (
            all(check.ok for check in self.tables)
            and self.files.ok
            and not self.checksum_mismatches
        )

    def lines(self) -> list[str]:
        """What was verified, one line each, for people."""
        out = []
        for check in self.tables:
            what = KEY_TABLES.get(check.table, check.table)
            state = "ok" if check.ok else "DIFFERS: " + "; ".join(check.problems())
            out.append(
                f"table {check.table:<16} {check.source:>6} rows ({what}), "
                f"rows sha256 {check.source_rows_sha256[:16]}: {state}"
            )
        state = "ok" if not self.checksum_mismatches and self.files.ok else "DIFFERS"
        out.append(
            f"files {self.files_checked} objects, {self.bytes_checked} bytes, "
            f"each by SHA-256 and by size + MD5 etag against the backup: {state}"
        )
        out += [f"  file {key}: checksum differs" for key in self.checksum_mismatches[:10]]
        out += [f"  {problem}" for problem in self.files.problems()]
        out.append("RESTORE DRILL PASSED" if self.ok else "RESTORE DRILL FAILED")
        return out


def sqlalchemy_url(url: str) -> str:
    """The URL with the psycopg 3 driver named, for SQLAlchemy."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """The URL as pg_dump, pg_restore and psycopg take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def file_checksums(storage: Storage) -> dict[str, tuple[int, str]]:
    """Size and SHA-256 of every object, read back in full."""
    sums = {}
    for info in storage.list():
        digest, size = hashlib.sha256(), 0
        for chunk in storage.stream(info.key):
            digest.update(chunk)
            size += len(chunk)
        sums[info.key] = (size, digest.hexdigest())
    return sums


def snapshot(database_url: str, storage: Storage) -> Snapshot:
    """Record every row's digest and every file's checksum."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        tables = {
            table.name: table_digest(engine, table, BATCH) or TableDigest({})
            for table in model_tables()
        }
    finally:
        engine.dispose()
    return Snapshot(tables, file_checksums(storage))


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0:
        raise DrillError(f"{args[0]} failed: {result.stderr.strip()}")


def _maintenance(database_url: str) -> tuple[str, str]:
    parsed = make_url(libpq_url(database_url))
    return parsed.set(database="postgres").render_as_string(hide_password=False), parsed.database


def backup(database_url: str, storage: Storage, backup_storage: Storage, work_dir: Path) -> Path:
    """Dump the database to a file and copy every object to the backup storage."""
    dump = work_dir / "r2w.dump"
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), libpq_url(database_url)])
    copy_files(storage, backup_storage)
    return dump


def destroy(database_url: str, storage: Storage) -> None:
    """Drop the database and delete every stored object."""
    server, name = _maintenance(database_url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    storage.delete_prefix("")
    if any(True for _ in storage.list()):
        raise DrillError("the live storage still holds objects after deleting them")


def restore(database_url: str, storage: Storage, backup_storage: Storage, dump: Path) -> None:
    """Create the database again, load the dump, and copy every object back."""
    server, name = _maintenance(database_url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            libpq_url(database_url),
            str(dump),
        ]
    )
    copy_files(backup_storage, storage)


def verify(before: Snapshot, database_url: str, storage: Storage, backup_storage: Storage):
    """Compare the restored data with the recorded truth."""
    after = snapshot(database_url, storage)
    tables = [
        compare_digests(name, digest, after.tables.get(name))
        for name, digest in sorted(before.tables.items())
    ]
    mismatches = sorted(
        key
        for key in before.files.keys() | after.files.keys()
        if before.files.get(key) != after.files.get(key)
    )
    return DrillReport(
        tables=tables,
        files=compare_files(backup_storage, storage),
        checksum_mismatches=mismatches,
        files_checked=len(before.files),
        bytes_checked=sum(size for size, _ in before.files.values()),
    )


def run_drill(
    database_url: str, storage: Storage, backup_storage: Storage, work_dir: Path, echo=print
) -> DrillReport:
    """The whole drill; ``echo`` receives each step and the verification lines."""
    before = snapshot(database_url, storage)
    rows = sum(len(digest.rows) for digest in before.tables.values())
    echo(f"recorded {rows} rows in {len(before.tables)} tables and {len(before.files)} files")
    dump = backup(database_url, storage, backup_storage, work_dir)
    echo(f"backed up: {dump.name} ({dump.stat().st_size} bytes) and the files")
    destroy(database_url, storage)
    echo("destroyed: database dropped, every stored object deleted")
    restore(database_url, storage, backup_storage, dump)
    echo("restored: pg_restore and the files copied back")
    report = verify(before, database_url, storage, backup_storage)
    for line in report.lines():
        echo(line)
    return report


def _storage(url: str, endpoint_url: str | None) -> Any:
    return storage_from_url(url, endpoint_url=endpoint_url, public_base_url=None)


def main(argv: list[str] | None = None) -> int:
    """Run the drill from the command line; exit 0 only if everything came back."""
    parser = argparse.ArgumentParser(prog="python -m ops.restore_drill", description=main.__doc__)
    parser.add_argument("--database", required=True, help="postgresql://… (it is DROPPED)")
    parser.add_argument("--storage", required=True, help="s3://bucket/prefix or file:///dir")
    parser.add_argument("--backup-storage", required=True, help="where the files are copied")
    parser.add_argument("--work-dir", required=True, type=Path, help="where the dump is written")
    parser.add_argument("--s3-endpoint-url", help="an S3-compatible server (tests)")
    args = parser.parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    live = _storage(args.storage, args.s3_endpoint_url)
    kept = _storage(args.backup_storage, args.s3_endpoint_url)
    try:
        report = run_drill(args.database, live, kept, args.work_dir)
    except DrillError as exc:
        print(f"restore drill could not run: {exc}", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
