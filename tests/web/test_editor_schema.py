"""The editor's field description covers every section and field of the CV document."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from r2w.cvdoc import SECTION_KEYS, CVDocument
from r2w.web.editor_schema import _unwrap, editor_schema, humanise


def _model_paths(model: type[BaseModel], base: str) -> set[str]:
    """Every field path of a model, with "[]" for list items."""
    from typing import get_args, get_origin

    paths = set()
    for name, info in model.model_fields.items():
        path = f"{base}.{name}"
        annotation = _unwrap(info.annotation)
        paths.add(path)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths |= _model_paths(annotation, path)
        elif get_origin(annotation) is list:
            item = _unwrap(get_args(annotation)[0])
            if isinstance(item, type) and issubclass(item, BaseModel):
                paths |= _model_paths(item, path + "[]")
    return paths


def _described_paths(fields: list[dict], base: str) -> set[str]:
    paths = set()
    for field in fields:
        path = f"{base}.{field['key']}"
        paths.add(path)
        if field["kind"] == "group":
            paths |= _described_paths(field["fields"], path)
        if field["kind"] == "items":
            paths |= _described_paths(field["fields"], path + "[]")
    return paths


def test_all_fifteen_sections_in_document_order():
    sections = editor_schema()["sections"]
    assert [s["key"] for s in sections] == list(SECTION_KEYS)
    assert len(sections) == 15
    assert all(s["title"] for s in sections)


@pytest.mark.parametrize("key", SECTION_KEYS)
def test_every_field_of_every_section_is_described(key):
    section = next(s for s in editor_schema()["sections"] if s["key"] == key)
    model = _unwrap(CVDocument.model_fields[key].annotation)
    assert _described_paths(section["fields"], key) == _model_paths(model, key)


def test_widgets_match_the_field_types():
    sections = {s["key"]: s for s in editor_schema()["sections"]}
    experience = {f["key"]: f for f in sections["experience"]["fields"]}
    items = experience["experienceItems"]
    assert items["kind"] == "items" and items["noun"] == "job"
    fields = {f["key"]: f for f in items["fields"]}
    assert fields["responsibilitiesAndAchievements"]["kind"] == "lines"
    assert fields["responsibilitiesAndAchievements"]["hint"] == "One per line."
    assert fields["dateRange"]["kind"] == "group"
    assert {f["key"]: f["kind"] for f in fields["dateRange"]["fields"]}["isCurrent"] == "bool"
    assert fields["viewMode"]["kind"] == "select" and "timeline" in fields["viewMode"]["options"]
    assert fields["viewMode"].get("advanced") and fields["additionalData"]["kind"] == "json"
    skills = {f["key"]: f for f in sections["skills"]["fields"]}
    assert skills["proficiencyIndicators"]["kind"] == "map"
    speaking = {f["key"]: f for f in sections["speaking"]["fields"][0]["fields"]}
    assert speaking["audienceSize"]["kind"] == "number"
    assert sections["summary"]["fields"][0]["kind"] == "longtext"
    assert editor_schema()["other"]["key"] == "unclassified_text"


def test_advanced_fields_come_after_the_persons_own_fields():
    sections = {s["key"]: s for s in editor_schema()["sections"]}
    fields = sections["projects"]["fields"][0]["fields"]
    flags = [bool(f.get("advanced")) for f in fields]
    assert flags == sorted(flags)
    assert fields[0]["key"] == "title"


@pytest.mark.parametrize(
    ("name", "label"),
    [("companyName", "Company name"), ("projectUrl", "Project URL"), ("gpa", "GPA"),
     ("unclassified_text", "Other text from your CV")],
)  # fmt: skip
def test_labels_are_readable(name, label):
    assert humanise(name) == label
