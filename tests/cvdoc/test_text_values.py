"""iter_text_values: every extracted string with its path."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from r2w.cvdoc import DocumentInvalid, iter_text_values, parse_document, validate_document
from tests.cvdoc.strategies import documents

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def resolve(doc: dict[str, Any], path: str) -> Any:
    """Follow a path such as 'a.b[0]["odd key"]' through a document dict."""
    value: Any = doc
    for name, index, quoted in _STEP.findall(path):
        key = int(index) if index else (json.loads(quoted) if quoted else name)
        value = value[key]
    return value


def test_values_and_paths(full_document):
    values = dict(iter_text_values(full_document))
    assert values["hero.fullName"] == "Eleanor Vance"
    assert values["contact.location.city"] == "London"
    assert values["experience.experienceItems[0].jobTitle"] == "Lead Data Scientist"
    assert values["experience.experienceItems[0].dateRange.startDate"] == "Sep 2020"
    assert values["experience.experienceItems[0].responsibilitiesAndAchievements[1]"] == (
        "Cut costs 20%"
    )
    assert values["experience.experienceItems[0].additionalData.teamSize"] == "8"
    assert values["skills.proficiencyIndicators.Python"] == "Expert"
    assert values["hobbies.hobbies[1]"] == "بيانو"
    assert values["unclassified_text"] == "References available on request."


def test_hints_derived_fields_and_version_are_skipped(full_document):
    paths = [path for path, _ in iter_text_values(full_document)]
    assert "experience.experienceItems[0].duration" not in paths
    assert not [p for p in paths if p.endswith((".viewMode", ".textVariant", ".githubUrl"))]
    assert "schemaVersion" not in paths
    assert all(isinstance(v, str) for _, v in iter_text_values(full_document))


def test_order_follows_the_document(full_document):
    paths = [path for path, _ in iter_text_values(full_document)]
    assert paths[0] == "hero.fullName"
    assert paths.index("experience.experienceItems[0].jobTitle") < paths.index(
        "experience.experienceItems[0].additionalData.teamSize"
    )
    assert paths.index("experience.experienceItems[0].additionalData.teamSize") < paths.index(
        "experience.experienceItems[1].jobTitle"
    )


def test_odd_mapping_keys_are_quoted():
    doc = {"projects": {"projectItems": [{"additionalData": {"team size": "8", "a.b": ["x"]}}]}}
    assert list(iter_text_values(doc)) == [
        ('projects.projectItems[0].additionalData["team size"]', "8"),
        ('projects.projectItems[0].additionalData["a.b"][0]', "x"),
    ]


def test_accepts_models_and_rejects_invalid_dicts(full_document):
    model = parse_document(full_document)
    assert list(iter_text_values(model)) == list(iter_text_values(full_document))
    with pytest.raises(DocumentInvalid):
        list(iter_text_values({"hero": {"fullName": 3}}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_path_resolves_to_its_value(data):
    doc = validate_document(data)
    for path, value in iter_text_values(doc):
        assert resolve(doc, path) == value
