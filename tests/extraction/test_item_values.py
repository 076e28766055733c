"""Values inside items: commas that belong to one value, projects, publications, skill levels."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from r2w.extraction.dates import find_dates
from r2w.extraction.heuristic import build_document
from r2w.extraction.lines import Line, item_blocks, join_list_items, join_wrapped, split_lines
from r2w.extraction.lists import (
    certification_items,
    course_items,
    languages_section,
    project_items,
    publication_items,
    skills_section,
)
from r2w.extraction.parts import rejoin_wrapped, split_list, split_parts


def doc_of(text: str) -> dict[str, Any]:
    """The rule-based document of a small CV text."""
    return build_document(text)


def test_thousands_separators_do_not_split_values() -> None:
    assert split_parts("Managed budgets from $120,000 to $300,000 per quarter") == [
        "Managed budgets from $120,000 to $300,000 per quarter"
    ]
    assert split_list("Python, 1,000 users, SQL") == ["Python", "1,000 users", "SQL"]


def test_legal_form_stays_with_the_company() -> None:
    assert split_parts("Lumen Health, Inc., Austin, TX") == ["Lumen Health, Inc.", "Austin, TX"]
    assert split_parts("Acme Tools, LLC") == ["Acme Tools, LLC"]
    # a lower-case word after a comma is no legal form
    assert split_list("Python, as needed") == ["Python", "as needed"]


def test_job_with_legal_form_company() -> None:
    doc = doc_of(
        "Jane Doe\n\nEXPERIENCE\n\nData Analyst | Lumen Health, Inc. | Austin, TX\n"
        "Jan 2019 - Mar 2021\n- Built dashboards\n"
    )
    job = doc["experience"]["experienceItems"][0]
    assert job["companyName"] == "Lumen Health, Inc."
    assert job["location"]["city"] == "Austin"


def test_projects_keep_description_and_link() -> None:
    lines = split_lines(
        "Recipe Recommender\nManaged budgets from $120,000 to $300,000 per quarter\n"
        "https://github.com/ana/recipes\n\nShop Analytics\nBuilt a dashboard, used daily\n"
        "https://github.com/ana/shop\n"
    )
    items = project_items(lines, 80)
    assert [i["title"] for i in items] == ["Recipe Recommender", "Shop Analytics"]
    assert items[0]["description"] == "Managed budgets from $120,000 to $300,000 per quarter"
    assert items[0]["projectUrl"] == "https://github.com/ana/recipes"
    assert items[1]["description"] == "Built a dashboard, used daily"


def test_projects_split_at_links_without_blank_lines() -> None:
    lines = split_lines("Alpha\nDid a thing\nhttps://a.dev/x\nBeta\nDid another\nhttps://b.dev/y")
    assert [i["title"] for i in project_items(lines, 80)] == ["Alpha", "Beta"]


def test_project_repository_link_stays_with_the_project() -> None:
    doc = doc_of(
        "Jane Doe\njane@example.org\n\nPROJECTS\n\nRecipe Recommender\nA meal planner\n"
        "https://github.com/janedoe/recipes\n\nSKILLS\n\nPython, SQL\n"
    )
    project = doc["projects"]["projectItems"][0]
    assert project["projectUrl"] == "https://github.com/janedoe/recipes"
    assert doc["contact"]["professionalLinks"] == []


def test_publication_venue_line_is_not_a_second_publication() -> None:
    lines = split_lines(
        "A field study of remote onboarding\nJournal of Applied Analytics, 2017\n"
        "Energy use of small data centres\nProceedings of CHI 2019, 2018\n"
    )
    items = publication_items(lines)
    assert items == [
        {
            "title": "A field study of remote onboarding",
            "publicationDate": "2017",
            "description": "Journal of Applied Analytics",
        },
        {
            "title": "Energy use of small data centres",
            "publicationDate": "2018",
            "description": "Proceedings of CHI 2019",
        },
    ]


def test_publication_month_and_year() -> None:
    items = publication_items(split_lines("Paper title\nIEEE Software (Mar 2019)."))
    assert items[0]["publicationDate"] == "Mar 2019"
    assert items[0]["description"] == "IEEE Software"


def test_citations_one_per_line_stay_whole() -> None:
    lines = split_lines("Smith, J. A paper. Nature 2019.\nNo date here\nAnother line")
    assert [i["title"] for i in publication_items(lines)] == [
        "Smith, J. A paper. Nature 2019.",
        "No date here",
        "Another line",
    ]


def test_skill_level_lines_are_not_categories() -> None:
    section = skills_section(
        split_lines("Terraform: Avanzado\nFigma: Básico\nKubernetes: Experto\nBudgeting: Experto")
    )
    assert section["skillCategories"] == []
    assert section["ungroupedSkills"] == ["Terraform", "Figma", "Kubernetes", "Budgeting"]
    assert section["proficiencyIndicators"]["Terraform"] == "Avanzado"


def test_a_skill_and_level_wrapped_in_a_narrow_column_keep_the_name_whole() -> None:
    # "Patient assessment: Intermediate" broken after its colon in a sidebar: the colon is
    # the separator, not part of the skill; a name that ends in a mark of its own keeps it.
    text = (
        "Patient assessment:\nIntermediate\nData visualisation —\nExpert\n"
        "Figma |\nExpert\nC++\nExpert"
    )
    section = skills_section(split_lines(text))
    assert section["ungroupedSkills"] == [
        "Patient assessment",
        "Data visualisation",
        "Figma",
        "C++",
    ]
    assert section["proficiencyIndicators"] == {
        "Patient assessment": "Intermediate",
        "Data visualisation": "Expert",
        "Figma": "Expert",
        "C++": "Expert",
    }


def test_skill_levels_in_brackets_and_after_dashes() -> None:
    section = skills_section(split_lines("Power BI (Experto), C++ (Intermédiaire), Go (Experto)"))
    assert section["ungroupedSkills"] == ["Power BI", "C++", "Go"]
    assert section["proficiencyIndicators"]["C++"] == "Intermédiaire"
    section = skills_section(split_lines("Go — Débutant\nSAP — Avancé\nPower BI — Avancé"))
    assert section["proficiencyIndicators"] == {
        "Go": "Débutant",
        "SAP": "Avancé",
        "Power BI": "Avancé",
    }
    # A level r2w has no word for, on a line of its own beside levels it knows.
    section = skills_section(split_lines("Go (Experto)\nPower BI (Avanzado)\nSQL (Básico)"))
    assert section["ungroupedSkills"] == ["Go", "Power BI", "SQL"]
    assert section["proficiencyIndicators"]["Go"] == "Experto"
    # Brackets that list things are no level.
    section = skills_section(split_lines("Python (Django, Flask)\nGo\nSQL (Advanced)"))
    assert section["ungroupedSkills"] == ["Python (Django, Flask)", "Go", "SQL"]


def test_skill_categories_stay_categories() -> None:
    section = skills_section(split_lines("Languages: Python, Java\nTools: Git\nDjango (Python)"))
    assert [c["categoryName"] for c in section["skillCategories"]] == ["Languages", "Tools"]
    assert section["proficiencyIndicators"] == {}


def test_tech_line_lists_technologies() -> None:
    doc = doc_of(
        "Jane Doe\n\nEXPERIENCE\n\nBackend Developer\nOrbit Systems\n2019 - 2020\n"
        "- Built an API\nTech: Go, AWS, Python\n"
    )
    job = doc["experience"]["experienceItems"][0]
    assert job["technologiesUsed"] == ["Go", "AWS", "Python"]


def test_trailing_bullet_glyph_of_right_to_left_lines() -> None:
    line = split_lines("Wrote the onboarding guide, used by 40 new hires ▪")[0]
    assert line.bullet and line.text == "Wrote the onboarding guide, used by 40 new hires"


def test_certificate_title_line_is_kept_whole() -> None:
    blocks = item_blocks(
        split_lines("AWS Certified Solutions Architect – Associate\nAmazon Web Services, 2019")
    )
    (item,) = certification_items(blocks, 80)
    assert item["title"] == "AWS Certified Solutions Architect – Associate"
    assert item["issuingOrganization"] == "Amazon Web Services"
    assert item["issueDate"] == "2019"


def test_certificate_on_one_line_with_a_date_below() -> None:
    blocks = item_blocks(split_lines("CCNA Routing and Switching, Cisco\n2019"))
    (item,) = certification_items(blocks, 80)
    assert item["title"] == "CCNA Routing and Switching"
    assert item["issuingOrganization"] == "Cisco"


def test_issuer_and_date_in_brackets_after_the_title() -> None:
    blocks = item_blocks(
        split_lines(
            "Machine Learning (Coursera, 2021)\nFirst Aid at Work (St John Ambulance, 2019)"
        )
    )
    items = course_items(blocks, 80)
    assert [(i["title"], i["institution"], i["dateRange"]["startDate"]) for i in items] == [
        ("Machine Learning", "Coursera", "2021"),
        ("First Aid at Work", "St John Ambulance", "2019"),
    ]
    # An abbreviation in brackets stays part of the name.
    (cert,) = certification_items(item_blocks(split_lines("Certified Scrum Master (CSM)")), 80)
    assert cert["title"] == "Certified Scrum Master (CSM)"


def test_an_issuer_named_by_its_domain_is_the_issuer_not_a_link() -> None:
    text = (
        "Professional Scrum Master I\nScrum.org · 2021\n\n"
        "Machine Learning, Coursera.org, https://coursera.org/verify/ABC123\n"
    )
    items = course_items(item_blocks(split_lines(text)), 80)
    assert [(i["title"], i["institution"], i["certificateUrl"]) for i in items] == [
        ("Professional Scrum Master I", "Scrum.org", None),
        ("Machine Learning", "Coursera.org", "https://coursera.org/verify/ABC123"),
    ]
    (cert,) = certification_items(
        item_blocks(split_lines("AWS Solutions Architect | www.credly.com")), 80
    )
    assert cert["verificationUrl"] == "www.credly.com"


def test_a_year_in_front_of_each_line_is_its_date() -> None:
    blocks = item_blocks(
        split_lines(
            "2021 · Machine Learning, Coursera\n2019 · First Aid at Work, St John Ambulance"
        )
    )
    items = course_items(blocks, 80)
    assert [(i["title"], i["institution"], i["dateRange"]["startDate"]) for i in items] == [
        ("Machine Learning", "Coursera", "2021"),
        ("First Aid at Work", "St John Ambulance", "2019"),
    ]


def test_campus_stays_in_the_school_name() -> None:
    doc = doc_of(
        "Jane Doe\n\nEDUCATION\n\n"
        "University of California, San Diego, B.Sc. Informatik, Zürich, Switzerland\n"
        "Jul 2014 - Jun 2016\n\nBSc Computer Science\nUniversity of Texas at Austin\n2010 - 2014\n"
    )
    first, second = doc["education"]["educationItems"]
    assert first["institution"] == "University of California, San Diego"
    assert first["location"]["city"] == "Zürich"
    assert second["institution"] == "University of Texas at Austin"


def test_dates_below_the_bullets_close_their_item() -> None:
    doc = doc_of(
        "Jane Doe\n\nEXPERIENCE\n\nAtlas Medical Group\nRegistered Nurse, Chicago, IL\n"
        "• Led a ward of 12\n• Wrote the onboarding guide\n09/2023 - Now\n"
        "Silverleaf Retail\nProduct Designer, Dubai, UAE\n• Ran A/B tests\nJul 2019 - Jul 2022\n"
    )
    first, second = doc["experience"]["experienceItems"]
    assert (first["companyName"], first["jobTitle"]) == ("Atlas Medical Group", "Registered Nurse")
    assert first["dateRange"]["startDate"] == "09/2023"
    assert first["responsibilitiesAndAchievements"] == [
        "Led a ward of 12",
        "Wrote the onboarding guide",
    ]
    assert (second["companyName"], second["jobTitle"]) == ("Silverleaf Retail", "Product Designer")
    assert second["dateRange"] == {
        "startDate": "Jul 2019",
        "endDate": "Jul 2022",
        "isCurrent": False,
    }


def test_spanish_month_abbreviations() -> None:
    span = find_dates("ago. 2007 — may. 2012")
    assert (span.start_date, span.end_date) == ("ago. 2007", "may. 2012")


def test_bullet_tail_that_reads_as_a_date_is_joined() -> None:
    bullet = Line("Wrote the guide, used by 74 new hires", "• Wrote the guide", True, False)
    tail = Line("since 2019", "since 2019", False, False, wraps=True)
    (joined,) = join_wrapped([bullet, tail], 80)
    assert joined.text == "Wrote the guide, used by 74 new hires since 2019"


def test_icon_heading_in_title_case_above_plain_lines() -> None:
    doc = doc_of(
        "Grace Schmidt\n\n◆ Experience\nSince 2023\nBackend Developer | Ironbridge Capital\n"
        "➤ Managed budgets\n\n◆ Skills\nPython, SQL\n"
    )
    (job,) = doc["experience"]["experienceItems"]
    assert job["companyName"] == "Ironbridge Capital"
    assert "Python" in doc["skills"]["ungroupedSkills"]


def test_bullets_sharing_a_glyph_are_not_headings() -> None:
    doc = doc_of("Jane Doe\n\nSKILLS\nPython, SQL\n\n• Leadership\n• Teamwork\n")
    assert doc["skills"]["ungroupedSkills"] == ["Python", "SQL", "Leadership", "Teamwork"]


def test_company_first_order_is_read_from_the_section() -> None:
    doc = doc_of(
        "Jane Doe\n\nBERUFSERFAHRUNG\n\nQuantum Harbor Inc. | Projektleiter\n2019 - 2021\n"
        "• Led the team\n\nSilverleaf Retail | Datenanalystin\n2016 - 2019\n• Built reports\n"
    )
    jobs = doc["experience"]["experienceItems"]
    assert [(j["companyName"], j["jobTitle"]) for j in jobs] == [
        ("Quantum Harbor Inc.", "Projektleiter"),
        ("Silverleaf Retail", "Datenanalystin"),
    ]


def test_first_bullet_without_glyph_opens_the_body() -> None:
    doc = doc_of(
        "Jane Doe\n\nEXPERIENCE\n\n2023 - Now\nHR Business Partner\nBluepeak Software, Austin, TX\n"
        "Introduced search service monitoring, which reduced incidents by 50%\n"
        "• Coordinated with sales teams to launch in 6 new markets\n"
        "Wrote the onboarding guide, used by 40 new hires\n"
        "2019 - 2022\nData Analyst\nHelios Energy GmbH, Chicago, IL\n• Mentored 9 colleagues\n"
    )
    first, second = doc["experience"]["experienceItems"]
    assert first["jobTitle"] == "HR Business Partner"
    assert first["companyName"] == "Bluepeak Software"
    assert first["responsibilitiesAndAchievements"] == [
        "Introduced search service monitoring, which reduced incidents by 50%",
        "Coordinated with sales teams to launch in 6 new markets",
        "Wrote the onboarding guide, used by 40 new hires",
    ]
    assert second["jobTitle"] == "Data Analyst"


def test_contact_block_inside_a_section_goes_to_contact() -> None:
    doc = doc_of(
        "Aisha Schmidt\n\nWORK EXPERIENCE\n\naisha@example.com\n+971 50 408 5163\nSan Diego, CA\n"
        "Date of birth: 16.01.1981\n\nAug 2020 – Present\nOperations Lead | Greenline Logistics\n"
        "• Negotiated contracts\n"
    )
    contact = doc["contact"]
    assert (contact["email"], contact["phone"]) == ("aisha@example.com", "+971 50 408 5163")
    assert contact["location"]["city"] == "San Diego"
    assert contact["dateOfBirth"] == "16.01.1981"
    (job,) = doc["experience"]["experienceItems"]
    assert (job["jobTitle"], job["companyName"]) == ("Operations Lead", "Greenline Logistics")


def test_language_level_wrapped_in_a_narrow_column() -> None:
    leftovers: list[str] = []
    lines = split_lines("English — Professional working\nproficiency\nArabic — Fluent")
    assert languages_section(lines, leftovers) == [
        {"language": "English", "proficiency": "Professional working proficiency"},
        {"language": "Arabic", "proficiency": "Fluent"},
    ]
    assert leftovers == []
    # In brackets, the bracket the wrapped tail closes is not part of the level.
    lines = split_lines("Italian (Professional working\nproficiency)\nGerman (Intermediate)")
    assert languages_section(lines, leftovers)[0] == {
        "language": "Italian",
        "proficiency": "Professional working proficiency",
    }


def test_another_columns_text_read_between_languages_is_never_joined_to_a_level() -> None:
    # A two-column page read in between: "months" ends a bullet of the main column.
    leftovers: list[str] = []
    lines = split_lines("English — Intermediate\nmonths\nfind churn drivers\nArabic — Fluent")
    items = languages_section(lines, leftovers)
    assert items[0] == {"language": "English", "proficiency": "Intermediate"}
    assert {"language": "Arabic", "proficiency": "Fluent"} in items


def test_language_then_level_without_separator() -> None:
    lines = split_lines("English Native speaker\nGerman: Native")
    assert languages_section(lines, []) == [
        {"language": "English", "proficiency": "Native speaker"},
        {"language": "German", "proficiency": "Native"},
    ]


def test_a_since_date_is_kept_verbatim_and_shown_without_present() -> None:
    """ "Since 2023" stays "Since 2023" (ongoing), and the site shows it as written."""
    from builder.filters import daterange

    doc = doc_of(
        "Grace Schmidt\n\nEXPERIENCE\nBackend Developer | Ironbridge Capital\nSince 2023\n"
        "• Managed budgets\n"
    )
    (job,) = doc["experience"]["experienceItems"]
    assert job["dateRange"]["startDate"] == "Since 2023" and job["dateRange"]["isCurrent"]
    assert daterange(job["dateRange"]) == "Since 2023"
    assert daterange({"startDate": "Jan 2023", "isCurrent": True}) == "Jan 2023 – Present"


def test_a_degree_in_its_subject_and_a_coursework_line_stay_as_written() -> None:
    """ "Master en informatique" is one degree (not "Master" at "informatique"), and a
    coursework line is kept whole with its label, not cut into a list."""
    doc = doc_of(
        "Grace Schmidt\n\nFORMATION\nMaster en informatique, Université de Lyon\n2015 - 2017\n"
        "Relevant coursework: Statistics, Databases, Operations Research\n"
    )
    (degree,) = doc["education"]["educationItems"]
    assert degree["degree"] == "Master en informatique"
    assert degree["institution"] == "Université de Lyon"
    line = "Relevant coursework: Statistics, Databases, Operations Research"
    assert degree["description"] == line
    assert degree["relevantCoursework"] == []


def test_a_job_at_a_company_is_still_two_values() -> None:
    """ "Ingeniero en Google" names a title and a company."""
    doc = doc_of("Ana Ruiz\n\nEXPERIENCIA\nIngeniero en Google\n2019 - 2021\n• Built tools\n")
    (job,) = doc["experience"]["experienceItems"]
    assert (job["jobTitle"], job["companyName"]) == ("Ingeniero", "Google")


def test_a_job_title_that_is_also_a_degree_word_still_splits_at_at() -> None:
    """ "Warehouse Associate at Amazon" is a title and a company, though "associate" can name
    a degree."""
    doc = doc_of("Ana Ruiz\n\nEXPERIENCE\nWarehouse Associate at Amazon\n2019 - 2021\n• Packed\n")
    (job,) = doc["experience"]["experienceItems"]
    assert (job["jobTitle"], job["companyName"]) == ("Warehouse Associate", "Amazon")


def test_volunteering_follows_the_header_order_of_the_jobs() -> None:
    # Neither "Silver Club" nor "Mentor" shows which part is the role; the jobs above do.
    doc = doc_of(
        "Jane Doe\n\nEXPERIENCE\n\nQuantum Harbor Inc.\nProject Manager\n2019 - 2021\n"
        "• Led the team\n\nVOLUNTEERING\n\nSilver Club\nMentor\n2018 - 2020\n• Ran workshops\n"
    )
    role = doc["volunteer"]["volunteerItems"][0]
    assert (role["organization"], role["role"]) == ("Silver Club", "Mentor")


def test_volunteering_without_jobs_keeps_its_first_part_as_the_role() -> None:
    doc = doc_of("Jane Doe\n\nVOLUNTEERING\n\nMentor\nSilver Club\n2018 - 2020\n• Ran workshops\n")
    role = doc["volunteer"]["volunteerItems"][0]
    assert (role["role"], role["organization"]) == ("Mentor", "Silver Club")


def test_a_labelled_detail_under_a_degree_stays_whole_and_out_of_the_header() -> None:
    """ "Thesis: search service at scale" is one detail: it is neither split at "at" nor read
    as part of the header, so the header's short last part is still the place."""
    doc = doc_of(
        "Jane Doe\n\nEDUCATION\nMcGill University | BA in Economics | Amsterdam | "
        "Apr 2011 — Jan 2015\nThesis: search service at scale\nGPA: 3.3/4.0\n"
    )
    degree = doc["education"]["educationItems"][0]
    assert degree["description"] == "Thesis: search service at scale"
    assert degree["location"]["city"] == "Amsterdam"
    assert degree["fieldOfStudy"] is None
    assert split_parts("Analyst at Acme") == ["Analyst", "Acme"]


