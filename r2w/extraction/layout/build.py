"""Laying out a Reading: words -> lines -> blocks -> reading order, with typography per line.

Lines are words sharing a baseline, split where the horizontal gap is far wider than a word
space (columns, or a date set at the right margin). Blocks are lines stacked without a
paragraph gap, of one font size. Blocks are put in reading order with the recursive XY cut of
pdflayout (columns and sidebars first, tables row by row), which reads 71/71 of the sample
pages' "this line follows that line" pairs in the right order.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import statistics
from collections import Counter, defaultdict
from operator import attrgetter

from r2w.extraction import pdflayout
from r2w.extraction.contacts import looks_like_location
from r2w.extraction.dates import DATE_RE, MONTH_WORD, RANGE_RE, SINCE_RE
from r2w.extraction.layout import bidi
from r2w.extraction.layout.model import Layout, TextBlock, TextLine
from r2w.extraction.reading.model import Box, Page, Reading, Word, bounds
from r2w.extraction.reading.rtl import RTL_CHAR
from r2w.extraction.sections import unspace

# A gap wider than this many font sizes splits a row into separate lines (a word space is
# about 0.2-0.3 of the size; a column gutter is about one size or more: measured on the dev split).
SPLIT_GAP = 0.9
# A narrower gap splits a row too where the word after it starts at a left edge that at least
# MIN_EDGE_LINES other lines share (a column's edge).
EDGE_GAP = 0.5
MIN_EDGE_LINES = 3
# Lines further apart than the page's usual line spacing plus this many font sizes start a
# new block (a paragraph gap, or the rows of a grid of skills).
BLOCK_GAP = 0.35
# Font sizes within this ratio count as the same size.
SAME_SIZE = 1.15
# Typography that sets a heading apart: this much larger than the body text.
HEADING_SIZE = 1.12
MAX_HEADING_WORDS = 7
# The name: type this many times the body size, at the top of the first page's text.
NAME_SIZE = 1.6
# A vertical strip at least this many font sizes wide, empty from top to bottom of the text
# beside it, may be a column gutter (word spaces are about 0.25 of the size).
GUTTER_EMS = 1.0

# A line ending in a range dash continues with the end date on the next line, and a line
# made only of the end of a range ("– May 2021", "- Present") completes the one above.
_DATE_TOKEN = (
    r"(?:\d{1,2}[./-])?\d{4}|[A-Za-zÀ-ÿ\u0621-\u064a]{3,10}\.?\s+\d{4}|present|current|now|"
    r"today|heute|aujourd'hui|actual|actualidad|presente|atual|oggi|heden|حتى الآن|الحاضر|الآن"
)
_OPEN_RANGE = re.compile(rf"(?:{_DATE_TOKEN})\s*(?:[-–—]|to|bis|à|a|until)$", re.I)
_RANGE_END = re.compile(rf"^(?:[-–—]|to|bis|until)?\s*(?:{_DATE_TOKEN})$", re.I)
_RANGE_TAIL = re.compile(r"^(?:[-–—]|to|bis|until)\s", re.I)
# What is left of a line after a date where the range goes on on the next line: its dash and
# perhaps the month of its end ("— dic."), nothing else.
_OPEN_TAIL = re.compile(rf"^\s*(?:[-–—]|(?:to|bis|until)(?=\s|$))(?:\s*{MONTH_WORD})?\s*$", re.I)
# OCR reads list bullets as stray symbols; a lone symbol before words is a bullet.
_OCR_BULLET = re.compile(r"^[«»@●•·*¢©®°■□▪◆◇►▶➤➢✓✔oe>\-–—=~]$")


def lay_out(reading: Reading) -> Layout:
    """Lay out a Reading: lines and blocks in reading order with typography features."""
    if reading.flowing:
        lines = _flowing_lines(reading)
        body = _body_size(lines)
        blocks = _flowing_blocks(lines)
        layout = Layout(blocks, body, flowing=True)
    else:
        blocks = []
        all_lines: list[TextLine] = []
        for page in reading.pages:
            lines = _page_lines(page, ocr=reading.ocr)
            all_lines.extend(lines)
            ordered = _dates_beside(_dates_before(_ordered_blocks(_page_blocks(lines))))
            if page is reading.pages[0]:
                ordered = _name_first(ordered)
            blocks.extend(_columns(ordered))
        body = _body_size(all_lines)
        for block in blocks:
            block.lines = _join_date_ranges(block.lines)
        layout = Layout(blocks, body)
    _features(layout)
    if not layout.flowing:
        _continued_lines(layout, layout.body_size or 1.0)
    return layout


# -- lines ---------------------------------------------------------------------------


def _page_lines(page: Page, *, ocr: bool) -> list[TextLine]:
    """Rows of words on a page, split at wide gaps into lines."""
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(page.words, key=lambda w: ((w.box.y0 + w.box.y1) / 2, w.box.x0)):
        # Punctuation and dashes have small boxes off the middle of the line: a word joins a
        # recent row when most of its height lies inside the row's band.
        y0, y1 = word.box.y0, word.box.y1
        for k in range(len(rows) - 1, len(rows) - 5, -1):
            if k < 0:
                rows.append([word])
                bands.append((y0, y1))
                break
            top, bottom = bands[k]
            overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
            shorter = y1 - y0 if y1 - y0 < bottom - top else bottom - top
            if overlap > 0 and overlap >= 0.5 * shorter:
                rows[k].append(word)
                break
        else:
            rows.append([word])
            bands.append((y0, y1))
    segments = []
    for row in rows:
        row.sort(key=lambda w: w.box.x0)
        segments.extend(_segments(row))
    segments = _attach_lone_glyphs(_split_at_edges(segments))
    # Only PDF pages holding right-to-left text carry drawn orders (Word.visual).
    if not any(word.visual for word in page.words):
        lines = [_make_line(segment, page.number, ocr=ocr) for segment in segments]
    else:
        segments = bidi.split_touching_styles(segments)
        direction = bidi.page_direction(segments)
        directions = bidi.segment_directions(segments, direction)
        lines = [
            _make_line(segment, page.number, ocr=ocr, direction=way)
            for segment, way in zip(segments, directions, strict=True)
        ]
    return [line for line in lines if line.text]


def _size(word: Word) -> float:
    """A word's font size, or its box height where the engine gave none."""
    return word.size or word.box.height / 1.2


