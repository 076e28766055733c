"""Links as a CV writes them ("linkedin.com/in/x") turned into full URLs for exports and sites.

The document keeps what the CV says; only what leaves r2w (JSON Resume, links on a site) needs
a URL every reader accepts: an absolute RFC 3986 URI with an http(s) or mailto scheme.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_BARE_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,24}}(?::\d{{1,5}})?(?:[/?#].*)?$", re.I)
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:" + _LABEL + r"\.)+[a-z]{2,24}$", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Characters a URI may hold as they are (RFC 3986 reserved and unreserved, plus "%").
_URI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"


def plausible_email(text: object) -> bool:
    """Whether text is one e-mail address as JSON Resume and mail programs take it."""
    return isinstance(text, str) and bool(_EMAIL.match(text.strip()))


def full_url(text: object) -> str | None:
    """The absolute http(s)/mailto URI of a link as a CV writes it, None if it is not one.

    Bare domains become https; spaces and other characters a URI cannot hold are
    percent-encoded; anything else (javascript:, plain words, a lone "linkedin") is None.
    """
    if not isinstance(text, str):
        return None
    value = _CONTROL.sub("", text).strip()
    if not value:
        return None
    if value.lower().startswith("mailto:"):
        address = value[len("mailto:") :].split("?", 1)[0].strip()
        return "mailto:" + address if plausible_email(address) else None
    if _BARE_DOMAIN.match(value):
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        return None
    return quote(_BAD_PERCENT.sub("%25", value), safe=_URI_SAFE)
