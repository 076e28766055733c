"""The scorer: each verdict, item alignment, composite fields, invented values and flags."""

from __future__ import annotations

from typing import Any

from corpus.gt import parse_gt
from corpus.score import describe, fold, misread, overlaps, score_document, unread_in
from r2w.cvdoc.schema import empty_document


def doc(**sections: dict[str, Any]) -> dict[str, Any]:
    """An empty CV document with some sections filled in."""
    document = empty_document()
    for key, value in sections.items():
        if isinstance(value, dict):
            document[key].update(value)
        else:
            document[key] = value
    return document


def verdicts(gt: str, document: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    score = score_document(parse_gt(gt), document, **kwargs)
    return {r.fact.label(): r.verdict for r in score.results}


def job(**fields: Any) -> dict[str, Any]:
    return {"responsibilitiesAndAchievements": [], **fields}


def test_fold_ignores_case_and_whitespace_only() -> None:
    assert fold("  Jan 2021\n—  MAY 2021 ") == "jan 2021 — may 2021"
    assert fold("ﬁnance") == "finance"  # NFKC: ligatures are letters
    assert fold("Jan 2021 - May 2021") != fold("Jan 2021 — May 2021")


def test_a_fact_in_its_field_is_right() -> None:
    document = doc(hero={"fullName": "ANN  LEE"}, contact={"email": "ann@example.com"})
    assert verdicts("name: Ann Lee\nemail: ann@example.com\n", document) == {
        "name": "right",
        "email": "right",
    }


def test_a_truncated_value_is_partly_right() -> None:
    document = doc(education={"educationItems": [{"institution": "University of California"}]})
    gt = "== edu\ninstitution: University of California, San Diego\n"
    assert verdicts(gt, document) == {"edu#1.institution": "partly"}


def test_a_value_split_at_its_comma_is_partly_right() -> None:
    bullet = "Managed budgets from $120,000 to $300,000 per quarter"
    document = doc(
        experience={
            "experienceItems": [
                job(
                    jobTitle="Lead",
                    responsibilitiesAndAchievements=[
                        "Managed budgets from $120",
                        "000 to $300,000 per quarter",
                    ],
                )
            ]
        }
    )
    gt = f"== exp\ntitle: Lead\nbullet: {bullet}\n"
    assert verdicts(gt, document)["exp#1.bullet"] == "partly"


def test_a_value_in_another_field_or_section_is_in_the_wrong_place() -> None:
    document = doc(
        hero={"fullName": "Ann Lee"},
        certifications={"certificationItems": [{"title": "Ann Lee"}]},
        unclassified_text="Nationality: Irish\nsomething else",
    )
    gt = "phone: +1 555 0100\nname: Ann Lee\nnationality: Irish\n== cert\ntitle: PMP\n"
    assert verdicts(gt, document) == {
        "phone": "missing",
        "name": "right",
        "nationality": "wrong_place",
        "cert#1.title": "missing",
    }


def test_a_company_merged_into_the_title_is_in_the_wrong_place_and_the_title_partly() -> None:
    document = doc(experience={"experienceItems": [job(jobTitle="Acme Corp - Engineer")]})
    gt = "== exp\ntitle: Engineer\ncompany: Acme Corp\n"
    assert verdicts(gt, document) == {"exp#1.title": "partly", "exp#1.company": "wrong_place"}


def test_items_are_aligned_by_content_not_by_position() -> None:
    document = doc(
        experience={
            "experienceItems": [
                job(jobTitle="Nurse", companyName="Clinic B"),
                job(
                    jobTitle="Engineer",
                    companyName="Acme",
                    responsibilitiesAndAchievements=["Built it"],
                ),
            ]
        }
    )
    gt = "== exp\ntitle: Engineer\ncompany: Acme\nbullet: Built it\n"
    gt += "== exp\ntitle: Nurse\ncompany: Clinic B\n"
    score = score_document(parse_gt(gt), document)
    assert {r.fact.label(): r.verdict for r in score.results} == dict.fromkeys(
        ["exp#1.title", "exp#1.company", "exp#1.bullet", "exp#2.title", "exp#2.company"], "right"
    )
    assert score.results[0].item_path == "experience.experienceItems[1]"


def test_a_fact_of_one_item_found_in_another_item_is_in_the_wrong_place() -> None:
    document = doc(
        experience={
            "experienceItems": [
                job(
                    jobTitle="Engineer",
                    companyName="Acme",
                    responsibilitiesAndAchievements=["Led the team"],
                ),
                job(jobTitle="Nurse", companyName="Clinic B"),
            ]
        }
    )
    gt = "== exp\ntitle: Engineer\ncompany: Acme\n"
    gt += "== exp\ntitle: Nurse\ncompany: Clinic B\nbullet: Led the team\n"
    assert verdicts(gt, document)["exp#2.bullet"] == "wrong_place"


def test_a_date_range_is_right_when_its_parts_give_it_back() -> None:
    def dated(start: str, end: str | None) -> dict[str, Any]:
        items = [job(jobTitle="Dev", dateRange={"startDate": start, "endDate": end})]
        return doc(experience={"experienceItems": items})

    gt = "== exp\ntitle: Dev\ndates: Jan 2021 — May 2021\n"
    assert verdicts(gt, dated("Jan 2021", "May 2021"))["exp#1.dates"] == "right"
    assert verdicts(gt, dated("Jan 2021", None))["exp#1.dates"] == "partly"
    assert (
        verdicts("== exp\ntitle: Dev\ndates: 03/2019 to present\n", dated("03/2019", "present"))[
            "exp#1.dates"
        ]
        == "right"
    )
    assert (
        verdicts("== exp\ntitle: Dev\ndates: Since 2022\n", dated("Since 2022", None))[
            "exp#1.dates"
        ]
        == "right"
    )
    assert (
        verdicts("== exp\ntitle: Dev\ndates: 2018–2020\n", dated("2018", "2021"))["exp#1.dates"]
        == "partly"
    )


def test_locations_are_compared_as_their_parts_joined() -> None:
    document = doc(
        contact={
            "location": {"city": "Los Angeles", "state": "CA 90291", "country": "United States"}
        }
    )
    assert verdicts("address: Los Angeles, CA 90291, United States\n", document) == {
        "address": "right"
    }


def test_skills_levels_languages_and_details() -> None:
    document = doc(
        skills={
            "skillCategories": [{"categoryName": "Tools", "skills": ["Figma"]}],
            "ungroupedSkills": ["Python"],
            "proficiencyIndicators": {"Python": "Expert"},
        },
        languages={"languageItems": [{"language": "English", "proficiency": "Native speaker"}]},
        education={
            "educationItems": [
                {
                    "degree": "BSc",
                    "fieldOfStudy": "Physics",
                    "description": "Dean's List, 2019\nThesis: lasers",
                }
            ]
        },
    )
    gt = (
        "skillcat: Tools\nskill: Figma\nskill: Python=Expert\nskill: Go\n"
        "== lang\nlanguage: English\nlevel: Native\n"
        "== edu\ndegree: BSc Physics\ndetail: Thesis: lasers\n"
    )
    assert verdicts(gt, document) == {
        "skillcat": "right",
        "skill": "missing",
        "level[Python]": "right",
        "lang#1.language": "right",
        "lang#1.level": "partly",
        "edu#2.degree": "right",
        "edu#2.detail": "right",
    }


def test_invented_values_are_the_unsupported_ones() -> None:
    document = doc(hero={"fullName": "Ann Lee", "professionalTitle": "Astronaut"})
    score = score_document(parse_gt("name: Ann Lee\n"), document, "Ann Lee\nEngineer\n")
    assert score.invented == ["hero.professionalTitle"]
    assert "invented    hero.professionalTitle" in describe(score)


def test_flags_on_a_wrong_value_or_its_item_make_it_not_silent() -> None:
    document = doc(
        hero={"fullName": "Ann"},
        experience={"experienceItems": [job(jobTitle="Acme - Dev"), job(jobTitle="Nurse")]},
    )
    gt = "name: Ann Lee\n== exp\ntitle: Dev\ncompany: Acme\n== exp\ntitle: Nurse\nlocation: Oslo\n"
    flags = ["experience.experienceItems[0].jobTitle"]
    score = score_document(parse_gt(gt), document, flags=flags)
    assert score.flags_available
    flagged = {r.fact.label(): r.flagged for r in score.results if r.verdict != "right"}
    assert flagged == {
        "name": False,
        "exp#1.title": True,
        "exp#1.company": True,
        "exp#2.location": False,
    }
    assert score.silent() == 2
    assert not score_document(parse_gt(gt), document).flags_available


def test_a_flag_on_an_empty_field_or_its_section_covers_a_missing_fact() -> None:
    gt = "email: ann@example.com\nphone: 555 0100\nskill: Go\n"
    score = score_document(parse_gt(gt), doc(), flags=["contact.email", "skills"])
    assert [(r.verdict, r.flagged) for r in score.results] == [
        ("missing", True),
        ("missing", False),
        ("missing", True),
    ]


def test_an_entry_read_nowhere_is_covered_only_by_a_flag_on_its_sections_lost_entries() -> None:
    document = doc(languages={"languageItems": [{"language": "German", "proficiency": None}]})
    gt = "== lang\nlanguage: German\n== lang\nlanguage: Italian\nlevel: Fluent\n"

    def missing_flagged(flags: list[str]) -> list[bool]:
        results = score_document(parse_gt(gt), document, flags=flags).results
        return [r.flagged for r in results if r.verdict == "missing"]

    # A flag on another entry's value, or on the whole section's values, says nothing of an
    # entry that was not read at all.
    assert missing_flagged(["languages.languageItems[0].language"]) == [False, False]
    assert missing_flagged(["languages.languageItems"]) == [False, False]
    assert missing_flagged([unread_in("languages")]) == [True, True]
    # And a flag saying entries may be missing covers no value that was read.
    right = score_document(parse_gt(gt), document, flags=[unread_in("languages")]).results[0]
    assert (right.verdict, right.flagged) == ("right", False)


def test_only_a_skill_read_nowhere_is_covered_by_its_sections_lost_entries() -> None:
    document = doc(skills={"ungroupedSkills": ["Kobernrtes", "Docker"]})
    gt = "skill: Kubernetes\nskill: Docker\nskill: Terraform\n"
    results = score_document(parse_gt(gt), document, flags=[unread_in("skills")]).results
    assert [(r.verdict, r.flagged) for r in results] == [
        ("partly", False),
        ("right", False),
        ("missing", True),
    ]


def test_overlap_needs_a_real_share_of_the_value() -> None:
    assert overlaps("University of California, San Diego", "University of California")
    assert not overlaps("Kubernetes", "Python")
    assert not overlaps("Senior Software Engineer at a large bank", "bank", strict=True)


def test_describe_lists_every_fact_that_is_not_right_with_what_was_found() -> None:
    document = doc(hero={"fullName": "Ann"})
    text = describe(score_document(parse_gt("name: Ann Lee\nemail: a@b.c\n"), document))
    assert "partly      name: 'Ann Lee' -> hero.fullName = 'Ann'" in text
    assert "missing     email: 'a@b.c'" in text
    assert text.splitlines()[-1].startswith("2 facts: right 0.0%, partly 50.0%")


def test_a_short_fact_named_inside_a_longer_value_elsewhere_is_not_found_there() -> None:
    document = doc(
        experience={
            "experienceItems": [
                job(
                    jobTitle="Dev",
                    responsibilitiesAndAchievements=["Built reports with SQL and Python"],
                    dateRange={"startDate": "Sep 2021", "endDate": "present"},
                )
            ]
        },
        certifications={
            "certificationItems": [
                {
                    "title": "PMP",
                    "description": "Certified Scrum Master (CSM), Scrum Alliance\n"
                    "AWS Certified Solutions Architect",
                }
            ]
        },
    )
    gt = "skill: SQL\n== cert\ntitle: PMP\ndate: 2021\n"
    gt += "== cert\ntitle: AWS Certified Solutions Architect – Associate\norg: Scrum Alliance\n"
    assert verdicts(gt, document) == {
        "skill": "missing",
        "cert#1.title": "right",
        "cert#1.date": "missing",
        "cert#2.title": "partly",
        "cert#2.org": "wrong_place",
    }


def test_alignment_prefers_the_item_holding_facts_exactly_and_a_merged_year_is_misplaced() -> None:
    document = doc(
        publications={
            "publications": [
                {"title": "Energy use of search workloads"},
                {"title": "Proceedings of CHI 2014, 2024"},
            ]
        }
    )
    gt = "== pub\ntitle: Energy use of search workloads\n"
    gt += "detail: Proceedings of CHI 2014\ndate: 2024\n"
    score = score_document(parse_gt(gt), document)
    # The detail sits whole inside another item; the year alone in a long value is not found.
    assert [r.verdict for r in score.results] == ["right", "wrong_place", "missing"]
    assert score.results[0].item_path == "publications.publications[0]"
    merged = doc(publications={"publications": [{"title": "Energy use, 2024"}]})
    gt = "== pub\ntitle: Energy use\ndate: 2024\n"
    assert verdicts(gt, merged) == {"pub#1.title": "partly", "pub#1.date": "wrong_place"}


def test_an_item_read_with_a_few_letters_wrong_is_aligned_and_partly_right() -> None:
    # OCR's "Mandarın" / "Muent": the item is found by its misread language, and the flags
    # on its values, which the person sees, cover its facts.
    misread_item = {"language": "Mandarın", "proficiency": "Muent"}
    german = {"language": "German", "proficiency": "Native"}
    document = doc(languages={"languageItems": [misread_item, german]})
    gt = "== lang\nlanguage: Mandarin\nlevel: Fluent\n== lang\nlanguage: German\nlevel: Native\n"
    flags = ["languages.languageItems[0].language", "languages.languageItems[0].proficiency"]
    score = score_document(parse_gt(gt), document, flags=flags)
    assert [(r.verdict, r.item_path, r.flagged) for r in score.results] == [
        ("partly", "languages.languageItems[0]", True),
        ("missing", "languages.languageItems[0]", True),
        ("right", "languages.languageItems[1]", False),
        ("right", "languages.languageItems[1]", False),
    ]
    # Without the misreading the item is not found, and its facts are missing, unflagged.
    document["languages"]["languageItems"][0]["language"] = "Mndrn"
    score = score_document(parse_gt(gt), document, flags=flags)
    assert [(r.verdict, r.flagged) for r in score.results[:2]] == [("missing", False)] * 2


def test_misread_allows_an_edit_in_five_characters_of_a_long_enough_value() -> None:
    assert misread("Mandarin", "Mandarın") and misread("Kubernetes", "Kobernrtes")
    assert misread("University of Toronto", "University of Toranto")
    # Two values of one kind, however alike, are not one misread.
    for fact, other in [
        ("Spanish", "Danish"),
        ("Hiking", "Biking"),
        ("Austria", "Australia"),
        ("MySQL", "MSSQL"),
        ("Manager", "Management"),
        ("Java", "JavaScript"),
    ]:
        assert not misread(fact, other), (fact, other)
    # A value with digits is never a misread: another year, month or phone number is another.
    assert not misread("May 2019", "May 2018") and not misread("Jan 2020", "Jun 2020")
    assert not misread("+33 6 54 94 42 00", "+33 6 54 94 42 08")
