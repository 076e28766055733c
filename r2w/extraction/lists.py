"""List-like sections: skills, languages, hobbies, certificates, courses, projects and more."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from r2w.extraction.contacts import find_urls
from r2w.extraction.dates import find_dates
from r2w.extraction.items import TECH_LINE
from r2w.extraction.lines import Block, Line, header_date, item_blocks
from r2w.extraction.normalize import fold, join_broken
from r2w.extraction.parts import (
    STRONG_SPLIT,
    parse_header,
    rejoin_wrapped,
    split_list,
    split_list_commas,
)
from r2w.extraction.vocab import (
    INSTITUTION_WORDS,
    LANGUAGE_NAMES,
    LEVEL_WORDS,
    has_word,
    is_country,
    words_of,
)

_CATEGORY = re.compile(r"^([^:：]{2,60})[:：]\s*(.+)$")
_CEFR = re.compile(r"^(?:[ABC][12]\+?|[ABC][12]\s*[-/]\s*[ABC][12])$", re.IGNORECASE)
_PROSE_WORDS = 9
_EXPIRES = re.compile(r"(?:valid until|valid through|expires?|expiry|gültig bis)\s*:?\s*", re.I)
_CREDENTIAL = re.compile(
    r"^(?:pin|id|credential id|license no\.?|licence no\.?|nr\.?|no\.?)\s*[:#]?\s*(.+)$", re.I
)


# "Skill (level words)": the whole bracket is the level when its words make one.
_LEVEL_SEPARATORS = (" — ", " – ", " - ", " | ")
_BRACKETED_LEVEL = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")


def is_level(text: str) -> bool:
    """Whether text is a proficiency ("Native speaker", "B2", "Very good command")."""
    if _CEFR.match(text.strip()):
        return True
    words = [w.strip(".,") for w in words_of(text)]
    return bool(words) and len(words) <= 4 and all(w in LEVEL_WORDS for w in words)


def _is_language(text: str) -> bool:
    """Whether text is a language name."""
    words = words_of(text)
    return 0 < len(words) <= 2 and all(w in LANGUAGE_NAMES for w in words)


# What ends a line of a list that goes on with a new entry on the next line.
_LIST_END = (",", ";", "·", "•", "|", "/")


def join_wrapped_lists(lines: list[Line]) -> list[Line]:
    """Join a list line's last entry with the next line where the entry wrapped onto it
    ("Tableau, Data" / "visualisation, SQL"): the line above ends without a separator and the
    next one continues it (the layout says it wraps, or it starts in lower case)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _has_list(prev.text)
            and not prev.text.rstrip().endswith(_LIST_END)
            and not line.bullet
            and not line.blank_before
            and not line.detached  # lines were taken out between them: not one entry
            and not _CATEGORY.match(line.text)
            and (line.wraps or line.text[:1].islower())
        ):
            out[-1] = _joined(prev, line)
        else:
            out.append(line)
    return out


def _joined(prev: Line, line: Line) -> Line:
    """prev with line read onto its end (one entry or title that wrapped)."""
    return replace(prev, text=join_broken(prev.text, line.text), raw=f"{prev.raw}\n{line.raw}")


def skills_section(lines: list[Line]) -> dict[str, Any]:
    """Skill categories ("Cat: a, b"), headed groups, lone skills and stated levels."""
    lines = join_wrapped_lists(lines)
    section: dict[str, Any] = {
        "skillCategories": [],
        "ungroupedSkills": [],
        "proficiencyIndicators": {},
    }
    prose: list[str] = []
    pending: dict[str, Any] | None = None  # a category line waiting for its skills
    for line in lines:
        text = line.text
        match = _CATEGORY.match(text)
        if match and len(match.group(1).split()) <= 6:
            pending = None
            section["skillCategories"].append(
                {"categoryName": match.group(1).strip(), "skills": split_list(match.group(2))}
            )
        elif len(text.split()) >= _PROSE_WORDS and not _has_list(text):
            prose.append(text)
        elif _has_list(text):
            target = pending["skills"] if pending else section["ungroupedSkills"]
            if line.bullet and _is_sentence(text):
                target.append(text)  # a bullet that is a sentence is one entry, commas and all
            else:
                target.extend(split_list(text))
        elif is_level(text) and section["ungroupedSkills"] + _pending_skills(pending):
            skills = _pending_skills(pending) or section["ungroupedSkills"]
            # "Cardio Training" / "Expert"; "Patient assessment:" / "Intermediate" is one
            # "Skill: Level" wrapped in a narrow column, its separator no part of the name.
            skills[-1] = _WRAPPED_SEPARATOR.sub("", skills[-1]) or skills[-1]
            section["proficiencyIndicators"][skills[-1]] = text
        elif not line.bullet and _next_is_list(lines, line):
            pending = {"categoryName": text, "skills": []}
            section["skillCategories"].append(pending)
        else:
            _skill_with_level(
                text, pending["skills"] if pending else section["ungroupedSkills"], section
            )
    section["description"] = "\n".join(prose) or None
    _split_levels(section)
    return section


