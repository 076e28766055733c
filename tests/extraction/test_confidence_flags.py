"""Flags: every reason review() gives for a value that may be wrong, and quiet right values."""

from __future__ import annotations

from typing import Any

import pytest

from r2w.extraction.confidence import CODES, review
from r2w.extraction.reading.model import Box, Page, Reading, Word
from tests.extraction.test_confidence_provenance import document

# These tests are about the rules; the learned flag has tests of its own.
pytestmark = pytest.mark.usefixtures("rules_only")


def codes(doc: dict[str, Any], text: str, reading: Reading | None = None) -> set[tuple[str, str]]:
    """(path, code) of every flag review() raises."""
    return {(flag.path, flag.code) for flag in review(doc, text, reading).flags}


def job(**fields: Any) -> dict[str, Any]:
    """An experience section with one item."""
    return {"experienceItems": [fields]}


JOB = "experience.experienceItems[0]"


def test_a_right_document_has_no_flags() -> None:
    text = (
        "Jane Example\nSenior Nurse\njane.example@mail.com | +44 20 7946 0958 | "
        "https://linkedin.com/in/jane\nEXPERIENCE\nCharge Nurse, St Mary's Hospital\n"
        "Jan 2020 – Present\n• Led a ward of 30 beds\nLANGUAGES\nEnglish – Native\n"
    )
    doc = document(
        hero={"fullName": "Jane Example", "professionalTitle": "Senior Nurse"},
        contact={
            "email": "jane.example@mail.com",
            "phone": "+44 20 7946 0958",
            "professionalLinks": [{"platform": "linkedin", "url": "https://linkedin.com/in/jane"}],
        },
        experience={
            "sectionTitle": "EXPERIENCE",
            **job(
                jobTitle="Charge Nurse",
                companyName="St Mary's Hospital",
                dateRange={"startDate": "Jan 2020", "endDate": "Present", "isCurrent": True},
                responsibilitiesAndAchievements=["Led a ward of 30 beds"],
            ),
        },
        languages={
            "sectionTitle": "LANGUAGES",
            "languageItems": [{"language": "English", "proficiency": "Native"}],
        },
    )
    assert review(doc, text, None).flags == []


def test_unsupported_value() -> None:
    assert codes(document(hero={"fullName": "Someone Else"}), "Jane Example") == {
        ("hero.fullName", "unsupported")
    }


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("email", "jane.example@mail", "bad_email"),
        ("email", "jane example@mail.com", "bad_email"),
        ("phone", "+44 20 79", "bad_phone"),
        ("phone", "Phone +44 20 7946 0958", "bad_phone"),
    ],
)
def test_contact_shapes(field: str, value: str, code: str) -> None:
    flags = review(document(contact={field: value}), value, None).flags
    assert [(f.path, f.code) for f in flags] == [(f"contact.{field}", code)]
    assert value in flags[0].reason


def test_url_and_date_shapes() -> None:
    text = "https://linkedin com/in/jane\nAcme Jan 2020 Acme Corp\n"
    doc = document(
        contact={"professionalLinks": [{"url": "https://linkedin com/in/jane"}]},
        experience=job(dateRange={"startDate": "Jan 2020 Acme", "endDate": "Acme Corp"}),
    )
    assert codes(doc, text) == {
        ("contact.professionalLinks[0].url", "bad_url"),
        (f"{JOB}.dateRange.startDate", "bad_date"),
        (f"{JOB}.dateRange.endDate", "bad_date"),
    }


@pytest.mark.parametrize(
    "good",
    [
        "Expected May 2025",
        "Summer 2019",
        "03/2021",
        "2019 – 2021",
        "Present",
        "mars 2020",
        "12/05/1948",
    ],
)
def test_real_dates_pass(good: str) -> None:
    assert codes(document(experience=job(dateRange={"startDate": good})), good) == set()


def _ocr_reading(scores: list[float]) -> Reading:
    words = [
        Word(text, Box(10 * i, 0, 10 * i + 9, 10), confidence=score)
        for i, (text, score) in enumerate(zip(["Jane", "Example", "Nurse"], scores, strict=True))
    ]
    return Reading([Page(1, 500, 700, words)], "ocr", ocr=True)


