"""The validation error of CV documents (plain Python, so checks without pydantic can raise it)."""

from __future__ import annotations


class DocumentInvalid(ValueError):
    """A CV document failed validation; errors carry readable field paths."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        summary = "; ".join(f"{e['path'] or '(document)'}: {e['message']}" for e in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"invalid CV document: {summary}{more}")
