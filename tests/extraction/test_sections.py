"""Section headings and contact labels in several languages."""

from __future__ import annotations

import pytest

from r2w.extraction.sections import heading_section, label_field, split_label


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Berufserfahrung", "experience"),
        ("Expérience professionnelle", "experience"),
        ("Experiencia laboral", "experience"),
        ("Experiência Profissional", "experience"),
        ("Esperienze lavorative", "experience"),
        ("Werkervaring", "experience"),
        ("E M P L OY M E N T  H I S TO RY", "experience"),
        ("PROFESSIONAL EXPERIENCE:", "experience"),
        ("Clinical Experience", "experience"),
        ("Ausbildung", "education"),
        ("Formation", "education"),
        ("Educación", "education"),
        ("Istruzione", "education"),
        ("Opleiding", "education"),
        ("## Skills", "skills"),
        ("Kenntnisse", "skills"),
        ("Compétences", "skills"),
        ("Sprachen", "languages"),
        ("Langues", "languages"),
        ("Idiomas", "languages"),
        ("Projekte", "projects"),
        ("Licenses & Certifications", "certifications"),
        ("Zertifikate", "certifications"),
        ("Awards & Honors", "achievements"),
        ("Auszeichnungen", "achievements"),
        ("Professional Affiliations", "memberships"),
        ("Veröffentlichungen", "publications"),
        ("Volunteer Experience", "volunteer"),
        ("Ehrenamt", "volunteer"),
        ("Weiterbildung", "courses"),
        ("Hobbies & Interests", "hobbies"),
        ("Centres d'intérêt", "hobbies"),
        ("Über mich", "summary"),
        ("Profil professionnel", "summary"),
        ("Persönliche Daten", "contact"),
        ("References", "references"),
        ("الخبرة المهنية", "experience"),
        ("ניסיון תעסוקתי", "experience"),
        ("教育背景", "education"),
    ],
)
def test_headings_in_many_languages(line: str, section: str) -> None:
    """Headings map to their section whatever the language, case or spacing."""
    assert heading_section(line) == section


@pytest.mark.parametrize(
    "line",
    [
        "Head of Education",
        "Led the education team.",
        "Senior Engineer, Acme 2019",
        "Skills Trainer at the Academy",
        "jane@example.com",
    ],
)
def test_ordinary_lines_are_not_headings(line: str) -> None:
    """Job titles and sentences that mention a section word are not headings."""
    assert heading_section(line) is None


def test_a_heading_read_with_a_semicolon_for_its_colon_is_a_heading() -> None:
    """OCR often reads a heading's colon as a semicolon ("Experience;"); a list is no heading."""
    assert heading_section("Experience;") == "experience"
    assert heading_section("LANGUAGES;") == "languages"
    assert heading_section("Python; Java;") is None


def test_generic_words_need_to_stand_apart() -> None:
    """ "Training" in a list is a skill; set apart it is a heading."""
    assert heading_section("Training", set_apart=False) is None
    assert heading_section("Training", set_apart=True) == "courses"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("E-Mail: jan@example.de", ("email", "E-Mail", "jan@example.de")),
        ("Téléphone : +33 1 23 45 67 89", ("phone", "Téléphone", "+33 1 23 45 67 89")),
        ("Driving licence: B", ("drivingLicense", "Driving licence", "B")),
        ("Staatsangehörigkeit: deutsch", ("nationality", "Staatsangehörigkeit", "deutsch")),
        ("Nationalite: Irish", ("nationality", "Nationalite", "Irish")),
        ("Telefono: +34 600 111 222", ("phone", "Telefono", "+34 600 111 222")),
        ("Note: bring coffee", None),
    ],
)
def test_labelled_values(line: str, expected: tuple[str, str, str] | None) -> None:
    """ "Label: value" lines name their contact field."""
    assert split_label(line) == expected


def test_label_alone_on_a_line() -> None:
    """A label may stand above its value."""
    assert label_field("PLACE OF BIRTH") == "placeOfBirth"
    assert label_field("Geburtsdatum:") == "dateOfBirth"
