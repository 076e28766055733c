"""The fast path for site files: a WSGI layer in front of Flask for /p/<slug>/… and /preview/….

Built sites never change, so once the app has answered a site file (and put it in the site
cache) this layer repeats that answer without Flask: no session, login, CSRF, limiter or
per-endpoint metrics, only a counter. It answers only what it is sure of; anything else (a
cache miss, a range, a share link, an unknown build or slug, a path it does not recognise)
goes to the app, which decides and fills the cache. If-None-Match is answered before any body
is touched, and every header list is prepared when the file enters the cache.

Previews that are not theme assets need one of two cookies scoped to the preview: the share
cookie (compared with the build's token) or the owner's access cookie, a signed, short-lived
token the app sets once it has checked ownership. Either is checked without a database or
session-store round trip.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from itsdangerous import BadSignature, TimestampSigner
from werkzeug.http import parse_cookie

from r2w.sites.cache import CachedBuild, SharedGeneration, SiteCache

IMMUTABLE = "max-age=31536000, immutable"
PUBLIC_ASSET = "public, " + IMMUTABLE
# Pages revalidate (publishing switches the live build); hashed assets never change.
PUBLIC_PAGE = "public, max-age=60, must-revalidate"
PRIVATE = "private, " + IMMUTABLE
SHARE_COOKIE = "r2w_share"
ACCESS_COOKIE = "r2w_access"
# How long an owner's access cookie opens a preview before the app checks ownership again.
ACCESS_SECONDS = 3600
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024


def _safe(path: str) -> bool:
    """A path the manifest lookup can be trusted with (the app refuses the rest with a 404)."""
    if "\\" in path or "\x00" in path or path.startswith("/") or "//" in path:
        return False
    return not any(part in ("..", ".") for part in path.split("/"))


def theme_asset(path: str) -> bool:
    """Whether a preview path is a theme stylesheet, icon or the hashed photo (build id alone)."""
    return path.startswith("assets/") and path.endswith((".css", ".svg", ".webp"))


def access_signer(secret_key: str) -> TimestampSigner:
    """The signer of owners' preview access cookies."""
    return TimestampSigner(secret_key, salt="r2w-preview-access")


class SiteFastPath:
    """WSGI middleware: answer cached site files, pass everything else to the app."""

    def __init__(self, app: Callable, cache: SiteCache, signer: TimestampSigner, count) -> None:
        self.app = app
        self.cache = cache
        self.signer = signer
        self.count = count  # (kind, status) -> None

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(("/p/", "/preview/")):
            answer = self._answer(environ, path)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.app(environ, start_response)

    def _answer(self, environ: dict[str, Any], path: str):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or "HTTP_RANGE" in environ:
            return None
        if "share" in environ.get("QUERY_STRING", ""):
            return None  # the app trades the token for a cookie
        cache = self.cache
        cache.sync()
        if path.startswith("/p/"):
            kind = "public"
            slug, slash, rest = path[3:].partition("/")
            prefix = cache.slugs.get(slug) if slash else None
            cache_control = PUBLIC_ASSET if rest.startswith("assets/") else PUBLIC_PAGE
        else:
            kind = "preview"
            build_id, slash, rest = path[9:].partition("/")
            build = cache.builds.get(build_id) if slash else None
            if build is None:
                return None
            if not theme_asset(rest) and not self._may_see(environ, build_id, build):
                return None
            prefix, cache_control = build.prefix, PRIVATE
        if prefix is None or not _safe(rest):
            return None
        manifest = cache.manifests.get(prefix)
        name = manifest[1].get(rest) if manifest is not None else None
        cached = cache.files.get((prefix, name, cache_control)) if name else None
        if cached is None:
            return None
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and (cached.etag in match or match.strip() == "*"):
            self.count(kind, "304")
            return "304 Not Modified", cached.not_modified_headers, b""
        self.count(kind, "200")
        return "200 OK", cached.headers, b"" if method == "HEAD" else cached.body

    def _may_see(self, environ: dict[str, Any], build_id: str, build: CachedBuild) -> bool:
        header = environ.get("HTTP_COOKIE", "")
        if build_id not in header:
            return False
        cookies = parse_cookie(header)
        share = cookies.get(f"{SHARE_COOKIE}_{build_id}")
        if share and hmac.compare_digest(share, build.preview_token):
            return True
        access = cookies.get(f"{ACCESS_COOKIE}_{build_id}")
        if not access:
            return False
        try:
            signed = self.signer.unsign(access, max_age=ACCESS_SECONDS)
        except BadSignature:
            return False
        return hmac.compare_digest(signed, build_id.encode())


def install_fast_path(app: Flask) -> None:
    """Put the site cache on the app and the fast path in front of it."""
    from r2w.metrics import count_site_file
    from r2w.sites.serving import CACHE_KEY

    shared = SharedGeneration(app.config.get("REDIS_URL"), app.instance_path)
    budget = int(app.config.get("SITE_CACHE_BYTES") or DEFAULT_CACHE_BYTES)
    cache = SiteCache(shared, budget)
    app.extensions[CACHE_KEY] = cache

    def count(kind: str, status: str) -> None:
        count_site_file(app, kind, status)

    signer = access_signer(app.config["SECRET_KEY"])
    app.wsgi_app = SiteFastPath(app.wsgi_app, cache, signer, count)  # type: ignore[method-assign]