def test_ocr_unsure_on_low_mean_or_one_bad_word() -> None:
    doc = document(hero={"fullName": "Jane Example", "professionalTitle": "Nurse"})

    def read(scores: list[float]) -> set[tuple[str, str]]:
        # The scan gives no e-mail or phone: those are asked for (test_unread_contacts).
        return {c for c in codes(doc, "", _ocr_reading(scores)) if c[1] != "not_read"}

    assert read([0.95, 0.97, 0.99]) == set()
    assert read([0.80, 0.82, 0.99]) == {("hero.fullName", "ocr_unsure")}
    assert read([0.99, 0.99, 0.41]) == {("hero.professionalTitle", "ocr_unsure")}


@pytest.mark.parametrize(
    ("path_doc", "value"),
    [
        ({"experience": job(companyName="Externships")}, "Externships"),  # heading word
        ({"experience": job(companyName="Work Experience")}, "Work Experience"),
        ({"skills": {"ungroupedSkills": ["Expires"]}}, "Expires"),  # field label
        ({"experience": job(jobTitle="Phone:")}, "Phone:"),  # contact label
        ({"experience": job(companyName="Berufserfahrung")}, "Berufserfahrung"),  # German
        ({"education": {"educationItems": [{"institution": "Formation"}]}}, "Formation"),
        ({"experience": job(companyName="Expérience professionnelle")}, "Expérience"),
    ],
)
def test_headings_and_labels_stored_as_values(path_doc: dict[str, Any], value: str) -> None:
    doc = document(**path_doc)
    found = codes(doc, f"{value} Expérience professionnelle")
    assert [code for _, code in found] == ["looks_like_heading"]


def test_section_titles_and_category_names_are_headings_by_nature() -> None:
    doc = document(
        skills={
            "sectionTitle": "SKILLS",
            "skillCategories": [{"categoryName": "Languages", "skills": ["Python"]}],
        }
    )
    assert codes(doc, "SKILLS\nLanguages: Python") == set()


def test_an_item_that_swallowed_a_heading() -> None:
    text = "Nurse\nCared for patients\nEDUCATION\nBSc Nursing, 2019\n"
    inline = document(experience=job(jobTitle="Nurse", companyName="Cared for patients EDUCATION"))
    lines = document(
        experience=job(responsibilitiesAndAchievements=["Cared for patients\nEducation\nBSc"])
    )
    assert (f"{JOB}.companyName", "swallowed_heading") in codes(inline, text)
    bullet = f"{JOB}.responsibilitiesAndAchievements[0]"
    assert (bullet, "swallowed_heading") in codes(lines, text)
    # An ordinary word in a sentence is not a heading.
    plain = document(experience=job(responsibilitiesAndAchievements=["Ran education sessions"]))
    assert codes(plain, "Ran education sessions") == set()


def test_each_unplaced_piece_is_flagged() -> None:
    doc = document(unclassified_text="Build this template\n1515 Pacific Ave")
    flags = review(doc, "Build this template\n1515 Pacific Ave\n", None).flags
    assert [(f.path, f.code) for f in flags] == [("unclassified_text", "unplaced")] * 2
    assert "1515 Pacific Ave" in flags[1].reason


@pytest.mark.parametrize(
    "company",
    [
        "Identified software and hardware issues and listened to client concerns.",
        "• Coached newly hired IT specialists",
        "Microsoft. Online.",
        "and reported to the head of department",
    ],
)
def test_a_company_that_reads_like_a_sentence(company: str) -> None:
    assert (f"{JOB}.companyName", "looks_like_sentence") in codes(
        document(experience=job(companyName=company)), company
    )


@pytest.mark.parametrize("company", ["Acme Inc.", "St. Mary's Hospital", "Procter & Gamble Co."])
def test_real_company_names_pass(company: str) -> None:
    assert codes(document(experience=job(companyName=company)), company) == set()


def test_a_name_with_digits_or_at() -> None:
    doc = document(hero={"fullName": "Jane 3868683442"})
    assert codes(doc, "Jane 3868683442") == {("hero.fullName", "name_has_digits")}


@pytest.mark.parametrize(
    ("language", "flagged"),
    [("Native speaker", True), ("English Native", True), ("English", False), ("Deutsch", False)],
)
def test_a_level_stored_as_a_language(language: str, flagged: bool) -> None:
    doc = document(languages={"languageItems": [{"language": language}]})
    expected = {("languages.languageItems[0].language", "level_as_language")} if flagged else set()
    assert codes(doc, language) == expected


