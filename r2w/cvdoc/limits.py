"""Size limits of CV documents and the check of free-form data (plain Python, no pydantic)."""

from __future__ import annotations

from typing import Any

# Limits protect the service (storage, rendering, prompt size) from oversized documents; they
# are far above anything a real CV needs, and exceeding them is a validation error, not a crash.
MAX_TEXT = 20_000
MAX_LONG_TEXT = 200_000
MAX_ITEMS = 500
MAX_DATA_DEPTH = 6
MAX_KEY = 200


def check_free_data(value: Any, depth: int = 0) -> None:
    """Reject free-form data that is too deep, too long or not plain JSON (raise ValueError)."""
    if depth > MAX_DATA_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DATA_DEPTH} levels")
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"a string is longer than {MAX_TEXT} characters")
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"an object has more than {MAX_ITEMS} keys")
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > MAX_KEY:
                raise ValueError(f"object keys must be strings of at most {MAX_KEY} characters")
            check_free_data(item, depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"a list has more than {MAX_ITEMS} items")
        for item in value:
            check_free_data(item, depth + 1)
    elif value is not None and not isinstance(value, bool | int | float):
        raise ValueError(f"unsupported value type {type(value).__name__}")
