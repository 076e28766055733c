"""Structural checks: items that lack what their siblings have, hold far more bullets than
them, or whose text repeats a sibling's title (two items run together)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from statistics import median
from typing import Any

from r2w.extraction.normalize import fold
from r2w.extraction.sections import heading_section

# How the person calls the fields a missing-detail flag names.
FIELD_WORDS = {
    "dateRange": "dates",
    "jobTitle": "job title",
    "companyName": "company",
    "publicationDate": "date",
    "fieldOfStudy": "field of study",
}
# Item list -> the fields every item of it normally has.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "experienceItems": ("jobTitle", "companyName", "dateRange"),
    "educationItems": ("institution", "degree", "dateRange"),
    "projectItems": ("title", "description"),
    "publications": ("title", "publicationDate"),
    "certificationItems": ("title",),
    "volunteerItems": ("role", "organization", "dateRange"),
    "languageItems": ("language",),
}
_BULLETS = ("responsibilitiesAndAchievements", "responsibilities")
_TITLES = ("title", "jobTitle", "role", "institution", "companyName", "organization")
# Most siblings must have a field before its absence is a sign: with two of three, one
# missing date among jobs is; a list where dates are rare is not.
_SHARE = 0.6
MIN_CROWDED = 5
# Fields a CV gives for every entry of the kind: among two or more entries, one without it
# lost it.
ALWAYS = {
    "experienceItems": ("jobTitle", "dateRange"),
    "educationItems": ("institution",),
    "publications": ("publicationDate",),
    "projectItems": ("title",),
    "languageItems": ("language",),
}

Found = Iterator[tuple[str, str, str]]


def _filled(value: Any) -> bool:
    """Whether a field holds something (a date range counts when it has a start or an end)."""
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return bool(value and str(value).strip())


def _item_lists(document: dict[str, Any]) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(section, list key, items) of every item list of the document."""
    for section, body in document.items():
        if not isinstance(body, dict):
            continue
        for name, items in body.items():
            if (name in KEY_FIELDS or name in NAME_FIELDS) and isinstance(items, list):
                yield section, name, [item for item in items if isinstance(item, dict)]


def missing_details(document: dict[str, Any]) -> Found:
    """(path, code, reason) for an item's empty key field that most of its siblings fill."""
    for section, name, items in _item_lists(document):
        for field in KEY_FIELDS.get(name, ()):
            have = [_filled(item.get(field)) for item in items]
            usual = len(items) >= 3 and sum(have) >= _SHARE * len(items)
            # A lone entry is too little to go on: it may be a CV's only, sparse entry.
            expected = len(items) >= 2 and field in ALWAYS.get(name, ())
            if not usual and not expected:
                continue
            for index, filled in enumerate(have):
                if not filled:
                    path = f"{section}.{name}[{index}].{field}"
                    what = FIELD_WORDS.get(field, field)
                    reason = f"no {what} was found for this entry; it may have been put elsewhere"
                    yield path, "missing_detail", reason


def crowded_items(document: dict[str, Any]) -> Found:
    """(path, code, reason) for an item with far more bullets than its siblings: another
    item's bullets (or a whole item) likely ran into it."""
    for section, name, items in _item_lists(document):
        for field in _BULLETS:
            counts = [len(item.get(field) or []) for item in items]
            if len(counts) < 2:
                continue
            for index, count in enumerate(counts):
                others = counts[:index] + counts[index + 1 :]
                usual = max(median(others), 1)
                if count >= MIN_CROWDED and count > 2 * usual:
                    # The points past twice the usual count: another entry's points follow the
                    # entry's own (from the usual count on, a third more right points were
                    # flagged on train/dev for few more wrong ones).
                    for point in range(int(2 * usual), count):
                        path = f"{section}.{name}[{index}].{field}[{point}]"
                        reason = f"one of {count} points, far more than the other entries "
                        reason += "have; it may belong to another entry"
                        yield path, "crowded_item", reason


