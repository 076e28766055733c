"""The shared factories really produce what they promise."""

from __future__ import annotations

from typing import Any

from r2w.cvdoc import SECTION_KEYS, validate_document
from tests.builder.factories import full_document, make_spec, payload_document


def empty_paths(value: Any, path: str = "") -> list[str]:
    """Paths of every None, empty string, empty list or empty mapping inside value."""
    if value is None or value in ("", [], {}):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in empty_paths(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in empty_paths(v, f"{path}[{i}]")]
    return []


def test_full_document_fills_every_field_of_every_section():
    doc = validate_document(full_document())  # adds every field the schema knows, as null

    assert empty_paths(doc) == []
    assert all(doc[key] for key in SECTION_KEYS)


def test_payload_document_replaces_every_string():
    payload = "<b>x</b>"
    doc = validate_document(payload_document(payload))
    strings: list[str] = []

    def walk(value: Any, path: str = "") -> None:
        if isinstance(value, str):
            strings.append(path if value != payload else "")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(doc)
    kept = [p for p in strings if p]
    assert kept and all(p.endswith((".viewMode", ".textVariant")) for p in kept)


def test_spec_prefix_is_content_addressed():
    assert make_spec()["outputPrefix"] == make_spec(build_id="other")["outputPrefix"]
    assert make_spec()["outputPrefix"] != make_spec(theme="academic")["outputPrefix"]
