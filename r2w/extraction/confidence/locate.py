"""Provenance: finding where in the source each extracted value was read.

The source's words (a Reading's, or the lines of plain text) become one stream of folded
letters and digits, so matching ignores case, spacing, line breaks, ligatures, bullet glyphs,
punctuation and words hyphenated across lines. A value is looked up in that stream; the matched
words give its page and box (PDFs, scans) or its source line (flowing formats, plain text).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from r2w.extraction.normalize import fold
from r2w.extraction.reading.model import Box, Reading, Word

# Values this short match almost anywhere inside a longer word; they must match whole words.
_MIN_INSIDE_WORD = 2
_MAX_OCCURRENCES = 64


def key(text: str) -> str:
    """The comparison form of text: folded letters and digits only."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


@dataclass(frozen=True)
class Token:
    """One source word with where it sits."""

    word: Word
    page: int | None


def unit_score(score: float) -> float:
    """An engine's confidence on 0..1 (tesseract scores 0..100)."""
    return score / 100 if score > 1 else score


@dataclass
class Match:
    """Where a value was found: the source words it covers and its place in reading order."""

    tokens: list[Token]
    start: int
    end: int

    def provenance(self, flowing: bool) -> dict[str, Any]:
        """{"page", "box", "line"} of the match (box as the union of the words' boxes)."""
        first = self.tokens[0]
        line = next((t.word.line for t in self.tokens if t.word.line is not None), None)
        if flowing or first.page is None:
            return {"page": None, "box": None, "line": line}
        box: Box = first.word.box
        for token in self.tokens[1:]:
            if token.page == first.page:
                box = box.union(token.word.box)
        return {
            "page": first.page,
            "box": [round(box.x0, 2), round(box.y0, 2), round(box.x1, 2), round(box.y1, 2)],
            "line": line,
        }

    @property
    def confidences(self) -> list[float]:
        """The reading engine's confidence for each matched word."""
        return [token.word.confidence for token in self.tokens]

    @property
    def scores(self) -> list[float]:
        """The confidence of each matched word on 0..1, whatever the engine's scale."""
        return [unit_score(score) for score in self.confidences]


@dataclass
class Source:
    """A searchable stream of a source's words."""

    tokens: list[Token]
    flowing: bool
    stream: str = ""
    offsets: list[int] = field(default_factory=list)  # stream offset where each token starts
    ends: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        parts = []
        position = 0
        for token in self.tokens:
            self.offsets.append(position)
            folded = key(token.word.text)
            parts.append(folded)
            position += len(folded)
            self.ends.add(position)
        self.stream = "".join(parts)
        self._starts = set(self.offsets)

    @classmethod
    def from_reading(cls, reading: Reading) -> Source:
        """The words of a Reading, page by page in the order the reading gives them."""
        flowing = reading.flowing
        tokens = [
            Token(word, None if flowing else page.number)
            for page in reading.pages
            for word in page.words
        ]
        return cls(tokens, flowing)

    @classmethod
    def from_text(cls, text: str) -> Source:
        """The words of plain text, each knowing its line number (from 1)."""
        tokens = []
        for number, line in enumerate(text.splitlines(), start=1):
            for word in line.split():
                tokens.append(Token(Word(word, Box(0, number - 1, 0, number), line=number), None))
        return cls(tokens, True)

    def find(self, value: str, cursor: int = 0) -> Match | None:
        """The occurrence of value nearest after cursor (else nearest before), or None."""
        wanted = key(value)
        if not wanted:
            return None
        aligned, inside = [], []
        start = self.stream.find(wanted)
        while start >= 0 and len(aligned) + len(inside) < _MAX_OCCURRENCES:
            end = start + len(wanted)
            (aligned if start in self._starts and end in self.ends else inside).append(start)
            start = self.stream.find(wanted, start + 1)
        candidates = aligned or (inside if len(wanted) >= _MIN_INSIDE_WORD else [])
        if not candidates:
            return None
        after = [s for s in candidates if s >= cursor]
        chosen = after[0] if after else candidates[-1]
        return self._match(chosen, chosen + len(wanted))

    def neighbours(self, match: Match) -> tuple[Token | None, Token | None]:
        """The source tokens just before and just after a match on the same line (or None)."""
        first = bisect.bisect_right(self.offsets, match.start) - 1
        last = bisect.bisect_left(self.offsets, match.end) - 1
        # Only whole-word matches have neighbours: inside a word there is no word before.
        if self.offsets[first] != match.start or match.end not in self.ends:
            return None, None
        before = self.tokens[first - 1] if first > 0 else None
        after = self.tokens[last + 1] if last + 1 < len(self.tokens) else None
        head, tail = self.tokens[first], self.tokens[last]
        return (
            before if before and _same_line(before, head) else None,
            after if after and _same_line(tail, after) else None,
        )

    def _match(self, start: int, end: int) -> Match:
        """The tokens covering stream positions start..end."""
        first = bisect.bisect_right(self.offsets, start) - 1
        last = bisect.bisect_left(self.offsets, end) - 1
        return Match(self.tokens[first : last + 1], start, end)


def locate(
    value: str, sources: list[Source], cursors: dict[int, int]
) -> tuple[Match | None, Source | None]:
    """Find value in the first source that has it: whole, else every line of it separately.

    cursors holds, per source (by id), where the previous value was found: of several
    occurrences the one after it is preferred, the order a reader meets the item's neighbours.
    """
    for source in sources:
        cursor = cursors.get(id(source), 0)
        match = source.find(value, cursor)
        if match:
            return match, source
        lines = [line for line in value.split("\n") if key(line)]
        if len(lines) > 1:
            matches = []
            position = cursor
            for line in lines:
                found = source.find(line, position)
                if found is None:
                    break
                matches.append(found)
                position = found.end
            else:
                tokens = [token for found in matches for token in found.tokens]
                return Match(tokens, matches[0].start, matches[-1].end), source
    return None, None


def _same_line(a: Token, b: Token) -> bool:
    """Whether two neighbouring words sit on one line of their source."""
    if a.word.line is not None and b.word.line is not None:
        return a.word.line == b.word.line
    if a.page != b.page:
        return False
    middle = (b.word.box.y0 + b.word.box.y1) / 2
    return a.word.box.y0 <= middle <= a.word.box.y1
