"""Sections told apart by their content, whatever their heading says."""

from __future__ import annotations

import pytest

from r2w.extraction.section_kind import guess_section, scores

BLOCKS = {
    "experience": [
        "Senior Data Analyst",
        "Northwind Logistics, Rotterdam",
        "03/2019 – present",
        "• Built the weekly capacity forecast used by 40 depots",
        "• Cut reporting time from two days to four hours",
        "Analyst — Harbor Freight Co. | 2016 – 2019",
        "• Maintained the pricing models",
    ],
    "education": [
        "MSc Applied Statistics",
        "University of Leeds, 2014 – 2016",
        "BSc Mathematics",
        "Trinity College Dublin, 2011 – 2014",
    ],
    "languages": ["Portuguese — native", "English: C1", "Spanish (intermediate)"],
    "skills": [
        "Python, SQL, Tableau, Power BI, dbt",
        "Forecasting, A/B testing, stakeholder workshops",
    ],
    "summary": [
        "Analyst with eight years of turning messy operational data into decisions that "
        "planners trust, from depot capacity forecasts to pricing experiments across Europe.",
    ],
    "certifications": [
        "AWS Certified Data Analytics – Specialty, 2022",
        "Google Data Analytics Professional Certificate",
    ],
    "hobbies": ["Sailing, chess, cooking, trail running"],
    "volunteer": [
        "Volunteer maths tutor, Code Club Leeds, 2015 – 2018",
        "• Ran weekly sessions for 12 pupils",
    ],
    "references": ["Available upon request"],
}


@pytest.mark.parametrize("expected", sorted(BLOCKS))
def test_each_kind_of_block_is_recognised_by_its_content(expected):
    assert guess_section(BLOCKS[expected]) == expected


@pytest.mark.parametrize(
    "lines",
    [[], ["Thank you"], ["Lorem ipsum", "dolor sit"], ["1234"]],
)
def test_unclear_content_claims_no_section(lines):
    assert guess_section(lines) is None


def test_grouped_skill_lists_are_skills_even_with_long_lines_and_role_words():
    """Long middot-separated lists are items, not prose, and "Management" in an item is no job."""
    lines = [
        "Sales & Business Development",
        "Consultative Selling • Prospecting & Lead Generation • Account Management • Cold "
        "Calling • Negotiation & Closing • Relationship Building • Sales Forecasting",
        "CRM & Sales Tools",
        "Salesforce • HubSpot • LinkedIn Sales Navigator • Outreach.io • ZoomInfo • Gong",
        "Business Acumen",
        "Market & Competitive Analysis • Strategic Planning • Pipeline Management",
    ]
    assert guess_section(lines) == "skills"


@pytest.mark.parametrize("heading", ["## Toolbox", "## What I bring", "TOOLBOX"])
def test_a_skills_section_under_a_heading_in_unknown_words_is_filed_by_its_content(heading):
    """Headings set like the CV's others but worded unlike any r2w knows: content decides."""
    from r2w.extraction.offline import read_file

    def head(title: str) -> str:
        return f"## {title}" if heading.startswith("#") else title.upper()

    text = "\n\n".join(
        [
            "Ada Example\nada@example.com",
            f"{head('Experience')}\nAnalyst\nNorthwind, Rotterdam | 2019 – 2023\n"
            "• Built the forecast",
            f"{head('Education')}\nMSc Statistics\nUniversity of Leiden | 2019",
            f"{heading}\nSales\nConsultative Selling • Account Management • Cold Calling • "
            "Negotiation & Closing • Sales Forecasting • Airflow\nTeam\n"
            "Mentoring • Facilitation • Writing • Public Speaking",
        ]
    )
    document = read_file(text.encode(), "md", extract=True).document
    skills = str(document["skills"])
    assert "Airflow" in skills and "Facilitation" in skills
    assert "Airflow" not in str(document["education"])


def test_a_job_since_a_year_carries_its_range():
    """ "Since 2023" is a range still running: a job with it reads as a job as much as one
    with "2023 - present"."""
    job = ["Sales Representative", "Cedar & Finch LLP, Amsterdam", "{dates}"]
    job += ["• Led a team of 14 engineers", "• Managed budgets for six offices"]
    since = scores([line.format(dates="Since 2023") for line in job])["experience"]
    present = scores([line.format(dates="2023 - present") for line in job])["experience"]
    assert since == present > 2


def test_since_in_a_sentence_dates_no_item():
    profile = [
        "Registered nurse since 2019, caring for patients on a busy surgical ward and "
        "training the new staff every month."
    ]
    found = scores(profile)
    assert found["summary"] > found["experience"]


