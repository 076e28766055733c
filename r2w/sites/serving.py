"""Serving a built site's files from storage: safe paths, ETags, ranges, sandboxing headers.

These are the app's answers for site files; the fast path (r2w.sites.fastpath) repeats the ones
kept in the site cache without entering Flask. SITE_CSP is the one place the sites' policy lives.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from flask import Response, abort, current_app, request
from werkzeug.datastructures import Headers
from werkzeug.http import remove_entity_headers

from r2w.services import get_storage
from r2w.sites.cache import MAX_CACHED_FILE, CachedFile, SiteCache
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
CACHE_KEY = "r2w.site_cache"


def site_cache() -> SiteCache:
    """This app's site cache (see r2w.sites.fastpath.install_fast_path)."""
    return current_app.extensions[CACHE_KEY]


def sites_changed() -> None:
    """Slugs or builds changed: every worker's site fast path forgets its lookups."""
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is not None:
        cache.changed()


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


def routes_of(files: dict[str, Any]) -> dict[str, str]:
    """Every request path that names a file of the manifest -> that file's name.

    "" and "about/" and "about" name "about/index.html", like any static host; a file's own
    name wins over such a folder spelling.
    """
    routes: dict[str, str] = {}
    for name in files:
        if name == "index.html" or name.endswith("/index.html"):
            folder = name[: -len("index.html")]
            routes[folder] = name
            if folder:
                routes[folder.rstrip("/")] = name
    routes.update({name: name for name in files})
    return routes


def manifest_for(prefix: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The files of a built site and its routes (404 if the site is not there)."""
    cache = site_cache()
    # A prefix is immutable once its manifest exists, so caching per prefix is always right.
    cached = cache.manifests.get(prefix)
    if cached is None:
        try:
            raw = get_storage().get_bytes(prefix + "manifest.json")
        except ObjectNotFound:
            abort(404)
        files = json.loads(raw).get("files", {})
        cached = (files, routes_of(files))
        cache.manifests.put(prefix, cached, len(raw) * 2)
    return cached


def _entry(manifest: tuple[dict[str, Any], dict[str, str]], path: str) -> tuple[str, dict]:
    files, routes = manifest
    name = routes.get(path)
    if name is None:
        abort(404)
    return name, files[name]


def _single_range(size: int) -> tuple[int, int] | None:
    ranges = request.range
    if ranges is None or ranges.units != "bytes" or len(ranges.ranges) != 1:
        return None
    bounds = ranges.range_for_length(size)
    if bounds is None:
        abort(416)
    return bounds[0], bounds[1] - 1


def site_headers(etag: str, cache_control: str) -> dict[str, str]:
    """The headers of every answer for a site file (200, 206 and 304 alike)."""
    return {
        "ETag": f'"{etag}"',
        "Cache-Control": cache_control,
        "Content-Security-Policy": SITE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Accept-Ranges": "bytes",
    }


def prepared_file(entry: dict[str, Any], body: bytes, cache_control: str) -> CachedFile:
    """A file's answers with their complete headers, as the app's own hooks would leave them."""
    from r2w.security import add_security_headers

    cloud = current_app.config.get("ENVIRONMENT") in ("staging", "production")
    etag = entry.get("sha256") or ""
    content_type = entry.get("contentType") or "application/octet-stream"
    full = Response(headers=site_headers(etag, cache_control), content_type=content_type)
    full.headers["Content-Length"] = str(len(body))
    add_security_headers(full, cloud=cloud)
    # A 304 carries the same headers less those describing a body (as werkzeug sends it).
    short = Headers(full.headers)
    remove_entity_headers(short)
    return CachedFile(
        etag=f'"{etag}"',
        body=body,
        headers=list(full.headers.items()),
        not_modified_headers=list(short.items()),
    )


def _cached_file(prefix: str, name: str, entry: dict, cache_control: str) -> CachedFile | None:
    """The file from the cache, read from storage into it on a miss (None if it is too big)."""
    size = int(entry.get("size", 0))
    if size > MAX_CACHED_FILE or not entry.get("sha256"):
        return None
    cache = site_cache()
    key = (prefix, name, cache_control)
    cached = cache.files.get(key)
    if cached is None:
        cached = prepared_file(entry, get_storage().get_bytes(prefix + name), cache_control)
        cache.files.put(key, cached, len(cached.body) + 1024)
    return cached


def serve_site_file(prefix: str, path: str, cache_control: str) -> Response:
    """Answer one file of a built site, with conditional and range support."""
    name, entry = _entry(manifest_for(prefix), clean_path(path))
    etag = entry.get("sha256") or ""
    size = int(entry.get("size", 0))
    headers = site_headers(etag, cache_control)
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
    cached = _cached_file(prefix, name, entry, cache_control)
    if cached is not None:
        return Response(cached.body, headers=cached.headers)
    headers["Content-Length"] = str(size)
    body = storage.stream(prefix + name) if request.method != "HEAD" else b""
    return Response(body, headers=headers, content_type=content_type)
