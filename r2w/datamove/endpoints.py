"""Opening both ends of a move: the SQLite source strictly read-only, the PostgreSQL target."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from r2w.datamove.errors import MoveError
from r2w.storage import LocalStorage, Storage, storage_from_url

# psycopg 3 is the driver r2w ships; the bare spellings mean it.
_POSTGRES_ALIASES = ("postgres", "postgresql")


@dataclass
class Endpoints:
    """The source and target databases and storages of one move."""

    source_db: Engine
    target_db: Engine
    target_db_url: str
    source_files: Storage
    target_files: Storage

    def close(self) -> None:
        """Release every database connection."""
        self.source_db.dispose()
        self.target_db.dispose()


def _parse(url: str, option: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise MoveError(f"{option}: not a database URL: {url!r}") from exc


def source_engine(url: str) -> Engine:
    """Open the SQLite source read-only (URI ``mode=ro``): the move can never write to it."""
    parsed = _parse(url, "--from")
    if parsed.get_backend_name() != "sqlite":
        raise MoveError(f"--from must be a sqlite:/// URL, got {parsed.get_backend_name()}://")
    if not parsed.database or parsed.database == ":memory:":
        raise MoveError("--from must name a SQLite database file")
    path = os.path.abspath(parsed.database)
    if not os.path.isfile(path):
        raise MoveError(f"--from: source database {path} does not exist")
    # A URI filename, percent-encoded so that '?' or '#' in a path cannot end it early.
    uri = f"file:{quote(path)}?mode=ro"
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool
    )


def target_url(url: str) -> str:
    """The PostgreSQL target URL with the psycopg 3 driver made explicit."""
    parsed = _parse(url, "--to")
    if parsed.get_backend_name() not in _POSTGRES_ALIASES:
        raise MoveError(f"--to must be a postgresql:// URL, got {parsed.get_backend_name()}://")
    if parsed.drivername in _POSTGRES_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def masked(url: str) -> str:
    """A database URL safe to print (password hidden)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable URL>"


def _local_root(url: str, option: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise MoveError(f"{option} must be a file:///absolute/path URL, got {url!r}")
    if not parts.path.startswith("/"):
        raise MoveError(f"{option} must be a file:///absolute/path URL, got {url!r}")
    return os.path.abspath(unquote(parts.path))


def source_storage(url: str) -> LocalStorage:
    """The local source folder, opened without creating anything in it."""
    root = _local_root(url, "--files-from")
    if not os.path.isdir(root):
        raise MoveError(f"--files-from: source folder {root} does not exist")
    return LocalStorage(root, create=False)


def target_storage(url: str, endpoint_url: str | None, *, create: bool) -> Storage:
    """The target storage (S3, or a local folder); ``create=False`` writes nothing."""
    if urlsplit(url).scheme == "file":
        return LocalStorage(_local_root(url, "--files-to"), create=create)
    try:
        return storage_from_url(url, endpoint_url=endpoint_url)
    except ValueError as exc:
        raise MoveError(f"--files-to: {exc}") from exc


def open_endpoints(
    source_db: str,
    target_db: str,
    source_files: str,
    target_files: str,
    *,
    endpoint_url: str | None = None,
    read_only_target: bool = False,
) -> Endpoints:
    """Validate the four URLs and open both ends (a read-only target for dry runs)."""
    src = source_engine(source_db)
    try:
        url = target_url(target_db)
        files_in = source_storage(source_files)
        files_out = target_storage(target_files, endpoint_url, create=not read_only_target)
        _refuse_overlap(files_in, files_out)
        return Endpoints(src, create_engine(url, pool_pre_ping=True), url, files_in, files_out)
    except BaseException:
        src.dispose()
        raise


def _refuse_overlap(files_in: LocalStorage, files_out: Storage) -> None:
    # A target inside the source folder would be listed, and copied, as source objects.
    if not isinstance(files_out, LocalStorage):
        return
    if files_out.root.is_relative_to(files_in.root) or files_in.root.is_relative_to(files_out.root):
        raise MoveError("--files-from and --files-to overlap (one folder is inside the other)")
