"""Contact details that were not read: fields a CV almost always fills, left empty."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from r2w.cvdoc.strings import iter_strings
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
# An address's own limits bound every run: read only around each "@" (see _addresses).
_EMAIL_LIKE = re.compile(r"[\w.+-]{1,64}\s?@\s?[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_AROUND = 66  # characters before an "@" that an address can start at
_AFTER = 600  # and after it that it can run to

Found = Iterator[tuple[str, str, str]]


def _addresses(text: str, limit: int = 50) -> Iterator[str]:
    """E-mail addresses of text, found around its first few "@" only (a text of no or many
    "@" costs a look at each of those few places, never a scan of every position)."""
    start = text.find("@")
    while start != -1 and limit:
        left = max(0, start - _AROUND)
        at = start - left  # the "@" in the window: the address must hold this one
        window = text[left : start + _AFTER]
        found = next((m for m in _EMAIL_LIKE.finditer(window) if m.start() <= at < m.end()), None)
        if found is not None:
            yield found.group()
        start, limit = text.find("@", start + 1), limit - 1


def unread_contacts(document: dict[str, Any], text: str, reading: Reading | None) -> Found:
    """(path, code, reason) for an empty e-mail, phone, city or link list of a scan (nearly
    every CV gives them, and OCR misses small or light print), an empty e-mail where the text
    holds an address that no value keeps, and, where no link was read at all, a profile the
    text names as a word (LinkedIn, GitHub …) that no value of the document names either."""
    contact = document.get("contact") or {}
    scan = reading is not None and reading.ocr
    # Values only, never keys: "githubUrl" names no link.
    kept = " ".join(iter_strings(document)).casefold()
    # An address the document keeps elsewhere (a job's title) is flagged where it stands.
    lost = any(address.casefold() not in kept for address in _addresses(text))
    if not contact.get("email") and (scan or lost):
        yield "contact.email", "not_read", "no e-mail address was read from your file: add it"
    if not contact.get("phone") and scan:
        yield "contact.phone", "not_read", "no phone number was read from your scan: add it"
    if not contact.get("location") and scan:
        reason = "no city or address was read from your scan: add it if your CV gives one"
        yield "contact.location", "not_read", reason
    if contact.get("professionalLinks"):
        # A flag on the list asks for a link until the list holds one: with one read, a
        # second could never be answered by adding it.
        return
    named = [name for word, name in PLATFORMS.items() if _named(word, text, kept)]
    if named:
        them = "it" if len(named) == 1 else "them"
        reason = f"your file names {' and '.join(named)}, but no link to {them} was read: add it"
        yield "contact.professionalLinks", "not_read", reason
    elif scan:
        # Links are set small or as icons, and OCR reads them worst of all.
        reason = "no profile or website link was read from your scan: add any your CV gives"
        yield "contact.professionalLinks", "not_read", reason


def _named(word: str, text: str, kept: str) -> bool:
    """Whether text names a platform as a word ("XING", not "kickboxing") that no value of
    the document keeps."""
    pattern = re.compile(rf"(?<![^\W_]){word}(?![^\W_])", re.IGNORECASE)
    return bool(pattern.search(text)) and not pattern.search(kept)
