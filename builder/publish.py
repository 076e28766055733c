"""Write a rendered site to storage, with manifest.json last as the completion marker."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Protocol

from builder import BUILDER_VERSION
from builder.render import SiteFile

MANIFEST = "manifest.json"


class _Writable(Protocol):
    """The part of the storage interface publishing needs."""

    def put(self, key: str, data: bytes, content_type: str | None = None) -> Any: ...

    def exists(self, key: str) -> bool: ...


def is_complete(storage: _Writable, prefix: str) -> bool:
    """True when a finished site already sits at the prefix (its manifest exists)."""
    return storage.exists(prefix + MANIFEST)


def build_manifest(build_id: str, theme: str, files: Iterable[SiteFile]) -> dict[str, Any]:
    """Describe every file by hash, size and content type."""
    return {
        "buildId": build_id,
        "theme": theme,
        "builderVersion": BUILDER_VERSION,
        "files": {
            f.path: {
                "sha256": hashlib.sha256(f.data).hexdigest(),
                "size": len(f.data),
                "contentType": f.content_type,
            }
            for f in sorted(files, key=lambda f: f.path)
        },
    }


def publish(
    storage: _Writable, prefix: str, build_id: str, theme: str, files: list[SiteFile]
) -> dict[str, Any]:
    """Put every file under the prefix, then the manifest; return the manifest."""
    # Order matters: readers treat manifest.json as "site complete", so it must be written only
    # after every file it lists is in place.
    ordered = sorted(files, key=lambda f: f.path)
    put_many = getattr(storage, "put_many", None)
    if put_many is not None:  # a storage that sends them together (S3): one wait, not one each
        put_many([(prefix + f.path, f.data, f.content_type) for f in ordered])
    else:
        for site_file in ordered:
            storage.put(prefix + site_file.path, site_file.data, site_file.content_type)
    manifest = build_manifest(build_id, theme, files)
    body = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
    storage.put(prefix + MANIFEST, body, "application/json")
    return manifest
