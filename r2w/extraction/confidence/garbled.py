"""Sections of a scan that OCR read poorly as a whole: entries may be missing or garbled.

Where OCR misreads most words of a section ("Nessarch Ansintamı | Meritian Needs" for
"Research Assistant | Meridian Foods"), its entries are read, but so far from what the page
says that an entry may be lost among them, or split, with nothing left to flag. The values
carry their own flags; the section's heading is flagged too, so the person compares the whole
section with the picture, entry by entry.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from statistics import fmean
from typing import Any

from r2w.extraction.confidence.fields import HEADING_FIELDS, field_name
from r2w.extraction.confidence.locate import unit_score
from r2w.extraction.reading.model import Reading

# The mean OCR confidence (0..1) of a section's words under which it was read poorly: clean
# print scores 0.9 and above. On the generated corpus's train and dev scans, three in four of
# the facts of the sections under it are not right, against one in five over all scans.
POOR_MEAN = 0.70
# A section with fewer words read than this says too little to judge.
MIN_WORDS = 6
# Sections of entries: where an entry can go missing among garbled ones.
ENTRY_SECTIONS = frozenset(
    {
        "experience",
        "education",
        "skills",
        "languages",
        "projects",
        "certifications",
        "courses",
        "volunteer",
        "publications",
        "achievements",
        "hobbies",
        "speaking",
    }
)

Found = Iterator[tuple[str, str, str]]


def section_scores(seen: Mapping[str, Any]) -> dict[str, list[float]]:
    """The OCR confidence (0..1) of every word read into each entry section's values."""
    scores: dict[str, list[float]] = {}
    for path, where in seen.items():
        match = getattr(where, "match", None)
        section = path.split(".", 1)[0].split("[", 1)[0]
        if match is None or section not in ENTRY_SECTIONS or field_name(path) in HEADING_FIELDS:
            continue
        found = [unit_score(score) for score in match.confidences if math.isfinite(score)]
        scores.setdefault(section, []).extend(found)
    return scores


def garbled_sections(
    document: dict[str, Any], seen: Mapping[str, Any], reading: Reading | None
) -> Found:
    """(path, "unread_in_section", reason) at the heading of each entry section of a scan
    whose words OCR read with a low confidence on the whole."""
    if reading is None or not reading.ocr:
        return
    for section, scores in section_scores(seen).items():
        body = document.get(section)
        if not isinstance(body, dict) or not body.get("sectionTitle"):
            continue
        if len(scores) >= MIN_WORDS and fmean(scores) < POOR_MEAN:
            reason = "this part of your scan was read poorly: entries may be missing or "
            reason += "misread, compare each one with the picture"
            yield f"{section}.sectionTitle", "unread_in_section", reason
