"""Previews (/preview/<build>/…) and published sites (/p/<slug>/…), streamed from storage."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, redirect, request
from sqlalchemy import select

from r2w.extensions import db, limiter
from r2w.models import Build, Portfolio
from r2w.ownership import current_owner, owned_by, storable_text
from r2w.sites.serving import IMMUTABLE, serve_site_file

bp = Blueprint("sites", __name__)
# Reading sites is not rate limited per address (CDNs and crawlers share addresses); the
# limiter guards the endpoints that write or cost work.
limiter.exempt(bp)
SHARE_COOKIE = "r2w_share"


def _share_cookie_name(build_id: str) -> str:
    return f"{SHARE_COOKIE}_{build_id}"


def _visible_build(build_id: str) -> Build:
    """The build if the visitor owns it or holds its share token; 404 otherwise."""
    if not storable_text(build_id):
        abort(404)
    build = db.session.scalar(owned_by(Build, current_owner()).where(Build.id == build_id))
    if build is None:
        build = db.session.get(Build, build_id)
        token = request.args.get("share") or request.cookies.get(_share_cookie_name(build_id), "")
        if build is None or not hmac.compare_digest(token, build.preview_token):
            abort(404)
    if build.status != "succeeded":
        abort(404)
    return build


def _theme_asset_build(build_id: str) -> Build:
    """The build behind a theme asset request: any succeeded build, by its unguessable id.

    The preview runs in an opaque-origin sandbox (SITE_CSP), so its stylesheet and icon requests
    are cross-site and carry no session or share cookie (SameSite=Lax). Those files are the
    theme's own, hashed and free of CV content, so knowing the build id is enough to fetch them.
    The photo is CV content: its name carries its content hash, which only the owner-only page
    names, so fetching it takes both the unguessable build id and that hash.
    """
    build = db.session.get(Build, build_id) if storable_text(build_id) else None
    if build is None or build.status != "succeeded":
        abort(404)
    return build


# merge_slashes=False: "//etc/passwd" must be refused, not redirected into the build.
@bp.route("/preview/<build_id>/", defaults={"path": ""}, methods=["GET", "HEAD"])
@bp.route("/preview/<build_id>/<path:path>", methods=["GET", "HEAD"], merge_slashes=False)
def preview(build_id: str, path: str):
    """A build's site, for its owner or whoever holds the share link, while the build lives."""
    if path.startswith("assets/") and path.endswith((".css", ".svg", ".webp")):
        build = _theme_asset_build(build_id)
        return serve_site_file(build.storage_prefix, path, "private, " + IMMUTABLE)
    build = _visible_build(build_id)
    share = request.args.get("share")
    if share:
        # Trade the token in the link for a cookie scoped to this preview, so that the site's
        # relative links keep working, then drop the token from the address bar.
        response = redirect(request.path)
        response.set_cookie(
            _share_cookie_name(build_id),
            share,
            path=f"/preview/{build_id}/",
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        return response
    # Owner-only content: private, but immutable (a build never changes).
    return serve_site_file(build.storage_prefix, path, "private, " + IMMUTABLE)


@bp.route("/p/<slug>/", defaults={"path": ""}, methods=["GET", "HEAD"])
@bp.route("/p/<slug>/<path:path>", methods=["GET", "HEAD"], merge_slashes=False)
def public_site(slug: str, path: str):
    """A published portfolio at its stable address."""
    if not storable_text(slug):
        abort(404)
    # The hot path of every public visit: one indexed query for one column, no ORM objects.
    prefix = db.session.scalar(
        select(Build.storage_prefix)
        .join(Portfolio, Portfolio.live_build_id == Build.id)
        .where(Portfolio.slug == slug)
    )
    if prefix is None:
        abort(404)
    # Pages revalidate (publishing switches the live build); hashed assets never change.
    is_asset = path.startswith("assets/")
    cache = "public, " + IMMUTABLE if is_asset else "public, max-age=60, must-revalidate"
    return serve_site_file(prefix, path, cache)


@bp.get("/p/<slug>")
def public_site_slash(slug: str):
    """Relative links need the trailing slash."""
    return redirect(f"/p/{slug}/", code=301)
