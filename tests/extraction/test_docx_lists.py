"""Word list paragraphs: the bullet Word draws from numbering is read as a bullet."""

from __future__ import annotations

from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.text import extract_text
from tests.extraction.factories import docx_bytes

POINTS = [
    "Negotiated contracts with suppliers in Austin, saving $285,000 a year",
    "Wrote the onboarding guide, used by 469 new hires since 2019",
]


def _cv(document) -> None:
    document.add_paragraph("Jane Example", style="Title")
    document.add_paragraph("EXPERIENCE", style="Heading 1")
    document.add_paragraph("Backend Developer, Kestrel Robotics (2021 - Present)")
    for point in POINTS:
        document.add_paragraph(point, style="List Bullet")
    document.add_paragraph("Data Analyst, Helios Energy (2018 - 2021)")
    document.add_paragraph("Built the sales dashboards", style="List Number")


def test_list_style_paragraphs_are_bullets_of_their_job() -> None:
    """Points in Word's list styles stay points of the job above, however they read."""
    result = extract_text(docx_bytes(_cv), "docx")
    assert f"• {POINTS[1]}" in result.text.splitlines()
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="docx")
    jobs = doc["experience"]["experienceItems"]
    assert [job["jobTitle"] for job in jobs] == ["Backend Developer", "Data Analyst"]
    assert jobs[0]["responsibilitiesAndAchievements"] == POINTS
    assert jobs[1]["responsibilitiesAndAchievements"] == ["Built the sales dashboards"]


def test_a_plain_paragraph_and_a_heading_get_no_bullet() -> None:
    """Only list paragraphs get a bullet: body text and headings are read as written."""
    lines = extract_text(docx_bytes(_cv), "docx").text.splitlines()
    assert "EXPERIENCE" in lines and "Jane Example" in lines
    assert "Backend Developer, Kestrel Robotics (2021 - Present)" in lines
