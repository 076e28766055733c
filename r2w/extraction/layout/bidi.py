"""Lines of right-to-left pages: from the order they are drawn in to the order they are read.

A PDF page shows text in visual order: an Arabic phrase drawn right to left, an English
name or a phone number inside it left to right, brackets mirrored. The Unicode bidirectional
algorithm (python-bidi) turns logical text into that visual order and, for ordinary text, the
same reordering applied to the visual string gives the logical text back. So a line's words are
joined in the order they stand on the page, each as drawn (Word.visual), and reordered in the
direction of the page's paragraphs: right to left where the page's lines are right-aligned
or its letters mostly Arabic or Hebrew (an English line in a right-to-left CV is still laid
out right to left by the browser: its final stop and a phone number's groups move), else
left to right.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from bidi import get_display

from r2w.extraction.reading.model import Word
from r2w.extraction.reading.rtl import MIRRORED, is_rtl, mend_brackets

# A line edge shared by at least this many lines of a page (within a point) is an alignment
# edge: right-to-left paragraphs share their right edge, left-to-right ones their left edge.
MIN_ALIGNED = 3
# Words closer than this share of the font size have no space between them.
SPACE = 0.15
# Inline items of one paragraph set this many font sizes apart or closer share a row's context
# (a column gutter is wider).
ROW_GAP = 2.0
# Punctuation closer than this share of the font size to a word is attached to it (a word
# space is about 0.25 to 0.5 with a bracket's side bearing).
ATTACHED = 0.25
_LRM = "\u200e"
# Punctuation right after a Latin letter, at the end of a drawn word.
_TRAILING = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])[^\w\s]+$")


def page_direction(lines: list[list[Word]]) -> str:
    """'R' when a page's paragraphs run right to left, else 'L' (lines: words by x)."""
    rtl = latin = 0
    for line in lines:
        for word in line:
            for ch in word.text:
                if is_rtl(ch):
                    rtl += 1
                elif ch.isalpha():
                    latin += 1
    if rtl == 0:
        return "L"
    if rtl > latin:
        return "R"
    lefts = Counter(round(line[0].box.x0) for line in lines)
    rights = Counter(round(line[-1].box.x1) for line in lines)
    return "R" if _aligned(rights) > _aligned(lefts) else "L"


def _aligned(edges: Counter) -> int:
    """How many lines start (or end) at an edge that at least MIN_ALIGNED lines share."""
    total = 0
    for edge, count in edges.items():
        shared = count + edges.get(edge - 1, 0) + edges.get(edge + 1, 0)
        if shared >= MIN_ALIGNED:
            total += count
    return total


def split_touching_styles(segments: list[list[Word]]) -> list[list[Word]]:
    """Split segments where two words touch with no space between them but differ in weight.

    On a right-to-left page an element floated to the line's start (dates set at the right)
    ends right where the text beside it begins: two paragraphs, each reordered on its own.
    """
    out = []
    for segment in segments:
        piece = [segment[0]]
        for prev, word in itertools.pairwise(segment):
            size = max(_size(prev), _size(word))
            if word.box.x0 - prev.box.x1 < SPACE * size and prev.bold != word.bold:
                out.append(piece)
                piece = []
            piece.append(word)
        out.append(piece)
    return out


def segment_directions(segments: list[list[Word]], direction: str) -> list[str]:
    """The paragraph direction for each segment (words by x) of a page read in direction.

    A segment without letters (a phone number, a date range) takes its direction from the
    text it was set with: items set close together on one row ("email  phone  city", spaced
    inline items of one paragraph) are one paragraph, where numbers after Latin words run left
    to right. A segment alone keeps the page's direction.
    """
    out = [direction] * len(segments)
    if direction != "R":
        return out
    for i, segment in enumerate(segments):
        if any(ch.isalpha() for word in segment for ch in word.text):
            continue
        scripts = {_script(other) for other in _row_mates(segments, i)} - {""}
        if scripts == {"L"}:
            out[i] = "L"
    return out


def _row_mates(segments: list[list[Word]], i: int) -> list[list[Word]]:
    """The segments chained to segment i on its row by gaps of a space to ROW_GAP sizes."""
    segment = segments[i]
    middle = (segment[0].box.y0 + segment[0].box.y1) / 2
    row = [s for s in segments if s[0].box.y0 <= middle <= s[0].box.y1]
    row.sort(key=lambda s: s[0].box.x0)
    at = next(k for k, s in enumerate(row) if s is segment)
    mates = []
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(row):
            a, b = (row[k], row[k + step]) if step > 0 else (row[k + step], row[k])
            size = max(_size(a[-1]), _size(b[0]))
            gap = b[0].box.x0 - a[-1].box.x1
            # Touching segments were split apart as two elements (split_touching_styles).
            if not SPACE * size <= gap <= ROW_GAP * size:
                break
            k += step
            mates.append(row[k])
    return mates


def _script(segment: list[Word]) -> str:
    """'R' when a segment holds right-to-left letters, 'L' for other letters, else ''."""
    letters = [ch for word in segment for ch in word.text if ch.isalpha()]
    if any(is_rtl(ch) for ch in letters):
        return "R"
    return "L" if letters else ""


def needs_reordering(words: list[Word], direction: str) -> bool:
    """Whether a line's drawn order differs from its reading order: a right-to-left
    paragraph, or right-to-left letters in a left-to-right one."""
    if not any(word.visual for word in words):
        return False
    return direction == "R" or any(is_rtl(ch) for word in words for ch in word.visual)


