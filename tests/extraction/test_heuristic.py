"""HeuristicExtractor: names and contacts of every sample, no fabrication, nothing lost."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r2w.cvdoc import iter_text_values, validate_document
from r2w.extraction import extractor_from_name
from r2w.extraction.base import ExtractionFailed
from r2w.extraction.fidelity import unsupported_values
from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.items import _education_parts
from r2w.extraction.lexicon import STRUCTURAL_WORDS
from r2w.extraction.normalize import fold
from r2w.extraction.sections import heading_section, label_field
from tests.extraction.conftest import SAMPLE_FACTS, SYNTHETIC, TEXT_LAYER

EXTRACTOR = HeuristicExtractor()
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def extract(text: str, kind: str | None = None) -> dict[str, Any]:
    """Run the extractor."""
    return EXTRACTOR.extract(text, kind=kind)


def lost_lines(doc: dict[str, Any], text: str) -> list[tuple[str, list[str]]]:
    """Source lines with words found nowhere in the document.

    Headings and contact labels are structure (the section and field hold their meaning), as
    are page numbers and the few label words of STRUCTURAL_WORDS; every other word counts.
    """
    present = {w for _, value in iter_text_values(doc) for w in re.findall(r"\w+", fold(value))}
    lost = []
    for line in text.splitlines():
        if not line.strip() or heading_section(line) or label_field(line):
            continue
        if _PAGE_NUMBER.match(line.strip()):
            continue
        words = re.findall(r"\w+", fold(line))
        missing = [w for w in words if w not in present and w not in STRUCTURAL_WORDS]
        if missing:
            lost.append((line, missing))
    return lost


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_sample_name_and_email(name: str, sample_text) -> None:
    """The person's name and e-mail are found in every sample with a text layer."""
    _, person, email = SAMPLE_FACTS[name]
    doc = extract(sample_text(name).text)
    assert doc["hero"]["fullName"] == person
    assert doc["contact"]["email"] == email


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_sample_values_all_come_from_the_source(name: str, sample_text) -> None:
    """No fabrication: every extracted value occurs in the text."""
    text = sample_text(name).text
    assert unsupported_values(extract(text), text) == []


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_sample_nothing_is_lost(name: str, sample_text) -> None:
    """Every line of the source reaches the document (a field or unclassified_text)."""
    text = sample_text(name).text
    assert lost_lines(extract(text), text) == []


def test_scanned_sample_gives_name_and_email(sample_text) -> None:
    """OCR text is good enough for the essentials."""
    result = sample_text("example-cv-undergraduate-dda15e.jpg")
    doc = extract(result.text, kind="jpg")
    assert doc["hero"]["fullName"] == "Aisha Malik"
    assert doc["contact"]["email"] == "example@cvmaker.uk"
    assert unsupported_values(doc, result.text) == []


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_cvs_are_faithful(name: str, data_text) -> None:
    """German, Arabic, Chinese and Russian CVs: nothing invented, nothing lost."""
    text = data_text(name)
    doc = extract(text)
    assert unsupported_values(doc, text) == []
    assert lost_lines(doc, text) == []


def test_german_cv(data_text) -> None:
    """German headings, dates and levels are understood and kept verbatim."""
    doc = extract(data_text("lebenslauf_de.txt"))
    assert doc["hero"] == {
        **doc["hero"],
        "fullName": "Jürgen Müller",
        "professionalTitle": "Softwareentwickler",
    }
    assert doc["contact"]["location"] == {"city": "Berlin", "state": None, "country": "Deutschland"}
    first = doc["experience"]["experienceItems"][0]
    assert (first["jobTitle"], first["companyName"]) == ("Senior Softwareentwickler", "Muster GmbH")
    assert first["dateRange"] == {"startDate": "03/2020", "endDate": "heute", "isCurrent": True}
    assert (
        first["responsibilitiesAndAchievements"][0] == "Leitung eines Teams von fünf "
        "Entwicklerinnen und Entwicklern"
    )
    assert doc["education"]["educationItems"][0]["institution"] == "Technische Universität Berlin"
    languages = {i["language"]: i["proficiency"] for i in doc["languages"]["languageItems"]}
    assert languages == {
        "Deutsch": "Muttersprache",
        "Englisch": "verhandlungssicher (C1)",
        "Französisch": "Grundkenntnisse",
    }
    assert doc["skills"]["skillCategories"][0] == {
        **doc["skills"]["skillCategories"][0],
        "categoryName": "Programmiersprachen",
        "skills": ["Go", "Python", "Java"],
    }


