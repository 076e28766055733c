"""Validation and normalisation of CV documents."""

from __future__ import annotations

from typing import Any

import pytest

import r2w.cvdoc.migrate as migrate
from r2w.cvdoc import (
    SECTION_KEYS,
    CVDocument,
    DocumentInvalid,
    empty_document,
    migrate_document,
    parse_document,
    validate_document,
)
from r2w.cvdoc.types import MAX_ITEMS, MAX_TEXT

ITEM_LISTS = {
    "experience": "experienceItems",
    "education": "educationItems",
    "skills": "skillCategories",
    "projects": "projectItems",
    "achievements": "achievements",
    "certifications": "certificationItems",
    "languages": "languageItems",
    "courses": "courseItems",
    "volunteer": "volunteerItems",
    "publications": "publications",
    "speaking": "speakingEngagements",
    "hobbies": "hobbyItems",
}


def _errors(data: Any) -> dict[str, str]:
    """Validate data expecting failure; return {path: error type}."""
    with pytest.raises(DocumentInvalid) as caught:
        validate_document(data)
    return {e["path"]: e["type"] for e in caught.value.errors}


def test_full_document_validates_unchanged(full_document):
    doc = validate_document(full_document)
    assert doc["hero"]["fullName"] == "Eleanor Vance"
    assert doc["experience"]["experienceItems"][0]["dateRange"]["startDate"] == "Sep 2020"
    assert doc["hobbies"]["hobbies"] == ["Chess", "بيانو"]
    assert doc["speaking"]["speakingEngagements"][0]["audienceSize"] == 300
    assert validate_document(doc) == doc  # normalising is idempotent


def test_output_has_every_section_in_order(full_document):
    doc = validate_document(full_document)
    assert list(doc) == [*SECTION_KEYS, "unclassified_text", "schemaVersion"]
    assert len(SECTION_KEYS) == 15


@pytest.mark.parametrize("section", SECTION_KEYS)
def test_each_section_validates_on_its_own(full_document, section):
    doc = validate_document({section: full_document[section]})
    assert doc[section] == validate_document(full_document)[section]
    others = [k for k in SECTION_KEYS if k != section]
    assert all(doc[k] == empty_document()[k] for k in others)


def test_empty_document_is_valid_and_complete():
    doc = empty_document()
    assert validate_document(doc) == doc
    assert doc["schemaVersion"] == 1
    assert doc["unclassified_text"] is None
    for section, field in ITEM_LISTS.items():
        assert doc[section][field] == []
    assert doc["contact"]["professionalLinks"] == []
    assert doc["skills"]["proficiencyIndicators"] == {}


def test_empty_strings_become_null_and_lists_stay_lists():
    doc = validate_document(
        {
            "hero": {"fullName": "", "professionalTitle": "   "},
            "contact": {"professionalLinks": None, "location": {"city": ""}},
            "experience": {"experienceItems": [{"jobTitle": "", "technologiesUsed": ["", "Go"]}]},
            "summary": None,
            "unclassified_text": "",
        }
    )
    assert doc["hero"]["fullName"] is None
    assert doc["hero"]["professionalTitle"] is None
    assert doc["contact"]["professionalLinks"] == []
    assert doc["contact"]["location"] == {"city": None, "state": None, "country": None}
    item = doc["experience"]["experienceItems"][0]
    assert item["jobTitle"] is None
    assert item["technologiesUsed"] == ["Go"]
    assert item["responsibilitiesAndAchievements"] == []
    assert doc["summary"]["additionalData"]["keySpecializations"] == []
    assert doc["unclassified_text"] is None


def test_text_is_kept_verbatim():
    text = "  Sep 2024 — «Présent» 東京 مرحبا\n"
    doc = validate_document({"experience": {"experienceItems": [{"duration": text}]}})
    assert doc["experience"]["experienceItems"][0]["duration"] == text


@pytest.mark.parametrize(
    ("data", "path", "kind"),
    [
        ({"hero": {"fullName": 5}}, "hero.fullName", "string_type"),
        (
            {"experience": {"experienceItems": [{}, {"jobTitle": ["x"]}]}},
            "experience.experienceItems[1].jobTitle",
            "string_type",
        ),
        ({"experience": {"experienceItems": {}}}, "experience.experienceItems", "list_type"),
        (
            {"education": {"educationItems": [{"dateRange": {"isCurrent": "maybe"}}]}},
            "education.educationItems[0].dateRange.isCurrent",
            "bool_parsing",
        ),
        (
            {"speaking": {"speakingEngagements": [{"audienceSize": "many"}]}},
            "speaking.speakingEngagements[0].audienceSize",
            "int_parsing",
        ),
        (
            {"skills": {"proficiencyIndicators": {"Python": 3}}},
            "skills.proficiencyIndicators.Python",
            "string_type",
        ),
        (
            {"projects": {"projectItems": [{"viewMode": "carousel"}]}},
            "projects.projectItems[0].viewMode",
            "literal_error",
        ),
        ({"contact": "me@example.com"}, "contact", "model_type"),
        ({"schemaVersion": 2}, "schemaVersion", "literal_error"),
    ],
)
def test_wrong_types_are_reported_with_readable_paths(data, path, kind):
    assert _errors(data) == {path: kind}


