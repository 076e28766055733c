"""The dated sections: experience, education and volunteering."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from r2w.extraction.contacts import parse_location
from r2w.extraction.dates import find_dates
from r2w.extraction.lines import Block, header_date
from r2w.extraction.parts import LABELLED, LEGAL_FORM, Header, clean_part, parse_header, split_list
from r2w.extraction.places import is_town
from r2w.extraction.vocab import DEGREE_WORDS, INSTITUTION_WORDS, TITLE_WORDS, US_STATE, has_word

_DASHED = re.compile(r"\s[–—-]\s")
_GPA = re.compile(r"^(?:gpa|cgpa|grade|note|nota|voto|cijfer)\s*[:=]?\s*(.+)$", re.IGNORECASE)
_HONORS = re.compile(
    r"dean[’']?s list|cum laude|with honou?rs|first[- ]class|upper second|distinction|"
    r"valedictorian|mit auszeichnung|avec mention|matrícula de honor|con lode",
    re.IGNORECASE,
)
_LISTS = {
    "relevantCoursework": re.compile(
        r"^(?:relevant )?(?:coursework|courses|modules)\s*:\s*(.+)$", re.IGNORECASE
    ),
    "minors": re.compile(r"^(?:minors?|minor subjects?|nebenfach)\s*:\s*(.+)$", re.IGNORECASE),
    "honors": re.compile(r"^(?:honou?rs|awards(?: & honou?rs)?)\s*:\s*(.+)$", re.IGNORECASE),
}
TECH_LINE = re.compile(
    r"^(?:technologies|technology|tech stack|tech|tools|stack|environment|technologien|"
    r"technologies utilisées|tecnologías|tecnologias)\s*:\s*(.+)$",
    re.IGNORECASE,
)


def take_location(parts: list[str], *, min_left: int, towns: bool = True) -> dict[str, Any] | None:
    """Remove and return a place among the parts (a recognisable one, a short last part, or a
    known town after the first min_left parts)."""
    for i in range(len(parts) - 1, -1, -1):
        location = parse_location(parts[i])
        if location:
            parts.pop(i)
            return location
    # A known town named alone after the first parts (title and employer), before a guess:
    # a part may follow it that is no place ("Analyst | Pinecrest Hotels | Munich | Remote").
    # Where the last part is a town itself, that one is the place: a team or segment named
    # like a town comes before it ("Software Engineer | Uber | Mobile | Amsterdam").
    if towns and parts and not is_town(parts[-1]):
        for i in range(min_left, len(parts)):
            if is_town(parts[i]) and not has_word(parts[i], TITLE_WORDS | INSTITUTION_WORDS):
                return {"city": parts.pop(i), "state": None, "country": None}
    if len(parts) > min_left and _short_place(parts[-1]):
        return {"city": parts.pop(), "state": None, "country": None}
    return None


def _short_place(text: str) -> bool:
    """A last header part that can only be a place: a few capitalised words, no job words."""
    words = text.split()
    return 0 < len(words) <= 3 and text[:1].isupper() and not has_word(text, TITLE_WORDS)


def ordered_jobs(
    blocks: list[Block], width: int, fallback: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Jobs and the header order they were read in ("title_first", "company_first" or None).

    A CV writes every job's header in one order. Where a job shows which part is its title
    (a job word) or its employer (a legal form such as "Inc." or "GmbH"), that order is known;
    jobs that show neither follow the order most of the others show, else fallback (the order
    another section of the same CV showed: volunteering is written like its jobs).
    """
    jobs = [_job(block, width) for block in blocks]
    votes = Counter(order for _, order in jobs if order)
    order = fallback
    if votes["company_first"] != votes["title_first"]:
        order = max(("company_first", "title_first"), key=votes.__getitem__)
    if order == "company_first":
        for item, shown in jobs:
            if shown is None and item["jobTitle"] and item["companyName"]:
                item["jobTitle"], item["companyName"] = item["companyName"], item["jobTitle"]
    return [item for item, _ in jobs], order


def _is_company(text: str) -> bool:
    """Whether a header part ends with a company's legal form ("Quantum Harbor Inc.")."""
    words = text.split()
    return len(words) >= 2 and bool(LEGAL_FORM.match(words[-1])) and words[-1][:1].isupper()


