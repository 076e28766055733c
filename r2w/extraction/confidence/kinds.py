"""Kind checks: a value of one kind in a field meant for another (a job title as the company,
a company or a job's header line kept as a bullet or a hobby, a date stuck to a name)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2w.extraction.confidence.checks import _ORG_WORDS, short
from r2w.extraction.confidence.fields import field_name
from r2w.extraction.dates import RANGE_RE
from r2w.extraction.vocab import TITLE_WORDS, has_word, word_set

Found = Iterator[tuple[str, str]]

_ORG_NAME_FIELDS = frozenset({"companyName", "organization", "issuingOrganization"})
_TITLE_FIELDS = frozenset({"jobTitle", "role"})
_SHORT_LIST_FIELDS = frozenset({"hobbies", "skills", "ungroupedSkills"})
_BULLET_FIELDS = frozenset({"responsibilitiesAndAchievements", "responsibilities"})
# Names that may end with a year of their own are not listed: only a year set off by a comma
# or a bracket ("IEEE Software, 2019", "Acme (2018)") is a date stuck to a name.
_NAME_WITH_DATE_FIELDS = frozenset(
    {"jobTitle", "companyName", "institution", "organization", "role", "degree", "title"}
)
_TRAILING_YEAR = re.compile(r"(?:,|\(|\s[-–—|])\s*(?:19|20)\d\d\)?\s*$")
# Words a job title or an organisation's name adds to the shared vocabulary.
_MORE_TITLES = TITLE_WORDS | word_set("controller clerk steward inspector surveyor")
_MORE_ORGS = _ORG_WORDS | word_set("llp lp pllc pty s.l. sarl s.a.r.l. kg e.v.")


def swapped_kind(path: str, value: str) -> Found:
    """A job title in an organisation's field, or an organisation in a job title's field."""
    name = field_name(path)
    titles, orgs = has_word(value, _MORE_TITLES), has_word(value, _MORE_ORGS)
    if name in _ORG_NAME_FIELDS and titles and not orgs:
        yield "wrong_kind", f'"{short(value)}" looks like a job title, not an organisation'
    elif name in _TITLE_FIELDS and orgs and not titles:
        yield "wrong_kind", f'"{short(value)}" looks like an organisation, not a job title'


def name_in_list(path: str, value: str) -> Found:
    """A hobby or skill that names a job, an organisation or holds a date range: a line of
    another section that ran into the list."""
    if field_name(path) not in _SHORT_LIST_FIELDS:
        return
    if RANGE_RE.search(value):
        yield "wrong_kind", f'"{short(value)}" holds a date range, unusual in this list'
    elif field_name(path) == "hobbies" and (
        has_word(value, _MORE_TITLES) or has_word(value, _MORE_ORGS)
    ):
        yield "wrong_kind", f'"{short(value)}" names a job or an organisation, not a hobby'


def header_as_bullet(path: str, value: str) -> Found:
    """A bullet that is a name or an item's header line (title, company, place, dates): the
    next item's header kept as this item's bullet."""
    if field_name(path) not in _BULLET_FIELDS:
        return
    words = value.split()
    if RANGE_RE.search(value) and (has_word(value, _MORE_TITLES) or has_word(value, _MORE_ORGS)):
        yield "wrong_kind", f'"{short(value)}" looks like the header line of another item'
        return
    if not words or len(words) > 6 or value.rstrip().endswith((".", "!", "%")):
        return
    lettered = [w for w in words if w[:1].isalpha()]
    if all(w[:1].isupper() for w in lettered) and (
        has_word(value, _MORE_TITLES) or has_word(value, _MORE_ORGS) or "," in value
    ):
        yield "wrong_kind", f'"{short(value)}" looks like a name or a place, not a bullet'


def date_in_name(path: str, value: str) -> Found:
    """A name or title with a year stuck to its end ("IEEE Software, 2019")."""
    if field_name(path) not in _NAME_WITH_DATE_FIELDS:
        return
    if _TRAILING_YEAR.search(value) or (RANGE_RE.search(value) and not RANGE_RE.fullmatch(value)):
        yield "merged_values", f'"{short(value)}" holds a date as well as a name'
