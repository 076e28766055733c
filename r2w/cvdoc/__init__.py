"""The canonical CV document: models, validation, JSON Schema and interchange.

Names are loaded on first use: the pydantic models cost ~150 ms to build, and the builder
needs only the plain-Python parts (section keys, the normal-form check) when the document it
gets is already normalised.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from r2w.cvdoc.errors import DocumentInvalid
    from r2w.cvdoc.keys import SECTION_KEYS
    from r2w.cvdoc.migrate import CURRENT_VERSION, migrate_document
    from r2w.cvdoc.prompt_schema import extraction_json_schema
    from r2w.cvdoc.schema import (
        CVDocument,
        document_json_schema,
        empty_document,
        parse_document,
        validate_document,
    )
    from r2w.cvdoc.text_values import iter_text_values

# Public name -> the submodule that defines it.
_HOMES = {
    "CURRENT_VERSION": "migrate",
    "SECTION_KEYS": "keys",
    "CVDocument": "schema",
    "DocumentInvalid": "errors",
    "document_json_schema": "schema",
    "empty_document": "schema",
    "extraction_json_schema": "prompt_schema",
    "iter_text_values": "text_values",
    "migrate_document": "migrate",
    "parse_document": "schema",
    "validate_document": "schema",
}

__all__ = [
    "CURRENT_VERSION",
    "SECTION_KEYS",
    "CVDocument",
    "DocumentInvalid",
    "document_json_schema",
    "empty_document",
    "extraction_json_schema",
    "iter_text_values",
    "migrate_document",
    "parse_document",
    "validate_document",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