def _job(block: Block, width: int) -> tuple[dict[str, Any], str | None]:
    """A job, and the order its header shows ("title_first", "company_first" or None)."""
    header = parse_header(block.header, width)
    parts = header.parts
    below = [p for _, line_parts in header.lines[1:] for p in line_parts]
    employer_below = any(not parse_location(p) for p in below)
    if len(header.lines) >= 2 and _DASHED.search(header.lines[0][0]) and employer_below:
        # "Staff Nurse – Emergency Department" above the employer: the dash is in the title.
        parts = [header.lines[0][0], *(p for _, line_parts in header.lines[1:] for p in line_parts)]
    location = take_location(parts, min_left=2)
    order = None
    title_at = next((i for i, p in enumerate(parts) if has_word(p, TITLE_WORDS)), None)
    company_at = next((i for i, p in enumerate(parts) if _is_company(p)), None)
    if title_at is None and company_at is not None and len(parts) >= 2:
        title_at = 1 if company_at == 0 else 0
    if title_at is not None and len(parts) >= 2:
        order = "title_first" if title_at == 0 else "company_first"
    if title_at is None:
        title_at = 0 if parts else None
    title = parts.pop(title_at) if title_at is not None else None
    company = parts.pop(0) if parts else None
    item: dict[str, Any] = {
        "jobTitle": title,
        "companyName": company,
        "location": location,
        "dateRange": header.dates,
        "responsibilitiesAndAchievements": [],
        "technologiesUsed": [],
        "additionalData": {"details": parts} if parts else {},
    }
    for line in block.body:
        tech = TECH_LINE.match(line.text)
        if tech:
            item["technologiesUsed"].extend(split_list(tech.group(1)))
        else:
            item["responsibilitiesAndAchievements"].append(line.text)
    return item, order


def volunteer_items(
    blocks: list[Block], width: int, fallback: str | None = None
) -> list[dict[str, Any]]:
    """Volunteering roles, read like jobs (in the header order the CV's jobs showed)."""
    return [_as_volunteering(job) for job in ordered_jobs(blocks, width, fallback)[0]]


def _as_volunteering(job: dict[str, Any]) -> dict[str, Any]:
    """A job's fields under the names a volunteering entry uses."""
    return {
        "role": job["jobTitle"],
        "organization": job["companyName"],
        "location": job["location"],
        "dateRange": job["dateRange"],
        "responsibilities": job["responsibilitiesAndAchievements"] + job["technologiesUsed"],
        "additionalData": job["additionalData"],
    }


def education_item(block: Block, width: int) -> dict[str, Any]:
    """A degree: institution, degree, field, dates, grade, honours, coursework."""
    header = parse_header(block.header, width)
    dates = header.dates
    if dates and dates["endDate"] is None and dates["isCurrent"] is None:
        dates = {"startDate": None, "endDate": dates["startDate"], "isCurrent": None}
    item: dict[str, Any] = {
        "dateRange": dates,
        "honors": [],
        "minors": [],
        "relevantCoursework": [],
    }
    rest = _education_parts(_campus_joined(header), item, header.lines)
    body = [_education_body_line(line.text, item) for line in block.body]
    description = [*rest, *body]
    item["description"] = "\n".join(d for d in description if d) or None
    return item


def _campus_joined(header: Header) -> list[str]:
    """Header parts with a school's campus re-joined to its name ("University of California",
    "San Diego" -> "University of California, San Diego").

    Only where the header names its own place elsewhere (a recognisable one, read as the
    location) and a degree too: then a short place right after the school is part of its
    name, not where it is.
    """
    parts = list(header.parts)
    if not any(parse_location(p) for p in parts) or not any(
        has_word(p, DEGREE_WORDS) for p in parts
    ):
        return parts
    text = " ".join(line for line, _ in header.lines)
    for i in range(len(parts) - 1):
        school, place = parts[i], parts[i + 1]
        joined = f"{school}, {place}"
        if (
            has_word(school, INSTITUTION_WORDS)
            and _short_place(place)
            and not parse_location(place)
            and not has_word(place, DEGREE_WORDS | INSTITUTION_WORDS)
            and joined in text
        ):
            return [*parts[:i], joined, *parts[i + 2 :]]
    return parts


