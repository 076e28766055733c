"""Checking that a CV document says nothing its source text does not.

unsupported_values answers "is this text in the source"; check() goes further through
r2w.extraction.confidence.review (shapes, OCR confidence, headings kept as data, and where each
value came from).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from r2w.cvdoc import iter_text_values
from r2w.extraction.normalize import compact, fold

if TYPE_CHECKING:
    from r2w.extraction.confidence import Review
    from r2w.extraction.reading.model import Reading

# A word broken across lines with a hyphen: compared both as "multi-page" and "multipage".
_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")


class _Source:
    """Folded forms of a source text, for tolerant substring tests."""

    def __init__(self, text: str) -> None:
        kept = _LINE_HYPHEN.sub(r"\1-\2", text)
        dropped = _LINE_HYPHEN.sub(r"\1\2", text)
        self.folded = (fold(text), fold(kept), fold(dropped))
        # Without any spaces, letter-spaced headings ("E D U C A T I O N") match too.
        self.compact = compact(text)

    def supports(self, value: str) -> bool:
        """Whether value occurs in the source (case, spacing and bullets aside)."""
        folded = fold(value)
        if not folded:
            return True
        return any(folded in form for form in self.folded) or compact(value) in self.compact


def unsupported_values(doc: dict[str, Any], source_text: str) -> list[str]:
    """Field paths whose text does not occur in source_text.

    Matching ignores case, whitespace (line breaks included), ligatures, bullet glyphs and
    words hyphenated across line breaks; multi-line values may match line by line. Derived
    fields and display hints are not checked: they are not taken from the CV
    (iter_text_values skips them).
    """
    source = _Source(source_text)
    return [path for path, value in iter_text_values(doc) if not _supported(value, source)]


def _supported(value: str, source: _Source) -> bool:
    """A value is supported as a whole, or line by line (collected text such as
    unclassified_text or a description gathers lines from several places)."""
    if source.supports(value):
        return True
    lines = [line for line in value.split("\n") if line.strip()]
    return len(lines) > 1 and all(source.supports(line) for line in lines)


def check(doc: dict[str, Any], source_text: str, reading: Reading | None = None) -> Review:
    """The full review of doc against its source: flags with reasons and provenance."""
    from r2w.extraction.confidence import review

    return review(doc, source_text, reading)
