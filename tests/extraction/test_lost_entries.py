"""Sections whose area holds text read but placed nowhere are flagged: entries may be missing."""

from __future__ import annotations

from typing import Any

import pytest

from corpus.run import flag_paths
from corpus.score import unread_in
from r2w.extraction.confidence import review
from r2w.extraction.confidence.model import ENTRIES_MAY_BE_MISSING
from r2w.extraction.reading.model import Box, Page, Reading, Word
from tests.extraction.test_confidence_provenance import document

pytestmark = pytest.mark.usefixtures("rules_only")

# Two columns of a scanned page: skills on the left, languages on the right, and under the
# languages a line OCR garbled ("kalları — Fluent" for "Italian — Fluent"); Hobbies below.
WORDS = [
    ("Skills", Box(40, 100, 120, 116)),
    ("Terraform", Box(40, 130, 130, 142)),
    ("Languages", Box(300, 100, 400, 116)),
    ("German", Box(300, 130, 370, 142)),
    ("kalları", Box(300, 150, 360, 162)),
    ("—", Box(365, 150, 375, 162)),
    ("Fluent", Box(380, 150, 430, 162)),
    ("Hobbies", Box(300, 300, 380, 316)),
    ("Chess", Box(300, 330, 350, 342)),
    ("Lxq", Box(300, 360, 340, 372)),
]


def scan(
    unread: list[Box] | None = None, *, ocr: bool = True, placed: list[tuple[str, Box]] = WORDS
) -> Reading:
    """A one-page reading of the words placed (WORDS) with the given lines left unread."""
    words = [Word(text, box, size=12) for text, box in placed]
    return Reading([Page(1, 600, 800, words, unread or [])], "tesseract", ocr=ocr)


def cv(unplaced: str = "") -> dict[str, Any]:
    """The document read from WORDS, with the pieces no section took."""
    doc = document(
        skills={"sectionTitle": "Skills", "ungroupedSkills": ["Terraform"]},
        languages={"sectionTitle": "Languages", "languageItems": [{"language": "German"}]},
        hobbies={"sectionTitle": "Hobbies", "hobbies": ["Chess"]},
    )
    doc["unclassified_text"] = unplaced or None
    return doc


def lost(doc: dict[str, Any], reading: Reading) -> dict[str, str]:
    """path -> reason of the "unread_in_section" flags review() raises."""
    text = "\n".join(word.text for page in reading.pages for word in page.words)
    flags = review(doc, text, reading).flags
    return {f.path: f.reason for f in flags if f.code == "unread_in_section"}


def test_unplaced_text_under_a_heading_flags_that_section() -> None:
    flags = lost(cv("kalları — Fluent"), scan())
    assert set(flags) == {"languages.sectionTitle"}
    assert "kalları — Fluent" in flags["languages.sectionTitle"]
    assert "entry may be missing" in flags["languages.sectionTitle"]


def test_the_next_heading_in_the_column_ends_a_sections_area() -> None:
    # "Lxq" stands under Hobbies, which ends the languages' area: Hobbies is flagged.
    assert set(lost(cv("Lxq"), scan())) == {"hobbies.sectionTitle"}


def test_an_unread_line_of_a_scan_under_a_heading_flags_that_section() -> None:
    assert set(lost(cv(), scan([Box(300, 170, 420, 182)]))) == {"languages.sectionTitle"}
    # In the skills' column, below Terraform: the skills, not the languages.
    assert set(lost(cv(), scan([Box(40, 160, 140, 172)]))) == {"skills.sectionTitle"}
    # Above every heading: no section's area.
    assert lost(cv(), scan([Box(40, 20, 140, 32)])) == {}


def test_text_far_below_a_sections_last_entry_is_none_of_its_own() -> None:
    # Three heading heights below Terraform and more (a footer, or lines under a heading r2w
    # could not read): not the skills' lost entry.
    assert lost(cv(), scan([Box(40, 200, 140, 212)])) == {}
    assert lost(cv(), scan([Box(300, 760, 420, 772)])) == {}


def test_a_stray_line_is_found_where_no_placed_value_was_read_from() -> None:
    # "Terraform" is a skill (read in the skills) and also a stray line under the hobbies: the
    # stray one is what was placed nowhere, so the hobbies are flagged.
    placed = [*WORDS[:-1], ("Terraform", Box(300, 360, 380, 372))]
    assert set(lost(cv("Terraform"), scan(placed=placed))) == {"hobbies.sectionTitle"}


def test_nothing_is_flagged_when_everything_read_was_placed() -> None:
    assert lost(cv(), scan()) == {}
    # Placed nowhere but not on the page either (text without geometry): nothing to place.
    assert lost(cv("kalları — Fluent"), Reading([], "tesseract", ocr=True)) == {}


def test_the_flag_covers_entries_read_nowhere_when_scored() -> None:
    # A missing language has no value to carry a flag: the corpus scorer counts a flag saying
    # the section may have lost entries as covering it (and such a flag covers no value).
    assert "unread_in_section" in ENTRIES_MAY_BE_MISSING
    flags = review(cv("kalları — Fluent"), "", scan()).flags
    assert unread_in("languages") in flag_paths(flags)
    assert unread_in("languages") == "languages#unread"