def test_a_number_split_in_two() -> None:
    text = "Managed budgets from $120,000 to $300,000 a year"
    doc = document(
        experience=job(responsibilitiesAndAchievements=["Managed budgets from $120", "000 to $300"])
    )
    bullets = f"{JOB}.responsibilitiesAndAchievements"
    assert codes(doc, text) == {(f"{bullets}[0]", "split_value"), (f"{bullets}[1]", "split_value")}


def test_a_long_value_repeated_in_a_neighbouring_item() -> None:
    bullet = "Reported on the project status through weekly meetings"
    doc = document(
        experience={
            "experienceItems": [
                {
                    "jobTitle": "Nurse",
                    "dateRange": {"startDate": "2019"},
                    "responsibilitiesAndAchievements": [bullet],
                },
                {
                    "jobTitle": "Nurse",
                    "dateRange": {"startDate": "2019"},
                    "responsibilitiesAndAchievements": [bullet],
                },
            ]
        }
    )
    second = "experience.experienceItems[1].responsibilitiesAndAchievements[0]"
    assert codes(doc, f"Nurse 2019 {bullet}") == {(second, "duplicate")}


def test_a_detail_of_another_kind_in_a_field() -> None:
    text = "jane@example.com\nJan 2020 - May 2021"
    doc = document(experience=job(jobTitle="jane@example.com", companyName="Jan 2020 - May 2021"))
    assert codes(doc, text) == {
        (f"{JOB}.jobTitle", "wrong_kind"),
        (f"{JOB}.companyName", "wrong_kind"),
    }


def test_every_code_has_a_description_and_flags_a_reason() -> None:
    doc = document(hero={"fullName": "Nobody 1"}, unclassified_text="stray")
    for flag in review(doc, "stray", None).flags:
        assert flag.code in CODES
        assert flag.reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("jobTitle", "TechVision Corp - VP of Product Management"),  # organisation + title
        ("companyName", "Nursing and Midwifery Council (NMC), PIN: 12A3456B"),  # a label inside
        ("companyName", "United Kingdom (Nursing Council) PIN # 20A-1234E"),  # an identifier
    ],
)
def test_two_details_in_one_name(field: str, value: str) -> None:
    assert codes(document(experience=job(**{field: value})), value) == {
        (f"{JOB}.{field}", "merged_values")
    }


@pytest.mark.parametrize("title", ["Staff Nurse – Emergency Department", "Head of R&D - Europe"])
def test_a_title_with_its_department_is_one_detail(title: str) -> None:
    assert codes(document(experience=job(jobTitle=title)), title) == set()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("leading to timely interventions and improved patient stability.", "starts mid"),
        ("Accountable for program management, customer relationships,", "cut short"),
        ("Bachelor's Degree in", "cut short"),
    ],
)
def test_a_value_cut_at_a_line_break(value: str, words: str) -> None:
    flags = review(document(experience=job(responsibilitiesAndAchievements=[value])), value, None)
    assert [(f.path, f.code) for f in flags.flags] == [
        (f"{JOB}.responsibilitiesAndAchievements[0]", "split_value")
    ]
    assert words in flags.flags[0].reason


def test_a_list_cut_from_a_sentence_is_flagged_whole() -> None:
    skills = ["Understanding the basics of operating systems", "including Windows", "macOS"]
    text = ", ".join(skills)
    found = codes(document(skills={"ungroupedSkills": skills}), text)
    assert found == {(f"skills.ungroupedSkills[{i}]", "split_value") for i in range(3)}
    # An ordinary list is quiet.
    plain = ["Python", "SQL", "Project Management"]
    assert codes(document(skills={"ungroupedSkills": plain}), ", ".join(plain)) == set()


def test_a_sentence_in_a_list_of_skills() -> None:
    skill = "Worked on a group project to develop a chatbot for the students"
    assert codes(document(skills={"ungroupedSkills": [skill]}), skill) == {
        ("skills.ungroupedSkills[0]", "looks_like_sentence")
    }


def test_a_value_led_by_a_heading_or_label() -> None:
    text = "Awards: Top 5 at HackMIT\nGraduated: May 2011 | Summa Cum Laude"
    doc = document(
        experience=job(responsibilitiesAndAchievements=["Awards: Top 5 at HackMIT"]),
        education={"educationItems": [{"honors": ["Graduated: May 2011 | Summa Cum Laude"]}]},
    )
    assert codes(doc, text) == {
        (f"{JOB}.responsibilitiesAndAchievements[0]", "swallowed_heading"),
        ("education.educationItems[0].honors[0]", "looks_like_heading"),
    }


