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
from r2w.extraction.confidence.locate import Match, Source, key
from r2w.extraction.reading.model import Box, Reading

# Only this many unplaced pieces are looked up on the page (each is a search of the reading).
MAX_PIECES = 60
# Occurrences of a piece tried, first to last, for one that no placed value was read from.
MAX_TRIES = 5
# A section's area ends this many of its heading's heights below its last value on the page
# (room for an entry or two it lost at its end), or at the next heading above that: text
# farther down (a page's footer, lines under a heading r2w could not read) is none of its.
REACH = 3.0

Found = Iterator[tuple[str, str, str]]
# A section's area on one page: (section, page, left, top, right, bottom).
_Area = tuple[str, int, float, float, float, float]


def lost_entries(
    document: dict[str, Any],
    provenance: dict[str, dict[str, Any]],
    reading: Reading | None,
    sources: list[Source],
    spans: dict[str, tuple[int, int, int]],
) -> Found:
    """(path, "unread_in_section", reason) at the heading of each section whose area holds
    unplaced text or a line of the scan that could not be read; spans: where in which source
    each placed value was read (source id, start, end)."""
    if reading is None or not reading.pages:
        return
    areas = _areas(document, provenance, reading)
    if not areas:
        return
    done: set[str] = set()
    for page, box, text in _lost_text(document, reading, sources, spans):
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
        left, right, last = heading.x0, heading.x1, heading.y1
        for path, where in provenance.items():
            if path.startswith(section + ".") and where.get("page") == page and where.get("box"):
                box = Box(*where["box"])
                if box.y0 >= heading.y0:
                    left, right, last = min(left, box.x0), max(right, box.x1), max(last, box.y1)
        bottom = min(heights.get(page, last), last + REACH * heading.height)
        for other, on, box in headings:
            below = on == page and other != section and box.y0 > heading.y1
            if below and box.x0 < right and box.x1 > left:
                bottom = min(bottom, box.y0)
        areas.append((section, page, left, heading.y1, right, bottom))
    return areas


def _lost_text(
    document: dict[str, Any],
    reading: Reading,
    sources: list[Source],
    spans: dict[str, tuple[int, int, int]],
) -> Iterator[tuple[int, Box, str]]:
    """(page, box, text) of each unplaced piece found on a page, then (page, box, "") of each
    line of a scan that could not be read."""
    source = next((s for s in sources if not s.flowing), None)
    pieces = [line.strip() for line in str(document.get("unclassified_text") or "").split("\n")]
    if source is not None:
        placed = [
            (start, end)
            for path, (sid, start, end) in spans.items()
            if sid == id(source) and not path.startswith("unclassified_text")
        ]
        for piece in [p for p in pieces if key(p)][:MAX_PIECES]:
            match = _unplaced_occurrence(source, piece, placed)
            where = match.provenance(False) if match is not None else {}
            if where.get("page") is not None and where.get("box"):
                yield where["page"], Box(*where["box"]), piece
    for page in reading.pages:
        for box in page.unread:
            yield page.number, box, ""


def _unplaced_occurrence(source: Source, piece: str, placed: list[tuple[int, int]]) -> Match | None:
    """The first occurrence of piece in source that no placed value was read from (the
    same word can be both a skill and a stray line under the hobbies), or None."""
    cursor = 0
    for _ in range(MAX_TRIES):
        match = source.find(piece, cursor)
        if match is None or match.start < cursor:  # no occurrence left after the cursor
            return None
        if not any(start < match.end and match.start < end for start, end in placed):
            return match
        cursor = match.start + 1
    return None