def test_a_list_entry_wrapped_onto_the_next_line_stays_one_entry() -> None:
    """ "… Negotiation, Public" / "speaking": the entry goes on below, in lower case, even
    where its second word is also a heading word (Speaking is a section)."""
    text = (
        "Ingrid Moreau\n\nCore Skills\nSQL, AWS, Agile/Scrum,\nTypeScript, Tableau, Data\n"
        "visualisation, Negotiation, Public\nspeaking\n\nInterests\nChess, Rock\nclimbing, Baking\n"
    )
    doc = build_document(text)
    assert doc["skills"]["ungroupedSkills"] == [
        "SQL", "AWS", "Agile/Scrum", "TypeScript", "Tableau", "Data visualisation",
        "Negotiation", "Public speaking",
    ]  # fmt: skip
    assert doc["hobbies"]["hobbies"] == ["Chess", "Rock climbing", "Baking"]
    # Entries that each start a line with a capital are separate, even without commas.
    doc = build_document("Ana Ruiz\n\nSkills\nPython, SQL, Go\nExcel, Tableau\n")
    assert doc["skills"]["ungroupedSkills"] == ["Python", "SQL", "Go", "Excel", "Tableau"]


def test_a_place_cut_at_its_comma_joins_the_line_with_the_dates() -> None:
    text = (
        "Ingrid Carter\n\nWORK EXPERIENCE\n\n"
        "Brightwave Media | Sales Representative | Berlin,\nGermany | Jun 2023 – Apr 2024\n"
        "▪ Designed and ran A/B tests on the checkout flow\n"
    )
    job = build_document(text)["experience"]["experienceItems"][0]
    assert job["location"] == {"city": "Berlin", "state": None, "country": "Germany"}
    assert (job["jobTitle"], job["companyName"]) == ("Sales Representative", "Brightwave Media")
    assert job["dateRange"]["startDate"] == "Jun 2023" and not job["additionalData"]


