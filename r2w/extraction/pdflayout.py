"""Reading order for PDF pages from pdftotext's word boxes (columns first, tables row by row).

pdftotext's default output keeps words intact but interleaves the two columns of sidebar CV
templates; its -raw mode reads columns in order but glues words together ("Randailytasks").
Here we take its words and blocks with coordinates (-bbox-layout) and order the blocks with a
recursive XY cut: a wide vertical gutter with text on both sides is a column break; otherwise
the page is cut at the widest horizontal gap, so table-like rows stay together.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

_NS = "{http://www.w3.org/1999/xhtml}"
# Deeper than this the page is pathological (hundreds of tiny blocks): fall back to top-down.
MAX_DEPTH = 120
# A gutter narrower than this (points) is a word or cell gap, not a column break.
MIN_GUTTER = 18.0
# Share of a column's height covered by text: sidebar columns are dense, a column of section
# labels beside their content (a table in disguise) is sparse and must be read row by row.
MIN_COLUMN_DENSITY = 0.25
# Beside a column of dates or labels most blocks start level with their entry (points).
ROW_TOLERANCE = 1.5
MAX_ROW_ALIGNED = 0.6
# Narrower than this (points), a "column" is a strip of dates or places beside the entries.
MIN_COLUMN_WIDTH = 75.0


@dataclass
class Block:
    """A block of lines with its bounding box, as pdftotext grouped it."""

    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[str] = field(default_factory=list)


@dataclass
class Page:
    """One page: its blocks, and whether text runs off its edges (the boxes clip it)."""

    blocks: list[Block]
    clipped: bool


def parse_bbox_layout(xhtml: str) -> list[Page]:
    """Parse `pdftotext -bbox-layout` output into pages of blocks."""
    root = ET.fromstring(xhtml)
    pages = []
    for page in root.iter(f"{_NS}page"):
        width = float(page.get("width", "0"))
        blocks = [b for b in (_block(e) for e in page.iter(f"{_NS}block")) if b.lines]
        # Word boxes stop at the page edge, so a line touching it was cut off there.
        clipped = any(b.x0 <= 0.5 or b.x1 >= width - 0.5 for b in blocks)
        pages.append(Page(blocks, clipped))
    return pages


def _block(element: ET.Element) -> Block:
    """Build a Block from a <block> element, rebuilding each line from its words."""
    box = [float(element.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
    lines = []
    for line in element.iter(f"{_NS}line"):
        height = float(line.get("yMax", "0")) - float(line.get("yMin", "0"))
        text = _line_text(list(line.iter(f"{_NS}word")), height)
        if text:
            lines.append(text)
    return Block(*box, lines=lines)


Word = tuple[str, float, float]  # text, xMin, xMax


def _line_text(words: list[ET.Element], height: float) -> str:
    """Join a line's words, repairing words that the PDF's spacing split apart."""
    items = [(w.text or "", float(w.get("xMin", "0")), float(w.get("xMax", "0"))) for w in words]
    items = _join_fragments(_join_letter_spacing(items), height)
    return " ".join(text for text, _, _ in items if text)


def _join_letter_spacing(items: list[Word]) -> list[Word]:
    """Re-join letter-spaced words and numbers ("E D U C AT I O N", "S p a nis c h", "2 0 1 6").

    A run of four or more short pieces, most of them single characters, is letter-spaced;
    once a line shows its tracking so, a shorter run of single characters set as close
    ("B 2" after "S p a nis c h —") is one word too.
    """
    spaced = [_spaced_letter(text) for text, _, _ in items]
    if spaced.count(True) < 4:
        return list(items)  # no run of four pieces, so no tracking to join a shorter run by
    out: list[Word] = []
    tracking = None
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and spaced[j]:
            j += 1
        run = items[i:j]
        if j - i >= 4 and sum(len(t) == 1 for t, _, _ in run) * 5 >= (j - i) * 3:
            tracking = tracking or statistics.median(_piece_gaps(run))
            out.extend(_join_spaced(run))
            i = j
        elif (
            tracking is not None
            and j - i >= 2
            and all(len(t) == 1 for t, _, _ in run)
            and max(_piece_gaps(run)) <= 1.8 * max(tracking, 0.1)
        ):
            out.extend(_join_spaced(run))
            i = j
        else:
            out.append(items[i])
            i += 1
    return out


def _piece_gaps(run: list[Word]) -> list[float]:
    """The horizontal gaps between neighbouring pieces."""
    return [run[k + 1][1] - run[k][2] for k in range(len(run) - 1)]


def _spaced_letter(token: str) -> bool:
    """Whether a token can be a piece of a letter-spaced word or number ("E D U", "S p a")."""
    if not 1 <= len(token) <= 3:
        return False
    return token.isalpha() or token.isdigit()


def _join_spaced(run: list[Word]) -> list[Word]:
    """Split a run of letters into words where the gap is clearly wider than the tracking."""
    gaps = _piece_gaps(run)
    limit = 1.8 * max(statistics.median(gaps), 0.1)
    words = [run[0]]
    for gap, word in zip(gaps, run[1:], strict=True):
        if gap > limit:
            words.append(word)
        else:
            text, x0, _ = words[-1]
            words[-1] = (text + word[0], x0, word[2])
    return words


def _join_fragments(items: list[Word], height: float) -> list[Word]:
    """Re-join words split without a visible space ("Certif ied", "assets ,")."""
    gaps = [items[k + 1][1] - items[k][2] for k in range(len(items) - 1)]
    if not gaps:
        return items
    # Real spaces are about a quarter of an em; a font change or a ligature seam leaves a
    # hairline. Lines with enough gaps also compare with their own ordinary spacing.
    hairline = 0.1 * height
    seam = 0.5 * statistics.median(gaps) if len(gaps) >= 3 else hairline
    out = [items[0]]
    for gap, word in zip(gaps, items[1:], strict=True):
        text, x0, _ = out[-1]
        continues = text[-1:].isalpha() and word[0][:1].islower()
        if gap < hairline or (gap < seam and continues):
            out[-1] = (text + word[0], x0, word[2])
        else:
            out.append(word)
    return out


def order_blocks(
    blocks: list[Block], depth: int = 0, min_gutter: float = MIN_GUTTER
) -> list[Block]:
    """Return blocks in reading order (recursive XY cut, columns before rows).

    min_gutter is the narrowest gap that may be a column gutter (points).
    """
    if len(blocks) <= 1 or depth > MAX_DEPTH:
        return sorted(blocks, key=lambda b: (b.y0, b.x0))
    columns = _column_cut(blocks, min_gutter)
    if columns:
        return [b for part in columns for b in order_blocks(part, depth + 1, min_gutter)]
    for axis in ("y", "x"):
        cut = _widest_gap(blocks, axis)
        if cut is not None:
            parts = _split(blocks, axis, cut)
            return [b for part in parts for b in order_blocks(part, depth + 1, min_gutter)]
    return sorted(blocks, key=lambda b: (b.y0, b.x0))


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Interior gaps between the union of 1-D spans."""
    found, reach = [], None
    for start, end in sorted(spans):
        if reach is not None and start > reach:
            found.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return found


