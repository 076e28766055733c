"""The S3 calls a build makes (get, head, put) over one HTTP connection, without botocore.

Importing botocore and creating a client costs a builder process ~190 ms, more than the
whole rest of a build. This client signs its own requests (r2w.storage.sigv4) and takes its
credentials only from the two sources the builder's Jobs use: access keys in the environment,
or a web identity token (IRSA) exchanged at STS. lite_s3_storage returns None for any other
setup (profiles, config files, instance roles, dotted bucket names, endpoint overrides), and
the builder then uses S3Storage, so no configuration botocore supports is lost.
"""

from __future__ import annotations

import hashlib
import http.client
import random
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import BinaryIO, NoReturn
from urllib.parse import unquote, urlsplit

from r2w.storage.base import (
    ObjectInfo,
    ObjectNotFound,
    StorageError,
    guess_content_type,
    read_chunks,
    validate_key,
    validate_prefix,
)
from r2w.storage.sigv4 import EMPTY_SHA256, Credentials, canonical_path, signed_headers

# Virtual-hosted addressing needs a DNS label; dotted names break TLS, so botocore takes them.
_DNS_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
# Settings only botocore understands: when any is set, this client steps aside.
_BOTOCORE_ONLY = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")
_RETRY_STATUS = {429, 500, 502, 503, 504}
_CODE = re.compile(rb"<Code>([^<]{1,100})</Code>")


