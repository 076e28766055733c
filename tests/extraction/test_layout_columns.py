"""Reading order and item boundaries from geometry, measured in the page's own type size."""

from __future__ import annotations

from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.layout import lay_out
from r2w.extraction.reading.pdf import read_pdf
from r2w.extraction.text import extract_text
from tests.extraction.factories import styled_pdf

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


def test_a_narrow_gutter_between_columns_of_large_type_is_a_column_break() -> None:
    """A 15-point gutter beside 13-point type is more than an em: the columns are read one
    after the other, not interleaved row by row."""
    # Both columns have paragraphs with a blank band across the page between them: a cut
    # across that band first would read the columns' paragraphs in turn.
    main = [(40, 120 + 16 * i, f"Main text line {i} here", REGULAR, 13) for i in range(4)]
    main += [(40, 240 + 16 * i, f"Main text line {i + 4} here", REGULAR, 13) for i in range(4)]
    right_edge = max(w.box.x1 for w in read_pdf(styled_pdf(main)).words)
    x = right_edge + 15
    side = [(x, 127 + 16 * i, f"Side column entry {i}", REGULAR, 13) for i in range(3)]
    side += [(x, 251 + 16 * i, f"Side column entry {i + 3}", REGULAR, 13) for i in range(3)]
    layout = lay_out(read_pdf(styled_pdf(main + side)))
    assert [line.text for line in layout.lines] == [t for *_, t, _, _ in main + side]


