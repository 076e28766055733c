"""The section keys of a CV document, in schema order (plain Python: the builder imports it)."""

from __future__ import annotations

SECTION_KEYS: tuple[str, ...] = (
    "hero",
    "contact",
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "achievements",
    "certifications",
    "languages",
    "courses",
    "volunteer",
    "publications",
    "speaking",
    "hobbies",
)
