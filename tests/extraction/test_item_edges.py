"""Where one item ends and the next begins, and what a credential's title holds."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from r2w.extraction.heuristic import build_document
from r2w.extraction.lines import Line, item_blocks, split_lines
from r2w.extraction.lists import course_items
from r2w.extraction.normalize import join_broken
from r2w.extraction.parts import rejoin_wrapped

TITLE = (1.15, True, False)
DATES = (1.0, False, False)
SMALL = (0.9, False, False)
BODY = (1.0, False, False)


def doc_of(text: str) -> dict[str, Any]:
    """The rule-based document of a small CV text."""
    return build_document(text)


def courses_of(text: str) -> list[dict[str, Any]]:
    """The courses read from a courses section's text."""
    return course_items(item_blocks(split_lines(text)), 80)


def test_a_last_sentence_without_its_bullet_stays_with_its_job() -> None:
    doc = doc_of(
        "Jane Doe\n\nClinical Experience\n"
        "Staff Nurse | Great Ormond Street Hospital | London, UK\nOctober 2021 – Present\n\n"
        "Provided holistic nursing care to six patients per shift on the ward.\n\n"
        "Utilized advanced assessment skills to identify subtle changes, leading to timely "
        "interventions.\n\n"
        "Registered Nurse | St Thomas' Hospital | London, UK\nSeptember 2019 – September 2021\n\n"
        "Managed the care of eight adult patients per shift with acute conditions.\n"
    )
    first, second = doc["experience"]["experienceItems"]
    assert first["responsibilitiesAndAchievements"][-1].startswith("Utilized advanced")
    assert (second["jobTitle"], second["companyName"]) == (
        "Registered Nurse",
        "St Thomas' Hospital",
    )


def test_a_long_title_above_its_dates_still_opens_its_item() -> None:
    # A title with no full stop right under a body sentence: still the next item's title.
    doc = doc_of(
        "Jane Doe\n\nExperience\n"
        "Analyst | Acme | Berlin\n2018 – 2020\n\n"
        "Built the reporting stack used by every team in the company.\n\n"
        "Senior Director of Global Engineering Operations and Platform Reliability\n"
        "2020 – Present\n\nLed four teams across three sites in two countries.\n"
    )
    items = doc["experience"]["experienceItems"]
    assert len(items) == 2
    assert items[1]["jobTitle"].startswith("Senior Director of Global")


def test_a_course_title_that_lists_its_subjects_keeps_its_commas() -> None:
    listed, first_aid = courses_of(
        "Warehousing, Operations, and Disposal Course, Graduate School USA, Washington DC.\n"
        "January 2021 — May 2021\n\n"
        "CPR and First Aid, American Red Cross BLS Certification, Boston\n2020\n"
    )
    assert listed["title"] == "Warehousing, Operations, and Disposal Course"
    assert listed["institution"] == "Graduate School USA"
    assert first_aid["title"] == "CPR and First Aid"
    assert first_aid["institution"] == "American Red Cross BLS Certification"


def test_a_course_named_after_its_school_keeps_the_school_apart() -> None:
    first, second = courses_of(
        "Machine Learning, Stanford University, Online Course\n2021\n\n"
        "Python for Everybody, Coursera\n2020\n"
    )
    assert first["title"] == "Machine Learning"
    assert first["institution"] == "Stanford University"
    assert (second["title"], second["institution"]) == ("Python for Everybody", "Coursera")


def styled(text: str, style: tuple, bullet: bool = False) -> Line:
    """A laid-out line in a given style (relative size, bold, capitals)."""
    return Line(text, text, bullet, False, style=style)


def test_a_title_set_like_the_first_after_dates_opens_the_next_item() -> None:
    lines = [
        styled("Data Analyst", TITLE),
        styled("Jan 2019 — Mar 2021", DATES),
        styled("Web Developer", TITLE),
        styled("Apr 2016 — Dec 2018", DATES),
        styled("Built the shop's front end in three months.", BODY, bullet=True),
    ]
    blocks = item_blocks(lines)
    assert [b.header[0].text for b in blocks] == ["Data Analyst", "Web Developer"]


def test_an_issuer_and_a_note_written_as_two_short_sentences_are_two_values() -> None:
    cisco, louis, corp = courses_of(
        "CCNA Routing and Switching, Cisco. Online.\nJan 2019 — Aug 2019\n\n"
        "Lean Six Sigma, St. Louis University\n2018\n\n"
        "Cloud Practitioner, Example Corp. Remote.\n2017\n"
    )
    assert (cisco["institution"], cisco["description"]) == ("Cisco", "Online.")
    assert louis["institution"] == "St. Louis University"
    assert corp["institution"] == "Example Corp. Remote."


