"""Object storage for uploads and built sites: a local folder or an S3 bucket, picked by URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from r2w.storage.base import (
    InvalidKey,
    InvalidRange,
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    guess_content_type,
    s3_location,
    validate_key,
    validate_prefix,
)
from r2w.storage.local import LocalStorage

if TYPE_CHECKING:
    from r2w.storage.s3 import S3Storage

__all__ = [
    "InvalidKey",
    "InvalidRange",
    "LocalStorage",
    "ObjectInfo",
    "ObjectNotFound",
    "S3Storage",
    "Storage",
    "StorageError",
    "guess_content_type",
    "storage_from_url",
    "validate_key",
    "validate_prefix",
]


def _file_storage(url: str, endpoint_url: str | None, public_base_url: str | None, client: Any):
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        raise ValueError(f"file storage URL must be file:///absolute/path, got {url!r}")
    return LocalStorage(unquote(parts.path), public_base_url=public_base_url)


def _s3_storage(url: str, endpoint_url: str | None, public_base_url: str | None, client: Any):
    from r2w.storage.s3 import S3Storage  # botocore is only imported when S3 is configured

    bucket, prefix = s3_location(url)
    return S3Storage(
        bucket,
        prefix,
        client=client,
        endpoint_url=endpoint_url,
        public_base_url=public_base_url,
    )


_BACKENDS: dict[str, Callable[..., Storage]] = {"file": _file_storage, "s3": _s3_storage}


def storage_from_url(
    url: str,
    *,
    endpoint_url: str | None = None,
    public_base_url: str | None = None,
    client: Any = None,
) -> Storage:
    """Build the storage named by ``url``: ``file:///abs/path`` or ``s3://bucket/prefix``."""
    scheme = urlsplit(url or "").scheme.lower()
    factory = _BACKENDS.get(scheme)
    if factory is None:
        valid = ", ".join(f"{name}://" for name in sorted(_BACKENDS))
        raise ValueError(f"unsupported storage URL {url!r}; valid schemes: {valid}")
    return factory(url, endpoint_url, public_base_url, client)


def __getattr__(name: str) -> Any:
    # S3Storage is exported lazily so that `import r2w.storage` does not import botocore.
    if name == "S3Storage":
        from r2w.storage.s3 import S3Storage

        return S3Storage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
