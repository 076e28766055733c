"""What layout analysis finds on a page: lines with their typography, blocks, reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

from r2w.extraction.reading.model import Box, Word, bounds


@dataclass
class TextLine:
    """Words on one baseline (split at wide gaps), with the features headings are told by.

    size is the median font size relative to the body text of the document (1.0 = body),
    gap_before the blank space above it in its block or column, in body line heights
    (None for the first line of a page or flowing text without geometry), indent its left
    offset from its block, in body sizes.
    """

    text: str
    words: list[Word]
    box: Box
    page: int
    size: float = 1.0
    bold: bool = False
    italic: bool = False
    caps: bool = False
    gap_before: float | None = None
    indent: float = 0.0
    column: int = 0
    heading: bool = False  # looks like a heading by typography and position alone
    fill: float | None = None  # how far across its column the line runs (0-1)
    # Continues the line above: same block and type, that one ran full and this one's first
    # word would not have fitted at its end. None for a block's first line (nothing above it
    # in the block to measure against: a page or column break may still cut a sentence).
    wraps: bool | None = False
    para_break: bool = False  # more space above it than between its block's lines
    line: int | None = None  # source line number (flowing formats)
    rtl: bool = False  # set in a right-to-left paragraph: it starts at the right edge

    @property
    def confidence(self) -> float:
        """The lowest confidence of its words (1.0 for a text layer)."""
        return min((w.confidence for w in self.words), default=1.0)


@dataclass
class TextBlock:
    """Lines set together (no paragraph gap between them), in reading order."""

    lines: list[TextLine] = field(default_factory=list)
    column: int = 0

    @property
    def box(self) -> Box:
        """The union of its lines' boxes."""
        return bounds(line.box for line in self.lines)


@dataclass
class Layout:
    """A Reading laid out: blocks in reading order, page by page, and the body text size."""

    blocks: list[TextBlock]
    body_size: float
    flowing: bool = False

    @property
    def lines(self) -> list[TextLine]:
        """Every line in reading order."""
        return [line for block in self.blocks for line in block.lines]

    @property
    def text(self) -> str:
        """Reading-order text: a line per line, a blank line between blocks."""
        if self.flowing:
            return _flowing_text(self.lines)
        return "\n\n".join("\n".join(line.text for line in block.lines) for block in self.blocks)


def _flowing_text(lines: list[TextLine]) -> str:
    """Text of flowing formats: source lines, blank source lines kept as blank lines."""
    out: list[str] = []
    previous = None
    for line in lines:
        if previous is not None and line.line is not None and line.line > previous + 1:
            out.append("")
        out.append(line.text)
        previous = line.line
    return "\n".join(out)