def test_a_long_title_under_typed_bullets_or_above_only_its_dates_stays_a_title() -> None:
    doc = doc_of(
        "Jane Doe\n\nExperience\n\nBrand Lead | Acme | Paris\n2020 – 2023\n"
        "• Managed a portfolio of twelve brands across four markets.\n"
        "• Increased retention by twelve percent across every market in two years.\n"
        "Marketing and Communications Manager for the Europe Middle East and Africa Region\n"
        "2017 – 2020\n• Led the regional team.\n"
    )
    items = doc["experience"]["experienceItems"]
    assert items[1]["jobTitle"].startswith("Marketing and Communications Manager")
    doc = doc_of(
        "Jane Doe\n\nExperience\n\nSoftware Engineer at Google in Zurich, Switzerland.\n"
        "2020 – 2023\n\nBuilt the billing pipeline that served every team in the company.\n\n"
        "Junior Software Engineer at Microsoft in Redmond, Washington.\n2018 – 2020\n\n"
        "Wrote the first version of the internal deployment tool used by four teams.\n"
    )
    items = doc["experience"]["experienceItems"]
    assert len(items) == 2
    assert "Junior Software Engineer" in (items[1]["jobTitle"] or "")
    doc = doc_of(
        "Jane Doe\n\nExperience\n\nData Analyst at Klarna.\n2021 – 2023\n"
        "Built dashboards for the credit risk team used by over fifty analysts.\n"
        "Senior Data Scientist in the Fraud Prevention and Risk Modelling Team.\n"
        "Zalando SE, Berlin\n2018 – 2021\nTrained the first fraud model.\n"
    )
    items = doc["experience"]["experienceItems"]
    assert items[1]["jobTitle"].startswith("Senior Data Scientist")
    assert items[1]["companyName"] == "Zalando SE"


def test_credential_lines_whose_kind_word_ends_an_issuer_or_a_note_keep_their_title() -> None:
    cissp, learning, first_aid = courses_of(
        "CISSP, Firebrand Training, London\n2019\n\n"
        "Machine Learning, Coursera, Online Course, 11 weeks\n2020\n\n"
        "First Aid at Work, St John Ambulance, Workplace Training\n2021\n"
    )
    assert (cissp["title"], cissp["institution"]) == ("CISSP", "Firebrand Training")
    assert (learning["title"], learning["institution"]) == ("Machine Learning", "Coursera")
    assert first_aid["title"] == "First Aid at Work"


def test_abbreviations_inside_an_issuers_name_do_not_end_a_sentence() -> None:
    issuers = [
        c["institution"]
        for c in courses_of(
            "Media Law, Warner Bros. Discovery\n2019\n\n"
            "Clinical Research, Mass. General Hospital\n2020\n\n"
            "Urban Design, Univ. College London\n2021\n"
        )
    ]
    assert issuers == ["Warner Bros. Discovery", "Mass. General Hospital", "Univ. College London"]


def test_a_role_or_a_list_under_the_dates_is_no_place() -> None:
    promotions = [
        styled("Acme Corp", TITLE),
        styled("Senior Data Engineer", DATES),
        styled("2021 - 2023", DATES),
        styled("Data Engineer", DATES),
        styled("2019 - 2021", DATES),
        styled("Built the ingestion platform for all product teams.", BODY, bullet=True),
    ]
    headers = [[x.text for x in b.header] for b in item_blocks(promotions)]
    assert ["Data Engineer", "2019 - 2021"] in headers
    tools = [
        styled("Backend Developer, Shopline", TITLE),
        styled("2019 - 2021", DATES),
        styled("Python, Django, PostgreSQL", SMALL),
        styled("Built the order service and its public API.", BODY, bullet=True),
    ]
    (block,) = item_blocks(tools)
    assert "Python, Django, PostgreSQL" not in [x.text for x in block.header]


def test_a_row_of_parts_ending_with_a_place_is_whole() -> None:
    doc = doc_of(
        "Jane Doe\n\nEducation\nSep 2015 - Oct 2017\n"
        "University of Toronto | BSc Computer Science | Toronto, ON\nGraduated with honours\n\n"
        "Apr 2013 - Oct 2015\nMSc Data Science | King's College London | Zürich, Switzerland\n"
        "Exchange semester in Manchester\n"
    )
    toronto, london = doc["education"]["educationItems"]
    assert toronto["location"]["city"] == "Toronto"
    assert toronto["honors"] == ["Graduated with honours"]
    assert london["location"]["country"] == "Switzerland"
    assert london["description"] == "Exchange semester in Manchester"