def _education_parts(
    parts: list[str], item: dict[str, Any], lines: list[tuple[str, list[str]]] = ()
) -> list[str]:
    """Assign header parts to education fields; return what fits no field.

    The field of study is read beside its degree: on the degree's line ("BSc, Computer
    Science"), or alone on the line right below a degree that stands alone. A line further
    off ("Exchange semester in Zürich" under "MBA, Austin, TX") is a detail of the degree.
    """
    parts = [p for p in parts if _education_line(p, item)]
    order = list(parts)  # the header's parts in reading order, before any is taken
    # A short last part is a place only where it cannot be the field of a bare degree
    # before it ("University of Leeds | BSc | Computer Science").
    last = parts[-1] if parts else ""
    field_like = _after_bare_degree(last, order)
    # Towns are looked up by _lone_town, which knows a school's campus.
    item["location"] = take_location(parts, min_left=len(parts) if field_like else 2, towns=False)
    item["location"] = item["location"] or _lone_town(parts, order, lines)
    for key, words in (("degree", DEGREE_WORDS), ("institution", INSTITUTION_WORDS)):
        found = next((p for p in parts if has_word(p, words)), None)
        if found:
            parts.remove(found)
        item[key] = found
    if item["degree"] is None and parts:
        item["degree"] = parts.pop(0)
    if item["institution"] is None and parts and item["degree"]:
        item["institution"] = parts.pop(-1) if len(parts) == 1 else parts.pop(0)
    campus = _campus_after(item["institution"], parts, order, lines)
    if campus and item["location"] is not None and item["location"].get("city"):
        # "University of California, San Diego, Munich": the town is read as the location,
        # so a short place right after the school is its campus, part of its name.
        item["institution"] = f"{item['institution']}, {campus}"
        parts.remove(campus)
    near = [p for p in parts if _beside_degree(p, item["degree"], lines, order)]
    item["fieldOfStudy"] = None
    if near and item["degree"]:
        item["fieldOfStudy"] = near[0]
        parts.remove(near[0])
    if item["fieldOfStudy"] is None and item["degree"] and ", " in item["degree"]:
        item["degree"], item["fieldOfStudy"] = item["degree"].split(", ", 1)
    return parts


# Degrees that name their field in themselves: a part after one is no field of study.
_FIELD_IN_DEGREE = re.compile(r"^(?:E?MBA|J\.?D\.?|M\.?D\.?|LL\.?[BM]\.?|Pharm\.?D\.?)$")


def _after_bare_degree(part: str, order: list[str]) -> bool:
    """Whether part comes right after a degree written without its field ("BSc", "BA") and
    may be that field; a town that names the school ("Passau" after "Universität Passau")
    is where the degree was taken."""
    at = order.index(part) if part in order else 0
    before = order[at - 1] if at else ""
    if not has_word(before, DEGREE_WORDS) or len(before.split()) > 2:
        return False
    if _FIELD_IN_DEGREE.match(before.strip()):
        return False
    schools = [p for p in order if has_word(p, INSTITUTION_WORDS)]
    return not any(part in school for school in schools)


def _lone_town(
    parts: list[str], order: list[str], lines: list[tuple[str, list[str]]]
) -> dict[str, Any] | None:
    """Remove and return a part that is a town's name alone ("MSc Data Science, Munich"),
    read as the field of study before; not one written right after a school and a comma,
    which may be its campus ("University of California, San Diego"), nor where no other
    part can name the school."""
    for part in parts:
        if not is_town(part) or has_word(part, DEGREE_WORDS | INSTITUTION_WORDS):
            continue
        at = order.index(part)
        # A school may be written by its town's name alone ("MSc Computer Science, Oxford"):
        # a town is its place only where another part names the school, by a school's word
        # or written before it and no degree ("ETH Zürich" / "MSc Data Science, Amsterdam").
        named = any(has_word(p, INSTITUTION_WORDS) for p in parts if p != part)
        if not named and not any(not has_word(p, DEGREE_WORDS) for p in order[:at]):
            continue
        school = order[at - 1] if at and has_word(order[at - 1], INSTITUTION_WORDS) else None
        if school and (not lines or any(f"{school}, {part}" in text for text, _ in lines)):
            continue
        parts.remove(part)
        return {"city": part, "state": None, "country": None}
    return None


