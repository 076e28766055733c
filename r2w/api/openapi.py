"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Response

from r2w.api import bp

SPEC_FILE = Path(__file__).with_name("openapi.yaml")
LOCAL_REF = "#/$defs/"
COMPONENT_REF = "#/components/schemas/"


def _relink(node: Any) -> Any:
    """Point the document schema's local $defs references at the spec's components."""
    if isinstance(node, dict):
        return {
            key: COMPONENT_REF + value[len(LOCAL_REF) :]
            if key == "$ref" and isinstance(value, str) and value.startswith(LOCAL_REF)
            else _relink(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_relink(item) for item in node]
    return node


def document_components() -> dict[str, Any]:
    """CVDocument and its parts as OpenAPI component schemas, from the validation models."""
    from r2w.cvdoc import document_json_schema

    schema = _relink(document_json_schema())
    schema.pop("$schema", None)
    parts = schema.pop("$defs", {})
    return {**parts, "CVDocument": schema}


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    import yaml

    spec = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    spec["components"]["schemas"].update(document_components())
    return spec


def openapi_spec() -> dict[str, Any]:
    """The full description as a dict (a copy: callers may change it)."""
    return copy.deepcopy(_spec())


@lru_cache(maxsize=1)
def _spec_json() -> str:
    return json.dumps(_spec(), ensure_ascii=False, separators=(",", ":"))


@bp.get("/openapi.json")
def get_openapi():
    """This API's OpenAPI 3.1 description."""
    response = Response(_spec_json(), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