def test_name_and_level_lines_in_a_narrow_column_stay_separate_entries() -> None:
    """Lines that each run to a sidebar's edge look wrapped, but each one pairs a name with
    a level by the same separator: they are entries of one list."""
    lines = [
        Line(text, text, False, i == 0, fill=0.95, wraps=i > 0, style=(1.0, False, False))
        for i, text in enumerate(
            ["React — Intermediate", "Patient assessment — Expert", "Negotiation — Beginner"]
        )
    ]
    assert [line.text for line in join_wrapped(lines, 40)] == [
        "React — Intermediate",
        "Patient assessment — Expert",
        "Negotiation — Beginner",
    ]
    # A header wrapped at a pipe is still one header.
    pipes = [
        Line("MSc Data Science | Sorbonne", "MSc Data Science | Sorbonne", False, True, fill=0.9),
        Line(
            "Université | Berlin, Germany", "Université | Berlin, Germany", False, False, wraps=True
        ),
    ]
    assert len(join_wrapped(pipes, 40)) == 1
    # Where the layout measured that the second line does not continue the first, it is
    # a value of its own.
    pipes[1] = replace(pipes[1], wraps=False)
    assert len(join_wrapped(pipes, 40)) == 2


def test_a_part_cut_at_the_column_edge_of_a_row_of_bars_is_one_part() -> None:
    """ "… | MSc Data" ran to its column's edge: "Science" before the next bar ends that part."""
    row = [
        Line("Technical University of Munich | MSc Data", "", False, True, fill=0.97),
        Line("Science | Chicago, IL | Oct 2008 - Mar", "", False, False, fill=0.98, wraps=True),
    ]
    assert rejoin_wrapped(row, 60) == [
        "Technical University of Munich | MSc Data Science | Chicago, IL | Oct 2008 - Mar"
    ]
    # Short of the edge, or where the layout measured that the next line does not continue
    # it, or with a date or a "City, ST" place before the bar, the next line is its own.
    short = [replace(row[0], fill=0.5), row[1]]
    assert len(rejoin_wrapped(short, 60)) == 2
    assert len(rejoin_wrapped([row[0], replace(row[1], wraps=False)], 60)) == 2
    for head in ("2010 | Chicago, IL", "Mountain View, CA | 2019 – 2021"):
        after = [row[0], Line(head, "", False, False, fill=0.5, wraps=True)]
        assert len(rejoin_wrapped(after, 60)) == 2


