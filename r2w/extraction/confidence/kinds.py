"""Kind checks: a value of one kind in a field meant for another (a job title as the company,
a company or a job's header line kept as a bullet or a hobby, a date stuck to a name)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2w.extraction.confidence.checks import _ORG_WORDS, short
from r2w.extraction.confidence.fields import field_name
from r2w.extraction.dates import DATE_RE, RANGE_RE
from r2w.extraction.vocab import (
    DEGREE_WORDS,
    INSTITUTION_WORDS,
    TITLE_WORDS,
    has_word,
    is_country,
    word_set,
    words_of,
)

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
# Words a job title or an organisation's name adds to the shared vocabulary, in the languages
# r2w reads (the shared list is mostly English and German).
_MORE_TITLES = TITLE_WORDS | word_set(
    "controller steward inspector surveyor "
    "analyste ingénieur ingénieure développeur développeuse chef cheffe directeur directrice "
    "responsable chargé chargée comptable infirmier infirmière commercial commerciale "
    "conseiller conseillère gestionnaire technicien technicienne vendeur vendeuse "
    "analista ingeniero ingeniera desarrollador desarrolladora jefe jefa director directora "
    "gerente contable enfermero enfermera comercial asesor asesora técnico técnica "
    "diseñador diseñadora vendedor vendedora "
    "projektleiter projektleiterin vertriebsmitarbeiter vertriebsmitarbeiterin "
    "محاسب مهندس مهندسة مدير مديرة محلل محللة مطور مطورة مصمم مصممة ممرض ممرضة"
)
# German compounds end with a title word ("Softwareentwicklerin", "Vertriebsleiter").
_TITLE_ENDINGS = tuple(
    w for w in TITLE_WORDS | _MORE_TITLES if len(w) >= 6 and w.isalpha() and w.isascii()
)
_MORE_ORGS = _ORG_WORDS | word_set("llp lp pllc pty s.l. sarl s.a.r.l. kg e.v.")


def _has_title(value: str) -> bool:
    """Whether value names a job (a title word, or a compound ending with one)."""
    if has_word(value, _MORE_TITLES):
        return True
    return any(len(w) > 8 and w.endswith(_TITLE_ENDINGS) for w in words_of(value))


def swapped_kind(path: str, value: str) -> Found:
    """A job title in an organisation's field, or an organisation in a job title's field."""
    name = field_name(path)
    titles, orgs = _has_title(value), has_word(value, _MORE_ORGS)
    if name in _ORG_NAME_FIELDS and titles and not orgs:
        yield "wrong_kind", f'"{short(value)}" looks like a job title, not an organisation'
    elif name in _TITLE_FIELDS and orgs and not titles:
        yield "wrong_kind", f'"{short(value)}" looks like an organisation, not a job title'


def school_and_degree(path: str, value: str) -> Found:
    """A degree or school field naming both a school and a degree ("University of Texas
    MSc Data Science"): the header's two values were not told apart."""
    if not path.startswith("education.") or field_name(path) not in ("degree", "institution"):
        return
    if has_word(value, DEGREE_WORDS) and has_word(value, INSTITUTION_WORDS):
        yield "merged_values", f'"{short(value)}" names a school as well as a degree'


def name_in_list(path: str, value: str) -> Found:
    """A hobby or skill that names a job, an organisation or holds a date range: a line of
    another section that ran into the list."""
    if field_name(path) not in _SHORT_LIST_FIELDS:
        return
    if RANGE_RE.search(value):
        yield "wrong_kind", f'"{short(value)}" holds a date range, unusual in this list'
    elif field_name(path) != "hobbies":
        return
    elif _has_title(value) or has_word(value, _MORE_ORGS):
        yield "wrong_kind", f'"{short(value)}" names a job or an organisation, not a hobby'
    elif DATE_RE.search(value):
        yield "wrong_kind", f'"{short(value)}" holds a date, not a hobby'
    elif is_country(value):
        yield "wrong_kind", f'"{short(value)}" is a country, not a hobby'


_PROSE_FIELDS = _BULLET_FIELDS | {"description", "summaryText", "contextOrDetail"}


def _header_line(line: str) -> str | None:
    """Why one line reads as an item's header (name, place, dates), or None."""
    words = line.split()
    names = (
        _has_title(line)
        or has_word(line, _MORE_ORGS)
        or has_word(line, INSTITUTION_WORDS)
        or has_word(line, DEGREE_WORDS)
    )
    if RANGE_RE.search(line) and (names or len(words) <= 4):
        return "looks like the header line of another item"
    if not words or len(words) > 6 or line.rstrip().endswith((".", "!", "%")):
        return None
    lettered = [w for w in words if w[:1].isalpha()]
    if lettered and all(w[:1].isupper() for w in lettered) and (names or "," in line):
        return "looks like a name or a place, not running text"
    return None


def header_as_bullet(path: str, value: str) -> Found:
    """A bullet or a line of a description that is a name or an item's header line (title,
    company, place, dates): the next item's header kept as this item's text."""
    name = field_name(path)
    if name not in _PROSE_FIELDS:
        return
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    # A one-line description or summary is often a short phrase; only its extra lines count.
    if name not in _BULLET_FIELDS:
        lines = lines[1:] if len(lines) > 1 else []
    for line in lines:
        why = _header_line(line)
        if why:
            yield "wrong_kind", f'"{short(line)}" {why}'
            return


def date_in_name(path: str, value: str) -> Found:
    """A name or title with a year stuck to its end ("IEEE Software, 2019")."""
    if field_name(path) not in _NAME_WITH_DATE_FIELDS:
        return
    if _TRAILING_YEAR.search(value) or (RANGE_RE.search(value) and not RANGE_RE.fullmatch(value)):
        yield "merged_values", f'"{short(value)}" holds a date as well as a name'


_PLACE_OR_ORG = frozenset(
    {
        "companyName",
        "institution",
        "organization",
        "issuingOrganization",
        "city",
        "state",
        "country",
        "language",
    }
)


def skills_elsewhere(values: list[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(path, code, reason) for a company, school or place that is one of the CV's skills:
    a technologies line of an entry read as its company or city."""
    skills = {
        " ".join(value.casefold().split())
        for path, value in values
        if path.startswith("skills.") and field_name(path) in {"skills", "ungroupedSkills"}
    }
    for path, value in values:
        if field_name(path) in _PLACE_OR_ORG and " ".join(value.casefold().split()) in skills:
            reason = f'"{short(value)}" is one of your skills, not a name or a place'
            yield path, "wrong_kind", reason


_PERSON = re.compile(r"^[^\W\d_][^\W\d_'’.-]+(?:\s+[^\W\d_][^\W\d_'’.-]+){1,2}$")
_STRAY_NAME_FIELDS = frozenset({"hobbies", "title", "skills", "ungroupedSkills", "language"})


def name_elsewhere(values: list[tuple[str, str]], text: str) -> Iterator[tuple[str, str, str]]:
    """(path, code, reason) for the CV's name kept in a list or a title when the document has
    no name: a value of two or three capitalised words that is a line at the top of the file."""
    if any(path == "hero.fullName" and value.strip() for path, value in values):
        return
    top = [" ".join(line.split()).casefold() for line in text.splitlines() if line.strip()][:4]
    # People's e-mail addresses and profile links mostly spell their names.
    handles = " ".join(
        value.casefold() for path, value in values if field_name(path) in {"email", "url"}
    )
    for path, value in values:
        flat = " ".join(value.split())
        if field_name(path) not in _STRAY_NAME_FIELDS or not _PERSON.match(flat):
            continue
        if not all(w[:1].isupper() for w in flat.split()):
            continue
        spelled = all(w.casefold() in handles for w in flat.split())
        # The top of the file counts only in a CV that gives contact details (a whole CV).
        if spelled or (handles and flat.casefold() in top):
            reason = f'"{short(flat)}" looks like your name, kept in the wrong place'
            yield path, "wrong_kind", reason


# Skill entries joined by a mark ("Photoshop - Terraform - Negotiation", "Tableau -").
_JOINED = re.compile(r"\s[-–—|·•]\s|\.\s+[A-Z]|\s[-–—|·•]$")


def joined_entries(path: str, value: str) -> Found:
    """A skill or hobby entry holding several entries joined by a mark, or ending on one."""
    if field_name(path) not in _SHORT_LIST_FIELDS:
        return
    stripped = value.strip()
    if _JOINED.search(stripped):
        yield "merged_values", f'"{short(stripped)}" seems to hold several entries in one'