# The separator a "Skill: Level" line ends with where its level wrapped onto the next line.
_WRAPPED_SEPARATOR = re.compile(r"\s*(?:[:：]|\s[|–—-])$")
# "Skill: Level", "Skill — Level", "Skill (Level)": a name and a short value after it.
_NAMED_VALUE = re.compile(r"^(?P<name>[^:：()]+?)\s*(?:[:：]|\s[–—-])\s*(?P<value>[^:：()]+)$")
_BRACKETED_VALUE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<value>[^()]+)\)$")


def _named_value(entry: str) -> tuple[str, str] | None:
    """An entry split into a name and a short value after it (at most three words)."""
    match = _NAMED_VALUE.match(entry) or _BRACKETED_VALUE.match(entry)
    if not match:
        return None
    name, value = match.group("name").strip(), match.group("value").strip()
    if not name or not value or len(value.split()) > 3 or _has_digit(value):
        return None
    return name, value


def _has_digit(text: str) -> bool:
    """Whether text holds a digit."""
    return any(ch.isdigit() for ch in text)


def _split_levels(section: dict[str, Any]) -> None:
    """Read "Skill: Level" entries as a skill and its level.

    A value is a level when it reads as one or when it recurs: skills are many, the steps of
    a scale few, so a value shared by two or more entries is a step ("Experto", "متقدم").
    A category holding a single such entry was such a line, not a category.
    """
    entries: list[tuple[str, str]] = []
    for category in section["skillCategories"]:
        if len(category["skills"]) == 1:
            entries.append((category["categoryName"], category["skills"][0]))
    pairs = [
        pair
        for skills in [
            section["ungroupedSkills"],
            *(c["skills"] for c in section["skillCategories"]),
        ]
        for pair in map(_named_value, skills)
        if pair
    ]
    values = Counter(fold(value) for _, value in entries + pairs)
    steps = {v for v, n in values.items() if n >= 2}

    found = entries + pairs
    # Levels read already count as steps: "SQL (Básico)" beside "Go (Experto)".
    recorded = len(section["proficiencyIndicators"])
    known = recorded + sum(fold(v) in steps or is_level(v) for _, v in found)
    if known < 2 or not found:
        return
    # Where most values are steps of a scale, the others are its steps too (said once).
    scale = 2 * known >= len(found) + recorded

    def is_step(value: str) -> bool:
        return scale or fold(value) in steps or is_level(value)

    levels = section["proficiencyIndicators"]
    kept = []
    for category in section["skillCategories"]:
        single = category["skills"][0] if len(category["skills"]) == 1 else None
        short = single is not None and len(single.split()) <= 3 and not _has_digit(single)
        if short and _named_value(single) is None and is_step(single):
            section["ungroupedSkills"].append(category["categoryName"])
            levels[category["categoryName"]] = single
            continue
        kept.append(category)
    section["skillCategories"] = kept
    for skills in [section["ungroupedSkills"], *(c["skills"] for c in kept)]:
        for i, entry in enumerate(skills):
            pair = _named_value(entry)
            if pair and is_step(pair[1]):
                skills[i] = pair[0]
                levels[pair[0]] = pair[1]


def _is_sentence(text: str) -> bool:
    """Whether a line with commas is a sentence rather than a list: long, with a clause of
    five or more words between its commas ("Strong foundation in languages such as Python,
    Java and C++")."""
    if len(text.split()) < _PROSE_WORDS:
        return False
    return max(len(part.split()) for part in split_list(text)) >= 5


