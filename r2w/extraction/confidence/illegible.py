"""Lines of a scan that OCR could not read, flagged at the value read beside each of them.

Tesseract reads some lines of a small or blurred scan not at all: neither its first pass nor
the second over what the first left (reading.unread). The reading keeps where they are
(Page.unread); whatever stood there is missing from the document, and nothing else would
say so. The value read nearest to each such line is flagged (unread_line), so the person
looks at the picture there: the value on the same row (a date the OCR dropped beside its
title), else the nearest above or below in the same column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from r2w.extraction.confidence.checks import short
from r2w.extraction.confidence.fields import HEADING_FIELDS, field_name
from r2w.extraction.reading.model import Box, Reading

# An unread line is put beside a value at most this many of its own heights above or below
# it (about two lines of text), or on its row at most ROW_REACH heights to either side:
# farther, it is no detail of that value's entry.
REACH = 2.5
ROW_REACH = 6.0
# Share of the unread line's height a value must share with it to stand on its row.
SAME_ROW = 0.5
# Only a page's first this many unread lines are flagged: a page barely read at all would
# otherwise get a flag beside every value, which says less than a few.
MAX_LINES = 40
# A value stands on an unread line's row only if it is about a row tall itself: a paragraph's
# box (the union of its words) spans many rows and may sit across a column gutter.
ROW_HEIGHTS = 2.0


def unread_lines(
    values: list[tuple[str, str]], provenance: dict[str, dict[str, Any]], reading: Reading | None
) -> Iterator[tuple[str, str, str]]:
    """(path, "unread_line", reason) for the value beside each line OCR left unread."""
    if reading is None or not reading.ocr or not any(page.unread for page in reading.pages):
        return
    texts = dict(values)
    placed: dict[int, list[tuple[str, Box]]] = {}
    for path, where in provenance.items():
        # Headings are no detail (a line beside one belongs to the entries under it), and the
        # text no section took is shown piece by piece, not as one value to flag.
        if path not in texts or path.startswith("unclassified_text"):
            continue
        if field_name(path) in HEADING_FIELDS:
            continue
        if where.get("page") is not None and where.get("box"):
            placed.setdefault(where["page"], []).append((path, Box(*where["box"])))
    for page in reading.pages:
        for line in page.unread[:MAX_LINES]:
            path = _beside(line, placed.get(page.number, []))
            if path is not None:
                reason = f"a line of the scan beside “{short(texts[path], 40)}” could not be "
                reason += "read: check the picture there for a detail that is missing"
                yield path, "unread_line", reason


def _beside(line: Box, placed: list[tuple[str, Box]]) -> str | None:
    """The path of the value beside line: on its row (nearest first), else the nearest in its
    column (above it on a tie); None when no value is near."""
    best: tuple[tuple[int, float, bool, float], str] | None = None
    for path, box in placed:
        shared = min(line.y1, box.y1) - max(line.y0, box.y0)
        across = max(box.x0 - line.x1, line.x0 - box.x1, 0.0)
        one_row = box.height <= ROW_HEIGHTS * line.height
        if one_row and shared >= SAME_ROW * line.height and across <= ROW_REACH * line.height:
            rank = (0, across, False, 0.0)
        elif across == 0.0:  # the same column
            gap = max(box.y0 - line.y1, line.y0 - box.y1, 0.0)
            if gap > REACH * line.height:
                continue
            rank = (1, gap, box.y0 > line.y0, box.width * box.height)
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, path)
    return best[1] if best else None