def test_labelled_details_inside_a_contact_line_go_to_their_fields() -> None:
    text = (
        "Lukas Haddad\nHR Business Partner\n\nlukas@example.com | (270) 488-2337 | San Diego, CA"
        " | Date of birth: 04.08.1992 | Driving license: B\n\n"
        "Profile\nHR partner for eight years.\n"
    )
    doc = build_document(text)
    assert doc["contact"]["dateOfBirth"] == "04.08.1992"
    assert doc["contact"]["drivingLicense"] == "B"
    assert doc["contact"]["phone"] == "(270) 488-2337"
    assert "Date of birth" not in (doc["unclassified_text"] or "")


def test_a_technologies_line_closes_its_job_and_never_opens_the_next() -> None:
    text = (
        "Ana Ruiz\n\nExperience\nHR Business Partner\nAtlas Medical Group, Chicago, IL\n"
        "Oct 2022 — Present\n▪ Introduced search service monitoring\nTech: React, Tableau\n\n"
        "Registered Nurse\nCedar & Finch LLP, San Diego, CA\nApr 2018 - Feb 2021\n"
        "▪ Negotiated contracts with suppliers\nTech: SAP, Power BI\n"
    )
    jobs = build_document(text)["experience"]["experienceItems"]
    assert [(j["jobTitle"], j["companyName"], j["technologiesUsed"]) for j in jobs] == [
        ("HR Business Partner", "Atlas Medical Group", ["React", "Tableau"]),
        ("Registered Nurse", "Cedar & Finch LLP", ["SAP", "Power BI"]),
    ]


