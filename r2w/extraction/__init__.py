"""Turning uploaded CV files into CV documents."""

from r2w.extraction.base import (
    ExtractionFailed,
    Extractor,
    extractor_from_name,
    extractor_from_settings,
)

__all__ = ["ExtractionFailed", "Extractor", "extractor_from_name", "extractor_from_settings"]
