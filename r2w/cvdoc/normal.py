"""Recognise a CV document already in normal form, without pydantic; validate anything else.

A document the app stored went through validate_document, so it is a fixed point of it: every
field present in dump order, no blank strings, no nulls where lists or objects belong, every
limit kept. Checking that shape (r2w/cvdoc/shape.py, generated from the models) costs well
under a millisecond, where importing the models costs ~150 ms. Anything that is not exactly in
normal form goes through the full validation, which normalises it or raises DocumentInvalid
with readable paths, so nothing unchecked ever passes.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from r2w.cvdoc.limits import check_free_data
from r2w.cvdoc.shape import SHAPE

_MODELS: dict[str, list[list[Any]]] = SHAPE["models"]
# Each model's keys in dump order: a normalised document has exactly these, in this order.
_ORDER = {name: [key for key, _ in fields] for name, fields in _MODELS.items()}


_EMPTY: dict[str, dict[str, Any]] = SHAPE["empty"]


def empty_document() -> dict[str, Any]:
    """A valid document with all 15 sections and no content (as r2w.cvdoc.empty_document)."""
    return copy.deepcopy(_EMPTY[SHAPE["root"]])


def with_defaults(document: Any) -> Any:
    """The document with every missing field of every item set to its default, in dump order.

    Validation does the same to a missing field, so validate_document gives the same result
    for both; what this adds lets a document built field by field (the extractors') pass
    is_normal without the models. Anything it does not recognise is left as it is.
    """
    return _fill(SHAPE["root"], document)


def is_normal(document: Any) -> bool:
    """True when validate_document(document) would return document unchanged."""
    return _model(SHAPE["root"], document)


def checked_document(document: Any) -> dict[str, Any]:
    """The document itself when already normal, otherwise validate_document's result.

    Raises r2w.cvdoc.errors.DocumentInvalid (from the full validation) on an invalid document.
    """
    if is_normal(document):
        return document
    from r2w.cvdoc.schema import validate_document  # the pydantic models, only when needed

    return validate_document(document)


def _fill(name: str, value: Any) -> Any:
    if type(value) is not dict or not set(value) <= set(_ORDER[name]):
        return value  # not this model: the full validation reports it
    filled = {}
    for key, spec in _MODELS[name]:
        filled[key] = (
            _fill_value(spec, value[key]) if key in value else copy.deepcopy(_EMPTY[name][key])
        )
    return filled


def _fill_value(spec: dict[str, Any], value: Any) -> Any:
    if "model" in spec:
        return _fill(spec["model"], value)
    if spec.get("type") == "array" and type(value) is list and "model" in spec["items"]:
        return [_fill(spec["items"]["model"], item) for item in value]
    return value


def _model(name: str, value: Any) -> bool:
    if type(value) is not dict or list(value) != _ORDER[name]:
        return False
    return all(_value(spec, value[key]) for key, spec in _MODELS[name])


def _value(spec: dict[str, Any], value: Any, blank_ok: bool = False) -> bool:
    if value is None:
        return spec.get("null", False)
    if "model" in spec:
        return _model(spec["model"], value)
    if "const" in spec:
        return type(value) is type(spec["const"]) and value == spec["const"]
    if "enum" in spec:
        return type(value) is str and value in spec["enum"]
    kind = spec["type"]
    if kind == "string":
        return _text(value, spec["max"], blank_ok)
    if kind == "integer":
        return type(value) is int
    if kind == "boolean":
        return type(value) is bool
    if kind == "array":
        limit = spec["max"]
        fits = type(value) is list and (limit is None or len(value) <= limit)
        return fits and all(_value(spec["items"], item) for item in value)
    if kind == "map":
        return _map(spec, value)
    if kind == "free":
        return _free(value)
    return False  # a spec this code does not know: let the full validation decide


def _text(value: Any, limit: int | None, blank_ok: bool = False) -> bool:
    # Blank strings are not normal in fields and lists: validation turns them into null or
    # drops them. Mappings of text keep them as written.
    if type(value) is not str or (limit is not None and len(value) > limit):
        return False
    return (blank_ok or bool(value.strip())) and _unicode(value)


def _unicode(value: str) -> bool:
    """False for lone surrogates (JSON can carry them): validation rejects them in text fields."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _map(spec: dict[str, Any], value: Any) -> bool:
    limit = spec["max"]
    if type(value) is not dict or (limit is not None and len(value) > limit):
        return False
    return all(
        _text(key, spec["keyMax"], blank_ok=True) and _value(spec["values"], item, blank_ok=True)
        for key, item in value.items()
    )


def _free(value: Any) -> bool:
    if type(value) is not dict:
        return False
    try:
        check_free_data(value)
    except ValueError:
        return False
    return _plain_json(value)


def _plain_json(value: Any) -> bool:
    """No subclasses and no NaN or infinity: values a JSON dump writes back unchanged."""
    if type(value) is dict:
        return all(type(k) is str and _unicode(k) and _plain_json(v) for k, v in value.items())
    if type(value) is list:
        return all(_plain_json(v) for v in value)
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is str:
        return _unicode(value)  # lone surrogates go to full validation (it rewrites keys)
    return value is None or type(value) in (int, bool)
