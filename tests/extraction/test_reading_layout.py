"""Reading files into words with boxes and typography, and laying them out into lines."""

from __future__ import annotations

import pytest

from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.layout import lay_out
from r2w.extraction.layout.build import _dates_before
from r2w.extraction.layout.model import TextBlock, TextLine
from r2w.extraction.reading.model import Box, Page, Reading, Word
from r2w.extraction.reading.pdf import read_pdf
from r2w.extraction.text import extract_text
from tests.extraction.conftest import SAMPLES
from tests.extraction.factories import docx_bytes, styled_pdf

BOLD, REGULAR, ITALIC = "Helvetica-Bold", "Helvetica", "Helvetica-Oblique"
# Body text long enough to set its column's right edge (the tests of wrapping measure against it).
FULL_WIDTH_LINE = (
    50,
    140,
    "A line of body text that runs across the whole column to its edge",
    REGULAR,
    10,
)


def words_by_text(reading: Reading) -> dict[str, Word]:
    """The reading's words by their text."""
    return {word.text: word for word in reading.words}


def layout_lines(pdf: bytes) -> list[str]:
    """Texts of a PDF's layout lines in reading order."""
    return [line.text for line in lay_out(read_pdf(pdf)).lines]


def test_pdf_words_carry_size_weight_and_slant() -> None:
    """PDFium words know their font size, bold and italic; a text layer is certain."""
    pdf = styled_pdf(
        [
            (60, 80, "EXPERIENCE", BOLD, 16),
            (60, 110, "Managed a team", REGULAR, 10),
            (60, 130, "Remote work", ITALIC, 10),
        ]
    )
    reading = read_pdf(pdf)
    assert reading.method == "pdfium" and not reading.ocr and not reading.flowing
    words = words_by_text(reading)
    assert words["EXPERIENCE"].size == 16 and words["EXPERIENCE"].bold
    assert words["Managed"].size == 10 and not words["Managed"].bold
    assert words["Remote"].italic and not words["Managed"].italic
    assert all(w.confidence == 1.0 for w in reading.words)
    managed, team = words["Managed"].box, words["team"].box
    assert 59 <= managed.x0 < managed.x1 < team.x0 and 95 < managed.y0 < managed.y1 < 115


def test_each_text_object_keeps_its_own_fonts_look() -> None:
    """Text objects that share a font share its look (read once per font); each word still
    gets the weight, slant and size of its own object, whatever the order they come in."""
    placed = [
        (60, 80, "Alpha", BOLD, 12),
        (60, 100, "Bravo", REGULAR, 10),
        (60, 120, "Charlie", BOLD, 9),
        (60, 140, "Delta", ITALIC, 10),
        (60, 160, "Echo", REGULAR, 14),
        (60, 180, "Foxtrot", BOLD, 12),
        (60, 200, "Golf", ITALIC, 11),
    ]
    words = words_by_text(read_pdf(styled_pdf(placed)))
    for _, _, text, font, size in placed:
        word = words[text]
        assert (word.size, word.bold, word.italic) == (size, font == BOLD, font == ITALIC)
        assert word.font == font


def test_sample_pdf_fonts_are_read() -> None:
    """A real template's bold name and regular body text are told apart."""
    reading = read_pdf((SAMPLES / "London-Resume-Template-Professional.pdf").read_bytes())
    words = words_by_text(reading)
    assert words["Mandy"].bold and "Garamond" in words["Mandy"].font
    assert not words["Pacific"].bold


def test_flowing_formats_number_their_source_lines() -> None:
    """Text and Markdown become one row per source line; Markdown headings are set larger."""
    text = extract_text(b"Jane Example\n\nExperience\nManaged  a team\n", "txt")
    assert text.reading.flowing and text.pages is None
    assert [(w.text, w.line) for w in text.reading.words] == [
        ("Jane", 1),
        ("Example", 1),
        ("Experience", 3),
        ("Managed", 4),
        ("a", 4),
        ("team", 4),
    ]
    assert text.text == "Jane Example\n\nExperience\nManaged  a team"  # spacing kept
    md = extract_text(b"# Jane Example\n\n## Skills\n- **Python**, SQL\n", "md")
    words = words_by_text(md.reading)
    assert words["Skills"].line == 3 and words["Skills"].bold and words["Skills"].size > 1
    assert not words["SQL"].bold and words["SQL"].line == 4


