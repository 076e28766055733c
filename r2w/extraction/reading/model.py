"""The reading model every format is turned into: pages of words with boxes and typography.

PDFs (text layer), OCR of scans and photos, DOCX and plain text all produce a ``Reading``, so
layout analysis, provenance and confidence work the same way whatever the person uploaded.
Coordinates are in points for PDFs and pixels for images, origin top-left, y growing down.
Flowing text formats (txt, md, docx) have no geometry: each line is a row of height 1 and
``Word.line`` numbers the source line, which is what provenance points at there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """Horizontal extent."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Vertical extent."""
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )


def bounds(boxes: Iterable[Box]) -> Box:
    """The smallest box holding all the boxes (at least one): their unions in one pass."""
    # Plain comparisons keep the first of equal edges, as min() and max() in union do, and
    # build no box for each step.
    it = iter(boxes)
    first = next(it)
    x0, y0, x1, y1 = first.x0, first.y0, first.x1, first.y1
    for b in it:
        if b.x0 < x0:
            x0 = b.x0
        if b.y0 < y0:
            y0 = b.y0
        if b.x1 > x1:
            x1 = b.x1
        if b.y1 > y1:
            y1 = b.y1
    return Box(x0, y0, x1, y1)


@dataclass(frozen=True)
class Word:
    """One word as read: its text, where it is, and how it is set.

    size is the font size (points; for OCR the glyph height in pixels), bold and italic come
    from the font, confidence is 1.0 for a text layer and the engine's score for OCR, line is
    the source line number for flowing text formats (None where the page has geometry).
    visual is the word's characters in the order they are drawn, left to right, on PDF pages
    holding right-to-left text (empty elsewhere): the layout reorders whole lines from it.
    """

    text: str
    box: Box
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    font: str = ""
    confidence: float = 1.0
    line: int | None = None
    visual: str = ""


def holds_letters(words: Iterable[Word], count: int) -> bool:
    """Whether the words hold at least count letters (any script)."""
    found = 0
    for word in words:
        if found >= count:
            break  # enough: the rest of a long document need not be counted
        found += sum(map(str.isalpha, word.text))
    return found >= count


@dataclass
class Page:
    """One page: its number (from 1), its size, its words in the order the engine gave, and
    (scans read by tesseract) the boxes of lines of text that OCR could not read."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    unread: list[Box] = field(default_factory=list)


@dataclass
class Reading:
    """Everything read from one file: pages, the method, and whether OCR was used."""

    pages: list[Page]
    method: str
    ocr: bool = False
    flowing: bool = False  # txt/md/docx: lines, no page geometry
    links: list[str] = field(default_factory=list)  # link targets (PDF annotations, DOCX)

    @property
    def words(self) -> list[Word]:
        """Every word of every page, page by page."""
        return [word for page in self.pages for word in page.words]