def _segments(row: list[Word]) -> list[list[Word]]:
    """Split a row at gaps wider than SPLIT_GAP font sizes."""
    # The row's typical size: an OCR box around "e" or "•" is only as tall as the glyph.
    sizes = [_size(w) for w in row]  # each word's size, taken once
    row_size = statistics.median(sizes)
    # A gap wider than SPLIT_GAP times the largest of both sizes, the row's and 1: compared
    # one by one, so that the word spaces of a row, the most common gap, fail at the first.
    least = SPLIT_GAP * max(row_size, 1.0)
    out = [[row[0]]]
    for k in range(1, len(row)):
        word = row[k]
        gap = word.box.x0 - row[k - 1].box.x1
        if gap > least and gap > SPLIT_GAP * sizes[k - 1] and gap > SPLIT_GAP * sizes[k]:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def _split_at_edges(segments: list[list[Word]]) -> list[list[Word]]:
    """Split a line again where, after a gap wider than a word space, a word starts at the
    left edge shared by several other lines: the gap is a column's edge (dates set in a
    narrow column beside the entries), not a space inside one value."""
    edges = Counter(round(seg[0].box.x0) for seg in segments)

    def common(x: float) -> bool:
        return sum(edges[round(x) + d] for d in (-1, 0, 1)) >= MIN_EDGE_LINES

    out = []
    for segment in segments:
        piece = [segment[0]]
        # A bullet glyph before its text is not a column of its own.
        words_before = _has_alnum(segment[0].text)
        for prev, word in itertools.pairwise(segment):
            if words_before:
                gap = word.box.x0 - prev.box.x1
                # Wider than EDGE_GAP times both words' sizes and 1 (a word space fails first).
                if (
                    gap > EDGE_GAP
                    and gap > EDGE_GAP * _size(prev)
                    and gap > EDGE_GAP * _size(word)
                    and common(word.box.x0)
                ):
                    out.append(piece)
                    piece = []
                    words_before = False
            piece.append(word)
            words_before = words_before or _has_alnum(word.text)
        out.append(piece)
    return out


def _attach_lone_glyphs(segments: list[list[Word]]) -> list[list[Word]]:
    """Put an icon or bullet glyph standing alone in front of the line it opens.

    A glyph drawn lower or smaller than its line ("▶" before "EMPLOYMENT HISTORY") can fall
    into no row of its own line where another column's row overlaps that line: it then reads
    as a line of its own, between the sections.
    """
    lone = [k for k, seg in enumerate(segments) if len(seg) == 1 and not _has_alnum(seg[0].text)]
    if not lone:
        return segments
    taken: set[int] = set()
    for k in lone:
        glyph = segments[k][0].box
        height = glyph.y1 - glyph.y0
        for m, seg in enumerate(segments):
            if m == k or m in taken or not _has_alnum(seg[0].text):
                continue
            first = seg[0].box
            gap = first.x0 - glyph.x1
            overlap = min(glyph.y1, first.y1) - max(glyph.y0, first.y0)
            if 0 <= gap <= SPLIT_GAP * max(_size(seg[0]), 1.0) and overlap >= 0.5 * height:
                seg.insert(0, segments[k][0])
                taken.add(k)
                break
    return [seg for k, seg in enumerate(segments) if k not in taken]


def _has_alnum(text: str) -> bool:
    """Whether text holds a letter or a digit."""
    return any(ch.isalnum() for ch in text)


