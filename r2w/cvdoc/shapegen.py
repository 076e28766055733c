"""Write r2w/cvdoc/shape.py, the models' normal form as plain data: `python -m r2w.cvdoc.shapegen`.

The shape is derived from the pydantic models (their JSON Schema for types and limits, a dump
of each model's defaults for key order and missing fields), so r2w.cvdoc.normal can recognise
a normalised document without importing pydantic. tests/cvdoc/test_normal.py fails when the
written file no longer matches the models.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, StringConstraints

from r2w.cvdoc.schema import CVDocument

TARGET = Path(__file__).with_name("shape.py")
HEADER = '''"""The normal form of a CV document as plain data (generated; do not edit).

Regenerate with `python -m r2w.cvdoc.shapegen && ruff format r2w/cvdoc/shape.py` after changing
the models in r2w/cvdoc.
Each model maps to its fields in dump order; see r2w.cvdoc.normal for what each spec means.
"""

'''
# Code that runs during validation or dumping and that r2w.cvdoc.normal mirrors (blank text to
# null, null to empty lists/objects/sections, the free-data check, Item's key order). Anything
# else changes values in ways no JSON Schema shows, so generating the shape refuses it.
KNOWN_HOOKS = {
    "validator:blank_to_none",
    "validator:none_to_list",
    "validator:none_to_dict",
    "validator:none_to_model",
    "validator:free_data",
    "model_serializer:_own_fields_first",
}
# JSON Schema keywords that describe a field to people and do not constrain values.
_PROSE = {"title", "description", "default", "x-r2w-display-hint", "x-r2w-derived"}


class UnknownSchema(ValueError):
    """The models use a JSON Schema construct the normal-form check does not know."""


def _models(cls: type[BaseModel], found: dict[str, type[BaseModel]]) -> dict[str, Any]:
    """Every model class reachable from cls's fields, by class name."""
    found[cls.__name__] = cls

    def visit(annotation: Any) -> None:
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if is_model and annotation.__name__ not in found:
            _models(annotation, found)
        for arg in get_args(annotation):
            visit(arg)

    for field in cls.model_fields.values():
        visit(field.annotation)
    return found


def _metadata(annotation: Any) -> list[Any]:
    """Every Annotated metadata object inside an annotation (through unions and lists)."""
    found = list(annotation.__metadata__) if get_origin(annotation) is Annotated else []
    for arg in get_args(annotation):
        found += _metadata(arg)
    return found


def _hooks(cls: type[BaseModel]) -> set[str]:
    """Names of the validators, serializers and string transforms a model runs."""
    decorators = cls.__pydantic_decorators__
    hooks = {f"model_serializer:{name}" for name in decorators.model_serializers}
    for kind in ("validators", "field_validators", "root_validators", "model_validators",
                 "field_serializers", "computed_fields"):  # fmt: skip
        hooks |= {f"{kind}:{name}" for name in getattr(decorators, kind)}
    for field in cls.model_fields.values():
        for item in [*field.metadata, *_metadata(field.annotation)]:
            func = getattr(item, "func", None)
            if func is not None:
                hooks.add(f"validator:{func.__name__}")
            if isinstance(item, StringConstraints) and (
                item.strip_whitespace or item.to_upper or item.to_lower
            ):
                hooks.add("string transform")
    return hooks


def _spec(node: dict[str, Any]) -> dict[str, Any]:
    """The normal-form spec of one JSON Schema node (raises UnknownSchema on anything else)."""
    node = {k: v for k, v in node.items() if k not in _PROSE}
    options = node.get("anyOf")
    if options is not None and len(node) == 1:
        rest = [o for o in options if o != {"type": "null"}]
        if len(rest) == 1 and len(options) == 2:
            return {**_spec(rest[0]), "null": True}
    if set(node) == {"$ref"}:
        return {"model": node["$ref"].removeprefix("#/$defs/")}
    if set(node) == {"const", "type"}:
        return {"const": node["const"]}
    if set(node) == {"enum", "type"} and node["type"] == "string":
        return {"enum": list(node["enum"])}
    kind = node.get("type")
    if kind == "string" and set(node) <= {"type", "maxLength"}:
        return {"type": "string", "max": node.get("maxLength")}
    if kind in ("integer", "boolean") and set(node) == {"type"}:
        return {"type": kind}
    if kind == "array" and set(node) <= {"type", "items", "maxItems"}:
        return {"type": "array", "max": node.get("maxItems"), "items": _spec(node["items"])}
    if kind == "object" and node == {"type": "object", "additionalProperties": True}:
        return {"type": "free"}
    if kind == "object" and set(node) <= {
        "type",
        "additionalProperties",
        "maxProperties",
        "propertyNames",
    }:
        keys = node.get("propertyNames", {})
        if set(keys) - {"maxLength"}:
            raise UnknownSchema(f"unsupported propertyNames {keys}")
        return {
            "type": "map",
            "max": node.get("maxProperties"),
            "keyMax": keys.get("maxLength"),
            "values": _spec(node["additionalProperties"]),
        }
    raise UnknownSchema(f"no normal-form spec for {node}")


def build_shape() -> dict[str, Any]:
    """The shape of CVDocument: {"root": name, "hooks": [...], "models": {name: fields}}."""
    schema = CVDocument.model_json_schema(mode="validation")
    defs = {**schema.pop("$defs", {}), CVDocument.__name__: schema}
    models = _models(CVDocument, {})
    if set(models) != set(defs):
        raise UnknownSchema(f"models {sorted(models)} and schema $defs {sorted(defs)} differ")
    hooks = set().union(*(_hooks(cls) for cls in models.values()))
    if hooks - KNOWN_HOOKS:
        raise UnknownSchema(f"teach r2w.cvdoc.normal what these do: {sorted(hooks - KNOWN_HOOKS)}")
    shape: dict[str, Any] = {}
    empty: dict[str, Any] = {}
    for name in sorted(models):
        node = defs[name]
        if node.get("additionalProperties") is not False:
            raise UnknownSchema(f"{name} must forbid unknown fields")
        # Key order is the order a dump writes (Item's serializer moves hints last).
        empty[name] = models[name]().model_dump(mode="json", by_alias=True)
        order = list(empty[name])
        if set(order) != set(node["properties"]):
            raise UnknownSchema(f"{name}: dumped keys differ from the schema's properties")
        shape[name] = [[key, _spec(node["properties"][key])] for key in order]
    # Each model's defaults as a dump writes them: what validation puts in a missing field.
    return {"root": CVDocument.__name__, "hooks": sorted(hooks), "models": shape, "empty": empty}


def render() -> str:
    """The text of shape.py for the current models."""
    body = pprint.pformat(build_shape(), width=99, sort_dicts=False)
    return f"{HEADER}SHAPE = {body}\n"


def main() -> int:
    """Rewrite shape.py."""
    TARGET.write_text(render())
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
