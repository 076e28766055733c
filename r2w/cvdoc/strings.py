"""Every string inside a document or any nested value (plain Python: no models loaded)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def iter_strings(value: Any) -> Iterator[str]:
    """Yield every string inside nested dicts, lists and tuples (values, never dict keys)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_strings(item)