def test_docx_carries_bold_sizes_and_heading_styles() -> None:
    """DOCX lines keep Word heading styles, bold runs and font sizes, numbered in order."""

    def build(document) -> None:
        document.add_paragraph("Jane Example")
        document.add_heading("Work Experience", level=1)
        paragraph = document.add_paragraph()
        paragraph.add_run("Data Analyst").bold = True
        document.add_paragraph("Built dashboards")

    result = extract_text(docx_bytes(build), "docx")
    words = words_by_text(result.reading)
    assert words["Experience"].bold and words["Experience"].line == 2
    assert words["Analyst"].bold and words["Analyst"].line == 3
    assert not words["dashboards"].bold and words["dashboards"].line == 4
    layout = lay_out(result.reading)
    heading = next(line for line in layout.lines if line.text == "Work Experience")
    assert heading.heading and heading.line == 2


def test_two_columns_are_read_one_after_the_other() -> None:
    """A right-hand sidebar beside the main column is not interleaved with it."""
    main = [(50, 120 + 16 * i, f"Main line {i} about the work done", REGULAR, 10) for i in range(8)]
    side = [(400, 125 + 22 * i, f"Side {i}", REGULAR, 9) for i in range(6)]
    layout = lay_out(read_pdf(styled_pdf(main + side)))
    assert [line.text for line in layout.lines] == [t for *_, t, _, _ in main + side]
    assert [line.column for line in layout.lines] == [0] * len(main) + [1] * len(side)


def test_wrapped_value_and_broken_date_range_are_one_line_each() -> None:
    """A date range broken over two lines is one line; a wrapped line is marked as such."""
    pdf = styled_pdf(
        [
            (50, 100, "Bachelor of Arts, University of Southern California, San", REGULAR, 10),
            (50, 112, "Jacinto", REGULAR, 10),
            (50, 140, "Jan 2021 —", REGULAR, 10),
            (50, 152, "May 2021", REGULAR, 10),
        ]
    )
    layout = lay_out(read_pdf(pdf))
    texts = [line.text for line in layout.lines]
    assert "Jan 2021 — May 2021" in texts
    jacinto = next(line for line in layout.lines if line.text == "Jacinto")
    assert jacinto.wraps and layout.lines[0].fill == 1.0


def test_a_line_wraps_only_where_the_next_word_would_not_have_fitted() -> None:
    """A degree that ran into the place set at its right wraps onto the next line; a degree
    ended short of the edge, with room for the next line's first word, was ended on purpose."""
    beside = [
        (50, 100, "Bachelor of Science in Information Systems", BOLD, 10),
        (282, 100, "Miami Beach", REGULAR, 9),
        (50, 112, "Management, Miami University", BOLD, 10),
        FULL_WIDTH_LINE,
    ]
    lines = {line.text: line for line in lay_out(read_pdf(styled_pdf(beside))).lines}
    degree = lines["Bachelor of Science in Information Systems"]
    assert degree.fill >= 0.9  # measured up to the place beside it, not the column's edge
    assert lines["Management, Miami University"].wraps
    above = [
        (50, 100, "Master of Business Administration in Strategic Design", BOLD, 10),
        (50, 112, "MIT, Cambridge, MA", BOLD, 10),
        FULL_WIDTH_LINE,
    ]
    layout = lay_out(read_pdf(styled_pdf(above)))
    degree, school = layout.lines[:2]
    assert degree.fill >= 0.8  # long enough to have wrapped, were it not for the room left
    assert not school.wraps  # "MIT," would have fitted after "Design"


