"""Turn user-supplied URLs into safe link targets, or refuse them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Browsers drop ASCII tab/newline/control characters inside URLs ("java\tscript:" runs), so they
# are removed before the scheme is judged.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_BARE_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,24}}(?::\d{{1,5}})?(?:[/?#].*)?$", re.I)
_EMAIL = re.compile(r"^[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[^\s@<>()\[\],;:\"]+$")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


def _clean(value: object) -> str | None:
    """Strip control characters and surrounding space; None for non-strings or blanks."""
    if not isinstance(value, str):
        return None
    cleaned = _CONTROL.sub("", value).strip()
    return cleaned or None


def safe_url(value: object) -> str | None:
    """Return an http(s)/mailto/tel URL safe for href, or None when it must stay plain text.

    Bare domains as CVs write them ("linkedin.com/in/jane") become https URLs.
    """
    cleaned = _clean(value)
    if cleaned is None:
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return cleaned.replace(" ", "%20") if parts.hostname else None
    if scheme == "mailto":
        return email_href(cleaned[len("mailto:") :].split("?", 1)[0])
    if scheme == "tel":
        return phone_href(cleaned[len("tel:") :])
    if not scheme and _BARE_DOMAIN.match(cleaned):
        return "https://" + cleaned.replace(" ", "%20")
    return None


def safe_image_url(value: object) -> str | None:
    """Return an http(s) image URL or None; data: and other schemes are never used as src."""
    url = safe_url(value)
    return url if url and url.startswith(("http://", "https://")) else None


def email_href(value: object) -> str | None:
    """Return a mailto: href for a plausible single e-mail address, else None."""
    cleaned = _clean(value)
    if cleaned is None or not _EMAIL.match(cleaned):
        return None
    return "mailto:" + cleaned


def phone_href(value: object) -> str | None:
    """Return a tel: href keeping only digits and a leading +, else None."""
    if not isinstance(value, str):
        return None
    digits = re.sub(r"[^\d+]", "", value)
    digits = digits[:1] + digits[1:].replace("+", "")
    return "tel:" + digits if len(digits.lstrip("+")) >= 5 else None


def doi_href(value: object) -> str | None:
    """Return the https://doi.org/ resolver URL for a DOI, else None."""
    cleaned = _clean(value)
    match = _DOI.match(cleaned) if cleaned else None
    return safe_url("https://doi.org/" + match.group(1)) if match else None
