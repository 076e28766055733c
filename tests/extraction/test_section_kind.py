"""Sections told apart by their content, whatever their heading says."""

from __future__ import annotations

import pytest

from r2w.extraction.section_kind import guess_section

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
