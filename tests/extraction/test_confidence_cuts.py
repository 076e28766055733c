"""Flags from provenance (cuts inside source words and lines) and from skills holding levels."""

from __future__ import annotations

import pytest

from r2w.cvdoc import iter_text_values
from r2w.extraction.confidence import review
from tests.extraction.test_confidence_flags import JOB, codes, job
from tests.extraction.test_confidence_provenance import document, flowing_reading, pdf_reading

# These tests are about the rules; the learned flag has tests of its own.
pytestmark = pytest.mark.usefixtures("rules_only")

SKILLS = "skills.ungroupedSkills"


@pytest.mark.parametrize(
    ("skill", "code"),
    [
        ("Expert", "level_as_skill"),
        ("Sehr gut", "level_as_skill"),
        ("(Avancé)", "level_as_skill"),
        ("Figma — Experto", "merged_values"),
        ("SAP (Experto)", "merged_values"),
        ("Python: Advanced", "merged_values"),
        ("Kubernetes Expert", "merged_values"),
        ("Tableau (متقدم)", "merged_values"),
    ],
)
def test_a_skill_list_holding_levels(skill: str, code: str) -> None:
    doc = document(skills={"ungroupedSkills": [skill]})
    assert (f"{SKILLS}[0]", code) in codes(doc, skill)


@pytest.mark.parametrize(
    "skill", ["Python", "Knowledge management", "Business English", "Customer knowledge", "C++"]
)
def test_ordinary_skills_are_quiet(skill: str) -> None:
    doc = document(skills={"ungroupedSkills": [skill]})
    assert codes(doc, skill) == set()


def test_a_skill_group_of_levels_is_named_after_a_skill() -> None:
    doc = document(skills={"skillCategories": [{"categoryName": "Excel", "skills": ["Expert"]}]})
    found = codes(doc, "Excel\nExpert")
    assert ("skills.skillCategories[0].categoryName", "level_as_skill") in found
    assert ("skills.skillCategories[0].skills[0]", "level_as_skill") in found


def test_a_bracket_left_open_means_a_cut_value() -> None:
    doc = document(skills={"ungroupedSkills": ["Kubernetes (Sehr", "Go"]})
    found = codes(doc, "Kubernetes (Sehr gut), Go")
    assert (f"{SKILLS}[0]", "split_value") in found
    assert not any(path == f"{SKILLS}[1]" for path, _ in found)  # its neighbour stays quiet


def test_a_value_cut_inside_a_source_word() -> None:
    text = "Analysed 258,000+ customer records with SQL"
    doc = document(projects={"projectItems": [{"title": "Churn", "description": "Analysed 258"}]})
    assert ("projects.projectItems[0].description", "split_value") in codes(doc, text)


def test_dates_written_as_one_word_are_not_cuts() -> None:
    doc = document(experience=job(dateRange={"startDate": "2018", "endDate": "2021"}))
    assert codes(doc, "2018-2021") == set()


def test_running_text_cut_at_a_comma_of_its_line() -> None:
    reading = flowing_reading("Introduced app monitoring, which reduced incidents by 26%")
    doc = document(projects={"projectItems": [{"description": "Introduced app monitoring"}]})
    found = codes(doc, "", reading)
    assert ("projects.projectItems[0].description", "split_value") in found


def test_one_source_line_broken_in_two() -> None:
    reading = pdf_reading((1, 100, "prepared forecasts, dashboards and reports"))
    value = "prepared forecasts\ndashboards and reports"
    doc = document(projects={"projectItems": [{"description": value}]})
    assert ("projects.projectItems[0].description", "split_value") in codes(doc, "", reading)


def test_two_source_lines_kept_as_two_are_quiet() -> None:
    reading = pdf_reading((1, 100, "Led the team of five"), (1, 120, "Shipped the app"))
    value = "Led the team of five\nShipped the app"
    doc = document(experience=job(responsibilitiesAndAchievements=[value]))
    assert codes(doc, "", reading) == set()


