"""What kind of value a field path holds, judged from its last field name."""

from __future__ import annotations

import re

_INDEX = re.compile(r"\[[^\]]*\]")

EMAIL_FIELDS = frozenset({"email"})
PHONE_FIELDS = frozenset({"phone"})
URL_FIELDS = frozenset(
    {
        "url",
        "projectUrl",
        "verificationUrl",
        "certificateUrl",
        "publicationUrl",
        "eventUrl",
        "presentationUrl",
        "profilePhotoUrl",
    }
)
DATE_FIELDS = frozenset(
    {
        "startDate",
        "endDate",
        "issueDate",
        "expirationDate",
        "publicationDate",
        "date",
        "year",
        "dateOfBirth",
    }
)
# Names of things: short, no sentence, no bullet.
NAME_FIELDS = frozenset(
    {
        "fullName",
        "companyName",
        "institution",
        "issuingOrganization",
        "organization",
        "jobTitle",
        "role",
        "degree",
        "fieldOfStudy",
        "language",
        "city",
        "state",
        "country",
    }
)
PERSON_NAME_FIELDS = frozenset({"fullName", "language"})
# Fields whose values are headings or labels by nature.
HEADING_FIELDS = frozenset({"sectionTitle", "categoryName", "label", "platform"})
# Free identifiers: digits, dates and odd shapes are normal in them.
FREE_FIELDS = frozenset(
    {"credentialId", "certificateNumber", "doi", "gpa", "timeframe", "duration", "commitment"}
)
# Fields that hold lists of short words (a generic word there is not set apart as a heading).
LIST_FIELDS = frozenset(
    {
        "skills",
        "ungroupedSkills",
        "hobbies",
        "relevantCoursework",
        "honors",
        "minors",
        "technologiesUsed",
        "keySpecializations",
        "authors",
        "exchangePrograms",
    }
)


def field_name(path: str) -> str:
    """The last field name of a path ("...experienceItems[0].jobTitle" -> "jobTitle")."""
    if path.startswith("unclassified_text"):
        return "unclassified_text"
    last = path.rsplit(".", 1)[-1]
    bare = _INDEX.sub("", last)
    if bare:
        return bare
    # A mapping key ('x["odd key"]'): the mapping's own name.
    return _INDEX.sub("", path.rsplit(".", 1)[-1].split("[", 1)[0])


def item_of(path: str) -> str:
    """The item a path belongs to ("experience.experienceItems[0]"), or its section."""
    match = re.match(r"^(.*?\[\d+\])", path)
    return match.group(1) if match else path.split(".", 1)[0]
