"""Storage in a local folder: the default for `flask run` and for tests.

Layout under the root folder::

    <key>                      the object bytes, at the path named by its key
    .r2w/meta/<key>.json       etag + content type, written with the object
    .r2w/tmp/                  temporary files, renamed into place when complete

The etag is the MD5 hex digest of the content: it is computed while the bytes are written (no
second read), and it is the value S3 reports for a single-part upload, so copies between the two
backends can be verified by comparing etags. It is kept in a sidecar together with the content
type given on put, which the filesystem cannot otherwise remember. The sidecar records the size
and mtime of the file it describes; when they no longer match (a file replaced by hand, or a crash
between the two renames) the etag is recomputed from the content, so a stale sidecar is never
trusted.

Objects are created readable by the owner only (mkstemp's 0600): they include uploaded CVs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from r2w.storage.base import (
    ChunkIterator,
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    StorageError,
    guess_content_type,
    join_public_url,
    read_chunks,
    resolve_range,
    validate_key,
    validate_prefix,
)

RESERVED = ".r2w"
_COPY_CHUNK = 1024 * 1024


class LocalStorage:
    """Storage rooted at a local folder, with atomic writes and ranged streaming reads."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        public_base_url: str | None = None,
        *,
        create: bool = True,
        fsync: bool = True,
    ) -> None:
        self.root = Path(root).absolute()
        self.public_base_url = public_base_url
        self._fsync = fsync
        self._meta_root = self.root / RESERVED / "meta"
        self._tmp_root = self.root / RESERVED / "tmp"
        if create:
            try:
                self._tmp_root.mkdir(parents=True, exist_ok=True)
                self._meta_root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create storage folder {self.root}: {exc}") from exc

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    # -- writes ---------------------------------------------------------------------------

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> ObjectInfo:
        """Write ``data`` under ``key`` atomically (a crash never leaves a partial object)."""
        path = self._path(key)
        ctype = content_type or guess_content_type(key)
        try:
            tmp, digest = self._write_temp(data)
            try:
                st = os.stat(tmp)
                meta = {
                    "etag": digest,
                    "contentType": ctype,
                    "size": st.st_size,
                    "mtimeNs": st.st_mtime_ns,
                }
                _move(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
            self._write_meta(key, meta)
        except OSError as exc:
            raise StorageError(f"cannot write {key!r}: {exc}") from exc
        return ObjectInfo(key, st.st_size, digest, ctype, _mtime(st))

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is fine."""
        path = self._path(key)
        try:
            if path.is_dir():
                return
            _unlink(path)
            _unlink(self._meta_path(key))
        except OSError as exc:
            raise StorageError(f"cannot delete {key!r}: {exc}") from exc
        self._prune(path.parent, self.root)
        self._prune(self._meta_path(key).parent, self._meta_root)

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with ``prefix``; returns how many."""
        keys = [info.key for info in self.list(prefix)]
        for key in keys:
            self.delete(key)
        return len(keys)

    # -- reads ----------------------------------------------------------------------------

    def get_bytes(self, key: str) -> bytes:
        """Return the whole object."""
        with self._open(key) as fh:
            return fh.read()

    def stream(
        self, key: str, start: int | None = None, end: int | None = None, chunk_size: int = 65536
    ) -> Iterator[bytes]:
        """Iterate over bytes ``start``..``end`` (inclusive) of the object, chunk by chunk."""
        fh = self._open(key)
        try:
            first, last = resolve_range(os.fstat(fh.fileno()).st_size, start, end)
            fh.seek(first)
            return ChunkIterator(fh.read, fh.close, last - first + 1, chunk_size)
        except BaseException:
            fh.close()
            raise

    def stat(self, key: str) -> ObjectInfo:
        """Metadata of ``key``."""
        path = self._path(key)
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        except OSError as exc:
            raise StorageError(f"cannot stat {key!r}: {exc}") from exc
        if not path.is_file():
            raise ObjectNotFound(key)
        return self._info(key, path, st)

    def exists(self, key: str) -> bool:
        """True if ``key`` names an object."""
        return self._path(key).is_file()

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Objects whose key starts with ``prefix`` (plain string prefix), in key order."""
        validate_prefix(prefix)
        # Start from the deepest folder the prefix fully names; "a/b" also matches "a/bc".
        base = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
        keys = sorted(self._walk(self.root / base, base, prefix))
        return self._infos(keys)

    def _infos(self, keys: list[str]) -> Iterator[ObjectInfo]:
        for key in keys:
            path = self.root / key
            # A key deleted while the listing is consumed is simply left out.
            with contextlib.suppress(FileNotFoundError):
                yield self._info(key, path, path.stat())

    def public_url(self, key: str) -> str | None:
        """Public URL of ``key`` when a public base URL is configured."""
        return join_public_url(self.public_base_url, key)

    def check(self) -> None:
        """Raise StorageError unless the root folder exists and is writable."""
        for folder in (self.root, self._tmp_root, self._meta_root):
            if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
                raise StorageError(f"storage folder {folder} is missing or not writable")

    # -- helpers --------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        validate_key(key)
        if key.split("/", 1)[0] == RESERVED:
            raise InvalidKey(f"keys under {RESERVED}/ are reserved")
        return self.root / key

    def _meta_path(self, key: str) -> Path:
        return self._meta_root / (key + ".json")

    def _open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return open(path, "rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ObjectNotFound(key) from None
        except OSError as exc:
            raise StorageError(f"cannot read {key!r}: {exc}") from exc

    def _write_temp(self, data: bytes | BinaryIO) -> tuple[str, str]:
        fd, tmp = tempfile.mkstemp(dir=self._tmp_root, suffix=".part")
        digest = hashlib.md5(usedforsecurity=False)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in read_chunks(data):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                if self._fsync:
                    os.fsync(out.fileno())
        except BaseException:
            _unlink(tmp)
            raise
        return tmp, digest.hexdigest()

    def _write_meta(self, key: str, meta: dict) -> None:
        path = self._meta_path(key)
        fd, tmp = tempfile.mkstemp(dir=self._tmp_root, suffix=".meta")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(meta, out)
            _move(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise

    def _info(self, key: str, path: Path, st: os.stat_result) -> ObjectInfo:
        meta = self._read_meta(key)
        if meta.get("size") == st.st_size and meta.get("mtimeNs") == st.st_mtime_ns:
            return ObjectInfo(key, st.st_size, meta["etag"], meta.get("contentType"), _mtime(st))
        # No sidecar, or it describes another version of the file: derive from the content.
        return ObjectInfo(key, st.st_size, _md5_file(path), guess_content_type(key), _mtime(st))

    def _read_meta(self, key: str) -> dict:
        try:
            with open(self._meta_path(key), encoding="utf-8") as fh:
                meta = json.load(fh)
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) and isinstance(meta.get("etag"), str) else {}

    def _walk(self, folder: Path, rel: str, prefix: str) -> Iterator[str]:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            raise StorageError(f"cannot list {rel or '/'}: {exc}") from exc
        for entry in entries:
            key = rel + entry.name
            if not rel and entry.name == RESERVED:
                continue
            if entry.is_dir(follow_symlinks=False):
                sub = key + "/"
                if sub.startswith(prefix) or prefix.startswith(sub):
                    yield from self._walk(Path(entry.path), sub, prefix)
            elif key.startswith(prefix) and entry.is_file():
                yield key

    def _prune(self, folder: Path, stop: Path) -> None:
        # Remove folders a delete left empty; rmdir refuses non-empty ones, so a concurrent put
        # into the same folder is never harmed (put re-creates a folder removed under it).
        while folder != stop and stop in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent


def _move(tmp: str, path: Path) -> None:
    # A concurrent delete may prune the target folder between mkdir and rename: retry once.
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path)
            return
        except FileNotFoundError:
            if attempt:
                raise


def _md5_file(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        while chunk := fh.read(_COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _mtime(st: os.stat_result) -> datetime:
    return datetime.fromtimestamp(st.st_mtime, UTC)


def _unlink(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
