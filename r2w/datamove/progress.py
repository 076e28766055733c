"""Progress of a move as JSON lines: one per batch of rows or files, never one per row."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol


class Emit(Protocol):
    """Receives one progress event: a name and its fields."""

    def __call__(self, event: str, **fields: Any) -> None: ...


class JsonLines:
    """Writes each progress event as one JSON line through ``write``."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write

    def __call__(self, event: str, **fields: Any) -> None:
        """Write ``{"ts", "event", **fields}`` as one line."""
        record = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": event}
        record.update(fields)
        self._write(json.dumps(record, ensure_ascii=False, default=str))


def silent(event: str, **fields: Any) -> None:
    """Discard a progress event."""