def test_arabic_cv_keeps_right_to_left_text_exact(data_text) -> None:
    """Arabic values are substrings of the source, untouched, with dates and levels."""
    doc = extract(data_text("cv_ar.txt"))
    assert doc["hero"]["fullName"] == "ليلى حسن"
    assert doc["hero"]["professionalTitle"] == "مهندسة برمجيات"
    job = doc["experience"]["experienceItems"][0]
    assert (job["jobTitle"], job["companyName"]) == ("مهندسة برمجيات أولى", "شركة الأفق للتقنية")
    assert job["dateRange"] == {"startDate": "2019", "endDate": "حتى الآن", "isCurrent": True}
    assert job["responsibilitiesAndAchievements"][1] == "تحسين أداء النظام بنسبة 40٪."
    assert doc["contact"]["location"]["country"] == "الإمارات"
    assert {"language": "العربية", "proficiency": "اللغة الأم"}.items() <= (
        doc["languages"]["languageItems"][0].items()
    )


def test_chinese_cv(data_text) -> None:
    """CJK headings, punctuation and dates."""
    doc = extract(data_text("cv_zh.txt"))
    job = doc["experience"]["experienceItems"][0]
    assert doc["hero"]["fullName"] == "王小明"
    assert (job["jobTitle"], job["companyName"]) == ("高级软件工程师", "星辰科技有限公司")
    assert job["dateRange"]["startDate"] == "2020年3月" and job["dateRange"]["isCurrent"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sep 2024 – Present", {"startDate": "Sep 2024", "endDate": "Present", "isCurrent": True}),
        ("03/2019 - 11/2021", {"startDate": "03/2019", "endDate": "11/2021", "isCurrent": False}),
        ("2016 to 2018", {"startDate": "2016", "endDate": "2018", "isCurrent": False}),
        (
            "janvier 2020 – aujourd'hui",
            {"startDate": "janvier 2020", "endDate": "aujourd'hui", "isCurrent": True},
        ),
        ("Oct. 2021 · Now", {"startDate": "Oct. 2021", "endDate": "Now", "isCurrent": True}),
    ],
)
def test_dates_are_kept_verbatim(line: str, expected: dict[str, Any]) -> None:
    """Date ranges keep their original spelling; present-words set isCurrent."""
    text = f"Jane Example\njane@example.com\n\nExperience\nEngineer, Acme\n{line}\n• Built things"
    assert extract(text)["experience"]["experienceItems"][0]["dateRange"] == expected


def test_bullets_keep_order_and_text() -> None:
    """Bullets are kept in order, verbatim, without their glyph; wrapped lines are joined."""
    text = (
        "Jane Example\n\nExperience\nEngineer at Acme, Berlin\nJan 2020 – Dec 2022\n"
        "• Cut costs by 20 %\n- Led a team of four engineers across\nthree time zones\n"
        "▪ Wrote the “on-call” handbook"
    )
    job = extract(text)["experience"]["experienceItems"][0]
    assert (job["jobTitle"], job["companyName"], job["location"]["city"]) == (
        "Engineer",
        "Acme",
        "Berlin",
    )
    assert job["responsibilitiesAndAchievements"] == [
        "Cut costs by 20 %",
        "Led a team of four engineers across three time zones",
        "Wrote the “on-call” handbook",
    ]