def test_a_line_ended_short_of_the_edge_before_a_long_word_wraps() -> None:
    """Where the next line's first word is longer than the room left, the line above wrapped,
    however far short of the column's edge it ends."""
    pdf = styled_pdf(
        [
            (50, 100, *FULL_WIDTH_LINE[2:]),
            (50, 130, "Negotiated supplier contracts, saving", REGULAR, 10),
            (50, 142, "$415,000,000,000,000,000 a year", REGULAR, 10),
        ]
    )
    lines = {line.text: line for line in lay_out(read_pdf(pdf)).lines}
    assert lines["Negotiated supplier contracts, saving"].fill < 0.8
    assert lines["$415,000,000,000,000,000 a year"].wraps


def test_headings_set_across_a_margin_of_dates_are_read_where_their_rows_fall() -> None:
    """Dates at the left margin, and the section headings that start at the same edge and
    were set in one block with them, are not a column read before the entries: each goes
    back to its own row (the order an XY cut gives such a page)."""

    def line(text: str, x0: float, y0: float) -> TextLine:
        box = Box(x0, y0, x0 + 6 * len(text), y0 + 14)
        return TextLine(text, [Word(text, box)], box, 1)

    strip = [
        TextBlock([line("Work Experience", 37, 184), line("Feb 2023 — Aug 2024", 37, 201)]),
        TextBlock([line("2018–2022", 37, 322)]),
        TextBlock([line("Education", 37, 461), line("Dec 2016 - Aug 2018", 37, 479)]),
    ]
    entries = [
        TextBlock([line("Backend Developer | Northwind", 170, 201), line("- Ran it", 170, 216)]),
        TextBlock([line("Sales Lead | Northwind", 170, 322), line("- Opened it", 170, 337)]),
        TextBlock([line("BSc Computer Science | Politecnico", 170, 479)]),
    ]
    ordered = _dates_before(strip + entries)
    assert [ln.text for block in ordered for ln in block.lines] == [
        "Work Experience",
        "Feb 2023 — Aug 2024",
        "Backend Developer | Northwind",
        "- Ran it",
        "2018–2022",
        "Sales Lead | Northwind",
        "- Opened it",
        "Education",
        "Dec 2016 - Aug 2018",
        "BSc Computer Science | Politecnico",
    ]
    # A block of margin text that is more than dates and short headings stays a column.
    side = [TextBlock([line("Skills and tools I use every week at work and home", 37, 184),
                       line("Feb 2023 — Aug 2024", 37, 201)])]  # fmt: skip
    assert _dates_before(side + entries[:1])[0] is side[0]


def test_numbered_and_icon_headings_open_sections() -> None:
    """Headings set apart by type, with a number or icon in front, are seen as headings."""
    pdf = styled_pdf(
        [
            (50, 60, "Jane Example", BOLD, 20),
            (50, 110, "01 PROFILE", BOLD, 13),
            (50, 130, "Analyst who turns data into decisions for retail teams.", REGULAR, 10),
            (50, 170, "> WORK EXPERIENCE", BOLD, 13),
            (50, 190, "Data Analyst, Acme Retail", BOLD, 10),
            (50, 204, "Jan 2021 - May 2023", REGULAR, 10),
            (50, 218, "- Built weekly sales dashboards", REGULAR, 10),
        ]
    )
    result = extract_text(pdf, "pdf")
    layout = lay_out(result.reading)
    looks = {line.text: line.heading for line in layout.lines}
    assert looks["01 PROFILE"] and looks["> WORK EXPERIENCE"]
    assert not looks["Analyst who turns data into decisions for retail teams."]
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    assert doc["summary"]["summaryText"].startswith("Analyst who turns data")
    job = doc["experience"]["experienceItems"][0]
    assert job["jobTitle"] == "Data Analyst" and job["companyName"] == "Acme Retail"
    assert job["responsibilitiesAndAchievements"] == ["Built weekly sales dashboards"]