def repeated_titles(document: dict[str, Any]) -> Found:
    """(path, code, reason) for an item's text holding a line that is an item's title: two
    items run together ("Recipe Recommender" inside a project's description)."""
    for section, name, items in _item_lists(document):
        titles = {
            fold(str(item.get(field))) for item in items for field in _TITLES if item.get(field)
        }
        for index, item in enumerate(items):
            for field, value in item.items():
                if field in _TITLES or not isinstance(value, str) or "\n" not in value:
                    continue
                lines = [fold(line) for line in value.split("\n")]
                if any(line in titles for line in lines[1:] if line):
                    path = f"{section}.{name}[{index}].{field}"
                    reason = "holds the title of an entry; two entries may have run together"
                    yield path, "merged_items", reason


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def reversed_ranges(document: dict[str, Any], path: str = "") -> Found:
    """(path, code, reason) for a date range whose start year is after its end year."""
    if isinstance(document, dict):
        start, end = document.get("startDate"), document.get("endDate")
        if isinstance(start, str) and isinstance(end, str):
            first, last = _YEAR.search(start), _YEAR.search(end)
            if first and last and int(first.group()) > int(last.group()):
                reason = f"starts ({start}) after it ends ({end}); the dates may be swapped"
                yield f"{path}.startDate", "bad_date", reason
        for name, value in document.items():
            yield from reversed_ranges(value, f"{path}.{name}" if path else name)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from reversed_ranges(value, f"{path}[{index}]")


# Item list -> the fields that name an entry; an entry with none of them is a piece of another.
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "experienceItems": ("jobTitle", "companyName"),
    "educationItems": ("institution", "degree", "fieldOfStudy"),
    "volunteerItems": ("role", "organization"),
    "projectItems": ("title",),
    "certificationItems": ("title",),
    "hobbyItems": ("title",),
    "speakingEngagements": ("title", "eventName"),
}


def nameless_items(document: dict[str, Any]) -> Found:
    """(path, code, reason) for a whole entry that has text but nothing naming it (no title, no
    company): the rest of another entry, cut off where a line was taken for a new one."""
    for section, name, items in _item_lists(document):
        fields = NAME_FIELDS.get(name)
        if not fields or len(items) < 2:
            continue
        for index, item in enumerate(items):
            if not any(_filled(item.get(field)) for field in fields) and _filled(item):
                reason = "this entry has no title or name; it may be part of the entry above"
                yield f"{section}.{name}[{index}]", "nameless_item", reason


_PLACE_PARTS = ("city", "state", "country")


def repeated_place(document: dict[str, Any], path: str = "") -> Found:
    """(path, code, reason) for a place naming one thing twice ("Zürich, Zürich,
    Switzerland"): part of it came from a neighbouring value, such as the school's name."""
    if isinstance(document, dict):
        parts = [(name, document.get(name)) for name in _PLACE_PARTS]
        named = [(name, fold(value)) for name, value in parts if isinstance(value, str) and value]
        seen = [value for _, value in named]
        if len(named) >= 2 and len(set(seen)) < len(seen):
            reason = "names the same place twice; part of it may come from another value"
            for name, _ in named:
                yield f"{path}.{name}", "duplicate", reason
        for name, value in document.items():
            if name not in _PLACE_PARTS:
                yield from repeated_place(value, f"{path}.{name}" if path else name)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from repeated_place(value, f"{path}[{index}]")


def empty_sections(document: dict[str, Any]) -> Found:
    """(path, code, reason) for a section whose heading was found but that holds nothing:
    what stood under the heading went elsewhere."""
    for section, body in document.items():
        if not isinstance(body, dict) or not body.get("sectionTitle"):
            continue
        rest = {name: value for name, value in body.items() if name != "sectionTitle"}
        if rest and not _filled(rest):
            reason = "this heading was found in your file but nothing was placed under it"
            yield f"{section}.sectionTitle", "empty_section", reason


# Heading kinds r2w files under another section (memberships are achievements).
_FILED_AS = {"memberships": "achievements"}


def guessed_sections(document: dict[str, Any]) -> Found:
    """(path, code, reason) for a filled section whose heading names no section r2w knows, or
    another one: what stood under it was filed by what it says, which can be wrong."""
    for section, body in document.items():
        if not isinstance(body, dict) or not body.get("sectionTitle"):
            continue
        rest = {name: value for name, value in body.items() if name != "sectionTitle"}
        if not _filled(rest):
            continue
        title = str(body["sectionTitle"])
        named = heading_section(title)
        if _FILED_AS.get(named or "", named) == section:
            continue
        reason = (
            f"r2w does not know the heading “{title}” and chose this section by what stands "
            "under it: check it is the right one"
        )
        yield f"{section}.sectionTitle", "guessed_section", reason
