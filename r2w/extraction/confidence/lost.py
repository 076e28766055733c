"""Sections that may have lost entries: text under their heading read but placed nowhere.

An entry that was read nowhere has no value to carry a flag: a language whose line OCR
garbled ("kalları — Fluent") lands in the unplaced text, and one OCR could not read at all is
only an unread line of the scan (Page.unread). Both stand on the page, under a heading that
was read. So where such text lies inside a section's area (below its heading, within the
columns its heading and values take, above the next heading there), the section's heading is
flagged: entries may be missing, and the person looks at the file there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from r2w.extraction.confidence.checks import short
from r2w.extraction.confidence.locate import Source, key, locate
from r2w.extraction.reading.model import Box, Reading

# Only this many unplaced pieces are looked up on the page (each is a search of the reading).
MAX_PIECES = 60

Found = Iterator[tuple[str, str, str]]
# A section's area on one page: (section, page, left, top, right, bottom).
_Area = tuple[str, int, float, float, float, float]


def lost_entries(
    document: dict[str, Any],
    provenance: dict[str, dict[str, Any]],
    reading: Reading | None,
    sources: list[Source],
) -> Found:
    """(path, "unread_in_section", reason) at the heading of each section whose area holds
    unplaced text or a line of the scan that could not be read."""
    if reading is None or not reading.pages:
        return
    areas = _areas(document, provenance, reading)
    if not areas:
        return
    done: set[str] = set()
    for page, box, text in _lost_text(document, reading, sources):
        for section, on, left, top, right, bottom in areas:
            if section in done or on != page:
                continue
            middle_x, middle_y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
            if left <= middle_x <= right and top < middle_y <= bottom:
                done.add(section)
                if text:
                    reason = f"“{short(text, 40)}” stands under this heading but was placed "
                    reason += "nowhere: an entry may be missing, check your file there"
                else:
                    reason = "a line under this heading could not be read from your scan: an "
                    reason += "entry may be missing, check the picture there"
                yield f"{section}.sectionTitle", "unread_in_section", reason


def _areas(
    document: dict[str, Any], provenance: dict[str, dict[str, Any]], reading: Reading
) -> list[_Area]:
    """Each section's area: from its heading down to the next heading in its columns (or the
    page's foot), as wide as its heading and its values on that page."""
    heights = {page.number: page.height for page in reading.pages}
    headings: list[tuple[str, int, Box]] = []
    for section, body in document.items():
        if not isinstance(body, dict) or not body.get("sectionTitle"):
            continue
        where = provenance.get(f"{section}.sectionTitle") or {}
        if where.get("page") is not None and where.get("box"):
            headings.append((section, where["page"], Box(*where["box"])))
    areas: list[_Area] = []
    for section, page, heading in headings:
        left, right = heading.x0, heading.x1
        for path, where in provenance.items():
            if path.startswith(section + ".") and where.get("page") == page and where.get("box"):
                box = Box(*where["box"])
                if box.y0 >= heading.y0:
                    left, right = min(left, box.x0), max(right, box.x1)
        bottom = heights.get(page, heading.y1)
        for other, on, box in headings:
            below = on == page and other != section and box.y0 > heading.y1
            if below and box.x0 < right and box.x1 > left:
                bottom = min(bottom, box.y0)
        areas.append((section, page, left, heading.y1, right, bottom))
    return areas


def _lost_text(
    document: dict[str, Any], reading: Reading, sources: list[Source]
) -> Iterator[tuple[int, Box, str]]:
    """(page, box, text) of each unplaced piece found on a page, then (page, box, "") of each
    line of a scan that could not be read."""
    pieces = [line.strip() for line in str(document.get("unclassified_text") or "").split("\n")]
    for piece in [p for p in pieces if key(p)][:MAX_PIECES]:
        match, source = locate(piece, sources, {})
        if match is None or source is None:
            continue
        where = match.provenance(source.flowing)
        if where.get("page") is not None and where.get("box"):
            yield where["page"], Box(*where["box"]), piece
    for page in reading.pages:
        for box in page.unread:
            yield page.number, box, ""