def logical_line(
    words: list[Word],
    items: list[tuple[str, float, float]],
    direction: str,
    after_latin: bool = False,
) -> tuple[str, list[Word]]:
    """A line's text in reading order, and its words in that order.

    words are the line's words left to right, items their drawn characters and left and right
    edges (letter-spaced capitals already re-joined); each word is placed where its first
    character is read. after_latin: the line continues a paragraph whose last line ended in
    a Latin word.
    """
    visual = _drawn_line(items, max(_size(w) for w in words))
    logical = mend_brackets(_reordered(visual, direction, after_latin).replace(_LRM, ""))
    firsts = _first_positions(words, logical)
    order = sorted(range(len(words)), key=firsts.__getitem__)
    return logical, [words[k] for k in order]


def _reordered(visual: str, direction: str, after_latin: bool = False) -> str:
    """The logical text whose display in direction is visual.

    Reordering is its own inverse for text that reads the same with or without what came
    before it. When it is not (the reordered text would not display as drawn), or when the
    line is known to continue a paragraph whose previous line ended in Latin (after_latin),
    the browser ran the line's numbers and punctuation with those words ("… saving" /
    "$138,000 a year"): the text as drawn is taken when, after a left-to-right mark standing
    for that context, it displays as drawn and the reordered text does not.
    """
    logical = get_display(visual, base_dir=direction)
    if direction != "R":
        return logical
    if not after_latin and get_display(logical, base_dir="R") == visual:
        return logical
    plain = visual.replace(_LRM, "")
    if after_latin and _shown_after_latin(logical) == plain:
        return logical
    drawn = get_display(visual, base_dir="L")
    return drawn if _shown_after_latin(drawn) == plain else logical


def _shown_after_latin(logical: str) -> str:
    """How a right-to-left paragraph's line displays logical after a Latin word."""
    return get_display(_LRM + logical, base_dir="R").replace(_LRM, "")


def ends_in_latin(text: str) -> bool:
    """Whether the last letter of text is not right-to-left."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not is_rtl(letters[-1])


def _drawn_line(items: list[tuple[str, float, float]], size: float) -> str:
    """The line as drawn: its words left to right, a space between them.

    A bracket drawn against an Arabic word can come out of the text layer as a word of its
    own (PDFium gives a right-to-left run's glyphs from either end): a bracket goes with
    the nearer of its neighbours when less than a word space away. Punctuation drawn right
    after a Latin word ("simple," at the end of a wrapped English line) was set with it: the
    browser resolved it with the paragraph's next line, which this line no longer has, so a
    left-to-right mark keeps it with its word.
    """
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(items)]
    out = _TRAILING.sub(rf"\g<0>{_LRM}", items[0][0])
    for k in range(1, len(items)):
        gap = gaps[k - 1]
        before = gaps[k - 2] if k >= 2 else None  # left of the left piece
        after = gaps[k] if k < len(gaps) else None  # right of the right piece
        joined = gap <= ATTACHED * size and (
            (_brackets(items[k][0]) and (after is None or gap < after))
            or (_brackets(items[k - 1][0]) and (before is None or gap < before))
        )
        out += ("" if joined else " ") + _TRAILING.sub(rf"\g<0>{_LRM}", items[k][0])
    return out


def _brackets(text: str) -> bool:
    """Whether text is brackets only."""
    return all(ch in MIRRORED for ch in text)


def _size(word: Word) -> float:
    """A word's font size, or its box height where the engine gave none."""
    return word.size or word.box.height / 1.2


def _first_positions(words: list[Word], logical: str) -> list[int]:
    """For each word, where in logical its first character was placed.

    The bidirectional reordering only moves characters, in runs kept whole (forwards or
    backwards), so each character of logical is matched to one drawn character: the
    neighbour of the previous match when it is the same character, else the unmatched one
    from which the longest run of what follows matches.
    """
    drawn: list[str] = []
    owner: list[int] = []
    for index, word in enumerate(words):
        for ch in word.visual or word.text:
            if not ch.isspace():
                drawn.append(ch)
                owner.append(index)
    read = [(position, ch) for position, ch in enumerate(logical) if not ch.isspace()]
    used = [False] * len(drawn)
    firsts = [len(logical)] * len(words)
    previous = -2
    for at, (position, ch) in enumerate(read):
        found = -1
        for k in (previous + 1, previous - 1):
            if 0 <= k < len(drawn) and not used[k] and _same(drawn[k], ch):
                found = k
                break
        if found < 0:
            candidates = [k for k, d in enumerate(drawn) if not used[k] and _same(d, ch)]
            if not candidates:
                continue
            found = max(candidates, key=lambda k: _run(drawn, used, read, at, k))
        used[found] = True
        previous = found
        word = owner[found]
        firsts[word] = min(firsts[word], position)
    return firsts


def _run(drawn: list[str], used: list[bool], read: list, at: int, k: int) -> int:
    """How many characters of read from at match drawn from k on, forwards or backwards."""
    best = 0
    for step in (1, -1):
        n = 0
        while (
            at + n < len(read)
            and 0 <= k + step * n < len(drawn)
            and not used[k + step * n]
            and _same(drawn[k + step * n], read[at + n][1])
        ):
            n += 1
        best = max(best, n)
    return best


def _same(drawn: str, read: str) -> bool:
    """Whether a drawn character is the read one (brackets may have been turned)."""
    return drawn == read or MIRRORED.get(drawn) == read
