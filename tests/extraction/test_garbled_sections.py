"""A section of a scan that OCR read poorly as a whole gets a flag at its heading."""

from __future__ import annotations

from types import SimpleNamespace

from r2w.extraction.confidence.garbled import garbled_sections


def seen_with(scores: dict[str, list[float]]) -> dict[str, SimpleNamespace]:
    """Where each value was found, as review() keeps it: the OCR scores of its words."""
    return {
        path: SimpleNamespace(match=SimpleNamespace(confidences=s)) for path, s in scores.items()
    }


DOCUMENT = {
    "experience": {"sectionTitle": "Experience", "experienceItems": [{}, {}]},
    "languages": {"sectionTitle": "Languages", "languageItems": [{}]},
    "hero": {"fullName": "Paul Carter"},
}
SCAN = SimpleNamespace(ocr=True)


def test_a_section_read_poorly_is_flagged_at_its_heading() -> None:
    seen = seen_with(
        {
            "experience.experienceItems[0].jobTitle": [0.41, 0.55],
            "experience.experienceItems[0].companyName": [0.62, 0.38],
            "experience.experienceItems[1].jobTitle": [0.52, 0.7, 0.6],
            "languages.languageItems[0].language": [0.97, 0.98, 0.99, 0.96, 0.98, 0.97],
            "hero.fullName": [0.2, 0.3],
        }
    )
    flags = list(garbled_sections(DOCUMENT, seen, SCAN))
    assert [(path, code) for path, code, _ in flags] == [
        ("experience.sectionTitle", "unread_in_section")
    ]
    assert "compare each one with the picture" in flags[0][2]


def test_tesseract_scores_count_as_shares_and_text_files_are_never_judged() -> None:
    seen = seen_with({"experience.experienceItems[0].jobTitle": [41.0, 55.0, 38.0, 60.0, 52, 49]})
    assert [f[0] for f in garbled_sections(DOCUMENT, seen, SCAN)] == ["experience.sectionTitle"]
    assert list(garbled_sections(DOCUMENT, seen, SimpleNamespace(ocr=False))) == []
    assert list(garbled_sections(DOCUMENT, seen, None)) == []


def test_a_few_words_or_a_section_without_heading_say_nothing() -> None:
    few = seen_with({"experience.experienceItems[0].jobTitle": [0.3, 0.4]})
    assert list(garbled_sections(DOCUMENT, few, SCAN)) == []
    untitled = {"experience": {"sectionTitle": None, "experienceItems": [{}]}}
    poor = seen_with({"experience.experienceItems[0].jobTitle": [0.3] * 8})
    assert list(garbled_sections(untitled, poor, SCAN)) == []
