"""Streaming a built site's files from storage: safe paths, ETags, ranges, sandboxing headers."""

from __future__ import annotations

import json
import posixpath
from functools import lru_cache
from typing import Any

from flask import Response, abort, request

from r2w.services import get_storage
from r2w.storage import ObjectNotFound

# The site is user content on the app's origin: an opaque-origin sandbox keeps it from acting
# as the app (no cookies, no same-origin API calls), and nothing may load from elsewhere.
# Images too come only from the site itself: a third-party image would let its host track every
# visitor (the built sites use no data: images, so none are allowed).
SITE_CSP = (
    "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; "
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
IMMUTABLE = "max-age=31536000, immutable"


def clean_path(path: str) -> str:
    """Map a request path to a file of the site, or 404 for anything that leaves the build."""
    if "\\" in path or "\x00" in path or path.startswith("/"):
        abort(404)
    parts = path.split("/")
    if any(part in ("..", ".") for part in parts):
        abort(404)
    if path == "" or path.endswith("/"):
        path += "index.html"
    normalised = posixpath.normpath(path)
    if normalised.startswith("..") or normalised.startswith("/"):
        abort(404)
    return normalised


@lru_cache(maxsize=512)
def _manifest(prefix: str, storage_id: int) -> dict[str, Any]:
    # A prefix is immutable once its manifest exists, so caching per prefix is always right.
    return json.loads(get_storage().get_bytes(prefix + "manifest.json"))


def manifest_for(prefix: str) -> dict[str, Any]:
    """The manifest of a built site (404 if the site is not there)."""
    try:
        return _manifest(prefix, id(get_storage()))
    except ObjectNotFound:
        abort(404)


def _entry(manifest: dict[str, Any], path: str) -> tuple[str, dict[str, Any]]:
    files = manifest.get("files", {})
    if path in files:
        return path, files[path]
    # "about" -> "about/index.html", like any static host.
    candidate = path.rstrip("/") + "/index.html"
    if candidate in files:
        return candidate, files[candidate]
    abort(404)


def _single_range(size: int) -> tuple[int, int] | None:
    ranges = request.range
    if ranges is None or ranges.units != "bytes" or len(ranges.ranges) != 1:
        return None
    bounds = ranges.range_for_length(size)
    if bounds is None:
        abort(416)
    return bounds[0], bounds[1] - 1


def serve_site_file(prefix: str, path: str, cache_control: str) -> Response:
    """Answer one file of a built site, with conditional and range support."""
    manifest = manifest_for(prefix)
    name, entry = _entry(manifest, clean_path(path))
    etag = entry.get("sha256") or ""
    size = int(entry.get("size", 0))
    headers = {
        "ETag": f'"{etag}"',
        "Cache-Control": cache_control,
        "Content-Security-Policy": SITE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Accept-Ranges": "bytes",
    }
    if etag and etag in request.if_none_match:
        return Response(status=304, headers=headers)
    content_type = entry.get("contentType") or "application/octet-stream"
    storage = get_storage()
    byte_range = _single_range(size) if size else None
    if byte_range:
        start, end = byte_range
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        headers["Content-Length"] = str(end - start + 1)
        body = storage.stream(prefix + name, start=start, end=end)
        return Response(body, status=206, headers=headers, content_type=content_type)
    headers["Content-Length"] = str(size)
    body = storage.stream(prefix + name) if request.method != "HEAD" else b""
    return Response(body, headers=headers, content_type=content_type)
