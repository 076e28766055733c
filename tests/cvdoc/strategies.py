"""Hypothesis strategies that generate CV documents from the published JSON Schema."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from r2w.cvdoc import document_json_schema

# Values that exercise the interesting paths: dates with an ISO form, country codes, words the
# JSON Resume mapping uses as markers, blanks (which become null) and non-Latin scripts.
SPECIAL = ["Sep 2024", "2019", "03/2021", "2020-01-31", "Present", "DE", "Website", "hobby"]
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from([*SPECIAL, "", "  ", "مرحبا", "東京"]),
)
KEYS = st.one_of(
    st.sampled_from(["url", "summary", "keywords", "level", "x-r2w"]), st.text(max_size=6)
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=2) | st.dictionaries(KEYS, children, max_size=2),
    max_leaves=4,
)


def documents() -> st.SearchStrategy[dict[str, Any]]:
    """Generate JSON objects that conform to document_json_schema()."""
    schema = document_json_schema()
    return _strategy(schema, schema.get("$defs", {}))


def _strategy(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Build a strategy for one schema node (the models are not recursive)."""
    if "$ref" in node:
        return _strategy(defs[node["$ref"].removeprefix("#/$defs/")], defs)
    if "anyOf" in node:
        return st.one_of(*(_strategy(option, defs) for option in node["anyOf"]))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "string":
        return TEXT
    if kind == "integer":
        return st.integers(min_value=0, max_value=10**6)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(_strategy(node["items"], defs), max_size=2)
    if kind == "object":
        return _object(node, defs)
    raise AssertionError(f"unexpected schema node {node}")


def _object(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Objects with fixed properties (any subset) or free mappings."""
    if "properties" in node:
        optional = {k: _strategy(v, defs) for k, v in node["properties"].items()}
        return st.fixed_dictionaries({}, optional=optional)
    values = node.get("additionalProperties")
    if isinstance(values, dict):
        return st.dictionaries(TEXT, _strategy(values, defs), max_size=2)
    return st.dictionaries(KEYS, JSON_VALUES, max_size=2)
