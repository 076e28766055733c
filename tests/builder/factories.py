"""Test data for the builder: CV documents that fill every field, and build specs around them.

Every text value is distinct so a test can tell which one went missing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

from tests.builder.full_sections import list_sections, place


def full_document() -> dict[str, Any]:
    """A CV document in which every field of every section has a value."""
    return {
        "schemaVersion": 1,
        "hero": {
            "fullName": "Jane Example",
            "professionalTitle": "Principal Engineer",
            "profilePhotoUrl": "https://img.example.org/jane.jpg",
        },
        "contact": {
            "email": "jane@example.org",
            "phone": "+44 20 7946 0000",
            "location": place("home"),
            "professionalLinks": [
                {"platform": "LinkedIn", "url": "linkedin.com/in/jane-example"},
                {"platform": "GitHub", "url": "https://github.com/jane-example"},
            ],
            "availability": "Available from May",
            "placeOfBirth": "Birthplace town",
            "nationality": "Nationality text",
            "drivingLicense": "Licence B",
            "dateOfBirth": "1 Jan 1990",
            "maritalStatus": "Married",
            "visaStatus": "Work permit",
        },
        "summary": {
            "summaryText": "Summary paragraph one.\n\nSummary paragraph two.",
            "additionalData": {
                "yearsOfExperience": 12,
                "keySpecializations": ["Specialisation A", "Specialisation B"],
                "careerHighlights": ["Highlight one", "Highlight two"],
            },
        },
        **list_sections(),
        "unclassified_text": "Leftover text that fits no section",
    }


def minimal_document(**sections: Any) -> dict[str, Any]:
    """A document with only a name, plus any sections given."""
    return {"schemaVersion": 1, "hero": {"fullName": "Min Imal"}, **sections}


def map_strings(value: Any, fn: Callable[[str, str], str], path: str = "") -> Any:
    """Copy nested data, replacing every string s at path p with fn(p, s)."""
    if isinstance(value, str):
        return fn(path, value)
    if isinstance(value, dict):
        return {k: map_strings(v, fn, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [map_strings(v, fn, f"{path}[{i}]") for i, v in enumerate(value)]
    return copy.deepcopy(value)


def payload_document(payload: str) -> dict[str, Any]:
    """The full document with every string (URLs and hints included) replaced by a payload.

    viewMode/textVariant must stay valid enum values, so those keep their original values.
    """

    def swap(path: str, text: str) -> str:
        return text if path.endswith((".viewMode", ".textVariant")) else payload

    return map_strings(full_document(), swap)


def rtl_document() -> dict[str, Any]:
    """A document written in Arabic."""
    return {
        "schemaVersion": 1,
        "hero": {"fullName": "ليلى أحمد", "professionalTitle": "مهندسة برمجيات"},
        "contact": {"email": "layla@example.org", "location": {"city": "دبي"}},
        "summary": {"summaryText": "مهندسة برمجيات بخبرة عشر سنوات في تطوير الأنظمة الموزعة."},
        "experience": {
            "experienceItems": [{"jobTitle": "مهندسة أولى", "companyName": "شركة المثال"}]
        },
    }


def output_prefix(theme: str, document: dict[str, Any], options: dict[str, Any]) -> str:
    """A content-addressed prefix computed the way the app does."""
    canonical = json.dumps(
        {"theme": theme, "document": document, "options": options},
        sort_keys=True,
        separators=(",", ":"),
    )
    return "sites/" + hashlib.sha256(canonical.encode()).hexdigest()[:32] + "/"


def make_spec(
    document: dict[str, Any] | None = None,
    theme: str = "professional",
    options: dict[str, Any] | None = None,
    build_id: str = "b-0001",
) -> dict[str, Any]:
    """A build spec JSON object around a document (the full document by default)."""
    document = full_document() if document is None else document
    options = {} if options is None else options
    return {
        "buildId": build_id,
        "portfolioId": "p-0001",
        "theme": theme,
        "document": document,
        "options": options,
        "outputPrefix": output_prefix(theme, document, options),
    }