def test_a_whole_bullet_of_a_line_is_quiet() -> None:
    reading = pdf_reading((1, 100, "Mentored 6 colleagues, 3 of whom were promoted"))
    bullet = "Mentored 6 colleagues, 3 of whom were promoted"
    doc = document(experience=job(responsibilitiesAndAchievements=[bullet]))
    assert codes(doc, "", reading) == set()


@pytest.mark.parametrize(
    ("url", "flagged"),
    [
        ("https://github.com/jane/churn-model", True),
        ("gitlab.com/jane/app", True),
        ("https://github.com/jane", False),
        ("https://linkedin.com/in/jane", False),
    ],
)
def test_a_project_link_among_the_contact_links(url: str, flagged: bool) -> None:
    doc = document(contact={"professionalLinks": [{"platform": "GitHub", "url": url}]})
    expected = {("contact.professionalLinks[0].url", "wrong_kind")} if flagged else set()
    assert codes(doc, f"GitHub {url}") == expected


def test_a_word_broken_over_two_lines() -> None:
    text = "Managed budgets from $120,000 to $300,000 per quarter"
    value = "Managed budgets from $120\n000 to $300\n000 per quarter"
    doc = document(projects={"projectItems": [{"description": value}]})
    assert ("projects.projectItems[0].description", "split_value") in codes(doc, text)


@pytest.mark.parametrize(
    ("field", "value", "flagged"),
    [
        ("companyName", "Financial Controller", True),
        ("companyName", "Atlas Medical Group", False),
        ("jobTitle", "Cedar & Finch LLP", True),
        ("jobTitle", "Product Designer", False),
    ],
)
def test_a_job_title_and_a_company_swapped(field: str, value: str, flagged: bool) -> None:
    doc = document(experience=job(**{field: value}))
    expected = {(f"{JOB}.{field}", "wrong_kind")} if flagged else set()
    assert codes(doc, value) == expected


@pytest.mark.parametrize(
    ("hobby", "flagged"),
    [
        ("Research Assistant", True),
        ("Greenline Logistics Ltd", True),
        ("2018-2021 Sales Representative", True),
        ("Trail running", False),
        ("Chess", False),
    ],
)
def test_a_line_of_another_section_among_the_hobbies(hobby: str, flagged: bool) -> None:
    doc = document(hobbies={"hobbies": [hobby]})
    expected = {("hobbies.hobbies[0]", "wrong_kind")} if flagged else set()
    assert codes(doc, hobby) == expected


@pytest.mark.parametrize(
    ("bullet", "flagged"),
    [
        ("Ironbridge Capital Group", True),
        ("Product Designer, Lyon, France", True),
        ("Sales Representative, Atlas Group 2018 - 2021 and more", True),
        ("Led a team of 7 engineers", False),
        ("Cut costs by 20%", False),
    ],
)
def test_a_header_line_kept_as_a_bullet(bullet: str, flagged: bool) -> None:
    doc = document(experience=job(responsibilitiesAndAchievements=[bullet]))
    path = f"{JOB}.responsibilitiesAndAchievements[0]"
    assert ((path, "wrong_kind") in codes(doc, bullet)) is flagged


@pytest.mark.parametrize(
    ("title", "flagged"),
    [("IEEE Software, 2019", True), ("Proceedings of CHI 2014", False), ("Deep Nets", False)],
)
def test_a_date_stuck_to_a_name(title: str, flagged: bool) -> None:
    doc = document(publications={"publications": [{"title": title}]})
    expected = {("publications.publications[0].title", "merged_values")} if flagged else set()
    assert codes(doc, title) == expected


def test_lines_of_a_value_that_skip_a_source_line_still_show_a_broken_word() -> None:
    text = "Analysed 301,000+ records\nhttps://github.com/jane/66\nSaving $386,000 a year"
    value = "Analysed 301\n000+ records\nSaving $386\n000 a year"
    doc = document(projects={"projectItems": [{"title": "Tool", "description": value}]})
    assert ("projects.projectItems[0].description", "split_value") in codes(doc, text)


