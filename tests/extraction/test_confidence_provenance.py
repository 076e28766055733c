"""Provenance: each value located in a hand-built Reading (boxes or lines) or in plain text."""

from __future__ import annotations

from typing import Any

import pytest

from r2w.cvdoc import empty_document
from r2w.extraction.confidence import review
from r2w.extraction.reading.model import Box, Page, Reading, Word

# These tests are about the rules; the learned flag has tests of its own.
pytestmark = pytest.mark.usefixtures("rules_only")


def document(**sections: dict[str, Any]) -> dict[str, Any]:
    """An empty document with some sections filled in."""
    doc = empty_document()
    for name, value in sections.items():
        doc[name] = {**doc[name], **value} if isinstance(doc[name], dict) else value
    return doc


def row(words: str, y: float, x: float = 50.0, page_words: list[Word] | None = None, **kw) -> list:
    """Words laid out left to right on one line at height y (8 points per letter)."""
    out = page_words if page_words is not None else []
    for text in words.split():
        out.append(Word(text, Box(x, y, x + 8 * len(text), y + 10), **kw))
        x += 8 * len(text) + 4
    return out


def pdf_reading(*lines: tuple[int, float, str], ocr: bool = False, confidence=1.0) -> Reading:
    """A PDF-like Reading: (page, y, text) lines."""
    pages: dict[int, Page] = {}
    for number, y, text in lines:
        page = pages.setdefault(number, Page(number, 595, 842))
        row(text, y, page_words=page.words, confidence=confidence)
    return Reading(list(pages.values()), "test", ocr=ocr)


def flowing_reading(text: str) -> Reading:
    """A flowing (docx/txt-like) Reading: each source line a row with its line number."""
    words = []
    for number, line in enumerate(text.splitlines(), start=1):
        for index, word in enumerate(line.split()):
            words.append(Word(word, Box(index, number - 1, index + 1, number), line=number))
    return Reading([Page(1, 0, 0, words)], "flowing", flowing=True)


def test_pdf_values_get_page_and_union_box() -> None:
    reading = pdf_reading(
        (1, 40, "JANE EXAMPLE"),
        (1, 60, "Senior Engineer, Acme ﬁnance Ltd"),
        (2, 100, "Led the re-architecture of the multi-"),
        (2, 112, "page web app"),
    )
    doc = document(
        hero={"fullName": "Jane Example", "professionalTitle": "Senior Engineer"},
        experience={
            "experienceItems": [
                {
                    "companyName": "Acme finance Ltd",
                    "responsibilitiesAndAchievements": [
                        "Led the re-architecture of the multipage web app"
                    ],
                }
            ]
        },
    )
    result = review(doc, "", reading)
    prov = result.provenance
    assert prov["hero.fullName"] == {"page": 1, "box": [50.0, 40.0, 142.0, 50.0], "line": None}
    assert prov["hero.professionalTitle"]["box"] == [50.0, 60.0, 174.0, 70.0]
    assert prov["experience.experienceItems[0].companyName"]["page"] == 1
    bullet = prov["experience.experienceItems[0].responsibilitiesAndAchievements[0]"]
    # The bullet spans two lines: its box holds both.
    assert bullet["page"] == 2
    assert bullet["box"][1] == 100.0 and bullet["box"][3] == 122.0
    assert result.flags == []


def test_flowing_values_get_their_source_line() -> None:
    text = "Jane Example\n\nEXPERIENCE\n• Engineer at Acme\n  Jan 2020 – Present\n"
    doc = document(
        hero={"fullName": "Jane Example"},
        experience={
            "sectionTitle": "EXPERIENCE",
            "experienceItems": [
                {
                    "jobTitle": "Engineer",
                    "companyName": "Acme",
                    "dateRange": {"startDate": "Jan 2020", "endDate": "Present"},
                }
            ],
        },
    )
    prov = review(doc, text, flowing_reading(text)).provenance
    assert prov["hero.fullName"] == {"page": None, "box": None, "line": 1}
    assert prov["experience.sectionTitle"]["line"] == 3
    assert prov["experience.experienceItems[0].companyName"]["line"] == 4
    assert prov["experience.experienceItems[0].dateRange.endDate"]["line"] == 5


def test_without_a_reading_lines_come_from_the_text() -> None:
    """The Claude path and text-only inputs: line numbers in the text given."""
    text = "Jane Example\njane@example.com\n"
    doc = document(hero={"fullName": "Jane Example"}, contact={"email": "jane@example.com"})
    prov = review(doc, text, None).provenance
    assert prov["hero.fullName"]["line"] == 1
    assert prov["contact.email"] == {"page": None, "box": None, "line": 2}


def test_a_repeated_value_is_placed_beside_its_neighbours() -> None:
    """Two jobs at "Acme": each company is the occurrence after its own title."""
    text = "Engineer\nAcme\nJan 2019\nManager\nAcme\nJan 2021\n"
    items = [
        {"jobTitle": "Engineer", "companyName": "Acme"},
        {"jobTitle": "Manager", "companyName": "Acme"},
    ]
    prov = review(document(experience={"experienceItems": items}), text, None).provenance
    assert prov["experience.experienceItems[0].companyName"]["line"] == 2
    assert prov["experience.experienceItems[1].companyName"]["line"] == 5


def test_a_value_missing_from_the_reading_falls_back_to_the_text() -> None:
    reading = pdf_reading((1, 40, "Jane Example"))
    doc = document(hero={"fullName": "Jane Example", "professionalTitle": "Nurse"})
    result = review(doc, "Jane Example\nNurse\n", reading)
    assert result.provenance["hero.professionalTitle"] == {"page": None, "box": None, "line": 2}
    assert result.flags == []


def test_to_json_round_trips() -> None:
    from r2w.extraction.confidence import Review

    doc = document(hero={"fullName": "Nobody Here"})
    result = review(doc, "Jane Example", None)
    data = result.to_json()
    assert data["count"] == 1
    assert data["flags"] == [
        {
            "path": "hero.fullName",
            "code": "unsupported",
            "reason": '"Nobody Here" was not found in your file',
        }
    ]
    assert Review.from_json(data).flags == result.flags
