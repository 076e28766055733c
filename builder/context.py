"""The view model every theme renders: visible sections, page metadata and structured data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from builder import BUILDER_VERSION, jsonld
from builder.language import choose_lang_dir
from builder.urls import safe_url
from r2w.cvdoc.keys import SECTION_KEYS

DEFAULT_TITLES: dict[str, str] = {
    "contact": "Contact",
    "summary": "About",
    "experience": "Experience",
    "education": "Education",
    "skills": "Skills",
    "projects": "Projects",
    "achievements": "Achievements",
    "certifications": "Certifications",
    "languages": "Languages",
    "courses": "Courses",
    "volunteer": "Volunteering",
    "publications": "Publications",
    "speaking": "Speaking",
    "hobbies": "Interests",
}
# Editor settings that alone don't make a section worth showing; URL hints do count.
_NOT_CONTENT = frozenset({"sectionTitle", "viewMode", "textVariant", "linkType", "hasLink"})
_DESCRIPTION_LIMIT = 160


@dataclass(frozen=True)
class Section:
    """One visible section: its key (also its HTML id), heading and data."""

    key: str
    title: str
    data: Any


def has_content(value: Any) -> bool:
    """True when a value holds any text or number a reader would see."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, int | float):
        return True
    if isinstance(value, dict):
        return any(has_content(v) for k, v in value.items() if k not in _NOT_CONTENT)
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    return False


def visible_sections(document: dict[str, Any]) -> list[Section]:
    """Sections after the hero that have content, in schema order.

    Text the extraction could not place (unclassified_text) is never published: it is often
    page furniture or misread junk. The editor lists it so the person can move each piece into
    a section, and only what they moved reaches the site.
    """
    sections = []
    for key in SECTION_KEYS[1:]:
        data = document.get(key) or {}
        if has_content(data):
            title = data.get("sectionTitle") or DEFAULT_TITLES[key]
            sections.append(Section(key, title, data))
    return sections


def _shorten(text: str, limit: int = _DESCRIPTION_LIMIT) -> str:
    """Collapse whitespace and cut at a word boundary for a meta description."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def page_meta(
    document: dict[str, Any], options: dict[str, Any], photo_path: str | None = None
) -> dict[str, Any]:
    """Title, description, canonical URL and social image (the site's own photo) for <head>."""
    hero = document.get("hero") or {}
    name_parts = [hero.get("fullName"), hero.get("professionalTitle")]
    title = options.get("siteTitle") or " — ".join(p for p in name_parts if p) or "Portfolio"
    summary = (document.get("summary") or {}).get("summaryText")
    description = _shorten(summary) if summary else " — ".join(p for p in name_parts if p)
    base_url = safe_url(options.get("baseUrl"))
    base_url = base_url if base_url and base_url.startswith(("http://", "https://")) else None
    return {
        "title": title,
        "description": description or title,
        "canonical": base_url,
        "image": base_url + photo_path if base_url and photo_path else None,
        "name": hero.get("fullName") or title,
    }


def without_hidden(document: dict[str, Any], hidden: list[str]) -> dict[str, Any]:
    """The document with hidden sections emptied: absent from page, nav, meta and JSON-LD."""
    return {key: ({} if key in hidden else value) for key, value in document.items()}


def build_context(
    document: dict[str, Any],
    theme: str,
    options: dict[str, Any],
    photo_path: str | None = None,
) -> dict[str, Any]:
    """Everything a theme template needs, derived only from the spec (so output is stable).

    photo_path is the site's own copy of the CV photo. A photo link to another host is never
    shown: a published site loads nothing from elsewhere, and the builder fetches nothing.
    """
    document = without_hidden(document, options.get("hiddenSections", []))
    lang, direction = choose_lang_dir(document, options.get("lang"))
    meta = page_meta(document, options, photo_path)
    sections = visible_sections(document)
    contact = next((s for s in sections if s.key == "contact"), None)
    return {
        "theme": theme,
        "builder_version": BUILDER_VERSION,
        "lang": lang,
        "dir": direction,
        "meta": meta,
        "hero": document.get("hero") or {},
        "photo": photo_path,
        "contact": contact,
        "sections": [s for s in sections if s.key != "contact"],
        # The menu lists the page's sections in order, then Contact (it sits in the header).
        "nav": [s for s in sections if s.key != "contact"] + ([contact] if contact else []),
        "jsonld": jsonld.script_safe_json(
            jsonld.person(document, meta["canonical"], meta["image"])
        ),
    }
