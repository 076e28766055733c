"""Storage in an S3 bucket (AWS S3 or an S3-compatible server), under an optional prefix."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NoReturn, TypeVar

import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from urllib3.exceptions import HTTPError as Urllib3Error

from r2w.storage.base import (
    ChunkIterator,
    InvalidRange,
    ObjectInfo,
    ObjectNotFound,
    StorageError,
    bucket_prefix,
    guess_content_type,
    join_public_url,
    read_chunks,
    validate_key,
    validate_prefix,
)

_NOT_FOUND_CODES = {"404", "NoSuchKey", "NotFound"}
_DELETE_BATCH = 1000  # the DeleteObjects maximum
T = TypeVar("T")


class S3Storage:
    """Storage in ``bucket`` under ``prefix``; every write is encrypted at rest (SSE AES256).

    ``client`` is used as given (tests, custom sessions); otherwise one is built for
    ``endpoint_url`` (None means AWS) with the timeouts and ``max_attempts`` (first try included,
    standard retry mode with backoff) below. Credentials and region come from the usual boto3
    sources: environment, IRSA web identity, instance profile.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        client: Any = None,
        endpoint_url: str | None = None,
        public_base_url: str | None = None,
        *,
        region_name: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 4,
    ) -> None:
        self.prefix = bucket_prefix(bucket, prefix)
        self.bucket = bucket
        self.public_base_url = public_base_url
        self.client = client or _make_client(
            endpoint_url, region_name, connect_timeout, read_timeout, max_attempts
        )

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> ObjectInfo:
        """Upload ``data`` under ``key`` with server-side encryption."""
        try:
            body, size = _body(data)
        except OSError as exc:
            raise StorageError(f"cannot read the data for {key!r}: {exc}") from exc
        ctype = content_type or guess_content_type(key)
        resp = self._call(
            key,
            self.client.put_object,
            Bucket=self.bucket,
            Key=self._full(key),
            Body=body,
            ContentType=ctype,
            ServerSideEncryption="AES256",
        )
        # PutObject does not return the modification time; None rather than a guess.
        return ObjectInfo(key, size, _etag(resp), ctype, None)

    def get_bytes(self, key: str) -> bytes:
        """Return the whole object."""
        resp = self._call(key, self.client.get_object, Bucket=self.bucket, Key=self._full(key))
        body = resp["Body"]
        try:
            return self._call(key, body.read)
        finally:
            body.close()

    def stream(
        self, key: str, start: int | None = None, end: int | None = None, chunk_size: int = 65536
    ) -> Iterator[bytes]:
        """Iterate over bytes ``start``..``end`` (inclusive) of the object, chunk by chunk."""
        params = {"Bucket": self.bucket, "Key": self._full(key)}
        if start is not None or end is not None:
            params["Range"] = _range_header(start, end)
        resp = self._call(key, self.client.get_object, **params)
        body = resp["Body"]

        def read(amount: int) -> bytes:
            return self._call(key, body.read, amount)

        return ChunkIterator(read, body.close, int(resp["ContentLength"]), chunk_size)

    def stat(self, key: str) -> ObjectInfo:
        """Metadata of ``key`` (HeadObject)."""
        resp = self._call(key, self.client.head_object, Bucket=self.bucket, Key=self._full(key))
        return ObjectInfo(
            key,
            int(resp["ContentLength"]),
            _etag(resp),
            resp.get("ContentType"),
            resp.get("LastModified"),
        )

    def exists(self, key: str) -> bool:
        """True if ``key`` names an object."""
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is fine (S3 DeleteObject is idempotent)."""
        self._call(key, self.client.delete_object, Bucket=self.bucket, Key=self._full(key))

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with ``prefix`` in batches of 1000."""
        batch: list[dict[str, str]] = []
        deleted = 0
        for info in self.list(prefix):
            batch.append({"Key": self._full(info.key)})
            if len(batch) == _DELETE_BATCH:
                deleted += self._delete_batch(batch)
                batch = []
        if batch:
            deleted += self._delete_batch(batch)
        return deleted

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Objects whose key starts with ``prefix``, in key order (ListObjectsV2, paginated)."""
        validate_prefix(prefix)
        return self._list(prefix)

    def public_url(self, key: str) -> str | None:
        """CDN URL of ``key`` when a public base URL is configured."""
        return join_public_url(self.public_base_url, key)

    def check(self) -> None:
        """Raise StorageError unless the bucket is reachable (HeadBucket)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError, Urllib3Error) as exc:
            raise StorageError(f"S3 bucket {self.bucket!r} is not reachable: {exc}") from exc

    # -- helpers --------------------------------------------------------------------------

    def _full(self, key: str) -> str:
        return self.prefix + validate_key(key)

    def _list(self, prefix: str) -> Iterator[ObjectInfo]:
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in _guard(prefix, lambda: iter(pages)):
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix) :]
                yield ObjectInfo(key, int(item["Size"]), _etag(item), None, item["LastModified"])

    def _delete_batch(self, batch: list[dict[str, str]]) -> int:
        resp = self._call(
            batch[0]["Key"],
            self.client.delete_objects,
            Bucket=self.bucket,
            Delete={"Objects": batch, "Quiet": True},
        )
        errors = resp.get("Errors") or []
        if errors:
            first = errors[0]
            raise StorageError(
                f"{len(errors)} objects not deleted, e.g. {first.get('Key')}: "
                f"{first.get('Code')} {first.get('Message')}"
            )
        return len(batch)

    def _call(self, key: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except (ClientError, BotoCoreError, Urllib3Error) as exc:
            _raise_mapped(key, exc)


def _guard(key: str, make: Callable[[], Iterator[T]]) -> Iterator[T]:
    """Iterate while mapping botocore errors raised between pages to storage errors."""
    try:
        yield from make()
    except (ClientError, BotoCoreError, Urllib3Error) as exc:
        _raise_mapped(key, exc)


def _raise_mapped(key: str, exc: Exception) -> NoReturn:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        if code in _NOT_FOUND_CODES:
            raise ObjectNotFound(key) from exc
        if code == "InvalidRange":
            raise InvalidRange(f"byte range does not fit {key!r}") from exc
    raise StorageError(f"S3 request for {key!r} failed: {exc}") from exc


def _make_client(
    endpoint_url: str | None,
    region_name: str | None,
    connect_timeout: float,
    read_timeout: float,
    max_attempts: int,
) -> Any:
    options: dict[str, Any] = {
        "connect_timeout": connect_timeout,
        "read_timeout": read_timeout,
        # total_max_attempts counts the first try; botocore's max_attempts counts only retries.
        "retries": {"total_max_attempts": max_attempts, "mode": "standard"},
    }
    if endpoint_url:
        # S3-compatible servers want path-style URLs (no per-bucket DNS names) and may reject
        # the checksum headers boto3 >= 1.36 sends by default:
        # https://github.com/boto/boto3/issues/4392
        options["s3"] = {"addressing_style": "path"}
        options["request_checksum_calculation"] = "when_required"
        options["response_checksum_validation"] = "when_required"
    # A private session (a shared default one is not thread-safe to create clients from) that
    # shares the parsed service models: loading them is most of the cost of a new client.
    # botocore's own client, not boto3's wrapper: the same client and credential chain, and
    # importing boto3 (its resources and transfer layers, unused here) added about half again
    # to every process's first S3 call (the builder pays it on each build).
    core = botocore.session.get_session()
    core.register_component("data_loader", _shared_loader())
    return core.create_client(
        "s3", endpoint_url=endpoint_url, region_name=region_name, config=Config(**options)
    )


@functools.cache
def _shared_loader() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


def _body(data: bytes | BinaryIO) -> tuple[bytes | BinaryIO, int]:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        return raw, len(raw)
    if data.seekable():
        here = data.tell()
        size = data.seek(0, io.SEEK_END) - here
        data.seek(here)
        return data, size
    # PutObject needs a length up front; unseekable streams (uploads, pipes) are buffered.
    raw = b"".join(read_chunks(data))
    return raw, len(raw)


def _range_header(start: int | None, end: int | None) -> str:
    first = 0 if start is None else start
    if first < 0 or (end is not None and (end < 0 or end < first)):
        # S3 ignores a malformed Range and sends the whole object; refuse it here instead.
        raise InvalidRange(f"invalid byte range {start}-{end}")
    return f"bytes={first}-" if end is None else f"bytes={first}-{end}"


def _etag(resp: dict[str, Any]) -> str:
    return str(resp.get("ETag", "")).strip('"')
