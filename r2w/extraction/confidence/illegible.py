"""Lines of a scan that OCR could not read, flagged at the value read beside each of them.

Tesseract reads some lines of a small or blurred scan not at all: neither its first pass nor
the second over what the first left (reading.unread). The reading keeps where they are
(Page.unread); whatever stood there is missing from the document, and nothing else would
say so. The value read nearest to each such line in its column is flagged, so the person
looks at the picture there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from r2w.extraction.confidence.checks import short
from r2w.extraction.reading.model import Box, Reading

# An unread line is put beside a value at most this many of its own heights above or below
# it (about two lines of text): farther, it is no detail of that value's entry.
REACH = 2.5
TITLE = ".sectionTitle"


def unread_lines(
    values: list[tuple[str, str]], provenance: dict[str, dict[str, Any]], reading: Reading | None
) -> Iterator[tuple[str, str, str]]:
    """(path, "not_read", reason) for the value nearest each line OCR left unread."""
    if reading is None or not reading.ocr or not any(page.unread for page in reading.pages):
        return
    texts = dict(values)
    placed: dict[int, list[tuple[str, Box]]] = {}
    for path, where in provenance.items():
        # A section's heading is no detail: a line beside it belongs to the section's entries.
        if path.endswith(TITLE) or path not in texts:
            continue
        if where.get("page") is not None and where.get("box"):
            placed.setdefault(where["page"], []).append((path, Box(*where["box"])))
    for page in reading.pages:
        for line in page.unread:
            path = _beside(line, placed.get(page.number, []))
            if path is not None:
                reason = f"a line of the scan beside “{short(texts[path], 40)}” could not be "
                reason += "read: check the picture there for a detail that is missing"
                yield path, "not_read", reason


def _beside(line: Box, placed: list[tuple[str, Box]]) -> str | None:
    """The path of the value nearest line in its column (above it on a tie), if any is near."""
    best: tuple[tuple[float, bool, float], str] | None = None
    for path, box in placed:
        if min(line.x1, box.x1) <= max(line.x0, box.x0):
            continue  # another column
        gap = max(box.y0 - line.y1, line.y0 - box.y1, 0.0)
        if gap > REACH * line.height:
            continue
        rank = (gap, box.y0 > line.y0, box.width * box.height)
        if best is None or rank < best[0]:
            best = (rank, path)
    return best[1] if best else None
