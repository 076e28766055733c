"""Entries filed by what they say, from under headings r2w has no words for, are flagged."""

from __future__ import annotations

from r2w.extraction.confidence import CODES, review
from r2w.extraction.confidence.guessed import _entries
from r2w.extraction.heuristic import UNKNOWN, GuessedBlock, Section, _place_unknown, guessed_blocks
from r2w.extraction.layout import lay_out
from r2w.extraction.lines import Line
from r2w.extraction.text import extract_text
from tests.extraction.test_section_breaks import CAPS_CV, _read_txt

SIDE_JOB = (
    "ON THE SIDE\nFreelance Web Developer\nSelf-employed, Leeds\n2016 - 2019\n"
    "• Built shop websites for 12 local clients\n"
)
FIRST_JOB_END = "• Built the nightly ingestion of 40 million sales rows\n"


def _flags(cv: str) -> list[tuple[str, str, str]]:
    """(path, code, reason) of the review of a plain-text CV read as an upload is."""
    document = _read_txt(cv)
    result = extract_text(cv.encode("utf-8"), "txt")
    return [(f.path, f.code, f.reason) for f in review(document, result.text, result.reading).flags]


def _blocks(cv: str) -> list[GuessedBlock]:
    """The blocks the offline extractor files by guess in a plain-text CV (its text layer
    tells capitals from the rest)."""
    result = extract_text(cv.encode("utf-8"), "txt")
    return guessed_blocks(result.text, layout=lay_out(result.reading))


def _with_side_job() -> str:
    cv = CAPS_CV.format(after_skills="", certificates="PMP, 2018")
    return cv.replace(FIRST_JOB_END, f"{FIRST_JOB_END}\n{SIDE_JOB}")


def test_the_blocks_filed_by_guess_are_the_ones_under_unknown_headings() -> None:
    cv = _with_side_job()
    (block,) = _blocks(cv)
    assert (block.heading, block.section) == ("ON THE SIDE", "experience")
    lines = cv.split("\n")[block.first : block.last + 1]
    assert lines[0] == "Freelance Web Developer" and lines[-1].endswith("12 local clients")
    # A CV whose headings r2w all knows has none.
    plain = CAPS_CV.format(after_skills="", certificates="PMP, 2018")
    assert _blocks(plain) == []


def test_an_entry_filed_by_guess_beside_known_ones_is_flagged_once() -> None:
    flags = _flags(_with_side_job())
    guessed = [(path, reason) for path, code, reason in flags if code == "guessed_section"]
    # One flag, at the entry's first value; the job under EXPERIENCE has none.
    assert [path for path, _ in guessed] == ["experience.experienceItems[1].jobTitle"]
    assert "ON THE SIDE" in guessed[0][1] and "work experience" in guessed[0][1]


def test_a_value_that_also_stands_outside_the_guessed_block_is_not_claimed_for_it() -> None:
    # The skills under an unknown heading are flagged; "Airflow" under SKILLS is not, though
    # the unknown block names it too ("Airflow scheduling"), and neither is the "Spark" the
    # block repeats (it may be either one).
    toolbox = "MY TOOLBOX\nAirflow scheduling, Excel macros, Tableau dashboards, Spark"
    flags = _flags(CAPS_CV.format(after_skills="", certificates=f"PMP, 2018\n\n{toolbox}"))
    guessed = [path for path, code, _ in flags if code == "guessed_section"]
    assert guessed == [f"skills.ungroupedSkills[{i}]" for i in (5, 6, 7)]