def test_a_summary_that_ran_into_the_education_section() -> None:
    summary = "Keen student of computing.\nRelevant courses: Data structures, operating systems"
    found = codes(document(summary={"summaryText": summary}), summary)
    assert found == {("summary.summaryText", "swallowed_heading")}


def test_pieces_joined_from_different_places() -> None:
    bullet = "Four students improved their grades by 30%. app development."
    quiet = "Led the Sales Rep. team and the Acme Inc. merger, etc. and more"
    doc = document(experience=job(responsibilitiesAndAchievements=[bullet, quiet]))
    assert codes(doc, bullet + "\n" + quiet) == {
        (f"{JOB}.responsibilitiesAndAchievements[0]", "merged_values")
    }


def test_an_extra_detail_of_an_item_is_flagged() -> None:
    doc = document(experience=job(jobTitle="Nurse", additionalData={"details": ["St Thomas'"]}))
    assert codes(doc, "Nurse St Thomas'") == {(f"{JOB}.additionalData.details[0]", "extra_detail")}


@pytest.mark.parametrize("bullet", ["« Led a ward of 30 beds", "e Led a ward of 30 beds"])
def test_a_misread_bullet_glyph_kept_in_a_value(bullet: str) -> None:
    doc = document(experience=job(responsibilitiesAndAchievements=[bullet]))
    assert (f"{JOB}.responsibilitiesAndAchievements[0]", "stray_mark") in codes(doc, bullet)


def test_a_date_range_stored_over_two_lines() -> None:
    doc = document(experience=job(dateRange={"startDate": "Jan 2021\nMay 2021"}))
    assert codes(doc, "Jan 2021\nMay 2021") == {(f"{JOB}.dateRange.startDate", "bad_date")}


def test_a_name_cut_before_a_joining_word() -> None:
    text = "University of Illinois at Urbana-Champaign, USA\nEngineer at Acme"
    doc = document(
        education={"educationItems": [{"institution": "University of Illinois"}]},
        experience=job(jobTitle="Engineer", companyName="Acme"),
    )
    assert codes(doc, text) == {("education.educationItems[0].institution", "split_value")}


def test_a_name_that_starts_after_a_joining_word() -> None:
    doc = document(education={"educationItems": [{"institution": "Illinois"}]})
    found = review(doc, "University of Illinois", None).flags
    assert [(f.code, f.reason) for f in found] == [
        ("split_value", 'seems to start midway: your file has "… of" before it')
    ]


def test_ocr_scores_out_of_100_are_read_as_percentages() -> None:
    doc = document(hero={"fullName": "Jane Example", "professionalTitle": "Nurse"})

    def read(scores: list[float]) -> set[tuple[str, str]]:
        return {c for c in codes(doc, "", _ocr_reading(scores)) if c[1] != "not_read"}

    assert read([96, 97, 99]) == set()
    assert read([96, 97, 41]) == {("hero.professionalTitle", "ocr_unsure")}


def test_the_rest_of_a_cut_name_on_its_line_is_flagged_too() -> None:
    text = "University of Illinois at Urbana-Champaign, USA\n2015 - 2019"
    item = {
        "institution": "University of Illinois",
        "dateRange": {"startDate": "2015", "endDate": "2019"},
        "location": {"city": "Urbana-Champaign", "country": "USA"},
    }
    found = codes(document(education={"educationItems": [item]}), text)
    assert found == {
        ("education.educationItems[0].institution", "split_value"),
        ("education.educationItems[0].location.city", "split_value"),
    }


def test_a_name_made_only_of_generic_words() -> None:
    items = [
        {"institution": "State University"},
        {"institution": "Miami University", "location": {"city": "County"}},
    ]
    text = "State University\nMiami University, County"
    assert codes(document(education={"educationItems": items}), text) == {
        ("education.educationItems[0].institution", "split_value"),
        ("education.educationItems[1].location.city", "split_value"),
    }


@pytest.mark.parametrize(
    "value",
    ["a-" * 9_999, "x" * 20_000, "a." * 9_999, ". a" * 6_000],
    ids=["hyphens", "one-word", "dots", "stops"],
)
def test_hostile_values_are_reviewed(value: str) -> None:
    """The longest values a document may hold, shaped against the patterns, get their flags."""
    doc = document(
        hero={"fullName": value},
        contact={"email": value, "phone": value},
        experience=job(companyName=value, responsibilitiesAndAchievements=[value]),
        unclassified_text=value,
    )
    found = codes(doc, value)
    assert ("contact.email", "bad_email") in found
    assert (f"{JOB}.companyName", "looks_like_sentence") in found
    assert ("hero.fullName", "unsupported") not in found