def _make_line(
    words: list[Word], page: int, *, ocr: bool, direction: str | None = None
) -> TextLine:
    """A line from its words: text with split words re-joined, box, size, weight.

    A line of a page with right-to-left text is read in its paragraphs' direction (see bidi);
    direction is None on pages without (their words are in reading order as they stand).
    """
    box = bounds(w.box for w in words)
    # Letter-spaced capitals ("L I N K S") are one word; the reader's own spaces are kept
    # otherwise (PDFium splits words only at a space or a clear gap).
    if direction is not None and bidi.needs_reordering(words, direction):
        text, words = _logical(words, direction)
        line = TextLine(text, words, box, page, rtl=direction == "R")
        _style(line)
        return line
    items = [(w.text, w.box.x0, w.box.x1) for w in words]
    texts = [text for text, _, _ in pdflayout._join_letter_spacing(items) if text]
    if _mostly_rtl(texts):
        texts.reverse()  # OCR: a right-to-left line reads from its right edge
    if (
        ocr
        and len(texts) > 1
        and _OCR_BULLET.match(texts[0])
        and not _RANGE_END.match(" ".join(texts))
    ):
        # The recogniser's reading of a bullet glyph is not text; a dash before a date is
        # the end of a range broken over two lines ("Jan 2021" / "- Feb 2024").
        texts[0] = "•"
    line = TextLine(" ".join(texts), words, box, page)
    _style(line)
    return line


def _logical(
    words: list[Word], direction: str, after_latin: bool = False
) -> tuple[str, list[Word]]:
    """A line's text and words in reading order from its words' drawn order (see bidi)."""
    words = sorted(words, key=lambda w: w.box.x0)
    drawn = [(w.visual or w.text, w.box.x0, w.box.x1) for w in words]
    drawn = [item for item in pdflayout._join_letter_spacing(drawn) if item[0]]
    return bidi.logical_line(words, drawn, direction, after_latin)


_NOT_LETTERS = re.compile(r"[\W\d_]+")
_DIGIT = re.compile(r"\d")


def letters(text: str) -> int:
    """Number of letters (any script) in text."""
    # Dropping the runs of other characters counts the letters ([^\W\d_]) in one pass.
    return len(_NOT_LETTERS.sub("", text))


def _mostly_rtl(texts: list[str]) -> bool:
    """Whether most letters of a line are Hebrew or Arabic."""
    joined = "".join(texts)
    if not RTL_CHAR.search(joined):  # one scan: most lines hold no Hebrew or Arabic
        return False
    rtl = sum(1 for ch in joined if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc")
    return rtl * 2 > letters(joined) > 0


def _style(line: TextLine) -> None:
    """Set a line's absolute size (median of its words), weight and case."""
    words = line.words
    known = [w.size for w in words if w.size > 0]
    line.size = statistics.median(known) if known else statistics.median(map(_size, words))
    line.bold = _share(words, [w.bold for w in words])
    line.italic = _share(words, [w.italic for w in words])
    line.caps = line.text.isupper() and letters(line.text) >= 2


def _share(words: list[Word], flags: list[bool]) -> bool:
    """Whether at least three fifths of the words' letters have the flag (mixed lines only
    are counted: most lines are set in one style)."""
    if all(flags) or not any(flags):
        return flags[0]
    counts = [letters(w.text) for w in words]
    marked = sum(n for n, flag in zip(counts, flags, strict=True) if flag)
    return marked * 5 >= (sum(counts) or 1) * 3


# -- lines looked up by position -----------------------------------------------------

# A window of lines taken from a sorted list reaches this many points past the bounds a test
# asks about, so that rounding at its edges cannot leave out a line the test would pass.
_SLACK = 1.0
# Windows are used where every coordinate of a page lies within this many points of the
# origin (a PDF page is at most 14,400 units across): there rounding is far below _SLACK.
# A page of a broken file with boxes beyond it (or not numbers) has every line looked at.
_FAR = 1e6


class _PageLines:
    """The lines of one page, sorted by the edges of their boxes, so that a question asked of
    every line ("which lines share its row?") looks at the few lines near it instead of every
    line of the page.

    The callers keep their own exact test and draw only the lines it may pass from near():
    the answer is the one a look at every line gives.
    """

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self.tallest = max((line.box.height for line in lines), default=0.0)
        self.indexed = all(
            -_FAR <= v <= _FAR
            for line in lines
            for v in (line.box.x0, line.box.y0, line.box.x1, line.box.y1)
        )
        # The lines sorted by an edge and that edge of each, made when first asked for.
        self._by: dict[str, tuple[list[TextLine], list[float]]] = {}

    def near(self, edge: str, low: float, high: float) -> list[TextLine]:
        """The lines whose edge ("x0", "y0" or "y1") lies between low and high, give or take
        _SLACK, in no particular order (every line where the page is not indexed)."""
        if not self.indexed:
            return self.lines
        if edge not in self._by:
            key = attrgetter(f"box.{edge}")
            ordered = sorted(self.lines, key=key)
            self._by[edge] = (ordered, [key(line) for line in ordered])
        ordered, values = self._by[edge]
        start = bisect.bisect_left(values, low - _SLACK)
        return ordered[start : bisect.bisect_right(values, high + _SLACK, start)]


# -- blocks --------------------------------------------------------------------------


# A row of this many pieces or more that runs on below with pieces that line up with none of
# its own is one wrapped row of items (see _wrapped_row).
MIN_WRAPPED_ROW = 3


def _page_blocks(lines: list[TextLine]) -> list[TextBlock]:
    """Stack lines into blocks: close below each other, overlapping, of one size."""
    blocks: list[TextBlock] = []
    leading = _usual_gap(lines)
    reach = leading + BLOCK_GAP * max((ln.size for ln in lines), default=0.0)
    open_blocks: list[TextBlock] = []  # blocks whose last line is near enough to grow
    placed: list[TextLine] = []  # the lines already in blocks, top to bottom
    rows: dict[int, list[TextLine]] = {}  # each line's row, found when first asked for
    page = _PageLines(lines)

    def row(line: TextLine) -> list[TextLine]:
        if id(line) not in rows:
            rows[id(line)] = _row(line, page)
        return rows[id(line)]

    for line in sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0)):
        open_blocks = [b for b in open_blocks if line.box.y0 - b.lines[-1].box.y1 <= reach]
        best, best_gap = None, None
        for block in open_blocks:
            last = block.lines[-1]
            gap = line.box.y0 - last.box.y1
            height = max(last.box.height, line.box.height)
            size = max(last.size, line.size)
            if not -0.3 * height <= gap <= leading + BLOCK_GAP * size:
                continue
            if not _overlaps(last.box, line.box) or not _same_size(last.size, line.size):
                continue
            if _line_between(last, line, placed):
                continue  # a heading set between them: the block ended above it
            if _wrapped_row(row(last), row(line)):
                continue  # a row of details that wrapped: read row by row, not as columns
            if best_gap is None or gap < best_gap:
                best, best_gap = block, gap
        if best is None:
            blocks.append(TextBlock([line]))
            open_blocks.append(blocks[-1])
        else:
            best.lines.append(line)
        placed.append(line)
    return blocks


