"""Lines of a scan OCR could not read, flagged at the value read beside each of them."""

from __future__ import annotations

from typing import Any

import pytest

from r2w.extraction.confidence import review
from r2w.extraction.confidence.illegible import _beside, unread_lines
from r2w.extraction.reading.model import Box, Page, Reading, Word
from tests.extraction.test_confidence_provenance import document

pytestmark = pytest.mark.usefixtures("rules_only")

# Two columns of a scanned page: skills on the left, languages on the right.
WORDS = [
    ("Skills", Box(40, 100, 120, 116)),
    ("Terraform", Box(40, 130, 130, 142)),
    ("Kubernetes", Box(40, 170, 140, 182)),
    ("Languages", Box(300, 100, 400, 116)),
    ("German", Box(300, 130, 370, 142)),
]
SKILLS = ["Terraform", "Kubernetes"]


def scan(unread: list[Box], *, ocr: bool = True) -> Reading:
    """A one-page reading of WORDS with the given lines left unread."""
    words = [Word(text, box, size=12) for text, box in WORDS]
    return Reading([Page(1, 600, 800, words, unread)], "tesseract", ocr=ocr)


def cv() -> dict[str, Any]:
    """The document read from WORDS."""
    return document(
        skills={"sectionTitle": "Skills", "ungroupedSkills": SKILLS},
        languages={"sectionTitle": "Languages", "languageItems": [{"language": "German"}]},
    )


def flagged(reading: Reading) -> dict[str, str]:
    """path -> reason of the flags review() raises for unread lines."""
    text = "\n".join(text for text, _ in WORDS)
    flags = review(cv(), text, reading).flags
    return {f.path: f.reason for f in flags if f.code == "unread_line"}


def test_an_unread_line_is_flagged_at_the_nearest_value_of_its_column() -> None:
    # Between Terraform and Kubernetes, nearer Kubernetes; the languages column is as near
    # in height but in another column.
    flags = flagged(scan([Box(40, 152, 150, 164)]))
    assert set(flags) == {"skills.ungroupedSkills[1]"}
    assert "Kubernetes" in flags["skills.ungroupedSkills[1]"]
    assert "could not be read" in flags["skills.ungroupedSkills[1]"]
    # Under German, in the right-hand column.
    assert set(flagged(scan([Box(300, 150, 380, 162)]))) == {"languages.languageItems[0].language"}
    # Level with Kubernetes but in the right-hand column: German's, farther up, not its.
    assert set(flagged(scan([Box(300, 165, 380, 177)]))) == {"languages.languageItems[0].language"}


def test_the_value_above_wins_a_tie_and_headings_are_never_flagged() -> None:
    # As far from Terraform (above) as from Kubernetes (below).
    assert set(flagged(scan([Box(40, 150, 150, 162)]))) == {"skills.ungroupedSkills[0]"}
    # Right under the Skills heading: its first entry is flagged, not the heading.
    assert set(flagged(scan([Box(40, 117, 150, 128)]))) == {"skills.ungroupedSkills[0]"}


def test_lines_far_from_every_value_or_outside_scans_raise_nothing() -> None:
    assert flagged(scan([Box(40, 400, 150, 412)])) == {}
    assert flagged(scan([Box(40, 152, 150, 164)], ocr=False)) == {}
    assert flagged(scan([])) == {}


def test_a_piece_dropped_from_a_values_row_is_flagged_on_that_value() -> None:
    # A date 20 points right of Terraform, on its row (German, across the gutter, is farther).
    assert set(flagged(scan([Box(150, 130, 200, 142)]))) == {"skills.ungroupedSkills[0]"}
    # 90 points right of Kubernetes (over six of its heights), in no value's column: nothing.
    assert flagged(scan([Box(230, 170, 280, 182)])) == {}


def test_a_row_wins_over_a_column_and_the_nearest_of_a_row_wins() -> None:
    placed = [
        ("above", Box(40, 100, 140, 112)),  # right above the line, in its column
        ("near", Box(150, 114, 200, 126)),  # on its row, 10 points to its right
        ("far", Box(200, 114, 240, 126)),  # on its row, farther
    ]
    line = Box(40, 114, 140, 126)
    assert _beside(line, placed) == "near"
    assert _beside(line, [placed[0], placed[2]]) == "far"
    # A paragraph across the gutter spans many rows: it stands on none of them.
    paragraph = ("para", Box(190, 90, 560, 200))
    assert _beside(Box(40, 116, 140, 128), [placed[0], paragraph]) == "above"


def test_headings_and_unplaced_text_are_never_the_value_flagged() -> None:
    values = [
        ("skills.skillCategories[0].categoryName", "Cloud"),
        ("unclassified_text", "as https-/ # 4900"),
        ("skills.skillCategories[0].skills[0]", "AWS"),
    ]
    provenance = {
        "skills.skillCategories[0].categoryName": {"page": 1, "box": [40, 100, 90, 112]},
        "unclassified_text": {"page": 1, "box": [30, 90, 560, 300]},
        "skills.skillCategories[0].skills[0]": {"page": 1, "box": [40, 150, 80, 162]},
    }
    found = list(unread_lines(values, provenance, scan([Box(40, 118, 150, 130)])))
    assert [path for path, _, _ in found] == ["skills.skillCategories[0].skills[0]"]


def test_a_page_read_hardly_at_all_raises_flags_for_its_first_lines_only() -> None:
    # 500 skills one under another, each with an unread line right under it.
    values = [(f"skills.ungroupedSkills[{i}]", f"Skill {i}") for i in range(500)]
    provenance = {
        path: {"page": 1, "box": [40, 100 + 20 * i, 150, 112 + 20 * i]}
        for i, (path, _) in enumerate(values)
    }
    lines = [Box(40, 113 + 20 * i, 150, 119 + 20 * i) for i in range(500)]
    found = [path for path, _, _ in unread_lines(values, provenance, scan(lines))]
    assert found == [f"skills.ungroupedSkills[{i}]" for i in range(40)]


def test_values_without_a_box_are_not_candidates() -> None:
    values = [("skills.ungroupedSkills[0]", "Terraform")]
    provenance = {"skills.ungroupedSkills[0]": {"page": None, "box": None, "line": 3}}
    assert list(unread_lines(values, provenance, scan([Box(40, 140, 150, 150)]))) == []