def test_skills_grouped_and_ungrouped_with_levels() -> None:
    """ "Category: a, b" groups; lone lines are ungrouped; stated levels are kept."""
    text = (
        "Jane Example\n\nSkills\nLanguages & Frameworks: Python, Go (advanced), React\n"
        "Kubernetes\nTerraform – Expert\n"
    )
    skills = extract(text)["skills"]
    assert skills["skillCategories"][0]["skills"] == ["Python", "Go", "React"]
    assert skills["ungroupedSkills"] == ["Kubernetes", "Terraform"]
    # Two stated levels make a scale: "(advanced)" is Go's level, as "Expert" is Terraform's.
    assert skills["proficiencyIndicators"] == {"Terraform": "Expert", "Go": "advanced"}


def test_a_level_of_several_words_in_brackets_stays_whole() -> None:
    """ "React (Sehr gut)": the skill is never cut inside its bracket."""
    text = (
        "Jane Example\n\nSkills\nReact (Sehr gut)\nKubernetes (Grundkenntnisse)\n"
        "TypeScript (Sehr gut)\nPython (Gut)\nFigma (Gut)\n"
    )
    skills = extract(text)["skills"]
    assert skills["ungroupedSkills"] == ["React", "Kubernetes", "TypeScript", "Python", "Figma"]
    assert skills["proficiencyIndicators"]["React"] == "Sehr gut"
    assert skills["proficiencyIndicators"]["TypeScript"] == "Sehr gut"
    assert not any("(" in skill for skill in skills["ungroupedSkills"])


def test_a_level_after_a_dash_is_the_whole_tail() -> None:
    """ "Figma — Sehr gut": the level is all that follows the dash, not its last word."""
    text = "Jane Example\n\nSkills\nFigma — Sehr gut\nPython — Gut\nSQL — Grundkenntnisse\n"
    skills = extract(text)["skills"]
    assert skills["ungroupedSkills"] == ["Figma", "Python", "SQL"]
    assert skills["proficiencyIndicators"]["Figma"] == "Sehr gut"


def test_a_bullet_that_stops_on_a_joining_word_goes_on_below_even_with_a_date() -> None:
    """ "... used by" / "202 new hires since 2014": one bullet, not a bullet and a date line."""
    text = (
        "Jane Example\n\nExperience\nAnalyst, Orbit Systems, Berlin, 2015 – 2019\n"
        "• Wrote the onboarding guide, used by\n202 new hires since 2014\n"
        "• Cut costs by 20%\n"
    )
    job = extract(text)["experience"]["experienceItems"][0]
    assert job["responsibilitiesAndAchievements"] == [
        "Wrote the onboarding guide, used by 202 new hires since 2014",
        "Cut costs by 20%",
    ]


def test_an_award_with_commas_is_one_value_beside_its_date() -> None:
    """ "Hackathon winner, 1st place, 2021": the award is all but the date."""
    text = (
        "Jane Example\n\nAwards\nHackathon winner, 1st place, 2021\nDean's list (2019)\n"
        "Best paper, ICSE {2018}\n"
    )
    doc = extract(text)
    awards = doc["achievements"]["achievements"]
    assert [(a["value"], a["timeframe"]) for a in awards] == [
        ("Hackathon winner, 1st place", "2021"),
        ("Dean's list", "2019"),
        ("Best paper, ICSE", "2018"),
    ]
    assert unsupported_values(doc, text) == []  # nothing pieced together around the date


