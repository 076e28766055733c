"""The builder's S3 access (read a spec or photo, check a manifest, write files) through awscrt.

A build is one short process, and botocore's import and client creation cost it ~240 ms, more
than the render (bench/bench_build.py). The AWS Common Runtime's S3 client (awscrt, AWS's
native library behind the CLI v2 and s3transfer's fast path) starts in a fraction of that and
does the protocol work: credentials (environment, profile, IRSA web identity, ECS, instance
metadata), SigV4 signing, connection reuse and retries with backoff. What is left here is the
three S3 calls the builder makes: GetObject, HeadObject and PutObject, each a single request
(never multipart), so a PUT replaces its object atomically as S3Storage's does. The app keeps
S3Storage (botocore) for everything else: listings, deletes, ranges and streaming.
"""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import io
import os
import re
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from awscrt import auth, http, s3
from awscrt.exceptions import AwsCrtError

from r2w.storage.base import (
    ObjectInfo,
    ObjectNotFound,
    StorageError,
    bucket_prefix,
    guess_content_type,
    s3_location,
    validate_key,
)

_NOT_FOUND_CODES = {"NoSuchKey", "NotFound"}
_ERROR_CODE = re.compile(rb"<Code>([^<]{1,100})</Code>")
# botocore's default for S3 when no region is configured (its global endpoint's region).
_DEFAULT_REGION = "us-east-1"


class CrtS3Storage:
    """Objects in ``bucket`` under ``prefix``, read and written as S3Storage does.

    Writes are encrypted at rest (SSE AES256) and carry Content-MD5, so S3 refuses a body that
    arrived damaged. ``endpoint_url`` names an S3-compatible server (addressed path-style, as
    S3Storage does); without it the bucket's AWS endpoint in the configured region is used.
    ``timeout`` bounds each call, retries included.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        *,
        region_name: str | None = None,
        timeout: float = 120.0,
    ) -> None:
        self.prefix = bucket_prefix(bucket, prefix)
        self.bucket = bucket
        self.timeout = timeout
        region = region_name or _configured_region()
        self.host, self.base_path, secure = _address(bucket, region, endpoint_url)
        tls = s3.S3RequestTlsMode.ENABLED if secure else s3.S3RequestTlsMode.DISABLED
        try:
            self.client = s3.S3Client(
                region=region,
                tls_mode=tls,
                credential_provider=_credentials(),
            )
        except AwsCrtError as exc:  # no credentials chain, no event loop: a clear error
            raise StorageError(f"cannot start the S3 client: {exc.name}") from exc

    def __repr__(self) -> str:
        return f"CrtS3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def put(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo:
        """Upload ``data`` under ``key`` with server-side encryption, in one request."""
        return self.put_many([(key, data, content_type)])[0]

    def put_many(self, objects: Iterable[tuple[str, bytes, str | None]]) -> list[ObjectInfo]:
        """Upload several (key, data, content type) objects at once; their ObjectInfo in order.

        The requests are in flight together (the client's connections and native threads
        carry them), so a site's files cost about one round trip, not one each. Every one is
        awaited before this returns; the first failure is raised after the others finished.
        """
        objects = list(objects)
        for key, _, _ in objects:  # a bad key refuses the whole call before anything is sent
            validate_key(key)
        started = []
        for key, data, content_type in objects:
            body = bytes(data)
            ctype = content_type or guess_content_type(key)
            digest = hashlib.md5(body, usedforsecurity=False).digest()
            headers = [
                ("Content-Type", ctype),
                ("Content-MD5", base64.b64encode(digest).decode()),
                ("x-amz-server-side-encryption", "AES256"),
            ]
            started.append((key, body, ctype, self._start("PUT", "PutObject", key, body, headers)))
        results, failure = [], None
        for key, body, ctype, pending in started:
            try:
                response, _ = pending.result()
            except StorageError as exc:
                failure = failure or exc
                continue
            etag = str(response.get("etag", "")).strip('"')
            results.append(ObjectInfo(key, len(body), etag, ctype, None))
        if failure is not None:
            raise failure
        return results

    def get_bytes(self, key: str) -> bytes:
        """Return the whole object."""
        return self._start("GET", "GetObject", key).result()[1]

    def exists(self, key: str) -> bool:
        """True if ``key`` names an object."""
        try:
            self._start("HEAD", "HeadObject", key).result()
        except ObjectNotFound:
            return False
        return True

    # -- helpers --------------------------------------------------------------------------

    def _start(
        self,
        method: str,
        operation: str,
        key: str,
        body: bytes = b"",
        headers: list[tuple[str, str]] | None = None,
    ) -> _Pending:
        """Start one signed request; its _Pending gives the answer."""
        path = self.base_path + quote(self.prefix + validate_key(key), safe="/~")
        fields = [("Host", self.host), *(headers or [])]
        if method == "PUT":
            fields.append(("Content-Length", str(len(body))))
        request = http.HttpRequest(
            method, path, http.HttpHeaders(fields), io.BytesIO(body) if body else None
        )
        pending = _Pending(key, operation, self.timeout)
        # DEFAULT: sent as built (signed, retried), never split into ranged or multipart parts.
        pending.meta = self.client.make_request(
            type=s3.S3RequestType.DEFAULT,
            request=request,
            operation_name=operation,
            on_headers=pending.on_headers,
            on_body=pending.on_body,
        )
        return pending


class _Pending:
    """One request in flight: collects its answer as the client's threads deliver it."""

    def __init__(self, key: str, operation: str, timeout: float) -> None:
        self.key, self.operation, self.timeout = key, operation, timeout
        self.headers: dict[str, str] = {}
        self.body: list[bytes] = []
        self.meta: Any = None
        self.deadline = time.monotonic() + timeout

    def on_headers(self, headers: list[tuple[str, str]], **_: Any) -> None:
        """The client's callback with the response headers."""
        self.headers = {name.lower(): value for name, value in headers}

    def on_body(self, chunk: bytes, **_: Any) -> None:
        """The client's callback with a part of the response body."""
        self.body.append(bytes(chunk))

    def result(self) -> tuple[dict[str, str], bytes]:
        """Wait for the answer (within the timeout, counted from the start); headers and body."""
        key, operation = self.key, self.operation
        try:
            self.meta.finished_future.result(max(0.0, self.deadline - time.monotonic()))
        except s3.S3ResponseError as exc:
            _raise_mapped(key, operation, exc.status_code, exc.body or b"", exc)
        except concurrent.futures.TimeoutError as exc:
            self.meta.cancel()
            raise StorageError(f"S3 {operation} for {key!r} took over {self.timeout:g} s") from exc
        except AwsCrtError as exc:
            raise StorageError(f"S3 {operation} for {key!r} failed: {exc.name}") from exc
        return self.headers, b"".join(self.body)