def test_ocr_bullet_glyphs_become_bullets() -> None:
    """A lone symbol the recogniser read in front of a line is a bullet, not text."""

    def word(text: str, x0: float, y0: float) -> Word:
        return Word(text, Box(x0, y0, x0 + 12 * len(text), y0 + 20), size=20, confidence=0.9)

    page = Page(
        1, 800, 1000, [word("@", 40, 100), word("Managed", 70, 100), word("budgets", 170, 100)]
    )
    layout = lay_out(Reading([page], "rapidocr", ocr=True))
    assert [line.text for line in layout.lines] == ["• Managed budgets"]
    assert layout.lines[0].confidence == 0.9


def test_an_icon_set_low_stays_with_its_heading_beside_another_columns_row() -> None:
    """A glyph drawn lower than its heading, where a sidebar row overlaps the heading's top,
    opens the heading's line instead of standing as a line of its own."""

    def word(text: str, x0: float, y0: float, y1: float, size: float) -> Word:
        return Word(text, Box(x0, y0, x0 + 9 * len(text), y1), size=size)

    page = Page(
        1,
        600,
        800,
        [
            word("linkedin.com/in/ann", 300, 170, 185, 14),
            word("▶", 36, 181, 194, 0.0),
            word("EMPLOYMENT", 51, 176, 195, 18),
            word("HISTORY", 146, 176, 195, 18),
        ],
    )
    texts = [line.text for line in lay_out(Reading([page], "pdfium")).lines]
    assert "▶ EMPLOYMENT HISTORY" in texts
    assert "▶" not in texts


def test_an_ocr_dash_before_a_date_ends_the_range_above() -> None:
    """A range broken after its start ("Jan 2021" / "- Feb 2024") keeps its dash: a dash
    opening a line of nothing but a date is not a bullet glyph."""

    def word(text: str, x0: float, y0: float) -> Word:
        return Word(text, Box(x0, y0, x0 + 12 * len(text), y0 + 20), size=20, confidence=0.9)

    words = [word("Analyst", 40, 100), word("|", 140, 100), word("Jan", 160, 100)]
    words += [word("2021", 210, 100), word("-", 40, 125), word("Feb", 60, 125)]
    words += [word("2024", 110, 125), word("-", 40, 150), word("Led", 60, 150)]
    words += [word("the", 110, 150), word("team", 160, 150)]
    layout = lay_out(Reading([Page(1, 800, 1000, words)], "tesseract", ocr=True))
    texts = [line.text for line in layout.lines]
    assert texts == ["Analyst | Jan 2021 - Feb 2024", "• Led the team"]


def test_a_skill_bullet_that_is_a_sentence_is_not_split_at_commas() -> None:
    """Commas inside a sentence do not cut a skill in pieces; a plain list still splits."""
    text = (
        "Jane Example\n\nSkills\n"
        "• Strong foundation in programming languages such as Python, Java and C++, and SQL\n"
        "• Python, SQL, Docker\n"
    )
    skills = HeuristicExtractor().extract(text)["skills"]["ungroupedSkills"]
    assert skills == [
        "Strong foundation in programming languages such as Python, Java and C++, and SQL",
        "Python",
        "SQL",
        "Docker",
    ]


def test_contact_labels_after_a_section_go_to_contact() -> None:
    """A sidebar's "Phone number" / value pair read after the main column is contact data."""
    text = (
        "Jane Example\n\nWork experience\nData Analyst, Acme Retail, 2021 - Present\n"
        "• Built weekly sales dashboards\n\nPhone number\n+44 7456 789012\n"
    )
    doc = HeuristicExtractor().extract(text)
    assert doc["contact"]["phone"] == "+44 7456 789012"
    bullets = doc["experience"]["experienceItems"][0]["responsibilitiesAndAchievements"]
    assert bullets == ["Built weekly sales dashboards"]


def test_a_heading_r2w_does_not_know_ends_the_section_above() -> None:
    """A line set like the CV's section headings, in unknown words, is not data of the job
    above it; its lines stay unclassified."""
    text = (
        "# Jane Example\n\n## Profile\nAnalyst who turns data into decisions.\n\n"
        "## Experience\nData Analyst, Acme Retail, 2021 - Present\n- Built sales dashboards\n\n"
        "## Externships\nCity Hospital\n- Shadowed the data team\n"
    )
    result = extract_text(text.encode(), "md")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="md")
    jobs = doc["experience"]["experienceItems"]
    assert len(jobs) == 1
    assert jobs[0]["responsibilitiesAndAchievements"] == ["Built sales dashboards"]
    assert "Externships" in doc["unclassified_text"]
    assert "City Hospital" in doc["unclassified_text"]


