"""assess_cv: CVs in any language pass, other documents are turned away with advice."""

from __future__ import annotations

import pytest

from r2w.extraction.gate import assess_cv
from tests.extraction.conftest import SAMPLE_FACTS, SYNTHETIC


@pytest.mark.parametrize("name", sorted(SAMPLE_FACTS))
def test_every_sample_is_a_cv(name: str, sample_text) -> None:
    """All sample CVs, the OCR'd scan included, pass the gate."""
    result = assess_cv(sample_text(name).text)
    assert result.is_cv, result.reason
    assert result.reason.startswith("looks like a CV") and result.suggestion == ""


@pytest.mark.parametrize("name", SYNTHETIC)
def test_cvs_in_other_languages_and_scripts_pass(name: str, data_text) -> None:
    """German, Arabic, Chinese and Russian CVs pass."""
    assert assess_cv(data_text(name)).is_cv


def test_non_latin_cv_without_known_headings_passes_on_structure() -> None:
    """A CV in a script our heading lists do not cover passes on contact details and dates."""
    text = (
        "Αλεξάνδρα Παπαδοπούλου\nμηχανικός λογισμικού\nalex@example.gr | +30 210 123 4567\n\n"
        "Εμπειρία εργασίας\nΑνώτερη μηχανικός, Acme Α.Ε.\n2019 – σήμερα\n"
        "Ανάπτυξη συστημάτων πληρωμών σε Go για τράπεζες και ηλεκτρονικά καταστήματα.\n"
    )
    result = assess_cv(text)
    assert result.is_cv, result.reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("invoice.txt", "an invoice"),
        ("recipe.txt", "a recipe"),
        ("lorem.txt", "placeholder text"),
        ("novel.txt", "no signs of a CV"),
    ],
)
def test_other_documents_are_turned_away(name: str, reason: str, data_text) -> None:
    """Clearly-not-CVs are refused with the reason and a suggestion."""
    result = assess_cv(data_text(name))
    assert not result.is_cv
    assert reason in result.reason
    assert result.suggestion


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "too short"),
        ("Jane Example\nCV", "too short"),
        ("Jane Example\n" + "Experience 2019 – 2021 at Acme.\n" * 6000, "far longer"),
    ],
)
def test_too_short_or_too_long(text: str, reason: str) -> None:
    """Length alone can rule a text out."""
    result = assess_cv(text)
    assert not result.is_cv and reason in result.reason


def _person_cv(number: int, referees: str = "") -> str:
    """One person's CV with its own contact block and the usual sections."""
    return (
        f"Person Number{number}\nAccountant\n"
        f"person{number}@example.com | +44 20 7946 09{number:02d}\n"
        "PROFILE\nAccountant with ten years in audit and tax.\n"
        "EXPERIENCE\nSenior Accountant, Acme Ltd\nJan 2019 – Present\n• Closed the books monthly.\n"
        "EDUCATION\nBSc Accounting, University of Leeds\n2012 – 2015\n"
        "SKILLS\nExcel, SAP, IFRS\n" + referees
    )


def test_a_booklet_of_several_peoples_cvs_is_rejected() -> None:
    booklet = "\n\n".join(_person_cv(n) for n in range(1, 12))
    result = assess_cv(booklet)
    assert not result.is_cv
    assert "11 people" in result.reason
    assert "one person's CV" in result.suggestion


def test_a_booklet_without_addresses_is_rejected_by_its_repeated_sections() -> None:
    booklet = "\n\n".join(_person_cv(n).replace(f"person{n}@example.com | ", "") for n in range(4))
    result = assess_cv(booklet)
    assert not result.is_cv and "4 people" in result.reason


@pytest.mark.parametrize("where", ["end", "middle"])
def test_a_cv_listing_referees_contact_details_is_one_cv(where: str) -> None:
    referees = (
        "REFERENCES\nDr Ann Smith, Head of Finance, Acme Ltd\nann.smith@acme.example | "
        "+44 20 7946 0100\nMr Bob Jones, Partner, Jones & Co\nbob@jones.example\n"
        "Carol White\ncarol.white@example.org\n"
    )
    if where == "end":
        text = _person_cv(1, referees)
    else:  # referees between sections, with sections after them
        text = _person_cv(1).replace("SKILLS\n", referees + "LANGUAGES\nEnglish\nPROJECTS\nA\n")
        text += "HOBBIES\nChess\n"
    result = assess_cv(text)
    assert result.is_cv, result.reason