def test_certificates_named_one_a_line_with_their_issuer_after_a_colon() -> None:
    text = (
        "Eve Lane\n\nLicenses & Certifications\n"
        "Registered Nurse (RN) License: Nursing and Midwifery Council (NMC), PIN: 12A3456B\n"
        "Basic Life Support (BLS) Certification: Resuscitation Council UK, Valid Until: 03/2027\n"
    )
    items = build_document(text)["certifications"]["certificationItems"]
    assert [(c["title"], c["issuingOrganization"]) for c in items] == [
        ("Registered Nurse (RN) License", "Nursing and Midwifery Council (NMC)"),
        ("Basic Life Support (BLS) Certification", "Resuscitation Council UK"),
    ]
    assert items[1]["expirationDate"] == "03/2027"


def test_employer_dash_title_above_a_line_with_only_place_and_dates() -> None:
    text = (
        "Sam Ortiz\n\nPROFESSIONAL EXPERIENCE\nTechVision Corp - VP of Product Management\n"
        "Seattle, WA | March 2020 - Present\n• Increased platform revenue by 275%\n\n"
        "EDUCATION\nMBA, Stanford University\nGraduated: June 2016 | GPA: 3.95/4.0 | Dean's List\n"
    )
    doc = build_document(text)
    job = doc["experience"]["experienceItems"][0]
    assert (job["jobTitle"], job["companyName"]) == ("VP of Product Management", "TechVision Corp")
    degree = doc["education"]["educationItems"][0]
    assert degree["dateRange"] == {"startDate": None, "endDate": "June 2016", "isCurrent": None}
    assert (degree["gpa"], degree["honors"], degree["description"]) == (
        "3.95/4.0",
        ["Dean's List"],
        None,
    )


