"""Confidence in an extracted CV document: where each value came from and what may be wrong."""

from r2w.extraction.confidence.model import CODES, Flag, Review
from r2w.extraction.confidence.review import review, shape_flags

__all__ = ["CODES", "Flag", "Review", "review", "shape_flags"]