def test_a_word_starting_at_a_shared_left_edge_after_a_gap_starts_a_new_line() -> None:
    """Dates set in a narrow column whose end comes close to the entries' left edge are not
    glued to the entry beside them: the entries' shared left edge splits the row."""
    placed = [
        (40, 100, "Feb 2022 -", REGULAR, 10),
        (40, 113, "Nov 2024", REGULAR, 10),
        (40, 160, "Aug 2019 -", REGULAR, 10),
        (40, 173, "Jan 2022", REGULAR, 10),
    ]
    # The text layer's own widths (so few letters alone would be read as a scan, with OCR boxes).
    end = max(w.box.x1 for w in read_pdf(styled_pdf(placed), ocr=False).words)
    edge = end + 6  # a gap of 0.6 of the type size: wider than a space, narrower than a gutter
    placed += [
        (edge, 100, "Silverleaf Retail", REGULAR, 10),
        (edge, 113, "Research Assistant, Austin", REGULAR, 10),
        (edge, 126, "Led a team of engineers", REGULAR, 10),
        (edge, 160, "Brightwave Media", REGULAR, 10),
        (edge, 173, "Marketing Manager, Dubai", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert "Silverleaf Retail" in texts and "Brightwave Media" in texts
    assert not any("Silverleaf" in t and "2022" in t for t in texts)


def test_words_a_space_apart_stay_one_line_even_at_a_shared_edge() -> None:
    """An ordinary word space never splits a line, whatever lines start below the word."""
    placed = [(40, 100, "Senior Analyst at Northwind", REGULAR, 10)]
    words = read_pdf(styled_pdf(placed)).words
    at = next(w for w in words if w.text == "Analyst").box.x0
    placed += [(at, 120 + 13 * i, f"Point {i}", REGULAR, 10) for i in range(4)]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert "Senior Analyst at Northwind" in texts


def test_the_name_is_read_first_even_beside_a_sidebar_read_before_it() -> None:
    """A left sidebar is read before the main column, but the name at the top of the main
    column (the page's largest type) and the title below it still open the CV."""
    sidebar = [
        (40, 60, "CONTACT", BOLD, 12),
        (40, 80, "jane.example@mail.com", REGULAR, 10),
        (40, 94, "+44 20 7946 0958", REGULAR, 10),
        (40, 130, "SKILLS", BOLD, 12),
        *[(40, 150 + 14 * i, s, REGULAR, 10) for i, s in enumerate(("SQL", "Python", "Excel"))],
        (40, 220, "HOBBIES", BOLD, 12),
        (40, 240, "Cycling", REGULAR, 10),
        (40, 254, "Chess", REGULAR, 10),
    ]
    main = [
        (240, 60, "Jane Example", BOLD, 26),
        (240, 84, "Data Analyst", REGULAR, 12),
        (240, 130, "EXPERIENCE", BOLD, 12),
        (240, 150, "Analyst, Northwind Traders", BOLD, 10),
        (240, 164, "Jan 2020 - Present", REGULAR, 10),
        (240, 178, "Built the monthly sales dashboards used by the board", REGULAR, 10),
    ]
    result = extract_text(styled_pdf(sidebar + main), "pdf")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    assert doc["hero"]["fullName"] == "Jane Example"
    assert doc["hero"]["professionalTitle"] == "Data Analyst"
    assert doc["hobbies"]["hobbies"] == ["Cycling", "Chess"]


def test_a_bullets_wrapped_tail_that_reads_as_a_year_stays_in_the_bullet() -> None:
    """ "... used by 126 new hires since" / "2023" is one bullet, not a bullet and the dates
    of a new job that would take the next bullets with it."""
    pdf = styled_pdf(
        [
            (50, 60, "Jane Example", BOLD, 20),
            (50, 100, "EXPERIENCE", BOLD, 12),
            (50, 120, "Project Manager", BOLD, 10),
            (50, 134, "Vantage Insurance, Dubai", REGULAR, 10),
            (50, 148, "2017 - 2019", REGULAR, 10),
            (
                50,
                162,
                "\u2022 Wrote the onboarding guide, used by 126 new hires since",
                REGULAR,
                10,
            ),
            (50, 175, "2023", REGULAR, 10),
            (50, 188, "\u2022 Analysed customer records to find churn drivers", REGULAR, 10),
            (50, 220, "Sales Lead", BOLD, 10),
            (50, 234, "Greenline Logistics, Amsterdam", REGULAR, 10),
            (50, 248, "2015 - 2017", REGULAR, 10),
            (50, 262, "\u2022 Negotiated contracts with suppliers", REGULAR, 10),
        ]
    )
    result = extract_text(pdf, "pdf")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    jobs = doc["experience"]["experienceItems"]
    assert [job["jobTitle"] for job in jobs] == ["Project Manager", "Sales Lead"]
    assert jobs[0]["responsibilitiesAndAchievements"] == [
        "Wrote the onboarding guide, used by 126 new hires since 2023",
        "Analysed customer records to find churn drivers",
    ]


def test_a_line_broken_between_a_month_and_its_year_is_joined() -> None:
    """ "… · Aug 2016 — Jun" / "2017" and "… | Jul" / "2018 – Jun 2022" are one date range;
    a sentence that goes on after a year is not taken for one."""
    from r2w.extraction.layout.build import broken_range

    assert broken_range("Greenline Logistics, Chicago · Aug 2016 — Jun", "2017")
    assert broken_range("Orbit Systems | San Diego, CA | Jul", "2018 – Jun 2022")
    assert not broken_range("used by 12 new hires since", "2023")
    assert not broken_range("Led the launch in May", "2020 with a team of four")


def test_a_range_broken_twice_in_a_narrow_column_is_joined_piece_by_piece() -> None:
    """ "sept." / "2016 — dic." / "2020": each break falls inside a date of one range."""
    from r2w.extraction.layout.build import broken_range

    assert broken_range("sept.", "2016 — dic.")
    assert broken_range("sept. 2016 — dic.", "2020")
    assert broken_range("Jan", "2019 – present")
    assert broken_range("Jan", "2019 to")
    # A date that goes on into words is no broken range.
    assert not broken_range("Jan", "2019 — Led the launch")
    assert not broken_range("Coordinated the move in May", "2019 — the team grew")
    for tail in ("2019 Toronto", "2019 today", "2019 together", "2019 — Berlin", "2019 - Android"):
        assert not broken_range("Promoted in May", tail), tail


def test_a_hyphen_that_ends_a_line_is_kept() -> None:
    """ "fast-" / "paced" reads "fast-paced": PDFium marks a line's last hyphen as a break,
    but a hyphen drawn on the page is part of the text."""
    pdf = styled_pdf(
        [
            (50, 100, "Controller with years of experience in fast-", REGULAR, 10),
            (50, 113, "paced teams and a profile at linkedin.com/in/aisha-", REGULAR, 10),
            (50, 126, "jensen for more", REGULAR, 10),
        ]
    )
    words = [w.text for w in read_pdf(pdf).words]
    assert "fast-" in words and "linkedin.com/in/aisha-" in words


def test_a_bullet_glyph_stays_with_its_text_at_the_texts_edge() -> None:
    """Bullets hang left of the text's shared edge: the glyph is not a column of its own."""
    placed = [(40, 100 + 13 * i, "\u2022", REGULAR, 10) for i in range(3)]
    edge = 44 + 6  # the glyph ends near x=44: a gap of 0.6 of the type size
    placed += [(edge, 100 + 13 * i, f"Point number {i} of the job", REGULAR, 10) for i in range(3)]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts == [f"\u2022 Point number {i} of the job" for i in range(3)]


def test_a_large_name_below_other_text_keeps_its_place() -> None:
    """Only a name at the top of the page is moved first: a name set below a contact strip
    is read where it stands, so the labels around it keep their values."""
    placed = [
        (40, 40, "Marketing Assistant", BOLD, 11),
        (300, 40, "1515 Pacific Ave, Los Angeles", REGULAR, 10),
        (180, 120, "EMMA WILSON", BOLD, 40),
        (180, 175, "Place Of Birth", REGULAR, 9),
        (180, 188, "San Antonio", REGULAR, 9),
        (40, 700, "References are available on request", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("EMMA WILSON") > texts.index("Marketing Assistant")
    assert texts.index("Place Of Birth") == texts.index("EMMA WILSON") + 1


def test_a_main_column_continued_on_the_next_page_stays_in_its_section() -> None:
    """The sidebar of page one is read after its main column; the jobs that go on at the top
    of page two's main column are still jobs, not entries of the sidebar's last section."""
    from tests.extraction.factories import make_pdf

    page_one = [
        (40, 60, "Jane Doe"),
        (40, 100, "EXPERIENCE"),
        (40, 120, "Project Manager, Quantum Harbor Inc."),
        (40, 134, "2019 - 2021"),
        (40, 148, "- Led a team of five engineers"),
        (40, 162, "- Planned the quarterly releases"),
    ]
    sidebar = ["CERTIFICATIONS", "Certified Scrum Master", "Scrum Alliance, 2018"]
    page_one += [(360, 100 + 14 * i, text) for i, text in enumerate(sidebar)]
    page_two = [
        (40, 60, "Data Analyst, Silverleaf Retail"),
        (40, 74, "2016 - 2019"),
        (40, 88, "- Built the weekly sales reports"),
    ]
    data = make_pdf([page_one, page_two])
    result = extract_text(data, "pdf")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    jobs = document["experience"]["experienceItems"]
    assert [job["companyName"] for job in jobs] == ["Quantum Harbor Inc.", "Silverleaf Retail"]
    assert jobs[1]["responsibilitiesAndAchievements"] == ["Built the weekly sales reports"]
    assert [c["title"] for c in document["certifications"]["certificationItems"]] == [
        "Certified Scrum Master"
    ]


def test_dates_at_the_right_margin_stay_with_the_entry_level_with_them() -> None:
    """Dates set at the margin are read after their entry's block (reading goes back up to
    them); each goes back to the entry line it is level with, so no degree takes another's
    dates."""
    placed = [
        (40, 80, "EDUCATION", BOLD, 12),
        (40, 100, "BSc Computer Science", REGULAR, 10),
        (40, 113, "Politecnico di Milano, Chicago, IL", REGULAR, 10),
        (40, 126, "GPA: 3.1/4.0", REGULAR, 10),
        (40, 150, "MSc Data Science", REGULAR, 10),
        (40, 163, "ETH Zurich, Manchester, UK", REGULAR, 10),
        (190, 100, "03/2012 - 07/2014", REGULAR, 10),
        (220, 150, "2008 - 2012", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("03/2012 - 07/2014") == texts.index("BSc Computer Science") - 1
    assert texts.index("2008 - 2012") == texts.index("MSc Data Science") - 1
    result = extract_text(styled_pdf(placed), "pdf")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    degrees = document["education"]["educationItems"]
    assert [(d["degree"], d["dateRange"]["startDate"]) for d in degrees] == [
        ("BSc Computer Science", "03/2012"),
        ("MSc Data Science", "2008"),
    ]


def test_dates_at_the_left_margin_go_to_the_entry_level_with_them() -> None:
    """A strip of dates at the left, beside entries whose lines run on as one block, is read
    before that block; each date goes to the entry line it is level with, not all of them to
    the first entry."""
    placed = [
        (40, 80, "EXPERIENCE", BOLD, 12),
        (40, 100, "2023 - Present", REGULAR, 10),
        (170, 100, "Research Assistant, Orbit Systems AG, Amsterdam", REGULAR, 10),
        (170, 113, "- Presented quarterly results to the board", REGULAR, 10),
        (170, 126, "- Wrote the onboarding guide for new hires", REGULAR, 10),
        (40, 139, "2019 - 2022", REGULAR, 10),
        (170, 139, "Sales Lead, Northwind Analytics, Manchester, UK", REGULAR, 10),
        (170, 152, "- Introduced data pipeline monitoring", REGULAR, 10),
        (170, 165, "- Mentored nine junior colleagues", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("2023 - Present") == texts.index(placed[2][2]) - 1
    assert texts.index("2019 - 2022") == texts.index(placed[6][2]) - 1
    result = extract_text(styled_pdf(placed), "pdf")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    jobs = document["experience"]["experienceItems"]
    assert [(j["companyName"], j["dateRange"]["startDate"]) for j in jobs] == [
        ("Orbit Systems AG", "2023"),
        ("Northwind Analytics", "2019"),
    ]


SIDEBAR_SKILLS = [
    "Cleaning Equipment",
    "Mathematics",
    "Forklift Operation",
    "Inventory Control",
    "Deep Sanitation Practices",
    "Quality Checks",
    "Shipping Software",
]


def test_a_date_under_its_title_stays_there_beside_a_sidebar_line() -> None:
    """A date set in the main column's flow, under its entry's title (smaller, so a block of
    its own), is level with a line of the sidebar to its right: it stays under its title."""
    placed = [
        (40, 80, "EMPLOYMENT HISTORY", BOLD, 12),
        (40, 100, "Warehouse Associate at Amazon, Miami Gardens", REGULAR, 10),
        (40, 113, "January 2021 - July 2022", REGULAR, 8),
        (40, 126, "Performed all warehouse duties such as packing and picking.", REGULAR, 10),
        (40, 150, "Inventory Assistant at Dunrea Laboratories, Orlando", REGULAR, 10),
        (40, 163, "January 2019 - December 2020", REGULAR, 8),
        (40, 176, "Full-time lab assistant in a small regional laboratory.", REGULAR, 10),
        (400, 80, "SKILLS", BOLD, 12),
        *[(400, 100 + 13 * k, skill, REGULAR, 10) for k, skill in enumerate(SIDEBAR_SKILLS)],
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("January 2019 - December 2020") == texts.index(placed[4][2]) + 1
    assert texts.index("January 2021 - July 2022") == texts.index(placed[1][2]) + 1


def test_a_row_of_contact_details_that_wrapped_is_read_row_by_row() -> None:
    """A line of contact details runs on below, its pieces lining up with none above: the
    rows are read in turn, so the address cut at the line's end meets its rest."""
    placed = [
        (40, 60, "Nora Novak", BOLD, 18),
        (40, 80, "Research Assistant", REGULAR, 12),
        (40, 100, "nora.novak@example.com", REGULAR, 10),
        (190, 100, "+49 151 9460 3736", REGULAR, 10),
        (300, 100, "Zurich, Switzerland", REGULAR, 10),
        (410, 100, "linkedin.com/in/nora-", REGULAR, 10),
        (40, 116, "novak", REGULAR, 10),
        (85, 116, "Nationality: German", REGULAR, 10),
        (200, 116, "Driving license: B", REGULAR, 10),
        (40, 150, "SUMMARY", BOLD, 12),
        (40, 166, "Research assistant focused on measurable impact.", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("novak") == texts.index("linkedin.com/in/nora-") + 1
    result = extract_text(styled_pdf(placed), "pdf")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    links = document["contact"]["professionalLinks"]
    assert [link["url"] for link in links] == ["linkedin.com/in/nora-novak"]
    assert document["contact"]["nationality"] == "German"


def test_a_place_at_the_right_of_a_jobs_dates_stays_with_that_job() -> None:
    """A place set level with a job's dates, far to their right, is read as a block of its
    own after the job's bullets; it goes back right after those dates, so each job keeps its
    own place and its last bullet is not read into the next job's header."""
    placed = [
        (40, 60, "WORK EXPERIENCE", BOLD, 12),
        (40, 80, "Graphic Designer", BOLD, 10),
        (40, 93, "Mozilla", REGULAR, 10),
        (40, 106, "2023 - current", REGULAR, 10),
        (200, 106, "Denver, CO", REGULAR, 10),
        (40, 119, "Worked with editorial and product teams on video assets for", REGULAR, 10),
        (40, 132, "campaigns, which improved ad performance by 19%", REGULAR, 10),
        (40, 160, "Junior Graphic Designer", BOLD, 10),
        (40, 173, "Carta Healthcare", REGULAR, 10),
        (40, 186, "2021 - 2023", REGULAR, 10),
        (200, 186, "Austin, TX", REGULAR, 10),
        (40, 199, "Collaborated with marketing teams on graphics for the launch", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("Denver, CO") == texts.index("2023 - current") + 1
    assert texts.index("Austin, TX") == texts.index("2021 - 2023") + 1
    result = extract_text(styled_pdf(placed), "pdf")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    jobs = document["experience"]["experienceItems"]
    assert [(j["companyName"], j["location"]["city"]) for j in jobs] == [
        ("Mozilla", "Denver"),
        ("Carta Healthcare", "Austin"),
    ]


def test_an_address_in_a_right_sidebar_level_with_a_jobs_dates_stays_in_the_sidebar() -> None:
    placed = [
        (40, 60, "EXPERIENCE", BOLD, 12),
        (40, 80, "Data Analyst", BOLD, 10),
        (40, 93, "Northwind Traders", REGULAR, 10),
        (40, 106, "2023 - Present", REGULAR, 10),
        (40, 119, "Built the weekly sales dashboards for the regional teams", REGULAR, 10),
        (40, 132, "and trained four colleagues to maintain them", REGULAR, 10),
        (400, 106, "Boulder, CO", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert texts.index("Boulder, CO") > texts.index("and trained four colleagues to maintain them")
