"""Jinja filters that format CV values for display; every result is still autoescaped."""

from __future__ import annotations

import re
from typing import Any

from builder import urls
from builder.context import has_content
from builder.networks import describe_link

# A start kept verbatim as ongoing ("Since 2021", "Seit 2020"), as r2w's extractor stores it
# (r2w/extraction/dates.py). Defined here: the builder image carries no extraction code.
SINCE_START = re.compile(r"^(?:since|seit|depuis|desde|dal|sinds|منذ|מאז)\s", re.IGNORECASE)


def place(location: Any) -> str:
    """Join a Location's parts ("London, England, UK"); plain strings pass through."""
    if isinstance(location, str):
        return location
    if isinstance(location, dict):
        parts = (location.get(k) for k in ("city", "state", "country"))
        return ", ".join(p for p in parts if p)
    return ""


def daterange(value: Any) -> str:
    """Render a DateRange verbatim as "start – end", with "Present" only when no end is given."""
    if not isinstance(value, dict):
        return ""
    start, end = value.get("startDate"), value.get("endDate")
    # "Since 2021" already says it goes on.
    if not end and value.get("isCurrent") and not (start and SINCE_START.match(start)):
        end = "Present"
    if start and end:
        return f"{start} – {end}"
    return start or end or ""


def humanize(key: Any) -> str:
    """Turn an identifier-like key ("teamSize", "team_size") into "Team size".

    Keys that already read as text (spaces or other characters) are shown exactly as written,
    and acronyms ("GPA") keep their capitals.
    """
    text = str(key).strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", text):
        return text
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).replace("_", " ").replace("-", " ")
    words = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words.split())
    return words[:1].upper() + words[1:]


def is_mapping(value: Any) -> bool:
    """True for dicts (Jinja has no isinstance)."""
    return isinstance(value, dict)


def is_sequence(value: Any) -> bool:
    """True for lists (strings are not sequences here)."""
    return isinstance(value, list)


def host_label(url: Any) -> str:
    """A short visible form of a URL: no scheme, no trailing slash."""
    if not isinstance(url, str):
        return ""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.I).rstrip("/")


FILTERS = {
    "place": place,
    "daterange": daterange,
    "humanize": humanize,
    "host_label": host_label,
    "safe_url": urls.safe_url,
    "image_url": urls.safe_image_url,
    "email_href": urls.email_href,
    "phone_href": urls.phone_href,
    "doi_href": urls.doi_href,
    "network": describe_link,
}
TESTS = {"mapping_value": is_mapping, "list_value": is_sequence, "content": has_content}