def test_a_part_cut_at_the_column_edge_before_the_rows_first_separator_is_one_part() -> None:
    bars = [
        Line("Master of Business", "", False, True, fill=0.95),
        Line("Administration | University of", "", False, False, fill=0.97, wraps=True),
        Line("Manchester | Manchester, UK", "", False, False, fill=0.8, wraps=True),
    ]
    assert rejoin_wrapped(bars, 40) == [
        "Master of Business Administration | University of Manchester | Manchester, UK"
    ]
    commas = [
        Line("Master of Business Administration, King's College", "", False, True, fill=0.97),
        Line("London, San Diego, CA (Aug 2007 – Apr 2009)", "", False, False, fill=0.9, wraps=True),
    ]
    assert len(rejoin_wrapped(commas, 60)) == 1
    # A place of its own, or a line the layout says does not continue the one above, stays
    # apart.
    leeds = [commas[0], replace(commas[1], text="Leeds, UK (2019 – 2020)")]
    assert len(rejoin_wrapped(leeds, 60)) == 2
    # ... unless the line above ends with a word that opens a place's name.
    san = [replace(commas[0], text="BSc, University of Southern California, San"), leeds[1]]
    san[1] = replace(san[1], text="Diego, CA (2019 – 2020)")
    assert rejoin_wrapped(san, 60) == [
        "BSc, University of Southern California, San Diego, CA (2019 – 2020)"
    ]
    # A line of a place, a role or a degree with its dates is a part of its own.
    for above, below in (
        ("Master of Business Administration, King's College", "sept, 2020 — juin 2023"),
        ("Analyst, Goldman Sachs Asia", "Hong Kong, 2018 - 2020"),
        ("Senior Engineer, Siemens Healthineers", "Erlangen, Bayern (2019 - 2021)"),
        ("Globex Corporation, Hamburg", "Senior Data Engineer, 2019 - 2021"),
        ("University of Michigan, Ann Arbor", "Computer Science, BSc, 2012 - 2016"),
    ):
        pair = [replace(commas[0], text=above), replace(commas[1], text=below)]
        assert len(rejoin_wrapped(pair, 60)) == 2, below
    assert len(rejoin_wrapped([bars[0], replace(bars[1], wraps=False)], 40)) == 2


def test_a_bracketed_level_wrapped_onto_its_own_line_loses_only_its_brackets() -> None:
    doc = doc_of("Jane Doe\n\nSprachen\nFranzösisch\n(Verhandlungssicher)\nSpanisch (Gut)\n")
    levels = [(x["language"], x["proficiency"]) for x in doc["languages"]["languageItems"]]
    assert levels == [("Französisch", "Verhandlungssicher"), ("Spanisch", "Gut")]


def test_a_header_row_whose_dates_wrapped_below_it_opens_its_own_item() -> None:
    # The first item shows its dates at the end of its row; the second's row wrapped and
    # left its dates on the line below: that row opens the second item.
    lines = [
        styled("Project Manager | Northwind | San Diego, CA | Sep 2021 — present", TITLE),
        styled("Introduced search service monitoring, cutting incidents by half", BODY, True),
        styled("Sales Representative | Helios Energy GmbH | San Diego, CA |", TITLE),
        styled("Apr 2018 — Jul 2021", TITLE),
        styled("Negotiated contracts with suppliers in Berlin, saving $202,000", BODY, True),
    ]
    blocks = item_blocks(lines)
    assert [[x.text for x in b.header] for b in blocks] == [
        [lines[0].text],
        [lines[2].text, "Apr 2018 — Jul 2021"],
    ]
    # Dates that open the section's first line still open every item.
    leading = [
        styled("Sep 2021 — present | Project Manager | Northwind", TITLE),
        styled("Introduced search service monitoring, cutting incidents by half", BODY, True),
        styled("Sales Representative | Helios Energy GmbH", TITLE),
        styled("Apr 2018 — Jul 2021 | Account Manager | Helios Energy GmbH", TITLE),
        styled("Negotiated contracts with suppliers in Berlin, saving $202,000", BODY, True),
    ]
    heads = [[x.text for x in b.header] for b in item_blocks(leading)]
    assert heads[-1] == [leading[3].text]


def test_a_comma_row_ending_with_a_place_is_whole() -> None:
    doc = doc_of(
        "Jane Doe\n\nEducation:\n\n06/2011 — 02/2015\n"
        "Master of Business Administration, University of Manchester, Chicago, IL\n"
        "Exchange semester in Amsterdam\n"
    )
    (degree,) = doc["education"]["educationItems"]
    assert degree["institution"] == "University of Manchester"
    assert degree["location"]["city"] == "Chicago"
    assert degree["description"] == "Exchange semester in Amsterdam"