def test_a_date_range_broken_over_two_text_lines_is_one_range() -> None:
    """ "Jan 2021 —" above "May 2021" is one range of the job, not a title and a date."""
    text = (
        "Jane Example\n\nExperience\nData Analyst, Acme Retail\nJan 2021 —\nMay 2021\n"
        "• Built dashboards\n"
    )
    job = HeuristicExtractor().extract(text)["experience"]["experienceItems"][0]
    assert (job["jobTitle"], job["companyName"]) == ("Data Analyst", "Acme Retail")
    assert (job["dateRange"]["startDate"], job["dateRange"]["endDate"]) == ("Jan 2021", "May 2021")
    assert job["responsibilitiesAndAchievements"] == ["Built dashboards"]


def test_a_jobs_last_bullet_is_not_the_next_jobs_title() -> None:
    """Where job titles are set bold, a short last bullet in body type stays with its job."""
    pdf = styled_pdf(
        [
            (50, 60, "Jane Example", BOLD, 20),
            (50, 100, "EXPERIENCE", BOLD, 13),
            (50, 120, "Data Analyst", BOLD, 10),
            (50, 133, "Acme Retail", REGULAR, 10),
            (50, 146, "Jan 2020 - Dec 2021", REGULAR, 10),
            (50, 166, "Built weekly dashboards for the sales team in every region.", REGULAR, 10),
            (50, 179, "Cut costs by 20%", REGULAR, 10),
            (50, 199, "Senior Analyst", BOLD, 10),
            (50, 212, "Beta Corp", REGULAR, 10),
            (50, 225, "Jan 2022 - Present", REGULAR, 10),
            (50, 245, "Led a team of four analysts.", REGULAR, 10),
            (50, 280, "EDUCATION", BOLD, 13),
            (50, 300, "BSc Statistics, Leeds University, 2019", REGULAR, 10),
        ]
    )
    result = extract_text(pdf, "pdf")
    jobs = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")[
        "experience"
    ]
    titles = [(j["jobTitle"], j["companyName"]) for j in jobs["experienceItems"]]
    assert titles == [("Data Analyst", "Acme Retail"), ("Senior Analyst", "Beta Corp")]
    assert jobs["experienceItems"][0]["responsibilitiesAndAchievements"][-1] == "Cut costs by 20%"


CV_HTML = """<!doctype html><html><head><style>
body { font-family: sans-serif; font-size: 10pt; margin: 0; }
.page { display: grid; grid-template-columns: 170px 1fr; gap: 40px; padding: 30px; }
h1 { font-size: 22pt; margin: 0 0 16px; } h2 { font-size: 13pt; margin: 14px 0 6px; }
aside p, main p { margin: 2px 0; } .title { font-weight: bold; }
</style></head><body><div class="page">
<aside><h2>CONTACT</h2><p>jane@example.com</p><p>+44 20 7946 0000</p>
<h2>SKILLS</h2><p>Python</p><p>SQL</p><p>Tableau</p><p>Forecasting</p></aside>
<main><h1>Jane Example</h1><h2>01 PROFILE</h2>
<p>Analyst who turns retail data into decisions that people can act on quickly.</p>
<h2>02 EXPERIENCE</h2><p class="title">Data Analyst, Acme Retail</p><p>Jan 2021 - May 2023</p>
<p>Built weekly sales dashboards used by forty store managers across the country.</p>
</main></div></body></html>"""