def _pending_skills(pending: dict[str, Any] | None) -> list[str]:
    """Skills of the category being filled, if any."""
    return pending["skills"] if pending else []


def _has_list(text: str) -> bool:
    """Whether a line holds several items separated by commas, bullets or bars."""
    return len(split_list(text)) > 1


def _next_is_list(lines: list[Line], line: Line) -> bool:
    """Whether the line after this one is a list (then this line names its category)."""
    index = lines.index(line)
    if "(" in line.text or _has_list(line.text) or len(line.text.split()) > 6:
        return False
    return index + 1 < len(lines) and _has_list(lines[index + 1].text)


def _skill_with_level(text: str, target: list[str], section: dict[str, Any]) -> None:
    """Add one skill; "Cardio Training Expert" and "React (Sehr gut)" also record the level."""
    bracketed = _BRACKETED_LEVEL.match(text)
    if bracketed and is_level(bracketed.group(2)):
        skill, level = bracketed.group(1).rstrip(" -–—:"), bracketed.group(2).strip()
        if skill:
            target.append(skill)
            section["proficiencyIndicators"][skill] = level
            return
    for separator in _LEVEL_SEPARATORS:
        # "Figma — Sehr gut": what follows the separator is the level, when it ends in one.
        skill, found, level = text.rpartition(separator)
        tail = level.split()
        if found and skill.strip() and 0 < len(tail) <= 3 and is_level(tail[-1]):
            target.append(skill.strip())
            section["proficiencyIndicators"][skill.strip()] = level.strip()
            return
    words = text.split()
    for cut in (2, 1):
        if len(words) > cut and is_level(" ".join(words[-cut:])):
            skill = " ".join(words[:-cut]).rstrip(" -–—:(")
            # Never cut inside brackets: "React (Sehr" is no skill.
            if skill.count("(") != skill.count(")"):
                continue
            level = " ".join(words[-cut:]).strip(" -–—:()")
            if skill and level:
                target.append(skill)
                section["proficiencyIndicators"][skill] = level
                return
    target.append(text)


def languages_section(lines: list[Line], leftovers: list[str]) -> list[dict[str, Any]]:
    """Languages with their levels as written ("English – Native", "Native English", "B2").

    Lines that read as no language (dates, long phrases) are left for unclassified text.
    """
    items: list[dict[str, Any]] = []
    for line in lines:
        if items and _level_tail(line, items[-1]):
            # "Professional working" / "proficiency": a level wrapped in a narrow column.
            key = "proficiency" if items[-1]["proficiency"] else "language"
            tail = line.text
            if tail.endswith(")") and "(" not in tail:
                tail = tail[:-1].rstrip()  # closes "(Professional working" above
            items[-1][key] = f"{items[-1][key]} {tail}"
            continue
        entries = split_list(line.text) if _has_list(line.text) else [line.text]
        parsed = [_language_entry(entry) for entry in entries]
        if not all(_plausible_language(item) for item in parsed):
            leftovers.append(line.raw)
            continue
        for entry, item in zip(entries, parsed, strict=True):
            if is_level(entry) and items and items[-1]["proficiency"] is None:
                # "Französisch" / "(Verhandlungssicher)": a bracketed level wrapped alone.
                bracketed = re.fullmatch(r"\(([^()]+)\)", entry.strip())
                items[-1]["proficiency"] = bracketed.group(1).strip() if bracketed else entry
            else:
                items.append(item)
    return items


def _level_tail(line: Line, item: dict[str, Any]) -> bool:
    """Whether a line continues the entry above: it starts in lower case, names no
    language, and the layout (where known) says it wraps the line above."""
    text = line.text
    if line.bullet or line.blank_before or not text[:1].islower() or _is_language(text):
        return False
    # A level's tail is a word or three of level words ("proficiency", "working proficiency");
    # anything else is another column's text read in between, and joining it would make a
    # value the CV never printed.
    words = [w.strip(".,;:()") for w in words_of(text)]
    if not 0 < len(words) <= 3 or not all(w in LEVEL_WORDS for w in words):
        return False
    return line.wraps or line.style is None