# Courses in titles and schools no training CV used: the course words and the online schools
# that give them say what they are; an institute without a degree is no education.
COURSES = [
    "Streaming Systems Fundamentals",
    "Pluralsight, 2021",
    "Cloud Cost Workshop",
    "Northern Data Institute, 2022",
]


def test_courses_are_told_from_degrees_by_their_words_when_the_words_are_new():
    ranked = scores(COURSES)
    assert ranked["courses"] > ranked["education"]
    assert scores([*COURSES, "MSc Data Science"])["education"] > ranked["education"]


def test_a_hyphenated_degree_is_a_degree():
    from r2w.extraction.vocab import DEGREE_WORDS, has_word

    assert has_word("Diplom-Ingenieur Maschinenbau", DEGREE_WORDS)
    assert not has_word("Full-stack developer", DEGREE_WORDS)
    lines = ["TU Berlin | Diplom-Ingenieur Maschinenbau | Berlin | 2013 — 2018"]
    assert scores(lines)["education"] > scores(lines)["experience"]


@pytest.mark.parametrize(
    ("named", "guessed"), [("Certifications", "courses"), ("Courses", "certifications")]
)
def test_credentials_under_an_unknown_heading_are_the_kind_the_cv_has_not_named(named, guessed):
    """A title, who gave it and a year read as a certificate or a course alike; a CV that
    names one of the two lists the other under the heading r2w does not know."""
    from r2w.extraction.offline import read_file

    text = "\n\n".join(
        [
            "Ada Example\nada@example.com",
            "## Experience\nAnalyst\nNorthwind, Rotterdam | 2019 – 2023\n• Built the forecast",
            f"## {named}\nQuarterly Planning Basics\nNorthwind Academy, 2020",
            "## Ledger of Learning\nHarbour Logistics Primer\nPort Authority Guild, 2021\n"
            "Cold Storage Handling\nFreezer Trades Board, 2018",
        ]
    )
    document = read_file(text.encode(), "md", extract=True).document
    key = {"courses": "courseItems", "certifications": "certificationItems"}[guessed]
    titles = str(document[guessed][key])
    assert "Harbour Logistics Primer" in titles and "Cold Storage Handling" in titles
    assert "Harbour" not in str(document.get("unclassified_text"))


def test_credentials_under_an_unknown_heading_are_neither_kind_when_the_cv_names_neither():
    """Neither certificates nor courses named: which of the two the lines are is not known."""
    from r2w.extraction.offline import read_file

    text = "\n\n".join(
        [
            "Ada Example\nada@example.com",
            "## Experience\nAnalyst\nNorthwind, Rotterdam | 2019 – 2023\n• Built the forecast",
            "## Ledger of Learning\nHarbour Logistics Primer\nPort Authority Guild, 2021\n"
            "Cold Storage Handling\nFreezer Trades Board, 2018",
        ]
    )
    document = read_file(text.encode(), "md", extract=True).document
    assert not document["courses"]["courseItems"]
    assert not document["certifications"]["certificationItems"]


@pytest.mark.parametrize(
    "body",
    [
        "Cold Chains in Practice, 2020\nPorts and Power, 2018",  # publications
        "John Smith, Northwind, 2021\nJane Doe, Acme, 2019",  # referees
        "Forecast Dashboard, 2022\nRoute Optimiser, 2020",  # projects
        "2021\n2019",  # years alone
        "Driving licence B, 2010",
    ],
)
def test_lines_listed_with_a_year_alone_are_not_taken_for_credentials(body):
    """ "Title, 2021" is how publications, projects and much else are listed too."""
    from r2w.extraction.offline import read_file
    from r2w.extraction.section_kind import credential_like

    assert not credential_like(body.splitlines())
    text = "\n\n".join(
        [
            "Ada Example\nada@example.com",
            "## Experience\nAnalyst\nNorthwind, Rotterdam | 2019 – 2023\n• Built the forecast",
            "## Certifications\nPMP\nProject Management Institute, 2020",
            f"## Along the way\n{body}",
        ]
    )
    document = read_file(text.encode(), "md", extract=True).document
    assert not document["courses"]["courseItems"]


def test_a_short_profile_under_an_unknown_first_heading_is_the_summary():
    """The first section under the name, in a sentence or two, is the profile."""
    from r2w.extraction.offline import read_file
    from r2w.extraction.section_kind import profile_like

    profile = "Bilingual HR partner who turns messy problems into simple processes."
    assert profile_like([profile]) and not profile_like(["SQL, Python, Excel, Tableau"])
    text = "\n\n".join(
        [
            "Ada Example\nada@example.com",
            f"## In short\n{profile}",
            "## Experience\nAnalyst\nNorthwind, Rotterdam | 2019 – 2023\n• Built the forecast",
        ]
    )
    document = read_file(text.encode(), "md", extract=True).document
    assert document["summary"]["summaryText"] == profile
