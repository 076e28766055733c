"""Reading flowing formats (plain text, Markdown, RTF, DOCX): one row per source line.

These formats have no page geometry. Each source line becomes a row of words whose boxes
count characters along the line and lines down the page (height 1), and Word.line is the
source line number (from 1), which is what provenance points at. Markdown headings and
emphasis, and DOCX bold, font sizes and heading styles, are carried into the words so the
layout can tell headings by typography here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from r2w.extraction.normalize import clean_text
from r2w.extraction.reading.model import Box, Page, Reading, Word


@dataclass(frozen=True)
class SourceLine:
    """A line of a flowing document with its typography (size 0 when unknown)."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float = 0.0


_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+")
_MD_STRONG_LINE = re.compile(r"^\s*(\*\*|__)(?=\S).+(?<=\S)\1\s*:?\s*$")
# Markdown heading sizes relative to body text, as browsers render h1-h6.
_MD_SIZES = {1: 2.0, 2: 1.5, 3: 1.17, 4: 1.0, 5: 0.83, 6: 0.67}


def flowing_reading(lines: list[SourceLine], method: str) -> Reading:
    """A Reading of source lines; blank lines keep their number but hold no words."""
    words: list[Word] = []
    for number, line in enumerate(lines, start=1):
        text = clean_text(line.text).replace("\n", " ")
        for match in re.finditer(r"\S+", text):
            box = Box(match.start(), number - 1, match.end(), number)
            words.append(
                Word(
                    match.group(),
                    box,
                    size=line.size,
                    bold=line.bold,
                    italic=line.italic,
                    line=number,
                )
            )
    return Reading([Page(1, 0.0, float(len(lines)), words)], method, ocr=False, flowing=True)


def text_lines(text: str) -> list[SourceLine]:
    """Plain text as source lines."""
    return [SourceLine(line) for line in _split(text)]


def markdown_lines(text: str) -> list[SourceLine]:
    """Markdown as source lines with markup removed; headings and bold lines keep their look."""
    from r2w.extraction.text import strip_markdown

    out = []
    for raw in _split(text):
        heading = _MD_HEADING.match(raw)
        size = _MD_SIZES[len(heading.group(1))] if heading else 1.0
        bold = bool(heading) or bool(_MD_STRONG_LINE.match(raw))
        out.append(SourceLine(strip_markdown(raw), bold=bold, size=size))
    return out


def _split(text: str) -> list[str]:
    """Source lines of a text, whatever its line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
