"""The original system's SQLite database, opened read-only and read in batches."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

ANONYMOUS_PREFIX = "anonymous_"
# Later columns (added with ALTER TABLE by the original): absent from older files.
OPTIONAL_USER_COLUMNS = ("phone", "date_of_birth", "location", "active_portfolio_url")


class SourceError(Exception):
    """The original database cannot be read as the original system wrote it."""


class OriginalDatabase:
    """Read access to the original's tables; never writes (``mode=ro``)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SourceError(f"--db: {path} does not exist")
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        self.conn = sqlite3.connect(uri, uri=True)
        self.conn.row_factory = sqlite3.Row
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        missing = {"users", "cv_uploads"} - tables
        if missing:
            raise SourceError(f"--db: {path} has no table {', '.join(sorted(missing))}")
        self.has_cache = "cv_extraction_cache" in tables
        self.user_columns = self._columns("users")
        self.cv_columns = self._columns("cv_uploads")

    def _columns(self, table: str) -> set[str]:
        return {row["name"] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def close(self) -> None:
        """Release the file."""
        self.conn.close()

    def _batches(self, sql: str, size: int) -> Iterator[list[dict[str, Any]]]:
        cursor = self.conn.execute(sql)
        while rows := cursor.fetchmany(size):
            yield [dict(row) for row in rows]

    def users(self, size: int = 500) -> Iterator[list[dict[str, Any]]]:
        """Users oldest first (the first of case twins is the one kept), in batches."""
        extra = [c for c in OPTIONAL_USER_COLUMNS if c in self.user_columns]
        columns = ", ".join(["user_id", "email", "password_hash", "name", "created_at", *extra])
        yield from self._batches(f"SELECT {columns} FROM users ORDER BY created_at, user_id", size)

    def case_twins(self) -> dict[str, list[dict[str, Any]]]:
        """Users whose emails differ only in case: lower(email) -> users, oldest first.

        Grouped in Python with the same lower() as r2w's accounts: SQLite's lower() folds ASCII
        only, so "ÄNN@x" and "änn@x" would escape it and then collide at the target.
        """
        cvs = dict(self.conn.execute("SELECT user_id, count(*) FROM cv_uploads GROUP BY user_id"))
        rows = self.conn.execute(
            "SELECT user_id, email, password_hash, created_at FROM users"
            " ORDER BY created_at, user_id"
        )
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            user = {**dict(row), "cvs": cvs.get(row["user_id"], 0)}
            groups.setdefault(str(row["email"] or "").strip().lower(), []).append(user)
        return {email: group for email, group in groups.items() if len(group) > 1}

    def cv_uploads(self, size: int = 200) -> Iterator[list[dict[str, Any]]]:
        """Every upload row in a stable order, with file_hash None where the column is absent."""
        hash_column = "file_hash" if "file_hash" in self.cv_columns else "NULL AS file_hash"
        yield from self._batches(
            "SELECT upload_id, user_id, job_id, filename, file_type, upload_date, cv_data,"
            f" status, {hash_column} FROM cv_uploads ORDER BY upload_id",
            size,
        )

    def cached_document(self, file_hash: str | None) -> str | None:
        """The extraction cache's cv_data for a file hash, if any."""
        if not (self.has_cache and file_hash):
            return None
        row = self.conn.execute(
            "SELECT cv_data FROM cv_extraction_cache WHERE file_hash = ?", (file_hash,)
        ).fetchone()
        return row["cv_data"] if row else None

    def cache_entries(self, size: int = 500) -> Iterator[list[dict[str, Any]]]:
        """The extraction cache, in batches (none when the table does not exist)."""
        if self.has_cache:
            yield from self._batches(
                "SELECT file_hash, cv_data, extraction_model, temperature, created_at,"
                " last_accessed FROM cv_extraction_cache ORDER BY file_hash",
                size,
            )

    def counts(self) -> dict[str, int]:
        """Rows per table, for the verification."""
        one = self.conn.execute
        return {
            "users": one("SELECT count(*) FROM users").fetchone()[0],
            "cv_uploads": one("SELECT count(*) FROM cv_uploads").fetchone()[0],
            "anonymous_cv_uploads": one(
                "SELECT count(*) FROM cv_uploads WHERE user_id LIKE 'anonymous\\_%' ESCAPE '\\'"
            ).fetchone()[0],
            "cv_extraction_cache": (
                one("SELECT count(*) FROM cv_extraction_cache").fetchone()[0]
                if self.has_cache
                else 0
            ),
        }


def is_anonymous(user_id: str) -> bool:
    """Whether a cv_uploads owner is anonymous work (no users row by design)."""
    return user_id.startswith(ANONYMOUS_PREFIX)