def _row(line: TextLine, page: _PageLines) -> list[TextLine]:
    """The lines of line's page on its baseline (within a third of its height), line too."""
    tolerance = line.box.height / 3
    base = line.box.y1
    return [
        other
        for other in page.near("y1", base - tolerance, base + tolerance)
        if other.page == line.page and abs(other.box.y1 - base) <= tolerance
    ]


def _wrapped_row(upper: list[TextLine], lower: list[TextLine]) -> bool:
    """Whether two rows of pieces are one row of items that wrapped (a line of contact
    details run on below: "a@b.org  +49 151 …  Zürich  linkedin.com/in/nora-" over "novak
    Nationality: German"), not a table: its pieces below start where none above does,
    beside the first."""
    if len(upper) < MIN_WRAPPED_ROW or len(lower) < 2:
        return False
    starts = [line.box.x0 for line in upper]
    aligned = sum(any(abs(line.box.x0 - x) <= 2.0 for x in starts) for line in lower)
    return aligned <= 1


def _line_between(upper: TextLine, lower: TextLine, placed: list[TextLine]) -> bool:
    """Whether another line lies between two lines, beside both (a heading in other type
    between two body lines: a block never grows across it)."""
    top, bottom = upper.box.y1, lower.box.y0
    for other in reversed(placed):  # the nearest lines above lower come last
        if other.box.y1 <= top:
            break
        if (
            other is not upper
            and other.box.y0 >= top - 0.5 * other.box.height
            and other.box.y1 <= bottom + 0.5 * other.box.height
            and _overlaps(other.box, upper.box)
            and _overlaps(other.box, lower.box)
        ):
            return True
    return False


def _usual_gap(lines: list[TextLine]) -> float:
    """The most common blank space between a line and the next one below it (points)."""
    ordered = sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0))
    gaps = []
    for i, line in enumerate(ordered):
        for other in ordered[i + 1 : i + 6]:
            gap = other.box.y0 - line.box.y1
            if gap >= -0.2 * line.box.height and _overlaps(line.box, other.box):
                gaps.append(round(max(gap, 0.0), 1))
                break
    if not gaps:
        return 0.0
    return min(statistics.multimode(gaps))


def _overlaps(a: Box, b: Box) -> bool:
    """Whether two lines overlap horizontally (or start at the same left edge)."""
    return min(a.x1, b.x1) > max(a.x0, b.x0) or abs(a.x0 - b.x0) < 2.0


def _same_size(a: float, b: float) -> bool:
    """Whether two font sizes are the same within SAME_SIZE."""
    return max(a, b) <= SAME_SIZE * max(min(a, b), 0.1)


def _ordered_blocks(blocks: list[TextBlock]) -> list[TextBlock]:
    """Blocks in reading order (pdflayout's XY cut)."""
    if not blocks:
        return blocks
    # A gutter is measured in the page's own type size: with large type a narrow gutter in
    # points is still more than an em wide, far wider than any space between words.
    body = statistics.median(ln.size for b in blocks for ln in b.lines)
    min_gutter = min(pdflayout.MIN_GUTTER, GUTTER_EMS * body)
    proxies = []
    for block in blocks:
        box = block.box
        lines = [ln.text for ln in block.lines]
        proxies.append(pdflayout.Block(box.x0, box.y0, box.x1, box.y1, lines))
    index = {id(proxy): block for proxy, block in zip(proxies, blocks, strict=True)}
    return [index[id(proxy)] for proxy in pdflayout.order_blocks(proxies, 0, min_gutter)]


