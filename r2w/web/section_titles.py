"""The headings the editor and the publish page give the CV sections (no pydantic needed)."""

from __future__ import annotations

SECTION_TITLES = {
    "hero": "Name and headline",
    "contact": "Contact",
    "summary": "Summary",
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
    "hobbies": "Hobbies and interests",
}