def test_a_point_the_cv_itself_repeats_under_two_jobs_is_not_a_duplicate() -> None:
    """Only a value read into more places than the file has it is flagged as repeated."""
    bullet = "Presented quarterly results to the board every month"
    items = [
        {
            "jobTitle": title,
            "dateRange": {"startDate": year},
            "responsibilitiesAndAchievements": [bullet],
        }
        for title, year in (("Nurse", "2019"), ("Ward Sister", "2021"))
    ]
    doc = document(experience={"experienceItems": items})
    text = f"Nurse 2019\n• {bullet}\nWard Sister 2021\n• {bullet}"
    assert codes(doc, text) == set()


def test_a_skill_made_of_symbols_is_found_in_the_file() -> None:
    """ "C++" and "C#" have almost no letters to locate by word, but the file has them."""
    doc = document(skills={"ungroupedSkills": ["Excel", "C++", "Python", "C#"]})
    assert codes(doc, "SKILLS\nExcel · C++ · Python · C#") == set()
    assert codes(document(skills={"ungroupedSkills": ["C++"]}), "SKILLS\nGo, Rust") == {
        ("skills.ungroupedSkills[0]", "unsupported")
    }


def test_a_degree_that_also_names_the_school_is_flagged() -> None:
    """ "University of Texas MSc Data Science" in the degree field holds two values."""
    merged = "University of Texas MSc Data Science"
    doc = document(education={"educationItems": [{"degree": merged}]})
    assert (
        "education.educationItems[0].degree",
        "merged_values",
    ) in codes(doc, merged)
    clean = document(
        education={
            "educationItems": [{"degree": "MSc Data Science", "institution": "University of Texas"}]
        }
    )
    assert not any(code == "merged_values" for _p, code in codes(clean, merged))


EDU = "education.educationItems[0]"


def test_a_place_cut_at_a_comma_that_ends_a_line_is_flagged() -> None:
    """ "Lyon," ends a line and "France" starts the next: a country kept without its city,
    and the city in another field of the same entry, are both flagged."""
    text = "EDUCATION\nMSc Data Science | University of Manchester | Lyon,\nFrance | 2009 - 2012"
    cut = document(
        education={
            "educationItems": [
                {
                    "degree": "MSc Data Science",
                    "institution": "University of Manchester",
                    "fieldOfStudy": "Lyon",
                    "location": {"city": None, "state": None, "country": "France"},
                }
            ]
        }
    )
    found = codes(cut, text)
    assert (f"{EDU}.location.country", "split_value") in found
    assert (f"{EDU}.fieldOfStudy", "split_value") in found
    whole = document(
        education={
            "educationItems": [
                {
                    "degree": "MSc Data Science",
                    "institution": "University of Manchester",
                    "location": {"city": "Lyon", "state": None, "country": "France"},
                }
            ]
        }
    )
    assert not any(code == "split_value" for _p, code in codes(whole, text))


def test_a_country_alone_after_a_plain_word_is_not_flagged() -> None:
    text = "EDUCATION\nUniversity of Manchester\nFrance | 2009 - 2012"
    doc = document(
        education={
            "educationItems": [
                {
                    "institution": "University of Manchester",
                    "location": {"city": None, "state": None, "country": "France"},
                }
            ]
        }
    )
    assert not any(code == "split_value" for _p, code in codes(doc, text))


def test_a_phone_number_followed_by_a_plus_is_flagged_as_reversed() -> None:
    """Right-to-left lines stored in visual order put the "+" after the digits."""
    backwards = document(contact={"phone": "8986 544 50 971"})
    assert ("contact.phone", "bad_phone") in codes(backwards, "CONTACT\n8986 544 50 971+")
    right = document(contact={"phone": "+971 50 544 8986"})
    assert codes(right, "CONTACT\n+971 50 544 8986") == set()


def test_a_web_address_that_ends_with_a_dash_is_flagged() -> None:
    cut = document(contact={"professionalLinks": [{"url": "linkedin.com/in/aisha-"}]})
    path = "contact.professionalLinks[0].url"
    assert (path, "bad_url") in codes(cut, "CONTACT\nlinkedin.com/in/aisha-\njensen")
    whole = document(contact={"professionalLinks": [{"url": "linkedin.com/in/aisha-jensen"}]})
    assert codes(whole, "CONTACT\nlinkedin.com/in/aisha-jensen") == set()