def _jobs(*items: dict) -> dict:
    return {"experienceItems": list(items)}


def test_an_entry_missing_what_its_siblings_have() -> None:
    full = {"jobTitle": "Engineer", "companyName": "Acme Ltd", "dateRange": {"startDate": "2019"}}
    doc = document(
        experience=_jobs(full, full, {"jobTitle": "Engineer", "companyName": "Acme Ltd"})
    )
    found = codes(doc, "Engineer Acme Ltd 2019")
    # Shown beside the entry's first value: the editor lists flags next to values.
    assert found == {("experience.experienceItems[2].jobTitle", "missing_detail")}


def test_two_entries_are_too_few_to_expect_a_usual_field() -> None:
    doc = document(
        experience=_jobs({"jobTitle": "Nurse"}, {"jobTitle": "Nurse", "companyName": "Acme Ltd"})
    )
    found = codes(doc, "Nurse Nurse Acme Ltd")
    assert not any(path.endswith("companyName") for path, _ in found)
    # A job's dates, though, are expected of every job once there are two.
    assert ("experience.experienceItems[0].jobTitle", "missing_detail") in found


def test_an_entry_with_far_more_points_than_its_siblings() -> None:
    points = [f"Shipped release number {n}" for n in range(8)]
    doc = document(
        experience=_jobs(
            {"responsibilitiesAndAchievements": points},
            {"responsibilitiesAndAchievements": points[:2]},
            {"responsibilitiesAndAchievements": points[2:4]},
        )
    )
    found = {path for path, code in codes(doc, "\n".join(points)) if code == "crowded_item"}
    bullets = f"{JOB}.responsibilitiesAndAchievements"
    assert found == {f"{bullets}[{n}]" for n in range(4, 8)}


def test_an_entry_whose_text_holds_another_entry_title() -> None:
    doc = document(
        projects={
            "projectItems": [
                {
                    "title": "Recipe Recommender",
                    "description": "Built it\nRecipe Recommender\nRan it",
                }
            ]
        }
    )
    found = codes(doc, "Recipe Recommender\nBuilt it\nRecipe Recommender\nRan it")
    assert ("projects.projectItems[0].description", "merged_items") in found


def test_a_job_title_in_another_language_or_a_compound_as_the_company() -> None:
    for title in ("Analyste financier", "Softwareentwicklerin"):
        doc = document(experience=job(companyName=title))
        assert codes(doc, title) == {(f"{JOB}.companyName", "wrong_kind")}


def test_another_entry_header_inside_a_description() -> None:
    value = "Thesis: checkout flow at scale\nETH Zürich University 2008 - 2012"
    doc = document(education={"educationItems": [{"institution": "Acme", "description": value}]})
    found = codes(doc, "Acme\n" + value)
    assert ("education.educationItems[0].description", "wrong_kind") in found


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        ("skillCategories", {"categoryName": "Figma — Intermediate", "skills": ["X"]}, "merged"),
        ("skillCategories", {"categoryName": "خبير", "skills": ["Go"]}, "level_as_skill"),
    ],
)
def test_a_skill_group_named_with_a_level(path: str, value: dict, code: str) -> None:
    doc = document(skills={path: [value]})
    found = codes(doc, " ".join([value["categoryName"], *value["skills"]]))
    assert any(
        p == "skills.skillCategories[0].categoryName" and c.startswith(code) for p, c in found
    )


def test_a_level_filed_under_a_key_holding_another_level() -> None:
    doc = document(skills={"proficiencyIndicators": {"Tableau — Expert Figma": "Intermediate"}})
    found = codes(doc, "Tableau — Expert Figma Intermediate")
    assert any(c == "merged_values" for _, c in found)


def test_skills_with_levels_left_in_the_skills_text() -> None:
    doc = document(skills={"description": "Budgeting Expert — Power BI Advanced — Excel"})
    found = codes(doc, "Budgeting Expert — Power BI Advanced — Excel")
    assert ("skills.description", "merged_values") in found


