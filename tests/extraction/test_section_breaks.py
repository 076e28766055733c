"""Headings in words r2w does not know, found by their look and by what follows them."""

from __future__ import annotations

import pytest

from r2w.extraction.heuristic import build_document, segment
from r2w.extraction.lines import Line, split_lines
from r2w.extraction.section_breaks import (
    _block,
    candidates,
    has_contact_detail,
    heading_shape,
    look,
)

# "Places I Have Worked" and "Tongues" name nothing in r2w's heading vocabulary; "Profile",
# "Education" and "Skills" do, and all five are set alike (Title Case, space above).
UNKNOWN_WORDING = """Ada Quill
Data Analyst
ada.quill@example.com

Profile
Analyst who turns retail data into decisions that store managers can act on every week.

Places I Have Worked
Acme Retail, Data Analyst, Leeds (Jan 2021 - May 2023)
• Built weekly sales dashboards used by forty store managers across the country
• Cut the monthly reporting time from five days to one with automated checks

Borealis Bank, Junior Analyst, York (Sep 2018 - Dec 2020)
• Reconciled payment records for twelve branches and fixed their data feeds

Education
University of Leeds, BSc Mathematics (2015 - 2018)

Skills
Python
SQL
Tableau
Forecasting

Tongues
English — Native
French — Fluent
German — Basic
"""


def test_a_heading_in_unknown_words_opens_the_section_its_content_reads_as() -> None:
    doc = build_document(UNKNOWN_WORDING)
    jobs = doc["experience"]["experienceItems"]
    assert [(j["companyName"], j["jobTitle"]) for j in jobs] == [
        ("Acme Retail", "Data Analyst"),
        ("Borealis Bank", "Junior Analyst"),
    ]
    assert doc["experience"]["sectionTitle"] == "Places I Have Worked"
    # The profile keeps its own text only: no job was read into it.
    assert doc["summary"]["summaryText"].startswith("Analyst who turns retail data")
    assert "Acme" not in doc["summary"]["summaryText"]
    languages = [item["language"] for item in doc["languages"]["languageItems"]]
    assert languages == ["English", "French", "German"]
    assert "English" not in " ".join(doc["skills"]["ungroupedSkills"])
    assert doc["skills"]["ungroupedSkills"] == ["Python", "SQL", "Tableau", "Forecasting"]


ITEM_TITLES = """Ben Ortiz
ben@example.com

Summary
Engineer who builds small tools that save teams hours of repetitive work every week.

Projects
Clinic Booking App
A booking app for a clinic with reminders by text message.
https://github.com/benortiz/clinic

Route Planner
A planner that groups deliveries by street to shorten the drivers' routes.
https://github.com/benortiz/routes

Skills
Python
Go
"""


def test_item_titles_set_like_headings_stay_items() -> None:
    """A project's name looks like the headings (Title Case, space above), but what follows
    it reads like the projects before it, so it is an item, not a new section."""
    doc = build_document(ITEM_TITLES)
    names = [p["title"] for p in doc["projects"]["projectItems"]]
    assert names == ["Clinic Booking App", "Route Planner"]
    assert doc["unclassified_text"] is None


def test_candidates_share_the_look_of_two_known_headings() -> None:
    lines = split_lines(UNKNOWN_WORDING)
    texts = [line.text for line in lines]
    known = [texts.index(t) for t in ("Profile", "Education", "Skills")]
    found = {texts[i] for i in candidates(lines, known)}
    assert {"Places I Have Worked", "Tongues"} <= found
    # Lines set differently (no space above, or digits and commas) are never candidates.
    assert "Data Analyst" not in found and "Python" not in found
    assert look(lines, texts.index("Tongues")) == look(lines, texts.index("Skills"))


def test_a_heading_shape_has_no_digits_commas_or_closing_stop() -> None:
    assert heading_shape("Where I Have Worked")
    assert not heading_shape("Leeds, UK")
    assert not heading_shape("Since 2021")
    assert not heading_shape("Built dashboards.")
    assert not heading_shape("One two three four five six")


