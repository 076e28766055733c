"""Storage interface shared by every backend: errors, object metadata, key rules."""

from __future__ import annotations

import functools
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

DEFAULT_CONTENT_TYPE = "application/octet-stream"

# The stdlib table differs between Python versions and between machines (it also reads
# /etc/mime.types), so backends resolve types from one fixed table: the same key gets the same
# Content-Type on a laptop and in the cluster. It holds every type r2w writes itself (sites,
# CV files, photos); other extensions fall back to the stdlib's built-in table.
_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".json": "application/json",
    ".xml": "text/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".md": "text/markdown",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".rtf": "application/rtf",
}


class StorageError(Exception):
    """Base error of every storage operation (backend unreachable, I/O failure, bad input)."""


class ObjectNotFound(StorageError):
    """The requested key does not exist."""


class InvalidKey(StorageError):
    """A key or prefix breaks the key rules (traversal, absolute path, backslash, NUL...)."""


class InvalidRange(StorageError):
    """A byte range that does not fit the object (start past the end, start after end)."""


@dataclass(frozen=True)
class ObjectInfo:
    """Metadata of one stored object."""

    key: str
    size: int
    etag: str
    content_type: str | None
    last_modified: datetime | None


@runtime_checkable
class Storage(Protocol):
    """Object storage addressed by "/"-separated relative keys."""

    def put(
        self, key: str, data: bytes | BinaryIO, content_type: str | None = None
    ) -> ObjectInfo: ...

    def get_bytes(self, key: str) -> bytes: ...

    def stream(
        self,
        key: str,
        start: int | None = None,
        end: int | None = None,
        chunk_size: int = 65536,
    ) -> Iterator[bytes]: ...

    def stat(self, key: str) -> ObjectInfo: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]: ...

    def public_url(self, key: str) -> str | None: ...

    def check(self) -> None: ...


def validate_key(key: str) -> str:
    """Return ``key`` unchanged if it is a safe relative object key, else raise InvalidKey."""
    if not isinstance(key, str) or not key:
        raise InvalidKey("key must be a non-empty string")
    _check_segments(key, allow_trailing_slash=False)
    return key


def s3_location(url: str) -> tuple[str, str]:
    """(bucket, prefix) of an ``s3://bucket[/prefix]`` storage URL, else ValueError."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "s3" or not parts.netloc:
        raise ValueError(f"S3 storage URL must be s3://bucket[/prefix], got {url!r}")
    return parts.netloc, unquote(parts.path)


def bucket_prefix(bucket: str, prefix: str) -> str:
    """The key prefix of a bucket's storage ("" or "a/b/"), checking both names."""
    if not bucket:
        raise ValueError("an S3 bucket name is required")
    prefix = validate_prefix(prefix.strip("/"))
    return prefix + "/" if prefix else ""


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` if it is "" or a safe key prefix (may end with "/"), else raise."""
    if not isinstance(prefix, str):
        raise InvalidKey("prefix must be a string")
    if prefix:
        _check_segments(prefix, allow_trailing_slash=True)
    return prefix


def _check_segments(value: str, *, allow_trailing_slash: bool) -> None:
    if "\x00" in value or "\\" in value:
        raise InvalidKey(f"key {value!r} contains a NUL byte or a backslash")
    if value.startswith("/"):
        raise InvalidKey(f"key {value!r} must be relative (no leading '/')")
    segments = value.split("/")
    if allow_trailing_slash and segments[-1] == "":
        segments = segments[:-1]
    for segment in segments:
        # Empty and "." segments are rejected too: a filesystem would fold them into another
        # key, so two different keys could name one file.
        if segment in ("", ".", ".."):
            raise InvalidKey(f"key {value!r} has an empty, '.' or '..' segment")


def guess_content_type(key: str) -> str:
    """Content type for ``key`` from its extension; octet-stream when unknown."""
    dot = key.rfind(".")
    if dot > key.rfind("/"):
        known = _TYPES.get(key[dot:].lower())
        if known:
            return known
    guessed, _ = _builtin_types().guess_type(key, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


@functools.cache
def _builtin_types() -> mimetypes.MimeTypes:
    """The stdlib's built-in table alone, never /etc/mime.types, made on first use.

    Making it also has mimetypes load the machine's files into its module state (~5 ms), which
    a site build, whose files all have types in _TYPES, never pays.
    """
    return mimetypes.MimeTypes()


def resolve_range(size: int, start: int | None, end: int | None) -> tuple[int, int]:
    """Turn an optional inclusive (start, end) into a concrete one, clamping end to the size.

    Returns (0, -1) for a whole-object read of an empty object.
    """
    if start is None and end is None:
        return 0, size - 1
    first = 0 if start is None else start
    last = size - 1 if end is None else min(end, size - 1)
    if first < 0 or (end is not None and end < 0):
        raise InvalidRange(f"negative byte range {start}-{end}")
    if first >= size or first > last:
        raise InvalidRange(f"byte range {start}-{end} does not fit an object of {size} bytes")
    return first, last


def read_chunks(data: bytes | BinaryIO, size: int = 1024 * 1024) -> Iterator[bytes]:
    """Yield ``data`` (bytes or a binary stream read to its end) in chunks of up to ``size``."""
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    # Loop until EOF: one read() may legally return fewer bytes than are left.
    while chunk := data.read(size):
        yield chunk


def join_public_url(base: str | None, key: str) -> str | None:
    """``base + "/" + key`` when a public base URL is configured, else None."""
    if not base:
        return None
    return base.rstrip("/") + "/" + validate_key(key)


class ChunkIterator:
    """Iterator of byte chunks read from an open stream, closed when exhausted or on close().

    WSGI servers call close() on response iterables, so an aborted download releases the file
    handle or HTTP connection at once instead of waiting for garbage collection.
    """

    def __init__(
        self,
        read: Callable[[int], bytes],
        close: Callable[[], None],
        remaining: int,
        chunk_size: int,
    ) -> None:
        if chunk_size <= 0:
            raise ValueError("chunk_size must be positive")
        self._read = read
        self._close = close
        self._remaining = remaining
        self._chunk_size = chunk_size
        self._closed = False

    def __iter__(self) -> ChunkIterator:
        return self

    def __next__(self) -> bytes:
        if self._closed or self._remaining <= 0:
            self.close()
            raise StopIteration
        try:
            chunk = self._read(min(self._chunk_size, self._remaining))
        except BaseException:
            self.close()
            raise
        if not chunk:
            self.close()
            raise StorageError(f"object ended {self._remaining} bytes early")
        self._remaining -= len(chunk)
        return chunk

    def close(self) -> None:
        """Release the underlying stream (idempotent)."""
        if not self._closed:
            self._closed = True
            self._close()