def test_a_chromium_printed_two_column_cv(chromium) -> None:
    """A CV printed by Chromium: real embedded fonts, a sidebar, numbered headings."""
    page = chromium.new_page()
    try:
        page.set_content(CV_HTML)
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    result = extract_text(pdf, "pdf")
    words = words_by_text(result.reading)
    assert words["Jane"].bold and words["Jane"].size > 2 * words["Analyst"].size
    assert not words["retail"].bold
    lines = [line for line in result.text.splitlines() if line.strip()]
    # The name first (the page's largest type), then the sidebar whole, then the main
    # column: neither interleaves the other.
    assert lines[0] == "Jane Example"
    assert lines.index("Forecasting") < lines.index("01 PROFILE")
    assert lines.index("SKILLS") == lines.index("+44 20 7946 0000") + 1
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    assert doc["contact"]["email"] == "jane@example.com"
    assert doc["summary"]["summaryText"].startswith("Analyst who turns retail data")
    job = doc["experience"]["experienceItems"][0]
    assert (job["jobTitle"], job["companyName"]) == ("Data Analyst", "Acme Retail")
    assert set(doc["skills"]["ungroupedSkills"]) >= {"Python", "SQL", "Tableau", "Forecasting"}


def test_a_value_wrapped_at_its_columns_edge_is_joined() -> None:
    """ "University of Southern California, San" / "Jacinto" is one value: the first line ran
    to the edge of its narrow column, so the second continues it."""
    from r2w.extraction.lines import attach_layout, join_wrapped, split_lines

    pdf = styled_pdf(
        [
            (50, 100, "EDUCATION", BOLD, 13),
            (50, 120, "Bachelor of Arts in History", BOLD, 10),
            (50, 133, "University of Southern California, San", REGULAR, 10),
            (50, 146, "Jacinto", REGULAR, 10),
            (50, 159, "2015 - 2019", REGULAR, 10),
            (350, 300, "A long line in the main column sets the page width", REGULAR, 10),
        ]
    )
    result = extract_text(pdf, "pdf")
    plain = [line.text for line in join_wrapped(split_lines(result.text), 80)]
    assert "Jacinto" in plain  # from the text alone the short line looks like a new value
    lines = attach_layout(split_lines(result.text), lay_out(result.reading).lines)
    joined = [line.text for line in join_wrapped(lines, 80)]
    assert "University of Southern California, San Jacinto" in joined
    assert "Bachelor of Arts in History" in joined and "2015 - 2019" in joined


def test_bullets_set_a_little_apart_are_separate_even_without_glyphs() -> None:
    """Bullets whose glyphs are drawings are told apart by the space between them."""
    text_lines = [
        ("Collaborated with Marketing, PR, and Social Media teams to", 300),
        ("design graphics, boosting social engagement by 32%", 313),
        ("Used HTML and CSS to create a high-fidelity mockup, showing", 330),
        ("custom graphics for a product before its launch", 343),
    ]
    pdf = styled_pdf(
        [
            (50, 60, "Jane Example", BOLD, 20),
            (50, 240, "EXPERIENCE", BOLD, 13),
            (50, 262, "Graphic Designer, Acme", BOLD, 10),
            (50, 278, "Jan 2020 - Present", REGULAR, 10),
            *[(50, y, t, REGULAR, 10) for t, y in text_lines],
        ]
    )
    result = extract_text(pdf, "pdf")
    job = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")[
        "experience"
    ]
    assert job["experienceItems"][0]["responsibilitiesAndAchievements"] == [
        "Collaborated with Marketing, PR, and Social Media teams to design graphics, "
        "boosting social engagement by 32%",
        "Used HTML and CSS to create a high-fidelity mockup, showing custom graphics for a "
        "product before its launch",
    ]


JOBS = [
    ("Data Analyst", "Acme Retail, Leeds, UK", "Jan 2021 - May 2023",
     ["Built weekly sales dashboards used by forty store managers across the country",
      "Cut the monthly reporting time from five days to one with automated checks"]),
    ("Junior Analyst", "Borealis Bank, York, UK", "Sep 2018 - Dec 2020",
     ["Reconciled payment records for twelve branches and fixed their data feeds"]),
    ("Intern", "Cobalt Labs, Hull, UK", "Jun 2017 - Aug 2017",
     ["Cleaned survey data for three research projects on retail footfall"]),
]  # fmt: skip


