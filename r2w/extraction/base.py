"""The extractor interface, its error contract and the registry of extractors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable


class ExtractionFailed(Exception):
    """Extraction did not produce a document; retryable tells whether trying later may help."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable

    def __reduce__(self):
        """Pickle with both fields: the offline path runs in a child process."""
        return type(self), (self.message, self.retryable)


@runtime_checkable
class Extractor(Protocol):
    """Turns CV text (and optionally the original file) into a validated CV document dict."""

    name: str
    version: str

    def extract(
        self,
        text: str,
        *,
        source: bytes | None = None,
        kind: str | None = None,
        reading: Any = None,
    ) -> dict[str, Any]:
        """Return a validated CV document; raise ExtractionFailed on failure.

        reading is the Reading (words with boxes and typography) the text came from, if any.
        """
        ...


def _heuristic(**settings: Any) -> Extractor:
    """Build the rule-based extractor (imported lazily: it pulls in its own dependencies)."""
    from r2w.extraction.heuristic import HeuristicExtractor

    return HeuristicExtractor(**settings)


def _claude(**settings: Any) -> Extractor:
    """Build the Claude-backed extractor (imported lazily: it imports the anthropic SDK)."""
    from r2w.extraction.claude import ClaudeExtractor

    return ClaudeExtractor(**settings)


EXTRACTORS: dict[str, Callable[..., Extractor]] = {"heuristic": _heuristic, "claude": _claude}


def extractor_from_name(name: str, **settings: Any) -> Extractor:
    """Build the extractor registered under name; ValueError lists the valid names."""
    try:
        factory = EXTRACTORS[name]
    except KeyError:
        valid = ", ".join(sorted(EXTRACTORS))
        raise ValueError(f"unknown extractor {name!r}; valid extractors: {valid}") from None
    return factory(**settings)


def extractor_from_settings(settings: Mapping[str, Any]) -> Extractor:
    """Build the extractor the settings name in CV_EXTRACTOR (with Claude's key and model)."""
    if settings["CV_EXTRACTOR"] == "claude":
        return extractor_from_name(
            "claude",
            api_key=settings["ANTHROPIC_API_KEY"],
            model=settings["ANTHROPIC_MODEL"],
            base_url=settings.get("ANTHROPIC_BASE_URL"),
        )
    return extractor_from_name(settings["CV_EXTRACTOR"])
