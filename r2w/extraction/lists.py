"""List-like sections: skills, languages, hobbies, certificates, courses, projects and more."""

from __future__ import annotations

import re
from typing import Any

from r2w.extraction.contacts import find_urls
from r2w.extraction.dates import find_dates
from r2w.extraction.items import TECH_LINE
from r2w.extraction.lines import Block, Line
from r2w.extraction.parts import parse_header, rejoin_wrapped, split_list
from r2w.extraction.vocab import LANGUAGE_NAMES, LEVEL_WORDS, is_country, words_of

_CATEGORY = re.compile(r"^([^:：]{2,60})[:：]\s*(.+)$")
_CEFR = re.compile(r"^(?:[ABC][12]\+?|[ABC][12]\s*[-/]\s*[ABC][12])$", re.IGNORECASE)
_PROSE_WORDS = 9
_EXPIRES = re.compile(r"(?:valid until|valid through|expires?|expiry|gültig bis)\s*:?\s*", re.I)
_CREDENTIAL = re.compile(
    r"^(?:pin|id|credential id|license no\.?|licence no\.?|nr\.?|no\.?)\s*[:#]?\s*(.+)$", re.I
)


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


def skills_section(lines: list[Line]) -> dict[str, Any]:
    """Skill categories ("Cat: a, b"), headed groups, lone skills and stated levels."""
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
            section["proficiencyIndicators"][skills[-1]] = text  # "Cardio Training" / "Expert"
        elif not line.bullet and _next_is_list(lines, line):
            pending = {"categoryName": text, "skills": []}
            section["skillCategories"].append(pending)
        else:
            _skill_with_level(
                text, pending["skills"] if pending else section["ungroupedSkills"], section
            )
    section["description"] = "\n".join(prose) or None
    return section


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
    """Add one skill; "Cardio Training Expert" also records the level."""
    words = text.split()
    for cut in (2, 1):
        if len(words) > cut and is_level(" ".join(words[-cut:])):
            skill = " ".join(words[:-cut]).rstrip(" -–—:(")
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
        entries = split_list(line.text) if _has_list(line.text) else [line.text]
        parsed = [_language_entry(entry) for entry in entries]
        if not all(_plausible_language(item) for item in parsed):
            leftovers.append(line.raw)
            continue
        for entry, item in zip(entries, parsed, strict=True):
            if is_level(entry) and items and items[-1]["proficiency"] is None:
                items[-1]["proficiency"] = entry
            else:
                items.append(item)
    return items


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
    for line in lines:
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


def certification_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Certificates: title, issuer, dates, credential id, verification link."""
    items: list[dict[str, Any]] = []
    for block in blocks:
        groups = [block.header] if block.header else []
        groups.extend([line] for line in block.body)
        items.extend(_certificate(group, width) for group in groups)
    return items


def _certificate(lines: list[Line], width: int) -> dict[str, Any]:
    """One certificate from its lines."""
    text = " | ".join(rejoin_wrapped(lines, width))
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
    item: dict[str, Any] = {"title": parts.pop(0) if parts else None, "expirationDate": expiration}
    item["issueDate"] = header.dates["startDate"] if header.dates else None
    rest = []
    for part in parts:
        credential = _CREDENTIAL.match(part)
        urls = find_urls(part)
        if credential:
            item["credentialId"] = credential.group(1)
        elif urls and urls[0] == part:
            item["verificationUrl"] = part
        elif "issuingOrganization" not in item:
            item["issuingOrganization"] = part
        else:
            rest.append(part)
    item["description"] = "\n".join(rest) or None
    return item


def course_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Courses: title, institution, dates (as a range), certificate number and link."""
    items = []
    for block in blocks:
        groups = [block.header] if block.header else []
        groups.extend([line] for line in block.body)
        for group in groups:
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


def project_items(blocks: list[Block], width: int) -> list[dict[str, Any]]:
    """Projects: a title line, then description lines, technologies and a link."""
    items = []
    for block in blocks:
        header = parse_header(block.header, width) if block.header else None
        title = header.parts[0] if header and header.parts else None
        details = header.parts[1:] if header else []
        item: dict[str, Any] = {"title": title, "technologiesUsed": [], "additionalData": {}}
        if header and header.date_text:
            item["additionalData"]["date"] = header.date_text
        for line in block.body:
            tech = TECH_LINE.match(line.text)
            urls = find_urls(line.text)
            if tech:
                item["technologiesUsed"].extend(split_list(tech.group(1)))
            elif urls and urls[0] == line.text and "projectUrl" not in item:
                item["projectUrl"] = line.text
            else:
                details.append(line.text)
        item["description"] = "\n".join(details) or None
        items.append(item)
    return items
