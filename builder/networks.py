"""Contact links named by their network (LinkedIn, GitHub, a personal site …) with an icon.

Icons are small inline SVGs drawn here (a lettered badge, or a globe for sites), so a page
needs no icon font or image from another host. The link's text stays what a reader needs:
the network's proper name, or the site's own address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from builder.urls import safe_url


@dataclass(frozen=True)
class Network:
    """A known network: how it is named and drawn, and the hosts and words that mean it."""

    kind: str
    label: str
    badge: str
    hosts: tuple[str, ...]
    words: tuple[str, ...] = ()


NETWORKS = (
    Network("linkedin", "LinkedIn", "in", ("linkedin.com", "lnkd.in")),
    Network("github", "GitHub", "GH", ("github.com", "github.io")),
    Network("gitlab", "GitLab", "GL", ("gitlab.com",)),
    Network("x", "X (Twitter)", "X", ("x.com", "twitter.com"), ("twitter", "x", "xtwitter")),
    Network("stackoverflow", "Stack Overflow", "SO", ("stackoverflow.com", "stackexchange.com")),
    Network("orcid", "ORCID", "iD", ("orcid.org",)),
    Network("scholar", "Google Scholar", "GS", ("scholar.google.com",), ("googlescholar",)),
    Network("researchgate", "ResearchGate", "RG", ("researchgate.net",)),
    Network("medium", "Medium", "M", ("medium.com",)),
    Network("behance", "Behance", "Bē", ("behance.net",)),
    Network("dribbble", "Dribbble", "Dr", ("dribbble.com",)),
    Network("youtube", "YouTube", "YT", ("youtube.com", "youtu.be")),
    Network("instagram", "Instagram", "IG", ("instagram.com",)),
    Network("facebook", "Facebook", "f", ("facebook.com", "fb.com")),
    Network("pinterest", "Pinterest", "P", ("pinterest.com",)),
    Network("xing", "XING", "XI", ("xing.com",)),
)
_GLOBE = (
    '<svg class="net-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
    'focusable="false"><g fill="none" stroke="currentColor" stroke-width="1.4">'
    '<circle cx="8" cy="8" r="6.3"/><ellipse cx="8" cy="8" rx="2.8" ry="6.3"/>'
    '<path d="M1.9 6h12.2M1.9 10h12.2"/></g></svg>'
)
_SITE_WORDS = {"website", "site", "web", "homepage", "portfolio", "blog", "personalsite"}


def _badge(letters: str) -> Markup:
    size = 9 if len(letters) < 2 else 7.5
    return Markup(
        '<svg class="net-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
        'focusable="false"><rect width="16" height="16" rx="3.5" fill="currentColor"/>'
        '<text x="8" y="11.2" text-anchor="middle" font-family="system-ui,sans-serif" '
        f'font-size="{size}" font-weight="700" fill="#fff">{Markup.escape(letters)}</text></svg>'
    )


def _word(text: object) -> str:
    return re.sub(r"[^a-z]", "", text.lower()) if isinstance(text, str) else ""


def _host(href: str | None) -> str:
    try:
        host = urlsplit(href).hostname if href else None
    except ValueError:
        return ""
    return (host or "").removeprefix("www.")


def _known(platform: object, host: str) -> Network | None:
    for network in NETWORKS:
        if any(host == h or host.endswith("." + h) for h in network.hosts):
            return network
    word = _word(platform)
    for network in NETWORKS:
        if word and word in (network.kind, _word(network.label), *network.words):
            return network
    return None


def describe_link(link: object) -> dict[str, object]:
    """How a professional link shows: {kind, label, href (or None), icon (SVG markup)}."""
    link = link if isinstance(link, dict) else {}
    platform, url = link.get("platform"), link.get("url")
    href = safe_url(url) if url else None
    if href is None and isinstance(platform, str) and "." in platform:
        href = safe_url(platform)  # the CV wrote the address where the name goes
    host = _host(href)
    network = _known(platform, host)
    if network is not None:
        return {"kind": network.kind, "label": network.label, "href": href,
                "icon": _badge(network.badge)}  # fmt: skip
    if href and href.startswith("mailto:"):
        label = href[len("mailto:") :]
    elif isinstance(platform, str) and platform.strip() and _word(platform) not in _SITE_WORDS:
        text = platform.strip()
        label = text if "." in text or not text.islower() else text[:1].upper() + text[1:]
    else:
        path = urlsplit(href).path.rstrip("/") if href else ""
        label = host + path if host else (url or platform or "")
    return {"kind": "website", "label": label, "href": href, "icon": Markup(_GLOBE)}