def test_a_date_range_that_ends_before_it_starts() -> None:
    doc = document(experience=job(dateRange={"startDate": "2024", "endDate": "2021"}))
    assert codes(doc, "2024 – 2021") == {(f"{JOB}.dateRange.startDate", "bad_date")}


def test_since_lost_from_a_start_date_without_an_end() -> None:
    doc = document(experience=job(jobTitle="Nurse", dateRange={"startDate": "2023"}))
    assert (f"{JOB}.dateRange.startDate", "split_value") in codes(doc, "Nurse\nSince 2023")
    doc = document(
        experience=job(jobTitle="Nurse", dateRange={"startDate": "2023", "endDate": "2024"})
    )
    assert codes(doc, "Nurse\nsince 2023 – 2024") == set()


def test_a_publication_without_a_date_is_flagged_on_its_empty_field() -> None:
    pubs = [{"title": "Deep Nets"}, {"title": "Wide Nets", "publicationDate": "2019"}]
    doc = document(publications={"publications": pubs})
    found = codes(doc, "Deep Nets\nWide Nets 2019")
    assert found == {("publications.publications[0].title", "missing_detail")}


def test_an_entry_with_nothing_naming_it() -> None:
    doc = document(
        experience=_jobs(
            {"jobTitle": "Nurse", "dateRange": {"startDate": "2019"}},
            {
                "dateRange": {"startDate": "2020"},
                "responsibilitiesAndAchievements": ["Ran the ward"],
            },
        )
    )
    found = codes(doc, "Nurse 2019\n2020 Ran the ward")
    assert (f"{JOB[:-3]}[1].responsibilitiesAndAchievements[0]", "nameless_item") in found
    assert (f"{JOB[:-3]}[1].dateRange.startDate", "nameless_item") in found
    assert not any(path.startswith("experience.experienceItems[0]") for path, _ in found)


def test_a_work_bullet_kept_as_a_hobby_without_a_name() -> None:
    items = [{"title": "Chess"}, {"description": "Introduced app monitoring, cutting incidents"}]
    doc = document(hobbies={"hobbyItems": items})
    found = codes(doc, "Chess\nIntroduced app monitoring, cutting incidents")
    assert ("hobbies.hobbyItems[1].description", "nameless_item") in found


@pytest.mark.parametrize("hobby", ["Switzerland", "Jul 2018"])
def test_a_place_or_a_date_among_the_hobbies(hobby: str) -> None:
    doc = document(hobbies={"hobbies": [hobby]})
    assert codes(doc, hobby) == {("hobbies.hobbies[0]", "wrong_kind")}


def test_running_text_that_stops_while_its_line_goes_on() -> None:
    reading = pdf_reading((1, 100, "Wrote the onboarding guide used by 106 new hires since 2017"))
    doc = document(experience=job(responsibilitiesAndAchievements=["Wrote the onboarding guide"]))
    found = codes(doc, "", reading)
    assert (f"{JOB}.responsibilitiesAndAchievements[0]", "split_value") in found


def test_a_start_date_whose_range_goes_on_in_the_file() -> None:
    doc = document(education={"educationItems": [{"dateRange": {"startDate": "Sep 2009"}}]})
    found = codes(doc, "Sep 2009 – Nov 2013")
    assert ("education.educationItems[0].dateRange.startDate", "split_value") in found


def test_every_flag_sits_on_a_value() -> None:
    doc = document(
        contact={"email": "jane@example.com"},
        experience=_jobs(
            {"jobTitle": "Nurse", "dateRange": {"startDate": "2019"}},
            {"jobTitle": "Nurse", "dateRange": {"startDate": "2020"}},
            {"responsibilitiesAndAchievements": ["Ran the ward"]},
        ),
        skills={"skillCategories": [{"categoryName": "Excel", "skills": ["Expert"]}]},
    )
    flags = review(doc, "jane@example.com Nurse 2019 Nurse 2020 Ran the ward Excel Expert", None)
    values = dict(iter_text_values(doc))
    assert flags.flags
    assert all(flag.path in values for flag in flags.flags)