def _dates_beside(blocks: list[TextBlock]) -> list[TextBlock]:
    """Dates set at the right of their entries, read as a column of their own after the
    entries, go back to the entry line they share a row with, read just before it
    ("03/2012 — 07/2014" at the margin, level with "BSc Computer Science"): each entry
    keeps its own dates."""
    kept: list[TextBlock] = []
    for block in blocks:
        # Only dates read after text that ends below them: reading went back up to them.
        # (Their text is looked at first: most blocks are more than dates, and a block's box
        # is a union of its lines.)
        if not (kept and kept[-1].box.y1 > block.box.y1):
            kept.append(block)
            continue
        if len(block.lines) == 1 and _place_beside_dates(block.lines[0], kept):
            continue
        if not all(_only_dates(line.text) for line in block.lines):
            kept.append(block)
            continue
        if any(_row_mate(line, kept) is None for line in block.lines):
            kept.append(block)
            continue
        for line in block.lines:
            _put_before(line, *_row_mate(line, kept), kept)
    return kept


def _place_beside_dates(line: TextLine, blocks: list[TextBlock]) -> bool:
    """Read a place set at the right of an entry's dates ("2023 - current" ... "Denver,
    CO"), read as a block of its own after the entry, just after those dates; False (and
    nothing moved) where it stands beside anything but a line of dates or beyond the
    right edge of the entry's own lines."""
    if not looks_like_location(line.text):
        return False
    mate = _row_mate(line, blocks)
    if mate is None or not _only_dates(mate[0].lines[mate[1]].text):
        return False
    entry = mate[0].box
    if line.box.x1 > entry.x1 + line.box.height:
        return False  # past the entry's right edge: another column (a sidebar's address)
    _put_before(line, mate[0], mate[1] + 1, blocks)
    return True


def _dates_before(blocks: list[TextBlock]) -> list[TextBlock]:
    """Dates set at the left of their entries, read as a strip of their own before the
    entries, go to the entry line they share a row with ("2019 – 2022" at the margin, level
    with "Sales Lead, Northwind, Manchester"): each entry keeps its own dates, read just
    before it as a date above its entry would be."""
    kept = list(blocks)
    for block in blocks:
        dates = [line for line in block.lines if _only_dates(line.text)]
        if not dates:
            continue
        if any(_row_mate(line, kept) is not None for line in block.lines):
            continue  # text at their left: they are not at the margin of their rows
        if any(_stacked(line, kept) for line in dates):
            continue  # under a line of its own column: a date below its entry's title
        later = kept[kept.index(block) + 1 :]
        if any(_row_mate(line, later, right=True) is None for line in dates):
            continue
        # A heading set across the margin ("Education" above "2016 - 2018") was read into
        # the strip too: a short line with nothing beside it, read again where its row
        # falls in the text beside the strip.
        others = [line for line in block.lines if line not in dates]
        if any(not _lone_heading(line, later) for line in others):
            continue
        kept.remove(block)
        for line in block.lines:
            if line in dates:
                _put_before(line, *_row_mate(line, kept, right=True), kept)
            else:
                _put_before(line, *_first_below(line, kept), kept)
    return kept


def _lone_heading(line: TextLine, later: list[TextBlock]) -> bool:
    """Whether line is short and stands alone on its row, with text below it to its right
    (the entries it heads) among the blocks read after it."""
    return (
        len(line.text.split()) <= MAX_HEADING_WORDS
        and _row_mate(line, later, right=True) is None
        and _first_below(line, later) is not None
    )


def _first_below(line: TextLine, blocks: list[TextBlock]) -> tuple[TextBlock, int] | None:
    """The block and index of the first line, in reading order, on line's page that starts
    level with or below it and right of it."""
    for block in blocks:
        for index, other in enumerate(block.lines):
            if (
                other.page == line.page
                and other.box.y0 >= line.box.y0
                and other.box.x0 >= line.box.x1
            ):
                return block, index
    return None


def _stacked(line: TextLine, blocks: list[TextBlock]) -> bool:
    """Whether another block has a line right above line (within a line and a half) and
    overlapping it across: line then sits in that column's flow, not in a margin strip."""
    return any(
        other.page == line.page
        and 0 <= line.box.y0 - other.box.y1 <= 1.5 * line.box.height
        and _overlaps_across(other.box, line.box)
        for block in blocks
        if line not in block.lines
        for other in block.lines
    )


def _overlaps_across(a: Box, b: Box) -> bool:
    """Whether two boxes share some horizontal extent."""
    return a.x0 < b.x1 and b.x0 < a.x1


def _put_before(line: TextLine, target: TextBlock, at: int, blocks: list[TextBlock]) -> None:
    """Read line just before target's line at: target is split there, so the entry's own
    lines keep their spacing."""
    parts = [target.lines[:at], [line], target.lines[at:]]
    where = next(i for i, b in enumerate(blocks) if b is target)
    blocks[where : where + 1] = [TextBlock(lines) for lines in parts if lines]


def _only_dates(text: str) -> bool:
    """Whether a line holds nothing but a date or a date range."""
    if not _DIGIT.search(text):
        return False  # every date holds a year: most lines are told apart without the patterns
    stripped = text.strip(" |•·()")
    return any(p.fullmatch(stripped) for p in (RANGE_RE, SINCE_RE, DATE_RE))