def crt_storage_from_url(url: str, *, endpoint_url: str | None = None) -> CrtS3Storage:
    """CrtS3Storage for ``s3://bucket[/prefix]`` (the URL storage_from_url takes)."""
    bucket, prefix = s3_location(url)
    return CrtS3Storage(bucket, prefix, endpoint_url)


def _credentials() -> auth.AwsCredentialsProvider:
    """The AWS SDKs' default credentials chain, or its first link alone where that answers.

    The chain starts with the environment's keys; where both are set, it returns them before
    any other link is asked, so the environment provider alone gives the same credentials
    without building the others (profile files, web identity, ECS and instance metadata, with
    their TLS context: ~11 ms of a build, bench/bench_build.py).
    """
    if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
        return auth.AwsCredentialsProvider.new_environment()
    return auth.AwsCredentialsProvider.new_default_chain()


def _configured_region() -> str:
    """The region the AWS SDKs read from the environment (IRSA sets both names)."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or _DEFAULT_REGION


def _address(bucket: str, region: str, endpoint_url: str | None) -> tuple[str, str, bool]:
    """(Host header, path before the key, TLS?) for the bucket."""
    if endpoint_url:
        # S3-compatible servers are addressed path-style, as S3Storage configures botocore.
        parts = urlsplit(endpoint_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"S3 endpoint must be http(s)://host[:port], got {endpoint_url!r}")
        base = parts.path.rstrip("/") + "/" + quote(bucket) + "/"
        return parts.netloc, base, parts.scheme == "https"
    if "." in bucket:
        # A dotted name does not match the endpoint's TLS certificate as a host name.
        return f"s3.{region}.amazonaws.com", "/" + quote(bucket) + "/", True
    return f"{bucket}.s3.{region}.amazonaws.com", "/", True


def _raise_mapped(key: str, operation: str, status: int, body: bytes, exc: Exception) -> None:
    """Turn an S3 error response into ObjectNotFound or StorageError (as S3Storage does)."""
    match = _ERROR_CODE.search(body)
    code = match.group(1).decode(errors="replace") if match else ""
    # HEAD answers carry no body: a 404 there is the object missing.
    if code in _NOT_FOUND_CODES or (status == 404 and operation == "HeadObject"):
        raise ObjectNotFound(key) from exc
    detail = f"{status} {code}".strip()
    raise StorageError(f"S3 request for {key!r} failed: {operation} answered {detail}") from exc
