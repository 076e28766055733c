"""Entries that read like another section's: a certificate among degrees, a job in projects.

The learned section reader (r2w.extraction.section_model) reads each entry's values; where it
is sure the entry belongs to another section that has entries too, the entry is flagged for
the person to move or keep. Jobs and volunteering read alike, so that pair is never flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from r2w.extraction.section_model import classify

# Section -> its list of entries.
ITEM_LISTS = {
    "experience": "experienceItems",
    "education": "educationItems",
    "projects": "projectItems",
    "certifications": "certificationItems",
    "volunteer": "volunteerItems",
    "publications": "publications",
}
NAMES = {
    "experience": "a job",
    "education": "an education entry",
    "projects": "a project",
    "certifications": "a certification",
    "volunteer": "volunteering",
    "publications": "a publication",
}
_ALIKE = {frozenset({"experience", "volunteer"})}
# Sure enough to say so: the entry's average log-probability per feature for the section it
# reads as, above the runner-up's (section_model.classify's own default is 0.35).
MARGIN = 0.8


def _texts(value: Any) -> Iterator[str]:
    """The text values inside an entry, a date range as "start - end"."""
    if isinstance(value, dict):
        if {"startDate", "endDate"} <= value.keys():
            dates = [value.get("startDate"), value.get("endDate")]
            joined = " - ".join(str(d) for d in dates if d)
            if joined:
                yield joined
            return
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)
    elif isinstance(value, str) and value.strip():
        yield value


def misfiled_items(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(entry path, code, reason) for entries that read like another section's entries."""
    for section, list_key in ITEM_LISTS.items():
        items = (document.get(section) or {}).get(list_key) or []
        for index, item in enumerate(items):
            lines = [text for key, value in item.items() if key != "additionalData"
                     for text in _texts(value)]  # fmt: skip
            kind = classify(lines, margin=MARGIN) if len(lines) >= 2 else None
            if kind in (None, section) or kind not in ITEM_LISTS:
                continue
            if frozenset({kind, section}) in _ALIKE:
                continue
            reason = f"reads like {NAMES[kind]} rather than {NAMES[section]}"
            yield f"{section}.{list_key}[{index}]", "wrong_kind", reason