ICON_CAPS = """Cy Moreau
cy@example.com

Summary
Nurse who keeps wards calm and patients informed through long and busy shifts.

Skills
Triage
Wound care
Patient education

■ TONGUES
French — Native
English — Fluent
"""


def test_a_capitalised_heading_with_an_icon_is_a_candidate_where_capitals_are_rare() -> None:
    """Set unlike the known headings (an icon, capitals), but capitals are rare in this CV
    and its glyph is not the list's bullet: the languages below it are read as languages."""
    doc = build_document(ICON_CAPS)
    languages = [item["language"] for item in doc["languages"]["languageItems"]]
    assert languages == ["French", "English"]
    assert doc["languages"]["sectionTitle"] == "TONGUES"
    assert doc["skills"]["ungroupedSkills"] == ["Triage", "Wound care", "Patient education"]


def _restyled(style) -> str:
    """UNKNOWN_WORDING with every heading restyled."""
    headings = ["Profile", "Places I Have Worked", "Education", "Skills", "Tongues"]
    lines = UNKNOWN_WORDING.splitlines()
    n = 0
    for i, line in enumerate(lines):
        if line in headings:
            n += 1
            lines[i] = style(n, line)
    return "\n".join(lines)


def test_numbered_headings_in_any_notation_are_read_like_plain_ones() -> None:
    for style in (
        lambda n, h: f"0{n} — {h}",
        lambda n, h: f"({n}) {h.upper()}",
        lambda n, h: f"{'I' * n}. {h}" if n < 4 else f"{'IV' if n == 4 else 'V'}. {h}",
        lambda n, h: f"{n} | {h}",
    ):
        doc = build_document(_restyled(style))
        jobs = doc["experience"]["experienceItems"]
        assert [j["companyName"] for j in jobs] == ["Acme Retail", "Borealis Bank"], style(2, "X")
        assert doc["summary"]["summaryText"].startswith("Analyst who turns")
        assert [i["language"] for i in doc["languages"]["languageItems"]] == [
            "English",
            "French",
            "German",
        ]


def test_letter_spaced_headings_are_read_like_plain_ones() -> None:
    spaced = _restyled(lambda n, h: "   ".join(" ".join(word.upper()) for word in h.split()))
    assert "P L A C E S   I   H A V E   W O R K E D" in spaced
    doc = build_document(spaced)
    assert [j["companyName"] for j in doc["experience"]["experienceItems"]] == [
        "Acme Retail",
        "Borealis Bank",
    ]
    assert doc["skills"]["ungroupedSkills"] == ["Python", "SQL", "Tableau", "Forecasting"]
    assert doc["education"]["educationItems"][0]["institution"] == "University of Leeds"


def test_a_long_section_under_an_unknown_heading_is_read_in_linear_time() -> None:
    """Each heading-like line looks back over a bounded window of its section, so a long
    section costs in proportion to its length (counted in calls, not timed)."""
    from unittest import mock

    from r2w.extraction import heuristic

    job = "Data Analyst\nJan 2020 - May 2021\n• Built dashboards used by forty managers\n"
    head = "Ana Ruiz\nana@example.com\n\nSUMMARY\nAnalyst who turns data into decisions.\n\n"
    sizes = {}
    for n in (50, 100):
        text = head + "WHERE I WORKED\n" + "\nACME WIDGETS\n".join([""] + [job] * n)
        with mock.patch.object(heuristic, "block_texts", wraps=heuristic.block_texts) as seen:
            build_document(text)
        sizes[n] = sum(len(call.args[0]) for call in seen.call_args_list)
    assert sizes[100] < 2.5 * sizes[50]


def _styled(text: str, style: tuple[float, bool, bool], heading: bool) -> Line:
    """A line as the layout gives it: its relative size, weight and capitals."""
    return Line(text, text, False, False, heading_look=heading, style=style)


