"""Render a CV document with a theme into the files of a static site."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from builder import THEMES
from builder.context import build_context
from builder.templates import THEMES_DIR, make_environment

HTML = "text/html; charset=utf-8"
CSS = "text/css; charset=utf-8"
SVG = "image/svg+xml"
WEBP = "image/webp"


class UnknownTheme(ValueError):
    """The spec names a theme this builder does not have."""


@dataclass(frozen=True)
class SiteFile:
    """One output file: its path under the site prefix, bytes and content type."""

    path: str
    data: bytes
    content_type: str


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared Jinja environment of the themes (compiled templates cached on disk)."""
    return make_environment()


def _hashed(name: str, ext: str, data: bytes) -> str:
    """Content-hashed asset path, so a changed asset never reuses a cached URL."""
    return f"assets/{name}.{hashlib.sha256(data).hexdigest()[:12]}.{ext}"


def stylesheet(theme: str) -> bytes:
    """The theme's single CSS file: the shared base followed by the theme's own rules."""
    parts = [THEMES_DIR / "_base" / "base.css", THEMES_DIR / theme / "theme.css"]
    return b"\n".join(p.read_bytes() for p in parts)


def monogram_svg(name: str, colour: str) -> bytes:
    """A favicon with the person's initials, so browsers don't request /favicon.ico."""
    initials = "".join(word[0] for word in name.split()[:2] if word[:1].isalnum()) or "•"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        '<text x="32" y="42" font-family="system-ui,sans-serif" font-size="26" '
        f'font-weight="700" text-anchor="middle" fill="#fff">{html.escape(initials.upper())}</text>'
        "</svg>\n"
    )
    return svg.encode()


def theme_colour(theme: str) -> str:
    """The accent colour a theme declares on its first line (`/* accent: #hex */`)."""
    first = (THEMES_DIR / theme / "theme.css").read_text().splitlines()[0]
    return first.split("accent:", 1)[1].split("*/", 1)[0].strip()


def is_webp(data: bytes) -> bool:
    """Whether bytes start like a WebP file (the app stores photos only as WebP)."""
    return len(data) > 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def render_site(
    document: dict[str, Any], theme: str, options: dict[str, Any], photo: bytes | None = None
) -> list[SiteFile]:
    """Render every file of the site; the same input always gives byte-identical files.

    photo is the CV's stored WebP photo: it becomes a content-addressed asset of the site.
    """
    if theme not in THEMES:
        raise UnknownTheme(f"unknown theme {theme!r}; valid themes: {', '.join(THEMES)}")
    if photo is not None and not is_webp(photo):
        raise ValueError("the photo is not a WebP image")
    photo_path = _hashed("photo", "webp", photo) if photo else None
    context = build_context(document, theme, options, photo_path)
    css = stylesheet(theme)
    colour = theme_colour(theme)
    icon = monogram_svg(context["meta"]["name"], colour)
    assets = {"css": _hashed(theme, "css", css), "icon": _hashed("icon", "svg", icon)}
    context.update(assets=assets, colour=colour)
    env = environment()
    index = env.get_template(f"{theme}/page.html").render(context)
    not_found = env.get_template("_base/404.html").render(context)
    files = [
        SiteFile("index.html", index.encode(), HTML),
        SiteFile("404.html", not_found.encode(), HTML),
        SiteFile(assets["css"], css, CSS),
        SiteFile(assets["icon"], icon, SVG),
    ]
    if photo_path and photo:
        files.append(SiteFile(photo_path, photo, WEBP))
    return files