def _plausible_language(item: dict[str, Any]) -> bool:
    """A language name: known, or one or two capitalised words without digits."""
    name = item["language"] or ""
    if _is_language(name) or is_level(name):
        return True
    words = name.split()
    unknown_ok = len(words) == 1 and not is_country(name) and name[:1].isupper()
    return unknown_ok and not any(ch.isdigit() for ch in name)


def _language_entry(entry: str) -> dict[str, Any]:
    """One language entry split into language and level."""
    for separator in (":", "：", " – ", " — ", " - ", "("):
        if separator in entry:
            left, right = (s.strip() for s in entry.split(separator, 1))
            if separator == "(" and right.endswith(")"):
                right = right[:-1].strip()
            if left and right:
                if is_level(left) and not is_level(right):
                    left, right = right, left
                return {"language": left, "proficiency": right}
    words = entry.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if is_level(head) and _is_language(tail):
            return {"language": tail, "proficiency": head}
        if _is_language(head) and is_level(tail):
            return {"language": head, "proficiency": tail}
    return {"language": entry, "proficiency": None}


def hobbies_section(lines: list[Line]) -> dict[str, Any]:
    """Short hobbies as a list; sentences as hobby items."""
    hobbies: list[str] = []
    items: list[dict[str, Any]] = []
    for line in join_wrapped_lists(lines):
        if len(line.text.split()) >= _PROSE_WORDS:
            items.append({"title": None, "description": line.text})
        else:
            hobbies.extend(split_list(line.text) if _has_list(line.text) else [line.text])
    return {"hobbies": hobbies, "hobbyItems": items}


def achievement_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Each bullet or headed block is an achievement; dates become its timeframe.

    The label ("Award", "Membership") is left empty: it would be a word the CV may not use.
    """
    items: list[dict[str, Any]] = []
    for block in blocks:
        if block.header:
            header = parse_header(block.header, width)
            value = header.parts[0] if header.parts else header.date_text
            detail = [*header.parts[1:], *(line.text for line in block.body)]
            undated = _undated(block.header[0].text) if len(block.header) == 1 else None
            if undated and header.date_text:
                # One line, an award and its date: the award is all of the rest, commas and
                # all ("Hackathon winner, 1st place, 2021"), never cut at its first comma.
                value, detail = undated, [line.text for line in block.body]
            items.append(
                {
                    "value": value,
                    "timeframe": header.date_text,
                    "contextOrDetail": "\n".join(detail) or None,
                }
            )
        else:
            items.extend({"value": line.text} for line in block.body)
    return items


def _undated(text: str) -> str | None:
    """A line's text before (or after) its date, as written: None when the line has no date
    or text on both sides of it (a value is never pieced together from two places)."""
    span = header_date(text)
    if span is None:
        return None
    before = text[: span.start].rstrip(_AROUND_DATE)
    after = text[span.end :].lstrip(_AROUND_DATE)
    if before and after:
        return None
    return before or after or None


# What sits between a value and its date: "Award, 2021", "Award (2021)", "Award — 2021".
_AROUND_DATE = " ,;|•·–—-/()[]{}"


def certification_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Certificates: title, issuer, dates, credential id, verification link."""
    return [_certificate(group, width) for group in _certificate_groups(blocks)]


def _certificate_groups(blocks: list[Block]) -> list[list[Line]]:
    """The lines of each certificate or course: a block's title lines, then each line below.

    Where every line opens with a year ("2021 · Machine Learning, Coursera"), each line is
    one item, with its year moved after the rest so it reads as an issue date.
    """
    lines = [line for block in blocks for line in (*block.header, *block.body)]
    if lines and all(_YEAR_FIRST.match(line.text) for line in lines):
        return [[_year_last(line)] for line in lines]
    groups: list[list[Line]] = []
    for block in blocks:
        if len(block.header) >= 2 and all(_named_entry(line.text) for line in block.header):
            # "RN License: NMC, PIN …" / "BLS Certification: Resuscitation Council UK, Valid
            # Until: 03/2027": each line names one certificate and its issuer.
            groups.extend([line] for line in block.header)
        elif block.header:
            groups.append(block.header)
        groups.extend([line] for line in block.body)
    return groups