def test_a_graduation_line_fills_the_date_and_reads_what_follows_it() -> None:
    text = "Ana Ruiz\n\nEducation\nMBA, Stanford University\nGraduated June 2016, Summa Cum Laude\n"
    degree = build_document(text)["education"]["educationItems"][0]
    assert degree["dateRange"]["endDate"] == "June 2016"
    assert degree["honors"] == ["Summa Cum Laude"] and degree["description"] is None


def test_repeated_contact_labels_are_read_without_recursion() -> None:
    text = "Ana Ruiz\n\nContact\n" + "Phone: " * 3000 + "+49 170 1234567\n"
    assert build_document(text)["contact"]["phone"] == "+49 170 1234567"


def test_a_web_address_cut_at_a_line_break_is_joined_again() -> None:
    text = (
        "Nora Novak\nResearch Assistant\n"
        "nora@example.com | +49 151 9460 3736 | linkedin.com/in/nora-\n"
        "novak | Zürich, Switzerland\n\n"
        "SUMMARY\nResearch assistant focused on measurable impact.\n"
    )
    contact = build_document(text)["contact"]
    assert [link["url"] for link in contact["professionalLinks"]] == ["linkedin.com/in/nora-novak"]
    assert contact["location"]["city"] == "Zürich"


def test_a_city_named_inside_the_school_is_not_read_twice() -> None:
    doc = doc_of(
        "Jane Doe\n\nEDUCATION\n\nBSc Computer Science    May 2009 — Oct 2012\n"
        "ETH Zürich, Zürich, Switzerland\n"
    )
    (degree,) = doc["education"]["educationItems"]
    assert degree["institution"] == "ETH Zürich"
    assert degree["location"] == {"city": "Zürich", "state": None, "country": "Switzerland"}