def _row_mate(
    line: TextLine, blocks: list[TextBlock], *, right: bool = False
) -> tuple[TextBlock, int] | None:
    """The block and index of the nearest line level with line and ending left of it (or,
    with right, starting right of it)."""
    half = line.box.height / 2
    level = [
        (-other.box.x0 if right else other.box.x1, block, index)
        for block in blocks
        for index, other in enumerate(block.lines)
        if other.page == line.page
        and abs(other.box.y0 - line.box.y0) <= half
        and (other.box.x0 >= line.box.x1 if right else other.box.x1 <= line.box.x0)
    ]
    if not level:
        return None
    _, block, index = max(level, key=lambda found: found[0])
    return block, index


def _name_first(blocks: list[TextBlock]) -> list[TextBlock]:
    """Put the first page's name (its largest type, at the top) first in reading order,
    with the short line set just below it (the job title): a sidebar read before the main
    column must not carry the person's name into its last section."""
    if len(blocks) < 2:
        return blocks
    body = statistics.median(ln.size for b in blocks for ln in b.lines)
    top = min(b.box.y0 for b in blocks)
    name = max(blocks, key=lambda b: b.lines[0].size)
    first = name.lines[0]
    if (
        name is blocks[0]
        or first.size < NAME_SIZE * body
        or len(name.lines) > 2
        or name.box.y0 > top + body  # text above the name is read before it
    ):
        return blocks
    at = blocks.index(name)
    moved = [name]
    below = blocks[at + 1] if at + 1 < len(blocks) else None
    if (
        below is not None
        and len(below.lines) == 1
        and not (below.lines[0].bold or below.lines[0].caps)  # a heading, not a title
        and _overlaps(below.box, name.box)
        and 0 <= below.box.y0 - name.box.y1 <= first.box.height
    ):
        moved.append(below)
    return moved + [b for b in blocks if all(b is not m for m in moved)]


def broken_range(first: str, second: str) -> bool:
    """Whether two lines are one date range broken after its dash ("Jan 2021 —" / "May
    2021"), before it ("Jan 2021" / "– May 2021") or inside a date ("Aug 2016 — Jun" /
    "2017", "… | Jul" / "2018 – Jun 2022")."""
    # The anchored match on second first: it fails at once on most lines, the search of
    # first tries every position.
    if _RANGE_END.match(second) and _OPEN_RANGE.search(first):
        return True
    if _date_across(first, second):
        return True
    return bool(
        _RANGE_TAIL.match(second)
        and _RANGE_END.match(second)
        and re.search(f"(?:{_DATE_TOKEN})$", first, re.I)
    )


def _date_across(first: str, second: str) -> bool:
    """Whether a date (or range) starts at the end of first and ends second: the line broke
    between a month and its year, and second holds nothing but the rest of the dates, or
    the rest and a range's open end broken again ("sept." / "2016 — dic." / "2020", a range
    set in a narrow column)."""
    if not second[:1].isdigit():
        return False
    joined = f"{first} {second}"
    cut = len(first)
    for pattern in (RANGE_RE, DATE_RE):
        for match in pattern.finditer(joined):
            rest = joined[match.end() :]
            if match.start() < cut < match.end() and (not rest.strip() or _OPEN_TAIL.match(rest)):
                return True
    return False


def _columns(blocks: list[TextBlock]) -> list[TextBlock]:
    """Number the columns of a page's ordered blocks: reading order moving back up the page
    starts the next column (a sidebar, then the main column)."""
    column = 0
    boxes = [block.box for block in blocks]  # each a union of the block's lines: taken once
    for k, block in enumerate(blocks):
        if k and _new_column(blocks[k - 1].lines[0].box.height, boxes[k - 1], boxes[k]):
            column += 1
        block.column = column
        for line in block.lines:
            line.column = column
    return blocks


def _new_column(height: float, before: Box, box: Box) -> bool:
    """Whether reading goes on in another column from a block boxed before, whose first line
    is height high, to one boxed box: back up the page, or beside it and well above its end
    (cells of one table row start level and end together)."""
    if box.y0 < before.y0 - height:
        return True
    beside = box.x0 >= before.x1 or box.x1 <= before.x0
    return beside and box.y0 < before.y1 - 2 * height