def _year_last(line: Line) -> Line:
    """A "2021 · Machine Learning, Coursera" line as "Machine Learning, Coursera | 2021"."""
    year, rest = _YEAR_FIRST.match(line.text).groups()
    return replace(line, text=f"{rest} | {year}")


def _named_entry(text: str) -> bool:
    """A line that opens with a name and a colon ("BLS Certification: …"), not a label."""
    match = _CATEGORY.match(text)
    return bool(match) and not _CREDENTIAL.match(text) and len(match.group(1).split()) >= 2


def _certificate(lines: list[Line], width: int) -> dict[str, Any]:
    """One certificate from its lines.

    Where a title line stands above a line naming the issuer, it is the title whole ("AWS
    Certified Solutions Architect – Associate"): its dashes and commas belong to the name.
    """
    texts = rejoin_wrapped(_title_wrapped(lines), width)
    whole = len(texts) >= 2 and not header_date(texts[0]) and "|" not in texts[0]
    if whole and not _CREDENTIAL.match(texts[0]) and not find_urls(texts[0]):
        item = _certificate_parts(" | ".join(texts[1:]), width)
        first, extra = item["title"], [item["description"]]
        if not first:  # only a date below: the title line holds the issuer too
            return _certificate_parts(" | ".join(texts), width)
        item["title"] = texts[0]
        credential = _CREDENTIAL.match(first or "")
        if credential and "credentialId" not in item:
            item["credentialId"] = credential.group(1)
        elif first and _is_link(first) and "verificationUrl" not in item:
            item["verificationUrl"] = first
        elif first:  # the line under the title opens with its issuer
            extra.insert(0, item.get("issuingOrganization"))
            item["issuingOrganization"] = first
        item["description"] = "\n".join(e for e in extra if e) or None
        return item
    return _certificate_parts(" | ".join(texts), width)


