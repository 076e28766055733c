"""Entries filed by what they say, from under a heading r2w has no words for.

A CV's own heading ("Giving Back", "Further Study") names no section r2w knows, so what stands
under it is filed by its content alone; volunteering reads like jobs, courses like degrees,
and each value of such an entry looks right on its own. Each entry that came from under such
a heading is flagged once, at its first value, so the person checks it sits in the right
section; where the whole section stands under such a heading, its title carries the one flag
instead (structure.guessed_sections). The file's headings are read again the way the offline
extractor reads them (for another extractor's document this asks about the blocks r2w itself
would have filed by guess).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from r2w.extraction.confidence.fields import field_name, item_of
from r2w.extraction.normalize import clean_text, fold
from r2w.extraction.reading.model import Reading

# What each section is called in a reason ("filed as volunteering"). Only sections of entries
# are asked about: the contact details, the name and the summary are one block each.
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
}
# Sections filed under another one's name (memberships are kept as achievements).
_FILED_AS = {"memberships": "achievements"}
# Values this short ("C", "2020") stand in many places of a CV: they say nothing of where an
# entry came from.
MIN_LETTERS = 4
HEADING_FIELDS = frozenset({"sectionTitle", "label", "platform", "categoryName"})


def guessed_entries(
    document: dict[str, Any], values: list[tuple[str, str]], text: str, reading: Reading | None
) -> Iterator[tuple[str, str, str]]:
    """(first value path, code, reason) for each entry read from under a heading r2w does not
    know and filed in a section by what it says."""
    from r2w.extraction.heuristic import guessed_blocks
    from r2w.extraction.layout import lay_out

    if not text.strip():
        return
    layout = lay_out(reading) if reading is not None and _drawable(reading) else None
    blocks = guessed_blocks(text, ocr=bool(reading and reading.ocr), layout=layout)
    if not blocks:
        return
    lines = clean_text(text).split("\n")
    inside: set[int] = set()
    by_section: dict[str, _Blocks] = {}
    for block in blocks:
        section = _FILED_AS.get(block.section, block.section)
        body = fold(" ".join(lines[block.first : block.last + 1]))
        by_section.setdefault(section, _Blocks()).add(block.heading, body)
        inside.update(range(block.first, block.last + 1))
    # Text outside the guessed blocks: a value found there too may have come from either.
    outside = fold(" ".join(line for i, line in enumerate(lines) if i not in inside))
    for entry, (first, value) in _entries(values).items():
        section = entry.split(".", 1)[0]
        needle = fold(value)
        found = by_section.get(section)
        if found is None or section not in NAMES or needle in outside:
            continue
        if sum(ch.isalnum() for ch in needle) < MIN_LETTERS:
            continue
        heading = found.heading_of(needle)
        body = document.get(section)
        title = body.get("sectionTitle") if isinstance(body, dict) else None
        if heading is None or fold(heading) == fold(str(title or "")):
            continue  # not from a guessed block, or the whole section is: its title is flagged
        reason = (
            f"r2w does not know the heading “{heading}” and filed what stood under it as "
            f"{NAMES[section]} by what it says: check this belongs there"
        )
        yield first, "guessed_section", reason


class _Blocks:
    """The guessed blocks filed in one section: their folded texts end to end, so a value is
    looked for once, however many blocks there are."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.headings: list[str] = []
        self.size = 0
        self.text = ""

    def add(self, heading: str, body: str) -> None:
        """Append one block's heading and folded text."""
        self.starts.append(self.size)
        self.headings.append(heading)
        self.parts.append(body + "\x00")  # never in a folded value: no match runs across
        self.size += len(body) + 1

    def heading_of(self, needle: str) -> str | None:
        """The heading of the first block holding needle, or None."""
        if len(self.text) != self.size:
            self.text = "".join(self.parts)
        at = self.text.find(needle)
        if at < 0:
            return None
        return self.headings[bisect_right(self.starts, at) - 1]


def _entries(values: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Each entry of a list (a job, a skill) -> (its first value's path, its longest value)."""
    entries: dict[str, tuple[str, str]] = {}
    for path, value in values:
        if field_name(path) in HEADING_FIELDS:
            continue  # a section's own title or a group's name: not what stood under it
        entry = item_of(path)
        if "[" not in entry:
            continue  # not an entry of a list (the contact details, the summary)
        first, longest = entries.get(entry, (path, ""))
        entries[entry] = (first, value if len(value) > len(longest) else longest)
    return entries


def _drawable(reading: Reading) -> bool:
    """Whether a reading has words and every box is finite (as r2w's readers make them; the
    layout measures them)."""
    return bool(reading.words) and all(
        math.isfinite(b.x0 + b.y0 + b.x1 + b.y1) for b in (word.box for word in reading.words)
    )