def test_a_field_of_study_is_read_beside_its_degree_not_lines_below() -> None:
    """The field sits on the degree's line or alone below a lone degree; a line further off
    is a detail of the degree."""
    from r2w.extraction.parts import Header

    def read(*lines: str) -> dict[str, Any]:
        header = Header()
        for line in lines:
            header.add(line)
        item: dict[str, Any] = {"honors": [], "minors": [], "relevantCoursework": []}
        item["rest"] = _education_parts(header.parts, item, header.lines)
        return item

    far = read(
        "Technical University of Munich",
        "Master of Business Administration, Austin, TX",
        "Exchange semester in Zürich",
    )
    assert far["degree"] == "Master of Business Administration"
    assert far["fieldOfStudy"] is None and far["rest"] == ["Exchange semester in Zürich"]
    below = read("University of Leeds, Leeds, UK", "Bachelor of Science", "Applied Chemistry")
    assert (below["degree"], below["fieldOfStudy"]) == ("Bachelor of Science", "Applied Chemistry")
    campus = read("Master of Business Administration, University of California, San Diego, Munich")
    assert campus["institution"] == "University of California, San Diego"
    assert campus["fieldOfStudy"] is None and campus["location"]["city"] == "Munich"
    # The school and its campus on a line of their own, the degree and the town below.
    alone = read("University of California, San Diego", "MSc Data Science, Munich")
    assert alone["institution"] == "University of California, San Diego"
    assert alone["rest"] == [] and alone["location"]["city"] == "Munich"
    # A line's last place may run on below: "Orange" / "County, CA" stays as it was.
    run_on = read("MBA, University of California, Orange", "County, Munich")
    assert run_on["institution"] == "University of California"
    # A country or a state after the school is where it is, not a campus.
    for school in ("University of Toronto, Canada", "Columbia University, NY"):
        where = read(school, "BSc Computer Science, Toronto, ON")
        assert where["institution"] == school.split(", ")[0], school
    beside = read("University of Leeds, Leeds, UK", "Bachelor of Science, Applied Chemistry")
    assert (beside["degree"], beside["fieldOfStudy"]) == (
        "Bachelor of Science",
        "Applied Chemistry",
    )


def test_a_town_alone_in_the_contact_section_is_where_the_person_lives() -> None:
    """A short line naming a place under a contact heading is the location, known or not."""
    text = (
        "Marcus Example\nResearch Assistant\n\nContact\nmarcus@example.com\n"
        "(703) 966-9372\nKleinstadt\nhttps://github.com/marcus\n"
    )
    doc = extract(text)
    assert doc["contact"]["location"]["city"] == "Kleinstadt"
    assert not doc.get("unclassified_text")
    assert doc["hero"]["professionalTitle"] == "Research Assistant"


def test_unplaced_text_goes_to_unclassified() -> None:
    """References and stray lines are kept as unclassified text."""
    text = (
        "Jane Example\nEngineer\njane@example.com\nSome stray remark\n\n"
        "References\nAvailable on request"
    )
    doc = extract(text)
    assert doc["hero"]["professionalTitle"] == "Engineer"
    assert doc["unclassified_text"].splitlines() == ["Some stray remark", "Available on request"]


def test_output_is_a_valid_normalised_document(data_text) -> None:
    """The result is already what validate_document returns."""
    doc = extract(data_text("lebenslauf_de.txt"))
    assert validate_document(doc) == doc and doc["schemaVersion"] == 1


def test_empty_text_fails() -> None:
    """Nothing to extract is an ExtractionFailed, not an empty document."""
    with pytest.raises(ExtractionFailed):
        extract("  \n ")


def test_registry_builds_the_heuristic_extractor() -> None:
    """extractor_from_name("heuristic") gives this extractor (extra settings are ignored)."""
    extractor = extractor_from_name("heuristic", api_key="unused")
    assert (extractor.name, extractor.version) == ("heuristic", "heuristic-5")