def test_a_title_set_as_large_as_headings_above_contacts_stays_the_persons_title() -> None:
    head, body = (1.4, False, False), (1.0, False, False)
    lines = [
        _styled("Nora Ahmed", (2.2, True, False), True),
        _styled("Senior Software Engineer", head, True),
        _styled("nora.ahmed@example.com", body, False),
        _styled("+33 6 13 73 63 00", body, False),
        _styled("About Me", head, True),
        _styled("I build reliable systems for hospitals and logistics firms.", body, False),
        _styled("Experience", head, True),
        _styled("Registered Nurse | Greenline Logistics | 2020 - Present", body, False),
        _styled("Skills", head, True),
        _styled("Budgeting, Negotiation, Excel", body, False),
    ]
    header, sections = segment(lines)
    assert [line.text for line in header][:2] == ["Nora Ahmed", "Senior Software Engineer"]
    assert "contact" not in sections


def test_a_heading_in_unknown_words_below_the_header_still_opens_a_section() -> None:
    head, body = (1.4, False, False), (1.0, False, False)
    lines = [
        _styled("Nora Ahmed", (2.2, True, False), True),
        _styled("nora.ahmed@example.com", body, False),
        _styled("About Me", head, True),
        _styled("I build reliable systems for hospitals and logistics firms.", body, False),
        _styled("Experience", head, True),
        _styled("Registered Nurse | Greenline Logistics | 2020 - Present", body, False),
        _styled("Reach Me", head, True),
        _styled("+33 6 13 73 63 00", body, False),
    ]
    _header, sections = segment(lines)
    # Past the header the rule does not apply: the heading opens a section of its own.
    assert [line.text for line in sections["experience"].lines] == [lines[5].text]
    assert any(
        [line.text for line in section.lines] == ["Reach Me", "+33 6 13 73 63 00"]
        for section in sections.values()
    )


def test_a_capitalised_value_is_no_heading_where_every_heading_opens_with_a_mark() -> None:
    """Headings set as "■ SKILLS", "◆ CERTIFICATIONS": "SQL" and "PMP" below them, as short
    and capitalised, stay values (read as a plain text file, whose lines carry a style)."""
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.text import extract_text

    text = (
        "Sofia Walsh\nsofia@example.com\n\n● SUMMARY\nController with ten years in finance.\n\n"
        "■ SKILLS\nSQL\nKubernetes\nAWS\nC++\n\n● Languages\nPortuguese (Fluent)\n\n"
        "◆ CERTIFICATIONS\nPMP\nProject Management Institute, 2017\n"
    )
    result = extract_text(text.encode(), "txt")
    document = HeuristicExtractor().extract(result.text, reading=result.reading)
    assert document["skills"]["ungroupedSkills"] == ["SQL", "Kubernetes", "AWS", "C++"]
    (cert,) = document["certifications"]["certificationItems"]
    assert (cert["title"], cert["issuingOrganization"]) == ("PMP", "Project Management Institute")
    assert not document["unclassified_text"]


def test_headings_that_open_with_marks_are_candidates_in_any_case() -> None:
    """ "● SUMMARY" and "◆ Work Experience": where the known headings open with marks, the
    marks and the space around set headings apart, capitals or not."""
    text = (
        "Ingrid Jensen\ningrid@example.com\n\n● SUMMARY\nBackend developer.\n\n"
        "◆ Work Experience\nMay 2020 - Oct 2024\nVantage Insurance | Research Assistant\n"
        "- Led a team of seven engineers\n\n▶ ACADEMIC BACKGROUND\n2005 - 2007\n"
        "University of Texas at Austin | MSc Data Science\n\n■ LANGUAGES\nEnglish — Native\n"
    )
    lines = split_lines(text)
    known = [
        i for i, line in enumerate(lines) if line.raw in ("▶ ACADEMIC BACKGROUND", "■ LANGUAGES")
    ]
    found = {lines[i].raw for i in candidates(lines, known)}
    assert {"● SUMMARY", "◆ Work Experience"} <= found
    assert "- Led a team of seven engineers" not in found


