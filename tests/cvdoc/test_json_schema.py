"""The published JSON Schemas agree with the models."""

from __future__ import annotations

import json

import jsonschema
import pytest

from r2w.cvdoc import (
    SECTION_KEYS,
    document_json_schema,
    empty_document,
    extraction_json_schema,
    validate_document,
)
from r2w.cvdoc.types import HINT_FIELDS

Validator = jsonschema.Draft202012Validator


def test_document_schema_is_valid_json_schema():
    schema = document_json_schema()
    Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(SECTION_KEYS) <= set(schema["properties"])
    json.dumps(schema)  # serialisable as is


def test_normalised_documents_conform(full_document):
    validator = Validator(document_json_schema())
    for doc in (validate_document(full_document), empty_document()):
        assert list(validator.iter_errors(doc)) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"hero": {"nickname": "x"}},
        {"hero": {"fullName": 1}},
        {"projects": {"projectItems": [{"viewMode": "carousel"}]}},
        {"schemaVersion": 2},
    ],
)
def test_schema_rejects_what_validation_rejects(bad):
    assert not Validator(document_json_schema()).is_valid(bad)


def test_hint_and_derived_fields_are_marked():
    item = document_json_schema()["$defs"]["ExperienceItem"]["properties"]
    assert item["viewMode"]["x-r2w-display-hint"] is True
    assert item["duration"]["x-r2w-derived"] is True
    assert "x-r2w-derived" not in item["jobTitle"]


def test_extraction_schema_is_self_contained_and_hint_free(full_document):
    schema = extraction_json_schema()
    Validator.check_schema(schema)
    text = json.dumps(schema)
    assert "$ref" not in text and "$defs" not in text and "x-r2w" not in text
    item = schema["properties"]["experience"]["properties"]["experienceItems"]["items"]
    assert not set(HINT_FIELDS) & set(item["properties"])
    assert "schemaVersion" not in schema["properties"]
    assert "jobTitle" in item["properties"]


def test_extracted_content_conforms_to_the_extraction_schema(full_document):
    doc = validate_document(full_document)
    doc.pop("schemaVersion")
    for section in doc.values():
        for value in section.values() if isinstance(section, dict) else ():
            for item in value if isinstance(value, list) else ():
                for hint in HINT_FIELDS if isinstance(item, dict) else ():
                    item.pop(hint, None)
    assert list(Validator(extraction_json_schema()).iter_errors(doc)) == []
