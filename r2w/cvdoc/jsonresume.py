"""Import and export of JSON Resume (schema v1.0.0) documents.

Export maps every field JSON Resume can hold natively and keeps the rest in "x-r2w" keys
(JSON Resume allows extra properties), so r2w -> JSON Resume -> r2w loses nothing. Import takes
native fields first; JSON Resume data with no r2w field goes to additionalData or, for basics
and references, to unclassified_text, so nothing is dropped either way.
"""

from __future__ import annotations

import json
from typing import Any

from r2w.cvdoc.jrcodec import EXT, as_text, compact, export_item, import_item
from r2w.cvdoc.jrspecs import BASICS, INTEREST, LISTS, OWNED, SKILL_GROUP
from r2w.cvdoc.migrate import CURRENT_VERSION
from r2w.cvdoc.schema import SECTION_KEYS, validate_document

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def to_json_resume(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Resume form of a CV document (validated first)."""
    doc = validate_document(doc)
    flat = {
        f"{sec}.{name}": doc[sec][name]
        for sec, names in OWNED.items()
        for name in names
        if sec in ("hero", "contact", "summary")
    }
    out: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": export_item(flat, BASICS)}
    for key, (section, field, spec) in LISTS.items():
        if items := doc[section][field]:
            out[key] = [export_item(item, spec) for item in items]
    if skills := _export_skills(doc["skills"]):
        out["skills"] = skills
    if interests := _export_interests(doc["hobbies"]):
        out["interests"] = interests
    out["meta"] = {EXT: _export_rest(doc)}
    return out


def _export_skills(skills: dict[str, Any]) -> list[dict[str, Any]]:
    """Skill groups become skills with keywords; ungrouped skills become bare named skills."""
    levels = skills["proficiencyIndicators"]
    out = []
    for group in skills["skillCategories"]:
        obj = export_item(group, SKILL_GROUP)
        if level := levels.get(group["categoryName"] or ""):
            obj["level"] = level
        if not group["skills"]:
            # Without keywords it would read back as an ungrouped skill.
            obj.setdefault(EXT, {})["kind"] = "category"
        out.append(obj)
    for name in skills["ungroupedSkills"]:
        level = levels.get(name)
        out.append({"name": name, "level": level} if level else {"name": name})
    return out


def _export_interests(hobbies: dict[str, Any]) -> list[dict[str, Any]]:
    """Hobby items and plain hobby names both become interests (names marked as such)."""
    out = [export_item(item, INTEREST) for item in hobbies["hobbyItems"]]
    out += [{"name": name, EXT: {"kind": "hobby"}} for name in hobbies["hobbies"]]
    return out


def _export_rest(doc: dict[str, Any]) -> dict[str, Any]:
    """Everything no JSON Resume field carries: section titles, whole sections, leftovers."""
    sections = {}
    for section in SECTION_KEYS:
        rest = {k: v for k, v in doc[section].items() if k not in OWNED.get(section, ())}
        if section == "summary":  # typed, not free data: compact it like a section
            rest["additionalData"] = compact(rest["additionalData"])
        if rest := compact(rest):
            sections[section] = rest
    rest = {"schemaVersion": CURRENT_VERSION, "sections": sections or None}
    rest["unclassified_text"] = doc["unclassified_text"]
    return compact(rest)


def from_json_resume(data: dict[str, Any]) -> dict[str, Any]:
    """Return the validated CV document of a JSON Resume (DocumentInvalid if it cannot be)."""
    if not isinstance(data, dict):
        raise ValueError("a JSON Resume document must be a JSON object")
    meta = _obj(_obj(data.get("meta")).get(EXT))
    kept = _obj(meta.get("sections"))
    doc: dict[str, Any] = {s: dict(_obj(kept.get(s))) for s in SECTION_KEYS}
    notes = _import_basics(doc, _obj(data.get("basics")))
    for key, (section, field, spec) in LISTS.items():
        doc[section][field] = [import_item(o, spec) for o in _objs(data.get(key))]
    _import_skills(doc["skills"], _objs(data.get("skills")))
    _import_interests(doc["hobbies"], _objs(data.get("interests")))
    notes += _reference_notes(_objs(data.get("references")))
    texts = [meta.get("unclassified_text"), *notes]
    doc["unclassified_text"] = "\n\n".join(t for t in texts if isinstance(t, str) and t) or None
    return validate_document(doc)


def _obj(value: Any) -> dict[str, Any]:
    """Return value if it is a JSON object, else an empty one (tolerate malformed input)."""
    return value if isinstance(value, dict) else {}


def _objs(value: Any) -> list[dict[str, Any]]:
    """Return the objects of a JSON Resume list, skipping anything that is not an object."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _import_basics(doc: dict[str, Any], basics: dict[str, Any]) -> list[str]:
    """Fill hero, contact and summary from basics; return notes for what has no field."""
    flat = import_item(basics, BASICS)
    leftovers = flat.pop("additionalData")
    for path, value in flat.items():
        section, _, name = path.partition(".")
        doc.setdefault(section, {})[name] = value
    if isinstance(url := leftovers.pop("url", None), str) and url:
        links = doc["contact"]["professionalLinks"] or []
        if url not in [link.get("url") for link in links if isinstance(link, dict)]:
            doc["contact"]["professionalLinks"] = [{"platform": "Website", "url": url}, *links]
    lines = [_note(k, v) for k, v in leftovers.items()]
    loc = _obj(basics.get("location"))
    lines += [_note(k, v) for k, v in loc.items() if k not in ("city", "region", "countryCode")]
    for profile in _objs(basics.get("profiles")):
        if profile.get("username"):
            lines.append(
                _note(f"{profile.get('network') or 'profile'} username", profile["username"])
            )
    return ["\n".join(lines)] if lines else []


_LABELS = {"address": "Address", "postalCode": "Postal code"}


def _note(key: str, value: Any) -> str:
    """Render one leftover fact as a readable line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"{_LABELS.get(key, key)}: {text}"


def _import_skills(skills: dict[str, Any], objs: list[dict[str, Any]]) -> None:
    """Skills with keywords (or marked) become groups, bare names become ungrouped skills."""
    levels = dict(_obj(skills.get("proficiencyIndicators")))
    groups, ungrouped = [], []
    for obj in objs:
        obj = dict(obj)
        level, name = as_text(obj.pop("level", None)), as_text(obj.get("name"))
        ext = dict(_obj(obj.get(EXT)))
        is_group = ext.pop("kind", None) == "category" or set(obj) - {"name"}
        if is_group or not isinstance(name, str) or not name.strip():
            obj[EXT] = ext
            group = import_item(obj, SKILL_GROUP)
            groups.append(group)
            name = group["categoryName"]
        else:
            ungrouped.append(name)
        if isinstance(level, str) and level and isinstance(name, str) and name:
            levels[name] = level
    skills.update(skillCategories=groups, ungroupedSkills=ungrouped, proficiencyIndicators=levels)


def _import_interests(hobbies: dict[str, Any], objs: list[dict[str, Any]]) -> None:
    """Interests become hobby items; names exported from the plain hobby list go back there."""
    items, names = [], []
    for obj in objs:
        ext = dict(_obj(obj.get(EXT)))
        if ext.pop("kind", None) == "hobby" and isinstance(obj.get("name"), str):
            names.append(obj["name"])
        else:
            items.append(import_item({**obj, EXT: ext}, INTEREST))
    hobbies.update(hobbyItems=items, hobbies=names)


def _reference_notes(refs: list[dict[str, Any]]) -> list[str]:
    """References have no r2w section; keep them as readable text."""
    lines = []
    for ref in refs:
        parts = [as_text(ref.get(k)) for k in ("name", "reference")]
        lines.append(" - ".join(p for p in parts if isinstance(p, str) and p))
    lines = [line for line in lines if line]
    return ["References\n" + "\n".join(lines)] if lines else []
