"""Entries filed by what they say, from under a heading r2w has no words for.

A CV's own heading ("Giving Back", "Further Study") names no section r2w knows, so what stands
under it is filed by its content alone; volunteering reads like jobs, courses like degrees,
and each value of such an entry looks right on its own. Each entry that came from under such
a heading is flagged so the person checks it sits in the right section; where the whole
section stands under such a heading, its title carries the one flag instead
(structure.guessed_sections). The file is read again the way the offline extractor reads it
(its headings are the file's, whoever extracted it), so the check holds for every extractor.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from r2w.extraction.confidence.fields import field_name, item_of
from r2w.extraction.normalize import fold
from r2w.extraction.reading.model import Reading

# What each section is called in a reason ("filed as volunteering").
NAMES = {
    "experience": "work experience",
    "education": "education",
    "projects": "projects",
    "certifications": "certifications",
    "volunteer": "volunteering",
    "publications": "publications",
    "courses": "courses",
    "skills": "skills",
    "languages": "languages",
    "hobbies": "hobbies",
    "achievements": "achievements",
    "summary": "the summary",
}
# Sections filed under another one's name (memberships are kept as achievements).
_FILED_AS = {"memberships": "achievements"}
# Values this short ("C", "2020") stand in many places of a CV: they say nothing of where an
# entry came from.
MIN_LETTERS = 4
HEADING_FIELDS = frozenset({"sectionTitle", "label", "platform"})


def guessed_entries(
    document: dict[str, Any], values: list[tuple[str, str]], text: str, reading: Reading | None
) -> Iterator[tuple[str, str, str]]:
    """(entry path, code, reason) for each entry read from under a heading r2w does not know
    and filed in a section by what it says."""
    from r2w.extraction.heuristic import guessed_blocks
    from r2w.extraction.layout import lay_out

    if not text.strip():
        return
    layout = lay_out(reading) if reading is not None and _drawable(reading) else None
    blocks = guessed_blocks(text, ocr=bool(reading and reading.ocr), layout=layout)
    if not blocks:
        return
    folded = [(block, fold(" ".join(block.lines))) for block in blocks]
    longest: dict[str, str] = {}  # entry -> its longest value: where the entry stands
    for path, value in values:
        if field_name(path) in HEADING_FIELDS:
            continue  # a section's own title or a group's name: not what stood under it
        entry = item_of(path)
        if len(value) > len(longest.get(entry, "")):
            longest[entry] = value
    for entry, value in longest.items():
        section = entry.split(".", 1)[0]
        needle = fold(value)
        if sum(ch.isalnum() for ch in needle) < MIN_LETTERS:
            continue
        body = document.get(section)
        title = fold(str(body.get("sectionTitle") or "")) if isinstance(body, dict) else ""
        for block, haystack in folded:
            if _FILED_AS.get(block.section, block.section) != section:
                continue
            if fold(block.heading) == title:
                break  # the whole section stands under that heading: its title is flagged
            if needle in haystack:
                kind = NAMES.get(section, section)
                reason = (
                    f"r2w does not know the heading “{block.heading}” and filed what stood "
                    f"under it as {kind} by what it says: check this belongs there"
                )
                yield entry, "guessed_section", reason
                break


def _drawable(reading: Reading) -> bool:
    """Whether a reading has words and every box is finite (as r2w's readers make them; the
    layout measures them)."""
    return bool(reading.words) and all(
        math.isfinite(b.x0 + b.y0 + b.x1 + b.y1) for b in (word.box for word in reading.words)
    )