def _title_wrapped(lines: list[Line]) -> list[Line]:
    """Lines with a title that wrapped in its own typography joined back ("Google Data
    Analytics" / "Certificate", both bold, the first running most of the way across)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(out) == 1
            and prev.style is not None
            and prev.style[1]
            and line.style == prev.style
            and (prev.fill or 0) >= 0.6
            and not line.bullet
            and not header_date(line.text)
        ):
            out[-1] = _joined(prev, line)
        else:
            out.append(line)
    return out


# "Machine Learning (Coursera, 2021)": the issuer and date in brackets after the title.
_BRACKETED = re.compile(r"^([^()]+?)\s*\(([^()]*(?:(?:19|20)\d{2}|,)[^()]*)\)\s*$")
# "2021 · Machine Learning, Coursera": a year, a separator, then the item.
_YEAR_FIRST = re.compile(r"^((?:19|20)\d{2})\s*[·|•:–—-]\s*(\S.*)$")


def _certificate_parts(text: str, width: int) -> dict[str, Any]:
    """A certificate from one line of text: title, issuer, dates, credential id, link."""
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = f"{bracketed.group(1)} | {bracketed.group(2)}"
    pieces = [p.strip() for p in text.split(" | ")]
    if not STRONG_SPLIT.search(pieces[0]):
        # "First Aid at Work, St John Ambulance": commas part a certificate's values, and
        # "at" or "en" inside a name ("Certificado en Gestión") is no separator here.
        commas = _titled(p for p in split_list_commas(pieces[0]) if p.strip())
        if len(commas) > 1:
            text = " | ".join([*commas, *pieces[1:]])
    expiry = _EXPIRES.search(text)
    expiration = None
    if expiry:
        span = find_dates(text[expiry.end() :])
        if span:
            expiration = text[expiry.end() + span.start : expiry.end() + span.end]
            text = text[: expiry.start()] + text[expiry.end() + span.end :]
    header = parse_header([Line(text, text, False, False)], width)
    parts = list(header.parts)
    if parts and ": " in parts[0] and not _CREDENTIAL.match(parts[0]):
        parts[0:1] = [p.strip() for p in parts[0].split(": ", 1)]  # "Licence: Issuer"
    parts[1:] = [piece for part in parts[1:] for piece in _sentences(part)]
    item: dict[str, Any] = {"title": parts.pop(0) if parts else None, "expirationDate": expiration}
    item["issueDate"] = header.dates["startDate"] if header.dates else None
    rest = []
    for part in parts:
        credential = _CREDENTIAL.match(part)
        if credential:
            item["credentialId"] = credential.group(1)
        elif _is_link(part):
            item["verificationUrl"] = part
        elif "issuingOrganization" not in item:
            item["issuingOrganization"] = part
        else:
            rest.append(part)
    item["description"] = "\n".join(rest) or None
    return item


# A comma part that closes an enumeration ("Warehousing, Operations, and Disposal Course").
_ENUMERATION_END = re.compile(r"^\s*(?:and|or|&)\s", re.IGNORECASE)
# "Cisco. Online.": an issuer and a note, each a short sentence of its own.
_TWO_SENTENCES = re.compile(r"^([A-Z][\w&'’ -]{3,40}[a-z])\. ([A-Z][\w&'’ -]{1,40}\.?)$")
# Shortened words of five letters or more a name may hold ("Assoc. Professor").
_LONG_ABBREVIATIONS = {"assoc", "admin", "approx", "intern", "instit", "techn", "univ"}


def _sentences(part: str) -> list[str]:
    """A credential's part that is two short sentences ("Cisco. Online."), as two parts: the
    full stop after a word of five letters or more that is no abbreviation ends the first
    ("Warner Bros. Discovery", "Univ. College London" stay whole)."""
    match = _TWO_SENTENCES.match(part)
    if not match:
        return [part]
    last = match.group(1).split()[-1]
    if len(last) < 5 or last.lower() in _LONG_ABBREVIATIONS:
        return [part]
    return [match.group(1), match.group(2)]


def _titled(parts: Iterable[str]) -> list[str]:
    """Comma parts of a credential's line with its title whole: a part opening with "and"
    closes an enumeration that began with the first part ("Warehousing, Operations, and
    Disposal Course, Graduate School USA"), so the commas before it are inside the title.
    A part must follow it (the issuer)."""
    parts = list(parts)
    for k, part in enumerate(parts[1:4], 1):
        if header_date(part) or has_word(part, INSTITUTION_WORDS):
            break
        if _ENUMERATION_END.match(part):
            if k + 1 < len(parts):
                return [",".join(parts[: k + 1]), *parts[k + 1 :]]
            break
    return parts


def _is_link(part: str) -> bool:
    """Whether a certificate's or course's part is its link: a web address with a scheme,
    "www." or a path. A bare capitalised domain ("Scrum.org", "Coursera.org") names the issuer."""
    if find_urls(part) != [part]:
        return False
    return "/" in part or part.lower().startswith("www.") or not part[:1].isupper()


def course_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Courses: title, institution, dates (as a range), certificate number and link."""
    items = []
    for group in _certificate_groups(blocks):
        cert = _certificate(group, width)
        dates = parse_header(group, width).dates
        items.append(
            {
                "title": cert["title"],
                "institution": cert.get("issuingOrganization"),
                "dateRange": dates,
                "certificateNumber": cert.get("credentialId"),
                "certificateUrl": cert.get("verificationUrl"),
                "description": cert["description"],
            }
        )
    return items


def project_items(lines: list[Line], width: int) -> list[dict[str, Any]]:
    """Projects: a title line, then description lines, technologies and a link.

    Entries are told apart by the space above their titles or the titles' typography (see
    entry_groups); each description line is kept whole, commas and all.
    """
    groups = entry_groups(lines)
    if groups is None:
        groups = [block.header + block.body for block in item_blocks(lines)]
    return [_project(group, width) for group in groups if group]


def entry_groups(lines: list[Line]) -> list[list[Line]] | None:
    """Lines of an undated list section grouped into entries, or None where nothing shows
    where an entry starts.

    An entry starts at a line set like the section's first line when that one is bold or
    large (a title); without such typography, after space (a blank line, a paragraph gap),
    or else after a line that is only a web address (a link closes its entry). A bullet
    never starts one.
    """
    if not lines:
        return []
    first = lines[0]
    spaced = any(line.blank_before or line.para_break for line in lines[1:])
    title = first.style if first.style and (first.style[1] or first.style[0] >= 1.1) else None
    if title and all(line.style == title for line in lines):
        title = None  # everything alike: the style marks nothing
    linked = any(_lone_url(line.text) for line in lines[:-1])
    if not (spaced or title or linked):
        return None
    groups: list[list[Line]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else None
        starts = prev is None or (
            not line.bullet
            and (
                (title is not None and line.style == title and prev.style != title)
                or (title is None and spaced and (line.blank_before or line.para_break))
                or (title is None and not spaced and _lone_url(prev.text))
            )
        )
        if starts:
            groups.append([])
        groups[-1].append(line)
    return groups


def _lone_url(text: str) -> bool:
    """Whether a line is one web address and nothing else."""
    urls = find_urls(text)
    return len(urls) == 1 and urls[0] == text


def _project(group: list[Line], width: int) -> dict[str, Any]:
    """One project from its lines: the first is its title (and perhaps a date)."""
    header = parse_header(group[:1], width)
    title = header.parts[0] if header.parts else None
    details = header.parts[1:]
    item: dict[str, Any] = {"title": title, "technologiesUsed": [], "additionalData": {}}
    if header.date_text:
        item["additionalData"]["date"] = header.date_text
    for line in group[1:]:
        tech = TECH_LINE.match(line.text)
        if tech:
            item["technologiesUsed"].extend(split_list(tech.group(1)))
        elif _lone_url(line.text) and "projectUrl" not in item:
            item["projectUrl"] = line.text
        else:
            details.append(line.text)
    item["description"] = "\n".join(details) or None
    return item


# A year closing a citation line: "Journal of X, 2017", "IEEE Software (Mar 2019)."
_CLOSING_YEAR = re.compile(r"(?:^|(?<=[\s,;(]))((?:19|20)\d{2})\)?\.?$")
# A publication is a title, perhaps a line or two more, and its venue line with the date.
_MAX_PUBLICATION_LINES = 4


def publication_items(lines: list[Line]) -> list[dict[str, Any]]:
    """Publications: a title line, then a venue line that closes with its date.

    Blank lines or a closing date end an entry. Lines that cannot be told apart that way
    (one citation per line, no dates) are one publication each, the line its title.
    """
    groups = _publication_groups(lines)
    if any(len(group) > _MAX_PUBLICATION_LINES for group in groups):
        groups = [[line] for line in lines]
    spaced = any(line.blank_before or line.para_break for line in lines[1:])
    if not spaced:
        # Without space between entries only a closing date shows where one ends.
        groups = [
            part
            for group in groups
            for part in (
                [group] if _closing_date(group[-1].text) is not None else _each_line(group)
            )
        ]
    return [_publication(group) for group in groups]


def _each_line(group: list[Line]) -> list[list[Line]]:
    """Each line of a group as an entry of its own."""
    return [[line] for line in group]


def _publication_groups(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into entries: a new one after a closing date, a blank line or a bullet."""
    groups: list[list[Line]] = []
    closed = True
    for line in lines:
        starts = closed or line.bullet or line.blank_before or line.para_break
        if starts or not groups:
            groups.append([])
        groups[-1].append(line)
        closed = _closing_date(line.text) is not None
    return groups


def _closing_date(text: str) -> int | None:
    """Where the date that closes a line starts (a year, or a month and year), if any."""
    year = _CLOSING_YEAR.search(text)
    if year is None:
        return None
    head = text[: year.start(1)].rstrip()
    month = head.rsplit(None, 1)[-1].lstrip("([") if head else ""
    if month and month[:1].isalpha():
        candidate = f"{month} {year.group(1)}"
        span = find_dates(candidate)
        if span and span.start == 0 and span.end == len(candidate):
            return len(head) - len(month)
    return year.start(1)


def _publication(group: list[Line]) -> dict[str, Any]:
    """One publication from its lines: title, venue and date (a single line stays whole)."""
    item: dict[str, Any] = {"title": group[0].text}
    last = group[-1].text
    date = _closing_date(last)
    if date is not None:
        item["publicationDate"] = last[date : _CLOSING_YEAR.search(last).end(1)]
    if len(group) == 1:
        return item
    venue = last[:date].strip(" ,;(") if date is not None else last
    details = [line.text for line in group[1:-1]] + ([venue] if venue else [])
    item["description"] = "\n".join(details) or None
    return item