def test_a_range_of_years_is_no_phone_number_under_a_heading_below_the_header() -> None:
    """Right under the header, a candidate heading opens only where no contact details lie
    beneath it; an entry's "2015 - 2019" is a range of years, not a phone number."""
    from r2w.extraction.section_breaks import has_contact_detail

    assert not has_contact_detail("HR Business Partner | Meridian Foods | 2015 - 2019")
    assert not has_contact_detail("12/2010 — 12/2015")
    assert has_contact_detail("+49 151 9460 3736") and has_contact_detail("(517) 958-6261")
    assert has_contact_detail("samuel@example.com") and has_contact_detail("linkedin.com/in/s")


def test_a_one_line_section_under_the_header_ends_at_the_next_heading_after_a_blank() -> None:
    """ "Profile" (words r2w does not know here) over one sentence, then a blank line and the
    next heading: what lies beneath "Profile" is that sentence, not the jobs below."""
    from r2w.extraction.section_breaks import _block

    lines = split_lines(
        "Samuel Nguyen\nsamuel@example.com\n\nProfile\nI turn messy problems into processes.\n\n"
        "Work Experience\nHR Business Partner | Brightwave Media | 2020 - 2024\n"
    )
    heading = next(i for i, line in enumerate(lines) if line.text == "Profile")
    stops = {heading + 2}
    below = _block(lines, heading, stops, known=set())
    assert [line.text for line in below] == ["I turn messy problems into processes."]


@pytest.mark.parametrize(
    "contact",
    [
        # One clear skills line is enough under "■ DAILY DRIVERS", set apart by its mark and
        # space as the known headings are.
        "daniel@example.org\n+971 50 571 1633\nLyon, France\n",
        # With a profile link too, the rules read the contact lines above as a list of
        # anything; under a contact heading they say nothing about the kind below.
        "daniel@example.org\n+971 50 571 1633\nLyon, France\nlinkedin.com/in/daniel-novak\n",
    ],
)
def test_a_marked_heading_r2w_does_not_know_ends_a_contact_section(contact: str) -> None:
    """ "■ DAILY DRIVERS" (words r2w does not know) in a contact sidebar whose headings all
    open with marks opens a skills section on the one line beneath it."""
    text = (
        f"Daniel Novak\nProduct Designer\n\n● CONTACT\n{contact}\n■ DAILY DRIVERS\n"
        "SQL, Negotiation, Data visualisation, Terraform, Go, Tableau\n\n"
        "● Languages\nFrench — Native\n\n◆ About Me\nProduct designer with fifteen years of work.\n"
    )
    document = build_document(text)
    assert document["skills"]["ungroupedSkills"][:2] == ["SQL", "Negotiation"]
    assert not document["unclassified_text"]


# "In Brief" and "Credentials" are not r2w heading words; they are set as the known headings
# are ("Work", "Skills": Title Case, a blank line above). The rules' words read "mentoring" in
# the profile as volunteering; the learned section reader is sure it is a profile.
CONTENT_READ_BY_THE_MODEL = """Noor Haddad
Operations Lead
noor.haddad@example.com

In Brief
Calm operations lead focused on reliable service, mentoring and steady improvement.

Work
Lumen Freight | Operations Lead | Porto, Portugal | Mar 2019 – Present
– Ran the night shift of a warehouse with 60 people and three loading docks
– Cut late deliveries by a third with a new dispatch board

Skills
Scheduling · Forklift safety · Excel · Inventory control

Credentials
Certified Supply Chain Professional
APICS, 2021
"""