def test_a_town_r2w_does_not_know_among_contact_details_is_where_the_person_lives() -> None:
    doc = doc_of(
        "Paul Jensen\nProject Manager\n"
        "paul@example.org | (463) 746-5502 | Munich | linkedin.com/in/paul-jensen\n\n"
        "PROFILE\nProject manager with ten years in logistics.\n"
    )
    assert doc["contact"]["location"] == {"city": "Munich", "state": None, "country": None}
    assert not doc["unclassified_text"]


def test_a_course_wrapped_inside_its_brackets_stays_one_course() -> None:
    text = (
        "Jane Doe\n\nCOURSES\nLeadership Essentials (Harvard Business\nSchool Online, 2022)\n"
        "Data Visualisation with Tableau (Udemy,\n2023)\n"
    )
    courses = doc_of(text)["courses"]["courseItems"]
    assert [(c["title"], c["institution"]) for c in courses] == [
        ("Leadership Essentials", "Harvard Business School Online"),
        ("Data Visualisation with Tableau", "Udemy"),
    ]


def test_a_german_compound_job_title_is_told_from_the_company() -> None:
    """ "Lagerleiterin" and "Vertriebsmitarbeiter" end in role words ("leiterin",
    "mitarbeiter"): titles, whatever field is named in front, so the other part is the company."""
    text = (
        "Jana Vogt\njana.vogt@example.com\n\nBerufserfahrung\n"
        "Nordlicht Logistik, Lagerleiterin, Hamburg, Deutschland | 2019 – heute\n"
        "• Führung von zwölf Mitarbeitenden im Schichtbetrieb\n\n"
        "Elbtal Handel, Vertriebsmitarbeiter, Dresden, Deutschland | 2015 – 2019\n"
        "• Betreuung von 40 Großkunden in Sachsen\n"
    )
    jobs = build_document(text)["experience"]["experienceItems"]
    assert [(j["jobTitle"], j["companyName"]) for j in jobs] == [
        ("Lagerleiterin", "Nordlicht Logistik"),
        ("Vertriebsmitarbeiter", "Elbtal Handel"),
    ]


