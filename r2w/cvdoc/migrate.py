"""Forward migration of stored CV documents to the current schemaVersion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT_VERSION = 1

# MIGRATIONS[n] upgrades a version-n document to version n+1. Version 1 is the first versioned
# contract, so the table is empty until the contract changes; the loop below already applies it.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def document_version(data: dict[str, Any]) -> Any:
    """Return the document's schemaVersion; unversioned documents predate versioning (=1)."""
    version = data.get("schemaVersion")
    return 1 if version is None else version


def migrate_document(data: Any) -> Any:
    """Return a copy of data upgraded to CURRENT_VERSION (non-dicts are returned unchanged).

    Unknown or future versions are left as they are so validation reports them.
    """
    if not isinstance(data, dict):
        return data
    doc = dict(data)
    version = document_version(doc)
    if not isinstance(version, int) or isinstance(version, bool):
        return doc
    while version < CURRENT_VERSION and version in MIGRATIONS:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["schemaVersion"] = version
    if version == CURRENT_VERSION:
        doc["schemaVersion"] = version
    return doc