def test_lax_numbers_and_booleans_are_accepted():
    doc = validate_document(
        {
            "summary": {"additionalData": {"yearsOfExperience": "12"}},
            "experience": {"experienceItems": [{"dateRange": {"isCurrent": "true"}}]},
        }
    )
    assert doc["summary"]["additionalData"]["yearsOfExperience"] == 12
    assert doc["experience"]["experienceItems"][0]["dateRange"]["isCurrent"] is True


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"photo": "x"}, "photo"),
        ({"hero": {"nickname": "x"}}, "hero.nickname"),
        ({"projects": {"projectItems": [{"stars": 3}]}}, "projects.projectItems[0].stars"),
        ({"contact": {"location": {"street": "x"}}}, "contact.location.street"),
        ({"summary": {"additionalData": {"mood": "x"}}}, "summary.additionalData.mood"),
    ],
)
def test_unknown_fields_are_rejected(data, path):
    assert _errors(data) == {path: "extra_forbidden"}


def test_additional_data_holds_free_facts():
    facts = {"clearance": "SC", "teams": [{"name": "Core", "size": 8}], "remote": True}
    doc = validate_document({"projects": {"projectItems": [{"additionalData": facts}]}})
    assert doc["projects"]["projectItems"][0]["additionalData"] == facts


@pytest.mark.parametrize(
    ("data", "path", "kind"),
    [
        ({"hero": {"fullName": "x" * (MAX_TEXT + 1)}}, "hero.fullName", "string_too_long"),
        (
            {"skills": {"ungroupedSkills": ["x"] * (MAX_ITEMS + 1)}},
            "skills.ungroupedSkills",
            "too_long",
        ),
        (
            {"projects": {"projectItems": [{}] * (MAX_ITEMS + 1)}},
            "projects.projectItems",
            "too_long",
        ),
        (
            {"projects": {"projectItems": [{"additionalData": {"a": [[[[[[["deep"]]]]]]]}}]}},
            "projects.projectItems[0].additionalData",
            "value_error",
        ),
        (
            {"courses": {"courseItems": [{"additionalData": {"a": "x" * (MAX_TEXT + 1)}}]}},
            "courses.courseItems[0].additionalData",
            "value_error",
        ),
        (
            {"courses": {"courseItems": [{"additionalData": {"a": {1, 2}}}]}},
            "courses.courseItems[0].additionalData",
            "value_error",
        ),
    ],
    ids=["long-text", "long-list", "many-items", "deep-data", "long-data", "non-json-data"],
)
def test_limits_give_validation_errors(data, path, kind):
    assert _errors(data) == {path: kind}


def test_unclassified_text_may_be_long():
    text = "x" * (MAX_TEXT * 2)
    assert validate_document({"unclassified_text": text})["unclassified_text"] == text


@pytest.mark.parametrize("data", [None, [], "doc", 3])
def test_non_objects_are_invalid(data):
    assert _errors(data) == {"": "dict_type"}


def test_document_invalid_is_a_value_error_naming_paths():
    with pytest.raises(ValueError, match=r"hero\.fullName"):
        validate_document({"hero": {"fullName": 1}})


def test_parse_document_returns_the_model(full_document):
    model = parse_document(full_document)
    assert isinstance(model, CVDocument)
    assert model.experience.experienceItems[0].companyName == "Acme Analytics"


def test_unversioned_documents_are_version_one():
    assert migrate_document({"hero": {}}) == {"hero": {}, "schemaVersion": 1}
    assert validate_document({"schemaVersion": None})["schemaVersion"] == 1


def test_migrations_run_forward_in_order(monkeypatch: pytest.MonkeyPatch):
    def rename_title(doc: dict[str, Any]) -> dict[str, Any]:
        hero = dict(doc.get("hero") or {})
        hero["headline"] = hero.pop("professionalTitle", None)
        return {**doc, "hero": hero}

    monkeypatch.setattr(migrate, "CURRENT_VERSION", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, rename_title)
    old = {"hero": {"professionalTitle": "Chemist"}}
    assert migrate_document(old) == {"hero": {"headline": "Chemist"}, "schemaVersion": 2}
    assert old == {"hero": {"professionalTitle": "Chemist"}}  # input left untouched


def test_future_versions_are_left_for_validation_to_reject():
    assert migrate_document({"schemaVersion": 7}) == {"schemaVersion": 7}
    assert migrate_document(["not", "a", "dict"]) == ["not", "a", "dict"]