def _sidebar_cv(side: str, timeline: bool) -> str:
    """A CV with its sidebar on one side, jobs with drawn bullets, dates above or beside."""

    def job(title: str, company: str, dates: str, bullets: list[str]) -> str:
        items = "".join(f"<li>{b}</li>" for b in bullets)
        body = f'<p class="title">{title}</p><p>{company}</p>'
        if timeline:
            return f'<div class="tl"><div>{dates}</div><div>{body}<ul>{items}</ul></div></div>'
        return f"{body}<p>{dates}</p><ul>{items}</ul>"

    aside = """<aside><h2>CONTACT</h2><p>jane@example.com</p><p>+44 20 7946 0000</p>
<h2>SKILLS</h2><p>Python</p><p>SQL</p><p>Tableau</p>
<h2>LANGUAGES</h2><p>English — Native</p><p>French — Fluent</p></aside>"""
    main = (
        "<main><h1>Jane Example</h1><h2>PROFILE</h2><p>Analyst who turns retail data into "
        "decisions that people can act on quickly and with confidence every week.</p>"
        f"<h2>EXPERIENCE</h2>{''.join(job(*j) for j in JOBS)}</main>"
    )
    columns = "170px 1fr" if side == "left" else "1fr 170px"
    body = aside + main if side == "left" else main + aside
    return f"""<!doctype html><html><head><style>
body {{ font-family: sans-serif; font-size: 10pt; margin: 0; }}
.page {{ display: grid; grid-template-columns: {columns}; gap: 40px; padding: 30px; }}
h1 {{ font-size: 22pt; margin: 0 0 4px; }} h2 {{ font-size: 13pt; margin: 14px 0 6px; }}
p {{ margin: 2px 0; }} .title {{ font-weight: bold; }}
ul {{ margin: 2px 0 8px; padding-left: 16px; }}
.tl {{ display: grid; grid-template-columns: 110px 1fr; gap: 10px; }}
</style></head><body><div class="page">{body}</div></body></html>"""


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("timeline", [False, True], ids=["dates-below", "timeline"])
def test_jobs_with_drawn_bullets_keep_their_bullets_whatever_the_layout(
    chromium, side: str, timeline: bool
) -> None:
    """A job's last bullet (its glyph drawn, not text) is not the next job's company, and a
    wrapped bullet in body type is not read as a job's title line, with the sidebar on either
    side and the dates above the jobs or beside them."""
    page = chromium.new_page()
    try:
        page.set_content(_sidebar_cv(side, timeline))
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    result = extract_text(pdf, "pdf")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    jobs = doc["experience"]["experienceItems"]
    assert [(j["jobTitle"], j["companyName"]) for j in jobs] == [
        ("Data Analyst", "Acme Retail"),
        ("Junior Analyst", "Borealis Bank"),
        ("Intern", "Cobalt Labs"),
    ]
    assert [j["responsibilitiesAndAchievements"] for j in jobs] == [b for *_, b in JOBS]
    assert [j["dateRange"]["startDate"] for j in jobs] == ["Jan 2021", "Sep 2018", "Jun 2017"]
    assert [i["language"] for i in doc["languages"]["languageItems"]] == ["English", "French"]
    assert doc["unclassified_text"] is None


def test_a_web_address_printed_last_on_the_page_stays_with_its_project(chromium) -> None:
    """Link targets a PDF carries only as annotations are appended after the text and read as
    contact links; an address printed on the page, even as its last line, is a project's."""
    html = """<!doctype html><html><body style="font-family: sans-serif; font-size: 10pt">
<h1>Jane Example</h1><p>jane@example.com</p>
<h2>PROJECTS</h2><p><b>Route Planner</b></p><p>Groups deliveries by street.</p>
<p>https://github.com/janeexample/routes</p></body></html>"""
    page = chromium.new_page()
    try:
        page.set_content(html)
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    result = extract_text(pdf, "pdf")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    project = doc["projects"]["projectItems"][0]
    assert project["projectUrl"] == "https://github.com/janeexample/routes"
    assert doc["contact"]["professionalLinks"] == []