def test_groups_of_skills_under_a_known_skills_heading_are_not_flagged() -> None:
    after = "CLOUD PLATFORMS\nAWS, Azure, Google Cloud"
    flags = _flags(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    assert not any(code == "guessed_section" for _, code, _ in flags)


def test_only_entries_of_lists_are_asked_about() -> None:
    # The contact details, the name and the summary are one block each: never "an entry".
    values = [
        ("contact.email", "kenji.mori@example.org"),
        ("summary.summaryText", "Data engineer with eight years of experience."),
        ("experience.experienceItems[0].jobTitle", "Data Engineer"),
        ("experience.experienceItems[0].companyName", "Harbourline Retail Group"),
        ("skills.skillCategories[0].categoryName", "A very long name of a group of skills"),
        ("skills.skillCategories[0].skills[0]", "Python"),
    ]
    assert _entries(values) == {
        "experience.experienceItems[0]": (
            "experience.experienceItems[0].jobTitle",
            "Harbourline Retail Group",
        ),
        "skills.skillCategories[0]": ("skills.skillCategories[0].skills[0]", "Python"),
    }


def test_a_section_wholly_under_an_unknown_heading_is_flagged_once_at_its_title() -> None:
    after = "BEYOND THE DESK\nKayaking, Woodworking, Beekeeping, Orienteering"
    flags = _flags(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    guessed = [path for path, code, _ in flags if code == "guessed_section"]
    assert guessed == ["hobbies.sectionTitle"]


def test_guessed_section_is_a_documented_flag_code() -> None:
    assert "guessed_section" in CODES


COLON_CV = """Jordan Miles
jordan.miles@example.com | +44 20 7946 0321

Profile:
Data engineer with eight years of experience building pipelines for retail analytics.

Experience:
Senior Data Engineer
Harbourline Retail, Leeds
03/2019 - Present
- Built the nightly ingestion of 40 million sales rows

Education:
BSc Computer Science
University of Manchester
2010 - 2014

Skills:
Python, SQL, Airflow, Spark, dbt

{last}
"""


def test_lines_set_like_the_headings_that_join_a_section_named_elsewhere_are_flagged() -> None:
    # "Also Completed:" is set as the CV's headings are, below the skills, above lines that
    # read like a degree: they join the education named above, but may be a section of
    # their own (courses, certificates) that r2w has no words for: the person is asked.
    cv = COLON_CV.format(last="Also Completed:\nMSc Data Science\nUniversity of Leeds\n2015 - 2016")
    (block,) = _blocks(cv)
    assert (block.heading, block.section) == ("Also Completed", "education")
    guessed = [(path, reason) for path, code, reason in _flags(cv) if code == "guessed_section"]
    assert [path for path, _ in guessed] == ["education.educationItems[1].institution"]
    assert "Also Completed" in guessed[0][1]


def _line(text: str, number: int) -> Line:
    return Line(text, text, False, False, number=number)


def test_a_line_set_like_the_headings_that_reads_like_the_section_it_is_in_is_not_guessed() -> None:
    # Opened by its look inside the education, a line over more degrees is that section's
    # next entry: it goes on where it stands, nothing is filed by guess.
    degree = ["MSc Data Science", "University of Leeds", "2015 - 2016"]
    education = Section("education", "Education", [_line(t, n) for n, t in enumerate(degree)])
    lines = [_line(t, 10 + n) for n, t in enumerate(["Data Science Institute", *degree])]
    title = Section(f"{UNKNOWN}1", "Data Science Institute", lines, True, "courses", "education")
    placed = _place_unknown({"education": education, title.key: title}, 60)
    assert placed["education"].lines[3:] == lines
    assert placed["education"].guessed == []
    # Read below another section, the same lines are asked about.
    skills = Section("skills", "Skills", [_line("Python, SQL", 5)])
    lines = [_line(t, 10 + n) for n, t in enumerate(["Data Science Institute", *degree])]
    title = Section(f"{UNKNOWN}2", "Data Science Institute", lines, True, "courses", "skills")
    sections = {"education": Section("education", "Education", education.lines[:3])}
    placed = _place_unknown(sections | {"skills": skills, title.key: title}, 60)
    assert placed["education"].guessed == [("Data Science Institute", lines)]