def _widest_gap(blocks: list[Block], axis: str) -> tuple[float, float] | None:
    """The widest empty band across all blocks along an axis, if any."""
    spans = [(b.y0, b.y1) if axis == "y" else (b.x0, b.x1) for b in blocks]
    gaps = _gaps(spans)
    return max(gaps, key=lambda g: g[1] - g[0]) if gaps else None


def _split(blocks: list[Block], axis: str, cut: tuple[float, float]) -> tuple[list, list]:
    """Blocks before and after a cut."""
    if axis == "y":
        return [b for b in blocks if b.y1 <= cut[0]], [b for b in blocks if b.y0 >= cut[1]]
    return [b for b in blocks if b.x1 <= cut[0]], [b for b in blocks if b.x0 >= cut[1]]


def _density(blocks: list[Block]) -> float:
    """Share of the vertical extent of blocks that is covered by text."""
    span = max(b.y1 for b in blocks) - min(b.y0 for b in blocks)
    return sum(b.y1 - b.y0 for b in blocks) / span if span > 0 else 1.0


def _is_column(blocks: list[Block]) -> bool:
    """Whether blocks on one side of a gutter form a column of text, not a few labels or
    right-aligned places beside entries (those belong to their rows)."""
    if len(blocks) < 2 or sum(len(b.lines) for b in blocks) < 3:
        return False
    width = max(b.x1 for b in blocks) - min(b.x0 for b in blocks)
    return width >= MIN_COLUMN_WIDTH and _density(blocks) >= MIN_COLUMN_DENSITY


def _row_aligned(left: list[Block], right: list[Block]) -> float:
    """Share of the smaller side's blocks that start level with a block on the other side.

    Dates or labels beside their entries start on the same baseline as the entry (a table);
    independent columns line up only by chance.
    """
    small, other = (left, right) if len(left) <= len(right) else (right, left)
    tops = [b.y0 for b in other]
    level = sum(1 for b in small if any(abs(b.y0 - top) <= ROW_TOLERANCE for top in tops))
    return level / len(small)


def _column_cut(blocks: list[Block], min_gutter: float) -> tuple[list, list, list] | None:
    """Split at the widest true column gutter: (header above both columns, left, right)."""
    best = None
    for start, end in _gaps([(b.x0, b.x1) for b in blocks]):
        if end - start < min_gutter or (best and end - start <= best[1] - best[0]):
            continue
        left, right = _split(blocks, "x", (start, end))
        if _is_column(left) and _is_column(right) and _row_aligned(left, right) < MAX_ROW_ALIGNED:
            best = (start, end)
    if best is None:
        return None
    left, right = _split(blocks, "x", best)
    # A name box above a sidebar that starts lower down is read first, as a person would.
    left_top, right_top = min(b.y0 for b in left), min(b.y0 for b in right)
    head = [b for b in right if b.y1 <= left_top] + [b for b in left if b.y1 <= right_top]
    head_ids = {id(b) for b in head}
    left = [b for b in left if id(b) not in head_ids]
    right = [b for b in right if id(b) not in head_ids]
    return head, left, right


def page_text(blocks: list[Block]) -> str:
    """The text of one page in reading order; a blank line separates blocks."""
    return "\n\n".join("\n".join(block.lines) for block in order_blocks(blocks))