class S3LiteStorage:
    """get_bytes, stat, exists and put on ``bucket`` under ``prefix`` (SSE AES256 writes).

    One connection, reused between requests: made for a single-threaded build process.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str,
        region: str,
        credentials: Callable[[], Credentials],
        endpoint_url: str | None = None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 4,
        ca_bundle: str | None = None,
    ) -> None:
        prefix = validate_prefix(prefix.strip("/"))
        self.bucket = bucket
        self.prefix = prefix + "/" if prefix else ""
        self.region = region
        self._credentials = credentials
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.max_attempts = max_attempts
        self.ca_bundle = ca_bundle
        if endpoint_url:  # S3-compatible servers: path-style, as S3Storage configures botocore
            parts = urlsplit(endpoint_url)
            self.scheme, self.host, self.base = parts.scheme, parts.netloc, f"/{bucket}"
        else:
            self.scheme, self.host = "https", f"{bucket}.s3.{region}.amazonaws.com"
            self.base = ""
        self._connection: http.client.HTTPConnection | None = None

    def __repr__(self) -> str:
        return f"S3LiteStorage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    @cached_property
    def credentials(self) -> Credentials:
        """Resolved on first use (a web identity costs one STS call)."""
        return self._credentials()

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> ObjectInfo:
        """Upload ``data`` under ``key`` with server-side encryption."""
        body = bytes(data) if isinstance(data, bytes | bytearray | memoryview) else None
        if body is None:
            body = b"".join(read_chunks(data))
        ctype = content_type or guess_content_type(key)
        headers = {"Content-Type": ctype, "x-amz-server-side-encryption": "AES256"}
        _, reply, _ = self._request("PUT", key, body, headers)
        return ObjectInfo(key, len(body), _etag(reply), ctype, None)

    def get_bytes(self, key: str) -> bytes:
        """Return the whole object."""
        return self._request("GET", key)[2]

    def stat(self, key: str) -> ObjectInfo:
        """Size, ETag and content type of ``key`` (HeadObject)."""
        _, reply, _ = self._request("HEAD", key)
        size = int(reply.get("content-length", "0"))
        return ObjectInfo(key, size, _etag(reply), reply.get("content-type"), None)

    def exists(self, key: str) -> bool:
        """True if ``key`` names an object."""
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def close(self) -> None:
        """Close the connection (a later request opens a new one)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # -- helpers --------------------------------------------------------------------------

    def _request(
        self, method: str, key: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        path = canonical_path(f"{self.base}/{self.prefix}{validate_key(key)}")
        payload = hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256
        for attempt in range(1, self.max_attempts + 1):
            signed = signed_headers(
                method, self.host, path, headers or {}, payload, self.credentials, self.region,
                datetime.now(UTC),
            )  # fmt: skip
            try:
                status, reply, data = self._send(method, path, body, signed)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if attempt == self.max_attempts:
                    raise StorageError(f"S3 request for {key!r} failed: {exc}") from exc
            else:
                if status < 300:
                    return status, reply, data
                if self._moved(status, reply) and attempt < self.max_attempts:
                    continue  # signed again for the bucket's own region, as botocore does
                if status not in _RETRY_STATUS or attempt == self.max_attempts:
                    _raise_for(key, method, status, data)
            # Jittered exponential backoff, as botocore's standard retry mode.
            time.sleep(min(20.0, random.random() * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")

    def _moved(self, status: int, reply: dict[str, str]) -> bool:
        """Follow AWS's answer that the bucket lives in another region; True if it did."""
        region = reply.get("x-amz-bucket-region", "")
        if self.base or status not in (301, 307, 400) or not _REGION.match(region):
            return False
        if region == self.region:
            return False
        self.close()
        self.region, self.host = region, f"{self.bucket}.s3.{region}.amazonaws.com"
        return True

    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        connection = self._connection or self._connect()
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.will_close:
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def _connect(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            import ssl  # only for TLS endpoints; AWS_CA_BUNDLE replaces the default roots

            context = ssl.create_default_context(cafile=self.ca_bundle)
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.host, timeout=self.connect_timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(self.host, timeout=self.connect_timeout)
        connection.connect()
        connection.sock.settimeout(self.read_timeout)
        self._connection = connection
        return connection


def _raise_for(key: str, method: str, status: int, data: bytes) -> NoReturn:
    match = _CODE.search(data)
    code = match.group(1).decode(errors="replace") if match else str(status)
    if status == 404 and code in ("404", "NoSuchKey", "NotFound"):
        raise ObjectNotFound(key)
    raise StorageError(f"S3 {method} for {key!r} failed: HTTP {status} {code}")


def _etag(headers: Mapping[str, str]) -> str:
    return headers.get("etag", "").strip('"')


def lite_s3_storage(
    url: str, endpoint_url: str | None, env: Mapping[str, str]
) -> S3LiteStorage | None:
    """An S3LiteStorage for ``s3://bucket/prefix``, or None when botocore is needed."""
    parts = urlsplit(url)
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or ""
    if parts.scheme != "s3" or any(env.get(name) for name in _BOTOCORE_ONLY):
        return None
    if not (_REGION.match(region) or (endpoint_url and region)):
        return None
    if not endpoint_url and not _DNS_BUCKET.match(parts.netloc):
        return None
    credentials = _credentials_source(env, region)
    if credentials is None:
        return None
    bucket, prefix = parts.netloc, unquote(parts.path)
    ca_bundle = env.get("AWS_CA_BUNDLE") or None
    return S3LiteStorage(bucket, prefix, region, credentials, endpoint_url, ca_bundle=ca_bundle)


def _credentials_source(env: Mapping[str, str], region: str) -> Callable[[], Credentials] | None:
    """Where credentials come from, in botocore's order, if this module can get them there."""
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        token = env.get("AWS_SESSION_TOKEN") or env.get("AWS_SECURITY_TOKEN") or None
        found = Credentials(key, secret, token)
        return lambda: found
    role, token_file = env.get("AWS_ROLE_ARN"), env.get("AWS_WEB_IDENTITY_TOKEN_FILE")
    if role and token_file and not env.get("AWS_ENDPOINT_URL_STS"):
        from r2w.storage.webidentity import assume_role_with_web_identity

        session = env.get("AWS_ROLE_SESSION_NAME") or f"r2w-builder-{int(time.time())}"
        global_sts = env.get("AWS_STS_REGIONAL_ENDPOINTS") == "legacy"
        ca_bundle = env.get("AWS_CA_BUNDLE") or None
        return lambda: assume_role_with_web_identity(
            role, token_file, session, None if global_sts else region, ca_bundle
        )
    return None