def test_a_line_above_a_whole_dated_header_stays_with_the_item_above() -> None:
    for stray in ("Award: Employee of the Year", "Team Lead, Checkout"):
        doc = doc_of(
            "Jane Doe\n\nExperience\nData Scientist | Acme | 2020 – present\n"
            f"- Built the churn model used by every sales team\n{stray}\n"
            "Senior Analyst | Beta | Dallas, TX | 2017 – 2020\n- Built the pricing dashboards\n"
        )
        second = doc["experience"]["experienceItems"][1]
        assert (second["jobTitle"], second["companyName"]) == ("Senior Analyst", "Beta"), stray


def test_a_wrapped_bullet_naming_places_stays_one_bullet() -> None:
    doc = doc_of(
        "Jane Doe\n\nExperience\nStore Manager | Acme | 2020 – present\n"
        "- Opened flagship stores and regional warehouses in Dallas, Houston, Austin, TX\n"
        "  Denver, CO, and Phoenix, AZ, adding 300 jobs.\n"
    )
    (job,) = doc["experience"]["experienceItems"]
    assert len(job["responsibilitiesAndAchievements"]) == 1


def test_a_header_row_cut_at_a_separator_opens_its_own_item() -> None:
    first = styled("B.Sc. Informatik | University of Manchester | Madrid | 2006 – 2009", TITLE)
    for above, dated in (
        ("Sales Lead, Vantage Insurance, Madrid,", "Spain (2015–2019)"),
        ("Sales Lead | Vantage Insurance", "| Madrid | 2015 – 2019"),
    ):
        lines = [
            first,
            styled("Built the grading tool used by every first-year course", BODY, True),
            styled(above, TITLE),
            styled(dated, TITLE),
            styled("Led the migration of the billing platform", BODY, True),
        ]
        blocks = item_blocks(lines)
        assert [x.text for x in blocks[-1].header] == [above, dated], above


def test_a_stray_line_above_a_whole_dated_row_stays_in_the_body_above() -> None:
    first = styled("Software Engineer | Google | 2020 – present", TITLE)
    for stray in ("Python | Go | Kubernetes", "Remote | Full-time", "Led hiring,"):
        lines = [
            first,
            styled("Built the billing pipeline for payments", BODY, True),
            styled(stray, TITLE),
            styled("Senior Analyst | Beta Corp | 2017 – 2020", TITLE),
            styled("Built pricing dashboards", BODY, True),
        ]
        blocks = item_blocks(lines)
        assert [x.text for x in blocks[-1].header] == [lines[3].text], stray


def laid_out(text: str, *, fill: float, wraps: bool | None, blank: bool = False) -> Line:
    """A line of a PDF's list in regular type, as the layout measured it."""
    return Line(text, text, False, blank, fill=fill, wraps=wraps, style=BODY)


def course_list(*entries: list[Line]) -> list[dict[str, Any]]:
    """The courses of a list whose entries are set apart by space (each a block)."""
    lines = [
        replace(line, blank_before=k == 0 and i > 0)
        for i, e in enumerate(entries)
        for k, line in enumerate(e)
    ]
    return course_items(item_blocks(lines), 44)


def test_a_title_with_a_dash_above_its_issuer_stays_whole() -> None:
    """A title holding a dash and a qualifier stays whole above its issuer's line, even
    where the layout measured that line as a continuation (a sidebar's widest line runs to
    its edge) and another entry of the list stands on one line, title, dash and issuer."""
    courses = course_list(
        [
            laid_out("Lean Six Sigma – Green Belt", fill=0.76, wraps=None),
            laid_out("American Society for Quality, 2020", fill=1.0, wraps=True),
        ],
        [laid_out("PRINCE2 Practitioner — Axelos, 2017", fill=0.9, wraps=None)],
        [
            laid_out("AWS Certified Solutions Architect – Associate", fill=1.0, wraps=None),
            laid_out("Amazon Web Services, 2023", fill=0.6, wraps=True),
        ],
    )
    assert [(c["title"], c["institution"]) for c in courses] == [
        ("Lean Six Sigma – Green Belt", "American Society for Quality"),
        ("PRINCE2 Practitioner", "Axelos"),
        ("AWS Certified Solutions Architect – Associate", "Amazon Web Services"),
    ]


def test_a_word_broken_after_its_hyphen_is_joined_without_a_space() -> None:
    """ "CRM-" / "Systems" is one word ("CRM-Systems"), as "inno-" / "vation" is one."""
    assert join_broken("Einführung eines neuen CRM-", "Systems für 40") == (
        "Einführung eines neuen CRM-Systems für 40"
    )
    assert join_broken("Goethe-", "Institut, 2022") == "Goethe-Institut, 2022"
    assert join_broken("2019 -", "2021") == "2019 - 2021"
    assert join_broken("Sales –", "Berlin") == "Sales – Berlin"
    assert join_broken("Led the", "team") == "Led the team"
