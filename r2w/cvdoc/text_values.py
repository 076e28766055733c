"""Walk a CV document's extracted text values with their field paths."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from r2w.cvdoc.schema import CVDocument, parse_document
from r2w.cvdoc.types import DERIVED, HINT

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NOT_EXTRACTED = {*HINT, *DERIVED}


def iter_text_values(doc: CVDocument | dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (path, text) for every extracted string value, in document order.

    Display hints, derived fields (such as experience duration) and schemaVersion are skipped
    because they are not text taken from the CV. Paths look like
    "experience.experienceItems[0].jobTitle"; mapping keys appear as ".key" or '["odd key"]'.
    A dict is validated first (DocumentInvalid if it is not a valid document).
    """
    model = doc if isinstance(doc, CVDocument) else parse_document(doc)
    yield from _walk(model, "")


def is_extracted(info: FieldInfo) -> bool:
    """Tell whether a model field holds text taken from the CV (not a hint or derived value)."""
    extra = info.json_schema_extra
    return not (isinstance(extra, dict) and _NOT_EXTRACTED & extra.keys())


@functools.cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """A model's fields that hold extracted text, own fields first and free facts last (the
    order a reader meets them in the CV); worked out once per model class."""
    fields = sorted(model.model_fields.items(), key=lambda f: f[0] == "additionalData")
    return tuple(n for n, info in fields if n != "schemaVersion" and is_extracted(info))


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Recurse through models, lists and mappings yielding string leaves."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in _text_fields(type(value)):
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, _key_path(path, str(key)))


def _key_path(path: str, key: str) -> str:
    """Append a mapping key to a path, quoting keys that are not plain identifiers."""
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