def _join_date_ranges(lines: list[TextLine]) -> list[TextLine]:
    """Join a date range broken over two lines into one line ("Jan 2021 —" / "May 2021")."""
    out: list[TextLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev and broken_range(prev.text, line.text):
            out[-1] = TextLine(
                f"{prev.text} {line.text}",
                prev.words + line.words,
                prev.box.union(line.box),
                prev.page,
                size=prev.size,
                bold=prev.bold,
                italic=prev.italic,
                caps=prev.caps,
                line=prev.line,
            )
        else:
            out.append(line)
    return out


# -- flowing formats -----------------------------------------------------------------


def _flowing_lines(reading: Reading) -> list[TextLine]:
    """One line per source line (words carry their line number)."""
    by_line: dict[int, list[Word]] = defaultdict(list)
    for word in reading.words:
        by_line[word.line or 0].append(word)
    lines = []
    for number in sorted(by_line):
        words = by_line[number]
        box = words[0].box
        for word in words[1:]:
            box = box.union(word.box)
        line = TextLine(_spaced(words), words, box, 1, line=number)
        _style(line)
        lines.append(line)
    return lines


def _spaced(words: list[Word]) -> str:
    """A source line's text rebuilt from its words at their character offsets (spacing kept)."""
    out = ""
    for word in words:
        out += " " * max(1 if out else 0, int(word.box.x0) - len(out)) + word.text
    return out


def _flowing_blocks(lines: list[TextLine]) -> list[TextBlock]:
    """Blocks of consecutive source lines (a blank line separates blocks)."""
    blocks: list[TextBlock] = []
    previous = None
    for line in lines:
        if not blocks or previous is None or (line.line or 0) > previous + 1:
            blocks.append(TextBlock([]))
        blocks[-1].lines.append(line)
        previous = line.line
    return blocks


# -- features ------------------------------------------------------------------------


def _body_size(lines: list[TextLine]) -> float:
    """The font size most letters are set in."""
    weights: dict[float, int] = defaultdict(int)
    for line in lines:
        weights[round(line.size, 1)] += letters(line.text)
    if not weights:
        return 1.0
    return max(weights, key=lambda size: weights[size]) or 1.0


def _features(layout: Layout) -> None:
    """Relative size, gaps, indents and the heading look of every line."""
    body = layout.body_size or 1.0
    lines = layout.lines
    bold_share = sum(ln.bold for ln in lines) / max(len(lines), 1)
    caps_share = sum(ln.caps for ln in lines) / max(len(lines), 1)
    for block in layout.blocks:
        left = min(ln.box.x0 for ln in block.lines)
        for i, line in enumerate(block.lines):
            line.size = round(line.size / body, 2)
            if not layout.flowing:
                line.indent = round((line.box.x0 - left) / body, 2)
                if i:
                    prev = block.lines[i - 1]
                    line.gap_before = round((line.box.y0 - prev.box.y1) / body, 2)
    if not layout.flowing:
        by_page: dict[int, list[TextLine]] = defaultdict(list)
        for line in lines:
            by_page[line.page].append(line)
        pages = {number: _PageLines(page_lines) for number, page_lines in by_page.items()}
        _gaps_between_blocks(layout, pages, body)
        _fill_and_wraps(layout, pages, body)
    for line in lines:
        line.heading = _looks_like_heading(line, bold_share, caps_share)


def _gaps_between_blocks(layout: Layout, pages: dict[int, _PageLines], body: float) -> None:
    """The space above each block's first line: to the nearest line above it on its page
    that overlaps it horizontally."""
    for block in layout.blocks:
        first = block.lines[0]
        box = first.box
        top = box.y0 + 0.5
        nearest = None  # the lowest bottom of the lines above, as max() would find it
        # Lowest first: once the nearest is found, the lines above it fail at a comparison.
        for ln in reversed(pages[first.page].near("y1", -math.inf, top)):
            b = ln.box
            if b.y1 <= top and (nearest is None or b.y1 > nearest) and _overlaps(b, box):
                nearest = b.y1
        if nearest is not None:
            first.gap_before = round((box.y0 - nearest) / body, 2)
        else:
            first.gap_before = None


# A line running this far across its column reaches the column's edge (it was wrapped).
FULL_LINE = 0.8
# Extra space above a line, in body sizes, that sets it apart from the lines of its block.
PARA_GAP = 0.12
_BULLET_START = re.compile(r"^[•◦▪▫■□●○◆◇►▶▸‣⁃∙✓✔➢➤→·*+\-–—]\s")


def _fill_and_wraps(layout: Layout, pages: dict[int, _PageLines], body: float) -> None:
    """How far each line runs across the room it has, and whether it continues the line
    above.

    A column is the lines of a page that start at the block's left edge (within two body
    sizes); its right edge is the furthest any of them reaches. A line's room ends there, or
    sooner where a line stands beside it on the same row (_room_end).
    """
    # The right edge of each column: the blocks of a column share its left edge.
    column_rights: dict[tuple[int, float], float | None] = {}
    for block in layout.blocks:
        number = block.lines[0].page
        page = pages[number]
        edge = block.box.x1  # the block's own right edge (its box is a union: taken once)
        if block.lines[0].rtl:
            left, right = _rtl_column(block, page.lines, body)
        else:
            left = min(ln.box.x0 for ln in block.lines)
            if (number, left) not in column_rights:
                column_rights[number, left] = _column_right(page, left, 2 * body)
            right = column_rights[number, left]
            right = edge if right is None else max(right, edge)
        gaps = [ln.gap_before for ln in block.lines[1:] if ln.gap_before is not None]
        tight = min(gaps, default=0.0)
        # Where a paragraph of three lines or more wraps, its own widest line marks the edge
        # (a longer line elsewhere in the column can leave room a word seems to fit in).
        wrap_edge = edge if len(block.lines) >= 3 else right
        ends: list[float] = []
        for i, line in enumerate(block.lines):
            # A right-to-left line starts at the column's right edge and runs leftwards.
            reach = right - line.box.x0 if line.rtl else line.box.x1 - left
            ends.append(right if line.rtl else _room_end(line, page, right))
            line.fill = round(reach / max(ends[i] - left, 1.0), 2)
            if i == 0:
                line.wraps = None
                continue
            prev = block.lines[i - 1]
            # Items set with a little space between them (bullets whose glyph is a drawing).
            line.para_break = (line.gap_before or 0.0) > tight + PARA_GAP
            # A line wrapped where its next word would not have fitted: the test a typesetter's
            # line breaking makes (a line may end well short of the edge before a long word).
            # Right-to-left lines are measured by how far they run instead.
            if line.rtl:
                ran_full = (prev.fill or 0) >= FULL_LINE
            else:
                ran_full = not _would_fit(prev, line, min(ends[i - 1], wrap_edge))
            line.wraps = (
                not line.para_break
                and ran_full
                and prev.bold == line.bold
                and abs(prev.size - line.size) < 0.05
                and not _BULLET_START.match(line.text)
            )


def _room_end(line: TextLine, page: _PageLines, right: float) -> float:
    """Where the room for line ends: its column's right edge, or sooner, the left edge of a
    line beside it on the same row (a place or dates set at the right of a degree)."""
    box = line.box
    end = right
    # A line overlapping it vertically starts above its bottom, and less than the page's
    # tallest line above its top.
    for other in page.near("y0", box.y0 - page.tallest, box.y1):
        o = other.box
        if box.x1 <= o.x0 < end and o.y0 < box.y1 and o.y1 > box.y0:
            overlap = min(o.y1, box.y1) - max(o.y0, box.y0)
            if overlap >= 0.5 * min(o.y1 - o.y0, box.y1 - box.y0):
                end = o.x0
    return end


def _would_fit(prev: TextLine, line: TextLine, end: float) -> bool:
    """Whether line's first word would have fitted, after a space (a third of prev's type
    size), in the room left at the end of prev (up to end): then prev was ended on purpose,
    not wrapped (a degree above its school)."""
    if not line.words or not prev.words:
        return False
    space = 0.3 * prev.words[-1].box.height
    return end - prev.box.x1 >= line.words[0].box.width + space


def _column_right(page: _PageLines, left: float, near: float) -> float | None:
    """The furthest right any of the page's lines starting within near of left reaches
    (None: no line does)."""
    right = None
    for line in page.near("x0", left - near, left + near):
        box = line.box
        if abs(box.x0 - left) <= near and (right is None or box.x1 > right):
            right = box.x1
    return right


def _rtl_column(block: TextBlock, page_lines: list[TextLine], body: float) -> tuple[float, float]:
    """The left and right edges of a right-to-left block's column: the lines of its page that
    end at the block's right edge (within two body sizes), and the furthest left they reach."""
    right = max(ln.box.x1 for ln in block.lines)
    left = min(
        (ln.box.x0 for ln in page_lines if abs(ln.box.x1 - right) <= 2 * body),
        default=block.box.x0,
    )
    return min(left, block.box.x0), right


def _continued_lines(layout: Layout, body: float) -> None:
    """Re-read a right-to-left line that continues a wrapped paragraph whose previous line
    ends in a Latin word: the browser resolved the line's numbers and punctuation with that
    word ("…, Madrid, Spain |" / "11/2017 — 10/2019" runs left to right as drawn).

    A line continues the one above when it is set in the same type without a paragraph gap,
    the line above runs across its column and the first word read on it would not have fitted
    in the room left at the end (the left) of the line above.
    """
    by_page: dict[int, list[TextLine]] = defaultdict(list)
    for line in layout.lines:
        by_page[line.page].append(line)
    for block in layout.blocks:
        if not block.lines[0].rtl:
            continue
        left, _ = _rtl_column(block, by_page[block.lines[0].page], body)
        for prev, line in itertools.pairwise(block.lines):
            if not (prev.rtl and line.rtl) or not bidi.ends_in_latin(prev.text):
                continue
            if line.para_break or prev.bold != line.bold or abs(prev.size - line.size) >= 0.05:
                continue  # set apart or in another type: another paragraph
            full = (prev.fill or 0) >= FULL_LINE
            if not full or prev.box.x0 - left >= line.words[0].box.width + 0.3 * body:
                continue  # it would have fitted: a line of its own
            line.text, line.words = _logical(line.words, "R", after_latin=True)


def _looks_like_heading(line: TextLine, bold_share: float, caps_share: float) -> bool:
    """A short line set apart by size, weight or capitals (when those are not the norm)."""
    larger = line.size >= HEADING_SIZE
    bold = line.bold and bold_share < 0.5
    caps = line.caps and caps_share < 0.5
    if not (larger or bold or caps):
        return False  # set as the body text: its words need no look (most lines)
    words = unspace(line.text).split()  # "S K I L L S" is one word
    if not words or len(words) > MAX_HEADING_WORDS or letters(line.text) < 3:
        return False
    return not (line.text.rstrip().endswith((".", ",", ";")) or "@" in line.text[1:])