def test_a_place_that_names_the_same_place_twice_is_flagged() -> None:
    text = "EDUCATION\nETH Zürich\nZürich, Switzerland"
    twice = {"city": "Zürich", "state": "Zürich", "country": "Switzerland"}
    doc = document(education={"educationItems": [{"institution": "ETH Zürich", "location": twice}]})
    found = codes(doc, text)
    assert (f"{EDU}.location.city", "duplicate") in found
    assert (f"{EDU}.location.state", "duplicate") in found
    once = {"city": "Zürich", "state": None, "country": "Switzerland"}
    doc = document(education={"educationItems": [{"institution": "ETH Zürich", "location": once}]})
    assert not any(code == "duplicate" for _p, code in codes(doc, text))


def test_a_heading_with_nothing_under_it_is_flagged() -> None:
    text = "CERTIFICATIONS\nPMP\nPMI, 2017"
    empty = document(certifications={"sectionTitle": "CERTIFICATIONS", "certificationItems": []})
    assert ("certifications.sectionTitle", "empty_section") in codes(empty, text)
    filled = document(
        certifications={"sectionTitle": "CERTIFICATIONS", "certificationItems": [{"title": "PMP"}]}
    )
    assert not any(code == "empty_section" for _p, code in codes(filled, text))


def test_a_value_that_leaves_out_a_word_of_its_line_is_flagged() -> None:
    """ "Thesis: search service at scale" stored as "Thesis: search service" / "scale"."""
    text = "EDUCATION\nUniversity of Manchester\nThesis: search service at scale"
    cut = "Thesis: search service\nscale"
    doc = document(
        education={
            "educationItems": [{"institution": "University of Manchester", "description": cut}]
        }
    )
    assert (f"{EDU}.description", "split_value") in codes(doc, text)
    whole = "Thesis: search service at scale"
    doc = document(
        education={
            "educationItems": [{"institution": "University of Manchester", "description": whole}]
        }
    )
    assert not any(code == "split_value" for _p, code in codes(doc, text))


def test_a_section_under_a_heading_r2w_does_not_know_is_flagged_once_at_its_title() -> None:
    text = "WHERE I HAVE WORKED\nData Analyst\nAcme Retail\n2021 - 2023"
    job = {"jobTitle": "Data Analyst", "companyName": "Acme Retail"}
    guessed = document(experience={"sectionTitle": "WHERE I HAVE WORKED", "experienceItems": [job]})
    found = codes(guessed, text)
    assert [p for p, code in found if code == "guessed_section"] == ["experience.sectionTitle"]
    # A heading r2w knows, in any of its wordings, raises nothing.
    for title in ("WORK EXPERIENCE", "Berufserfahrung", "Internships"):
        known = document(experience={"sectionTitle": title, "experienceItems": [job]})
        assert not any(code == "guessed_section" for _p, code in codes(known, text))
    # Memberships are filed as achievements under their own heading: no flag either.
    member = {"achievements": [{"value": "IEEE member"}], "sectionTitle": "Memberships"}
    assert not any(
        code == "guessed_section"
        for _p, code in codes(document(achievements=member), "Memberships\nIEEE member")
    )


def test_an_entry_that_reads_like_another_sections_is_flagged() -> None:
    """A certificate filed among the degrees reads like a certification to the learned section
    reader; the degree beside it does not, and jobs never count against volunteering."""
    cert = {"institution": "Scrum Alliance", "degree": "Certified Scrum Master (CSM)"}
    cert["dateRange"] = {"startDate": "2019", "endDate": None, "isCurrent": False}
    degree = {"institution": "University of Leeds", "degree": "BSc Mathematics"}
    degree["dateRange"] = {"startDate": "2015", "endDate": "2018", "isCurrent": False}
    doc = document(education={"educationItems": [cert, degree]})
    text = "EDUCATION\nCertified Scrum Master (CSM)\nScrum Alliance, 2019\nBSc Mathematics\n"
    text += "University of Leeds, 2015 - 2018"
    flagged = {path for path, code in codes(doc, text) if code == "wrong_kind"}
    assert "education.educationItems[0].degree" in flagged
    assert not any(path.startswith("education.educationItems[1]") for path in flagged)
