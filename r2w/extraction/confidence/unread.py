"""Contact details that were not read: fields a CV almost always fills, left empty."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from r2w.extraction.reading.model import Reading

# Profiles a CV links to, by the word its text names them with.
PLATFORMS = {
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "gitlab": "GitLab",
    "xing": "XING",
    "behance": "Behance",
    "dribbble": "Dribbble",
}
_EMAIL_LIKE = re.compile(r"[\w.+-]+\s?@\s?[\w-]+(?:\.[\w-]+)+")

Found = Iterator[tuple[str, str, str]]


def _strings(node: Any) -> Iterator[str]:
    """Every string value inside a document node (not its keys: "githubUrl" names no link)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def unread_contacts(document: dict[str, Any], text: str, reading: Reading | None) -> Found:
    """(path, code, reason) for an empty e-mail or phone of a scan (nearly every CV gives
    both, and OCR misses small or light print), an empty e-mail where the text holds an
    address, and a profile the text names (LinkedIn, GitHub …) that no value of the document
    names (a link, or text that holds one)."""
    contact = document.get("contact") or {}
    scan = reading is not None and reading.ocr
    if not contact.get("email") and (scan or _EMAIL_LIKE.search(text)):
        yield "contact.email", "not_read", "no e-mail address was read from your file: add it"
    if not contact.get("phone") and scan:
        yield "contact.phone", "not_read", "no phone number was read from your scan: add it"
    kept = " ".join(_strings(document)).casefold()
    folded = text.casefold()
    named = [name for word, name in PLATFORMS.items() if word in folded and word not in kept]
    if named:
        reason = f"your file names {' and '.join(named)}, but no link to it was read: add it"
        yield "contact.professionalLinks", "not_read", reason