def test_entries_with_their_levels_in_brackets_stay_apart_in_a_spaced_list() -> None:
    """A sidebar list whose entries mostly stand apart (blank lines) joins a line without
    one to the entry above, unless both lines each name an entry and its level."""
    lines = split_lines(
        "Node.js (Expert)\nFigma (Basic)\n\nPublic speaking (Fluent)\n\nPower\nBI (Expert)\n\n"
        "Go (Expert)\n"
    )
    assert [line.text for line in join_list_items(lines)] == [
        "Node.js (Expert)",
        "Figma (Basic)",
        "Public speaking (Fluent)",
        "Power BI (Expert)",
        "Go (Expert)",
    ]


def test_a_sentence_cut_by_a_page_break_is_one_bullet() -> None:
    """A page's last line ran to the edge and the next page's first line (which the layout
    cannot measure against it: wraps is None) goes on with a capital: one bullet."""
    lines = [
        Line("Moved billing from virtual machines to managed", "", True, False, fill=0.95),
        Line("Kubernetes clusters for 40 services, cutting costs by a third.", "", False, False,
             fill=0.9, wraps=None),
    ]  # fmt: skip
    (joined,) = join_wrapped(lines, 60)
    assert joined.text.startswith("Moved billing") and joined.text.endswith("by a third.")


def test_a_header_of_parts_set_apart_by_bars_that_wrapped_stays_a_header() -> None:
    # A scan's words carry no weight: a wrapped line in body type is a sentence ran past its
    # column's edge, unless bars set its parts apart.
    from r2w.extraction.lines import is_header

    body_type = (1.0, False, False)
    head = "Marketing Manager | Kestrel Robotics | Berlin, Germany"
    raw = "Marketing Manager | Kestrel\nRobotics | Berlin, Germany"
    assert is_header(Line(head, raw, False, False, style=body_type))
    sentence = "Negotiated contracts with suppliers in Austin, saving money"
    raw = "Negotiated contracts with suppliers in\nAustin, saving money"
    assert not is_header(Line(sentence, raw, False, False, style=body_type))
    # A sentence that names tools between bars is still one: its parts are no header's.
    tools = "Built dashboards in Python | SQL | Tableau for the finance and sales teams"
    raw = "Built dashboards in Python | SQL | Tableau for\nthe finance and sales teams"
    assert not is_header(Line(tools, raw, False, False, style=body_type))
    sentence = "Led the migration – cutting hosting costs by a fifth across the group"
    raw = sentence.replace(" by", "\nby")
    assert not is_header(Line(sentence, raw, False, False, style=body_type))


def test_where_type_weight_is_unknown_a_wrapped_head_is_no_sentence_for_its_weight() -> None:
    # A scan's OCR reads every word in regular type: "set in body type" says nothing there.
    from r2w.extraction.lines import is_header

    regular = (1.0, False, False)
    head = "MSc Data Science, University of Texas at Austin, Dubai, UAE"
    raw = "MSc Data Science, University of Texas at\nAustin, Dubai, UAE"
    assert not is_header(Line(head, raw, False, False, style=regular))
    assert is_header(Line(head, raw, False, False, style=regular, weighted=False))
    # A wrapped bullet that lost its glyph still reads as a sentence there.
    for text in (
        "Negotiated contracts with regional suppliers in Hamburg, saving the company money",
        "Managed onboarding for new hires across three regional offices",
        "Coordinación de un equipo de ocho personas en Madrid y Sevilla",
    ):
        words = text.split()
        raw = " ".join(words[:5]) + "\n" + " ".join(words[5:])
        assert not is_header(Line(text, raw, False, False, style=regular, weighted=False)), text


def test_a_scanned_pdf_is_read_as_an_image_is(monkeypatch) -> None:
    # Its words come from OCR too: their weight is as unknown as a photo's.
    import r2w.extraction.heuristic as heuristic
    from r2w.extraction.reading.model import Page, Reading

    seen = {}

    def build(text, *, ocr, layout):
        seen["ocr"] = ocr
        return heuristic.build_document.__wrapped__(text, ocr=ocr, layout=layout)

    build.__wrapped__ = heuristic.build_document
    monkeypatch.setattr(heuristic, "build_document", build)
    text = "Ann Lee\nann@example.com\n\nSkills\nPython, SQL"
    scanned = Reading([Page(1, 600.0, 800.0, [])], "tesseract", ocr=True)
    heuristic.HeuristicExtractor().extract(text, kind="pdf", reading=scanned)
    assert seen["ocr"] is True
    heuristic.HeuristicExtractor().extract(text, kind="pdf", reading=None)
    assert seen["ocr"] is False


def test_a_scans_lines_are_read_as_of_unknown_weight() -> None:
    from r2w.extraction.header import Contact
    from r2w.extraction.heuristic import _text_lines

    text = "Ann Lee\n\nEducation\nMSc Data Science"
    assert all(not line.weighted for line in _text_lines(text, True, None, Contact()))
    assert all(line.weighted for line in _text_lines(text, False, None, Contact()))