def test_a_heading_set_like_the_known_ones_opens_what_the_learned_reader_is_sure_of() -> None:
    doc = build_document(CONTENT_READ_BY_THE_MODEL)
    assert doc["summary"]["summaryText"] == (
        "Calm operations lead focused on reliable service, mentoring and steady improvement."
    )
    assert not doc["volunteer"]["volunteerItems"]
    jobs = doc["experience"]["experienceItems"]
    assert [(j["companyName"], j["jobTitle"]) for j in jobs] == [
        ("Lumen Freight", "Operations Lead")
    ]
    certs = [item["title"] for item in doc["certifications"]["certificationItems"]]
    assert certs == ["Certified Supply Chain Professional"]


# "Things I Use" names nothing r2w knows and is set as the known headings are; beneath it,
# three short skills: too few words for the rules, a clear reading for the learned reader.
SHORT_LIST_UNDER_AN_UNNAMED_HEADING = """Mina Park
mina.park@example.com

Summary
Researcher who measures how much energy data centres use and how to cut it.

Publications
Energy use of pipeline workloads in small data centres
Proceedings of the Green Computing Workshop, 2024

Things I Use
Power BI
Python
Excel

Languages
English (Native)
"""


def test_a_short_list_under_an_unnamed_heading_opens_the_section_the_reader_is_sure_of() -> None:
    doc = build_document(SHORT_LIST_UNDER_AN_UNNAMED_HEADING)
    assert doc["skills"]["ungroupedSkills"] == ["Power BI", "Python", "Excel"]
    titles = [p["title"] for p in doc["publications"]["publications"]]
    assert titles == ["Energy use of pipeline workloads in small data centres"]


def test_dates_alone_read_on_past_an_item_title_set_like_a_heading() -> None:
    """Items set with their dates above their titles: the title, set as the headings are
    (a stop), does not end what an unnamed heading is judged by after the dates alone."""
    text = "Places I Have Worked\n\n2022 - 2024\n\nProject Manager\nBluepeak\n"
    lines = split_lines(text)
    block = _block(lines, 0, stops={0, 2}, known=set())
    assert [ln.text for ln in block] == ["2022 - 2024", "Project Manager", "Bluepeak"]
    # A known heading stays a stop, after dates or not.
    assert [ln.text for ln in _block(lines, 0, stops={0, 2}, known={2})] == ["2022 - 2024"]
    # Two ranges on a line are dates alone too.
    lines = split_lines("Places I Have Worked\n\n2019 - 2020, 2021 - 2022\n\nProject Manager\n")
    assert len(_block(lines, 0, stops={0, 2}, known=set())) == 2
    # A line of more than dates is content: the title below it stays a stop.
    lines = split_lines("Places I Have Worked\n\nLeeds 2022 - 2024\n\nProject Manager\n")
    assert [ln.text for ln in _block(lines, 0, stops={0, 2}, known=set())] == ["Leeds 2022 - 2024"]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("02/2013 - 06/2015", False),  # holds "2013 - 06", phone-like but inside a range
        ("2015 - 2019", False),
        ("+44 20 7946 0958", True),
        ("Tel 020 7946 0958 (2015 - 2019)", True),
        ("Level 3 2019 - 2021 (12 months)", False),  # no numbers joined across a range
        ("Grade 8 2015 – 2019 9 A*", False),
    ],
)
def test_a_range_of_dates_is_no_phone_number(text: str, contact: bool) -> None:
    assert has_contact_detail(text) is contact


# Every known heading opens with a mark and no line has space above it (as a DOCX reads):
# "◆ What I Do" and "▶ WHERE I WORKED" name nothing r2w knows, one right below the other's
# only line.
MARKED_HEADINGS_CLOSE_TOGETHER = """Rafael Kowalski
Data Analyst
● CONTACT
rafael.kowalski@example.com
+33 6 35 90 27 00
◆ What I Do
I am a data analyst who enjoys turning messy problems into simple, reliable processes for teams.
▶ WHERE I WORKED
2021 — 2024
Marketing Manager, Greenline Logistics, Munich
• Managed budgets from $120,000 to $300,000 per quarter across 10 regional offices.
• Led a team of 10 engineers to rebuild the billing platform.
Apr 2020 - May 2021
Data Analyst, Lumen Health, Inc., Chicago, IL
• Negotiated contracts with suppliers in San Diego, saving $315,000 a year.
● SKILLS
Python, SQL, Excel, Tableau
"""