def _campus_after(
    school: str | None, parts: list[str], order: list[str], lines: list[tuple[str, list[str]]]
) -> str | None:
    """A short place written right after the school on its line ("..., San Diego"), if any."""
    if school is None or school not in order:
        return None
    at = order.index(school) + 1
    following = order[at] if at < len(order) else None
    if following is None or following not in parts or not _short_place(following):
        return None
    if has_word(following, DEGREE_WORDS | INSTITUTION_WORDS):
        return None
    if parse_location(following) or US_STATE.match(following):
        return None  # "University of Toronto, Canada", "…, NY": where it is, not a campus
    # On the school's line and not at its end: a last word may run on below ("…, Orange" /
    # "County …"), where it is a town's first word, not a campus. At its end it is one where
    # the next line opens with a degree ("University of California, San Diego" above "MSc
    # Data Science, Munich"): nothing ran on.
    for at, (text, parts_) in enumerate(lines):
        if f"{school}, {following}" not in text:
            continue
        below = lines[at + 1][1][:1] if at + 1 < len(lines) else []
        if parts_[-1] != following or any(has_word(p, DEGREE_WORDS) for p in below):
            return following
    return None


def _beside_degree(
    part: str, degree: str | None, lines: list[tuple[str, list[str]]], order: list[str]
) -> bool:
    """Whether a header part sits right after the degree on its line, or alone right below a
    lone degree (always, where the header's lines are not known)."""
    if not lines or degree is None:
        return True
    where = [i for i, (text, _) in enumerate(lines) if part in text]
    home = [i for i, (text, _) in enumerate(lines) if degree in text]
    if not where or not home:
        return True
    line, degree_line = where[0], home[0]
    if line == degree_line:
        # "Degree, Field, School": the field follows its degree, not the school.
        return degree not in order or order.index(degree) + 1 == order.index(part)
    # Alone on the next line, below a degree that ends its own line ("…, Bachelor's Degree in
    # Industrial" / "Engineering"); not below "MBA, Austin, TX".
    degree_ends_line = lines[degree_line][1][-1:] == [degree]
    return line == degree_line + 1 and len(lines[line][1]) == 1 and degree_ends_line


def education_detail(text: str) -> bool:
    """Whether a line is a grade, honour, list or labelled line (never an item header)."""
    return bool(
        _GPA.match(text) or LABELLED.match(text) or any(p.match(text) for p in _LISTS.values())
    ) or bool(_HONORS.search(text) and len(text.split()) <= 8 and not header_date_only(text))


def header_date_only(text: str) -> bool:
    """Whether a line is nothing but a date or range."""
    span = header_date(text)
    return bool(span) and not clean_part(text[: span.start] + text[span.end :])


def experience_detail(text: str) -> bool:
    """Whether a line lists technologies (never an item header)."""
    return bool(TECH_LINE.match(text))


_GRADUATED = re.compile(
    r"^(?:graduated|graduation|graduating|expected|completed|conferred|abschluss|diplômé|"
    r"diplômée|graduado|graduada)\b\s*(?:in|on)?\s*[:：]?\s*(.+)$",
    re.IGNORECASE,
)


def _education_body_line(text: str, item: dict[str, Any]) -> str:
    """A degree's body line, its parts filed where they fit ("Graduated: June 2016 | GPA:
    3.95/4.0 | Dean's List"); what fits nothing stays, as written, for the description."""
    if item.get("location") is None and item.get("institution") and is_town(text):
        # A town alone on a line of its own under the degree: where it was studied.
        item["location"] = {"city": text.strip(), "state": None, "country": None}
        return ""
    parts = [p.strip() for p in text.split(" | ")] if " | " in text else [text]
    kept = [rest for p in parts if (rest := _education_line(p, item))]
    return text if kept == parts else " | ".join(kept)


def _education_line(text: str, item: dict[str, Any]) -> str:
    """File a grade, honour or list line into item; return the text if it fits none."""
    gpa = _GPA.match(text)
    if gpa:
        item["gpa"] = gpa.group(1).strip()
        return ""
    graduated = _GRADUATED.match(text)
    span = find_dates(graduated.group(1)) if graduated and item.get("dateRange") is None else None
    if span and not graduated.group(1)[: span.start].strip():
        when = graduated.group(1)[span.start : span.end]
        item["dateRange"] = {"startDate": None, "endDate": when, "isCurrent": None}
        rest = graduated.group(1)[span.end :].strip(" ,;|")
        # What follows the date is read once more (the date is set, so this cannot repeat).
        return _education_line(rest, item) if rest else ""
    honors = _LISTS["honors"].match(text)
    if honors:
        item["honors"].append(honors.group(1))
        return ""
    # Coursework and minors lines stay whole, as written, in the description: split into
    # lists they lose their label and the person's own wording.
    if _HONORS.search(text) and len(text.split()) <= 8:
        item["honors"].append(text)
        return ""
    return text
