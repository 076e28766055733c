"""schema.org Person structured data, serialised so it can sit inside a <script> element."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from builder.urls import email_href, safe_url

# "<", ">" and "&" never occur in JSON outside strings, so escaping them as \u00XX keeps the JSON
# identical as data while making "</script>" or "<!--" in a CV unable to end the element.
# U+2028/U+2029 are escaped too because some JavaScript parsers treat them as line ends.
_SCRIPT_SAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_safe_json(data: Any) -> Markup:
    """Serialise data deterministically as JSON that is safe inside an HTML <script>."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


def _address(location: dict[str, Any] | None) -> dict[str, str] | None:
    """Map a Location to a schema.org PostalAddress."""
    location = location or {}
    fields = {
        "addressLocality": location.get("city"),
        "addressRegion": location.get("state"),
        "addressCountry": location.get("country"),
    }
    fields = {k: v for k, v in fields.items() if v}
    return {"@type": "PostalAddress", **fields} if fields else None


def _current_employer(document: dict[str, Any]) -> dict[str, str] | None:
    """The organisation of the first job marked current, if any."""
    for item in document.get("experience", {}).get("experienceItems") or []:
        if (item.get("dateRange") or {}).get("isCurrent") and item.get("companyName"):
            return {"@type": "Organization", "name": item["companyName"]}
    return None


def _skills(document: dict[str, Any]) -> list[str]:
    """Every named skill, grouped or not, in document order."""
    skills = document.get("skills") or {}
    names = [s for cat in skills.get("skillCategories") or [] for s in cat.get("skills") or []]
    return names + list(skills.get("ungroupedSkills") or [])


def person(
    document: dict[str, Any], base_url: str | None, image: str | None = None
) -> dict[str, Any]:
    """Build the schema.org Person object for a CV document (image: the site's own photo)."""
    hero = document.get("hero") or {}
    contact = document.get("contact") or {}
    schools = document.get("education", {}).get("educationItems") or []
    languages = document.get("languages", {}).get("languageItems") or []
    links = [safe_url(link.get("url")) for link in contact.get("professionalLinks") or []]
    email = email_href(contact.get("email"))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": hero.get("fullName"),
        "jobTitle": hero.get("professionalTitle"),
        "image": image,
        "description": (document.get("summary") or {}).get("summaryText"),
        "email": email[len("mailto:") :] if email else None,
        "telephone": contact.get("phone"),
        "address": _address(contact.get("location")),
        "nationality": contact.get("nationality"),
        "url": base_url,
        "sameAs": [url for url in links if url and url.startswith("http")],
        "worksFor": _current_employer(document),
        "alumniOf": [
            {"@type": "EducationalOrganization", "name": s["institution"]}
            for s in schools
            if s.get("institution")
        ],
        "knowsAbout": _skills(document),
        "knowsLanguage": [item["language"] for item in languages if item.get("language")],
    }
    return {key: value for key, value in data.items() if value not in (None, [], {})}
