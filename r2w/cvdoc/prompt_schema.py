"""A compact JSON Schema of the extracted part of a CV document (for structured output)."""

from __future__ import annotations

from functools import cache
from typing import Any

from r2w.cvdoc.schema import CVDocument
from r2w.cvdoc.types import HINT

# Keywords that only describe the schema to people, and limits validation enforces anyway;
# dropping them saves prompt tokens.
_NOISE = {"title", "default", "maxLength", "maxItems"}
_NOT_ASKED = {"schemaVersion"}


def extraction_json_schema() -> dict[str, Any]:
    """Return the document schema with refs inlined and display hints/schemaVersion removed.

    Display hints are editor settings and schemaVersion is set by validation, so neither is
    asked of an extractor; the result is self-contained (no $ref), as tool schemas prefer.
    """
    return _build()


@cache
def _build() -> dict[str, Any]:
    schema = CVDocument.model_json_schema()
    defs = schema.pop("$defs", {})
    return _clean(_inline(schema, defs))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every "#/$defs/X" reference by a copy of X (the models are not recursive)."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs[node["$ref"].removeprefix("#/$defs/")]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _inline(merged, defs)
    return {key: _inline(value, defs) for key, value in node.items()}


def _clean(schema: Any) -> Any:
    """Drop noise keywords, r2w markers and fields an extractor must not fill."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _NOISE or key.startswith("x-r2w"):
            continue
        if key == "properties":
            out[key] = {
                name: _clean(prop)
                for name, prop in value.items()
                if name not in _NOT_ASKED and not (HINT.keys() & prop.keys())
            }
        elif key in ("items", "additionalProperties"):
            out[key] = _clean(value)
        elif key == "anyOf":
            out[key] = [_clean(option) for option in value]
        else:
            out[key] = value
    return out