def test_a_summary_starting_with_a_misread_capital_i() -> None:
    doc = document(summary={"summaryText": "| am a nurse who enjoys hard problems."})
    found = codes(doc, "| am a nurse who enjoys hard problems.")
    assert ("summary.summaryText", "stray_mark") in found


def test_running_text_cut_where_its_wrapped_line_goes_on() -> None:
    reading = pdf_reading(
        (1, 100, "Wrote the guide, used by 460 new"), (1, 112, "hires since 2013")
    )
    doc = document(
        experience=job(responsibilitiesAndAchievements=["Wrote the guide, used by 460 new"])
    )
    found = codes(doc, "", reading)
    assert (f"{JOB}.responsibilitiesAndAchievements[0]", "split_value") in found


@pytest.mark.parametrize("next_line", ["https://github.com/jane/7", "juin 2021", "Led the team"])
def test_a_next_line_that_starts_something_else_is_quiet(next_line: str) -> None:
    reading = pdf_reading((1, 100, "Wrote the onboarding guide"), (1, 112, next_line))
    doc = document(experience=job(responsibilitiesAndAchievements=["Wrote the onboarding guide"]))
    assert codes(doc, "", reading) == set()


def test_a_skill_read_as_a_company() -> None:
    doc = document(
        experience=job(jobTitle="Nurse", companyName="Kubernetes"),
        skills={"ungroupedSkills": ["Kubernetes", "Go"]},
    )
    found = codes(doc, "Nurse Kubernetes\nKubernetes, Go")
    assert (f"{JOB}.companyName", "wrong_kind") in found


def test_the_name_kept_among_the_hobbies_when_the_cv_has_none() -> None:
    doc = document(
        contact={"email": "elena.weber@example.org"},
        hobbies={"hobbies": ["Gardening", "Elena Weber", "Trail Running"]},
    )
    found = codes(doc, "elena.weber@example.org\nGardening, Elena Weber, Trail Running")
    assert found == {("hobbies.hobbies[1]", "wrong_kind")}


@pytest.mark.parametrize(
    ("skill", "flagged"),
    [("Photoshop - Terraform - SQL", True), ("Tableau -", True), ("Agile/Scrum", False)],
)
def test_several_skills_joined_in_one_entry(skill: str, flagged: bool) -> None:
    doc = document(skills={"ungroupedSkills": [skill]})
    assert ((f"{SKILLS}[0]", "merged_values") in codes(doc, skill)) is flagged


def test_a_skill_kept_as_a_language() -> None:
    doc = document(
        languages={"languageItems": [{"language": "SAP"}]},
        skills={"ungroupedSkills": ["SAP"]},
    )
    assert ("languages.languageItems[0].language", "wrong_kind") in codes(doc, "SAP\nSAP")


def test_a_language_level_filed_among_the_skills() -> None:
    doc = document(skills={"proficiencyIndicators": {"Portugués": "B2", "Python": "Expert"}})
    found = codes(doc, "Portugués B2 Python Expert")
    assert ('skills.proficiencyIndicators["Portugués"]', "wrong_kind") in found or (
        "skills.proficiencyIndicators.Portugués",
        "wrong_kind",
    ) in found
    assert not any("Python" in path for path, _ in found)


def test_an_end_date_whose_range_goes_on_in_the_file() -> None:
    doc = document(education={"educationItems": [{"dateRange": {"endDate": "Sep 2009"}}]})
    found = codes(doc, "Sorbonne | Sep 2009 – Nov\n2013")
    assert ("education.educationItems[0].dateRange.endDate", "split_value") in found


def test_a_graduation_date_alone_is_quiet() -> None:
    doc = document(education={"educationItems": [{"dateRange": {"endDate": "2016"}}]})
    assert codes(doc, "Sorbonne, 2016") == set()
