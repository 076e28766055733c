"""The canonical CV document: models, validation, JSON Schema and interchange."""

from r2w.cvdoc.migrate import CURRENT_VERSION, migrate_document
from r2w.cvdoc.prompt_schema import extraction_json_schema
from r2w.cvdoc.schema import (
    SECTION_KEYS,
    CVDocument,
    DocumentInvalid,
    document_json_schema,
    empty_document,
    parse_document,
    validate_document,
)
from r2w.cvdoc.text_values import iter_text_values

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