def test_a_heading_marked_as_the_known_ones_ends_the_one_above_however_close() -> None:
    doc = build_document(MARKED_HEADINGS_CLOSE_TOGETHER)
    assert doc["summary"]["summaryText"] == (
        "I am a data analyst who enjoys turning messy problems into simple, reliable "
        "processes for teams."
    )
    jobs = doc["experience"]["experienceItems"]
    assert [(j["jobTitle"], j["companyName"]) for j in jobs] == [
        ("Marketing Manager", "Greenline Logistics"),
        ("Data Analyst", "Lumen Health, Inc."),
    ]


# A sidebar's contact details under a heading r2w does not know ("Reach Me") land in the
# section above (an empty "Projects"); the next unnamed heading still opens what it holds.
CONTACTS_UNDER_AN_UNNAMED_HEADING = """Kenji Weber
Data Analyst

Experience
Data Analyst, Ironbridge Capital, San Diego (2012 - 2015)
• Presented quarterly results to the board and prepared the forecasts

Projects

Reach Me
kenji24@example.org
+33 6 49 65 20 00
Dubai, UAE
linkedin.com/in/kenji-weber

Things I Use
Copywriting
Photoshop
Data visualisation
Negotiation
Figma

Languages
Italian (Professional working proficiency)
"""


def test_contact_details_above_say_nothing_of_the_kind_below_an_unnamed_heading() -> None:
    doc = build_document(CONTACTS_UNDER_AN_UNNAMED_HEADING)
    assert doc["skills"]["ungroupedSkills"] == [
        "Copywriting",
        "Photoshop",
        "Data visualisation",
        "Negotiation",
        "Figma",
    ]
    assert doc["contact"]["email"] == "kenji24@example.org"


def _read_txt(text: str) -> dict:
    """A plain-text CV read as an upload is (its text layer gives lines their capitals)."""
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.text import extract_text

    data = text.encode("utf-8")
    result = extract_text(data, "txt")
    reading = result.reading
    return HeuristicExtractor().extract(result.text, source=data, kind="txt", reading=reading)


CAPS_CV = """Jordan Miles
jordan.miles@example.com | +44 20 7946 0321

PROFILE
Data engineer with eight years of experience building pipelines for retail analytics.

EXPERIENCE
Senior Data Engineer
Harbourline Retail, Leeds
03/2019 - Present
• Built the nightly ingestion of 40 million sales rows

SKILLS
Python, SQL, Airflow, Spark, dbt

{after_skills}

CERTIFICATIONS
{certificates}
"""


def test_an_entry_set_like_a_heading_right_under_a_known_heading_stays_an_entry() -> None:
    doc = _read_txt(
        CAPS_CV.format(after_skills="", certificates="PMP\nProject Management Institute, 2018")
    )
    items = doc["certifications"]["certificationItems"]
    assert [item["title"] for item in items] == ["PMP"]


def test_a_line_set_like_a_heading_inside_a_section_is_never_dropped() -> None:
    # "PMP" in capitals after a blank line reads like a heading r2w does not know; what
    # follows reads as more certificates. Whether it names an entry or a group cannot be
    # told: it is kept as text to place, not dropped and not made a course.
    certificates = "CFA Level II\nCFA Institute, 2017\n\nPMP\nProject Management Institute, 2018"
    doc = _read_txt(CAPS_CV.format(after_skills="", certificates=certificates))
    assert doc["certifications"]["certificationItems"][0]["title"] == "CFA Level II"
    assert doc["unclassified_text"] == "PMP"
    assert doc["courses"]["courseItems"] == []