def test_works_offline(monkeypatch: pytest.MonkeyPatch, data_text) -> None:
    """No network access is attempted."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "socket", no_network)
    assert extract(data_text("cv_ar.txt"))["contact"]["email"] == "layla.hassan@example.com"


_WORDS = st.sampled_from(
    [
        "Experience",
        "Education",
        "Skills",
        "Jane",
        "Acme",
        "Engineer",
        "•",
        "-",
        "2019",
        "–",
        "Present",
        "Jan",
        "Berlin,",
        "Germany",
        "Python,",
        "Go",
        "jane@example.com",
        "Sprachen",
        "Deutsch:",
        "C1",
        "الخبرة",
        "حتى",
        "الآن",
        "工作经历",
        "(",
        ")",
        "|",
        ":",
        "Led",
        "teams.",
    ]
)
_LINES = st.lists(
    st.lists(_WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=25
).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES)
def test_any_text_gives_a_faithful_document(text: str) -> None:
    """Whatever the lines, extraction succeeds and invents nothing."""
    doc = extract(text)
    assert unsupported_values(doc, text) == []


def test_hebrew_cv() -> None:
    """Hebrew headings and present-words; values keep their right-to-left text exactly."""
    text = (
        "נועה לוי\nמפתחת תוכנה\nnoa.levi@example.co.il | +972 52 123 4567\n\n"
        "ניסיון תעסוקתי\nמפתחת בכירה, חברת אופק\n2018 – היום\n• פיתוח שירותי תשלומים\n\n"
        "השכלה\nתואר ראשון במדעי המחשב, אוניברסיטת תל אביב\n2013 – 2017\n"
    )
    doc = extract(text)
    job = doc["experience"]["experienceItems"][0]
    assert doc["hero"]["fullName"] == "נועה לוי"
    assert (job["jobTitle"], job["companyName"]) == ("מפתחת בכירה", "חברת אופק")
    assert job["dateRange"] == {"startDate": "2018", "endDate": "היום", "isCurrent": True}
    assert doc["education"]["educationItems"][0]["institution"] == "אוניברסיטת תל אביב"
    assert unsupported_values(doc, text) == [] and lost_lines(doc, text) == []


def test_lines_that_sections_bring_together_are_never_joined_as_a_wrap() -> None:
    """A line read into a section from further down the text is not the tail of the line
    above it there: joined, the two would make a value the CV never printed."""
    text = (
        "Skills\nExperience Experience Experience Skills\nExperience\nJane\n"
        "Experience Experience Experience Led\nJane\nJane\nJane\nJane"
    )
    doc = extract(text)
    assert unsupported_values(doc, text) == []


def test_an_address_read_wrong_does_not_hide_the_phone_and_town_beside_it() -> None:
    """A scan's "victor72@exampleorg" (its dot lost) is kept as text to place; the phone
    number on its line and the town below are still read."""
    text = (
        "Victor Jensen\nResearch Assistant\n\nvictor72@exampleorg = +1 433 2905 9354\n\n"
        "Amsterdam\n\nProfile\nResearch assistant with five years in survey design.\n"
    )
    doc = extract(text)
    assert doc["contact"]["phone"] == "+1 433 2905 9354"
    assert doc["contact"]["location"]["city"] == "Amsterdam"
    assert doc["contact"]["email"] is None
    assert doc["unclassified_text"].split("\n")[0] == "victor72@exampleorg ="


def test_a_handle_or_a_lone_at_sign_beside_a_phone_stays_in_its_place() -> None:
    from r2w.extraction.header import Contact, parse_contact_lines
    from r2w.extraction.lines import split_lines

    for line, phone, rest in [
        ("Twitter @jane | +1 415 555 0100", "+1 415 555 0100", "Twitter @jane"),
        ("Skype: jane@live | 0176 1234567", "0176 1234567", "Skype: jane@live"),
        ("Call me @ +1 415 555 0100", "+1 415 555 0100", "Call me @"),
    ]:
        contact = Contact()
        parse_contact_lines(split_lines(line), contact, section=True)
        assert (contact.fields["phone"], contact.leftovers) == (phone, [rest]), line


def test_headings_joined_by_or_and_an_icon_read_as_o_are_headings() -> None:
    """ "Awards or Honours" joins two headings with "or" as "and" does; a round icon OCR
    reads as "O" before a heading ("O Habilidades") leaves it a heading. Word's "o"
    sub-bullet before a heading word is no heading ("o Languages" in a list of activities)."""
    from r2w.extraction.sections import heading_section

    assert heading_section("Awards or Honours") == "achievements"
    assert heading_section("Formations ou Certifications") == "courses"
    assert heading_section("O Habilidades") == "skills"
    assert heading_section("O PERFIL") == "summary"
    for line in ("O", "Or", "O Levels", "o Languages", "o Volunteering"):
        assert heading_section(line) is None, line
