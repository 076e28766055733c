"""Repairs of tesseract's typical misreadings of CV lines (r2w.extraction.reading.ocrfix).

The words are built here as tesseract returns them, one box per word, so the expected text
is known exactly; nothing is read from the corpus splits.
"""

from __future__ import annotations

import pytest

from r2w.extraction.reading.model import Box, Word
from r2w.extraction.reading.ocrfix import repair_line


def _words(line: str) -> list[Word]:
    return [
        Word(text, Box(100 * i, 0, 100 * i + 80, 20), 20, confidence=0.9)
        for i, text in enumerate(line.split())
    ]


def _repaired(line: str) -> str:
    return " ".join(word.text for word in repair_line(_words(line)))


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("_linkedin.com/in/sofia-fernandez", "linkedin.com/in/sofia-fernandez"),
        ("hitps://github.com/ingridros", "https://github.com/ingridros"),
        ("httpsy/github.com/kenjiweb", "https://github.com/kenjiweb"),
        ("nttps://github.com/hannahcar", "https://github.com/hannahcar"),
        ("linkedin,com/in/victor-rossi", "linkedin.com/in/victor-rossi"),
        ("linkedin_com/in/priya-obrien", "linkedin.com/in/priya-obrien"),
        ("linkedin.comvVin/victor-jensen", "linkedin.com/in/victor-jensen"),
        ("Munich linkedin. com/in/ingrid-rossi", "Munich linkedin.com/in/ingrid-rossi"),
        ("oliver. walsh@example.com", "oliver.walsh@example.com"),
    ],
)
def test_misread_addresses_are_repaired(read: str, meant: str) -> None:
    assert _repaired(read) == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Chicago,IL", "Chicago, IL"),
        ("(874)471-3796", "(874) 471-3796"),
        ("Coordinated with sales. legal and finance", "Coordinated with sales, legal and finance"),
        ("m CORE SKILLS", "• CORE SKILLS"),
    ],
)
def test_lost_spaces_commas_and_heading_icons_are_repaired(read: str, meant: str) -> None:
    assert _repaired(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "https://github.com/ingridros",
        "john_co@example.com",
        "Led the team. Then shipped",
        "etc. and more",
        "Sept. to Dec. 2020",
        "12,000 customers",
        "a SQL course",
        "I led it",
        "Python, SQL",
    ],
)
def test_text_a_person_writes_is_kept(line: str) -> None:
    assert _repaired(line) == line


def test_joined_words_keep_both_boxes_and_the_lower_confidence() -> None:
    words = _words("oliver. walsh@example.com")
    words[1] = Word(words[1].text, words[1].box, 20, confidence=0.4)
    [joined] = repair_line(words)
    assert joined.box == Box(0, 0, 180, 20)
    assert joined.confidence == 0.4