@pytest.mark.parametrize(
    ("section", "heading", "entry", "field", "value"),
    [
        # A sub-heading inside jobs or degrees is no company and no school.
        (
            "EXPERIENCE",
            "FREELANCE WORK",
            "Data Consultant\nSelf-employed, Leeds\n01/2016 - 02/2019",
            "companyName",
            "Self-employed",
        ),
        (
            "EDUCATION",
            "FURTHER STUDY",
            "BSc Mathematics\nUniversity of York, York\n2010 - 2013",
            "institution",
            "University of York",
        ),
    ],
)
def test_a_sub_heading_in_an_item_section_becomes_no_entrys_field(
    section: str, heading: str, entry: str, field: str, value: str
) -> None:
    cv = (
        "Jordan Miles\njordan.miles@example.com\n\nEXPERIENCE\nSenior Data Engineer\n"
        "Harbourline Retail, Leeds\n03/2019 - Present\n• Built the nightly ingestion\n\n"
        "EDUCATION\nMSc Data Science\nUniversity of Leeds, Leeds\n2014 - 2015\n\n"
        "SKILLS\nPython, SQL, Airflow, Spark, dbt\n"
    )
    cv = cv.replace(f"{section}\n", f"{section}\n{entry}\n\n{heading}\n", 1)
    doc = _read_txt(cv)
    key, items = (
        ("experience", "experienceItems")
        if section == "EXPERIENCE"
        else ("education", "educationItems")
    )
    values = [item[field] for item in doc[key][items]]
    assert value in values
    assert heading not in values
    assert heading in (doc["unclassified_text"] or "")


def test_an_entry_under_an_empty_known_heading_is_read_as_its_first_entry() -> None:
    # Under "CERTIFICATIONS" and before anything else: the capitalised line is the first
    # certificate, though what follows it says nothing of certificates.
    doc = _read_txt(CAPS_CV.format(after_skills="", certificates="PMP\nValid until 2027"))
    assert doc["certifications"]["certificationItems"][0]["title"] == "PMP"


def test_the_section_above_is_the_one_open_in_reading_order() -> None:
    # A second SKILLS heading reopens the skills: the unknown heading after it sits under the
    # skills, not under the hobbies read in between, and not under the empty CERTIFICATIONS.
    cv = (
        "Jordan Miles\njordan.miles@example.com\n\nSKILLS\nPython, SQL, Airflow\n\n"
        "CERTIFICATIONS\n\nHOBBIES\nChess, Cooking, Climbing\n\nSKILLS\nSpark, dbt, Kafka\n\n"
        "GOOD TO KNOW\nOrigami, Bonsai, Jazz, Tango\n"
    )
    doc = _read_txt(cv)
    assert "GOOD TO KNOW" not in doc["hobbies"]["hobbies"]
    assert doc["certifications"]["certificationItems"] == []
    names = [group["categoryName"] for group in doc["skills"]["skillCategories"]]
    assert names == ["GOOD TO KNOW"]


def test_an_unknown_heading_filed_with_the_section_before_it_is_not_dropped() -> None:
    # Interests in words and shapes that say nothing clear read as more of the skills: the
    # heading stays, as the name of that group of skills, rather than vanish.
    after = "BEYOND THE DESK\nOrigami, Bonsai, Jazz, Tango"
    doc = _read_txt(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    groups = doc["skills"]["skillCategories"]
    assert groups[0]["categoryName"] == "BEYOND THE DESK"
    assert groups[0]["skills"] == ["Origami", "Bonsai", "Jazz", "Tango"]
    assert doc["skills"]["ungroupedSkills"] == ["Python", "SQL", "Airflow", "Spark", "dbt"]


def test_pastimes_in_new_words_under_an_unknown_heading_are_hobbies() -> None:
    after = "BEYOND THE DESK\nKayaking, Woodworking, Beekeeping, Orienteering"
    doc = _read_txt(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    assert doc["hobbies"]["sectionTitle"] == "BEYOND THE DESK"
    assert doc["hobbies"]["hobbies"] == ["Kayaking", "Woodworking", "Beekeeping", "Orienteering"]
