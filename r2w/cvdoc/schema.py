"""The CV document model and its validation entry points."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BeforeValidator, Field, ValidationError

from r2w.cvdoc.errors import DocumentInvalid
from r2w.cvdoc.keys import SECTION_KEYS
from r2w.cvdoc.migrate import CURRENT_VERSION, migrate_document
from r2w.cvdoc.sections import (
    Achievements,
    Certifications,
    Contact,
    Courses,
    Education,
    Experience,
    Hero,
    Hobbies,
    Languages,
    Projects,
    Publications,
    Skills,
    Speaking,
    Summary,
    Volunteer,
)
from r2w.cvdoc.types import LongText, Model, none_to_model

__all__ = [
    "SECTION_KEYS",
    "CVDocument",
    "DocumentInvalid",
    "document_json_schema",
    "empty_document",
    "format_path",
    "parse_document",
    "validate_document",
]

S = TypeVar("S")
Section = Annotated[S, BeforeValidator(none_to_model)]


class CVDocument(Model):
    """A whole CV: the 15 sections, leftover text and the schema version."""

    hero: Section[Hero] = Field(default_factory=Hero)
    contact: Section[Contact] = Field(default_factory=Contact)
    summary: Section[Summary] = Field(default_factory=Summary)
    experience: Section[Experience] = Field(default_factory=Experience)
    education: Section[Education] = Field(default_factory=Education)
    skills: Section[Skills] = Field(default_factory=Skills)
    projects: Section[Projects] = Field(default_factory=Projects)
    achievements: Section[Achievements] = Field(default_factory=Achievements)
    certifications: Section[Certifications] = Field(default_factory=Certifications)
    languages: Section[Languages] = Field(default_factory=Languages)
    courses: Section[Courses] = Field(default_factory=Courses)
    volunteer: Section[Volunteer] = Field(default_factory=Volunteer)
    publications: Section[Publications] = Field(default_factory=Publications)
    speaking: Section[Speaking] = Field(default_factory=Speaking)
    hobbies: Section[Hobbies] = Field(default_factory=Hobbies)
    unclassified_text: LongText = Field(
        None, description="CV text that fits no other field, verbatim, so nothing is lost."
    )
    schemaVersion: Literal[1] = CURRENT_VERSION


def format_path(loc: tuple[Any, ...]) -> str:
    """Render a pydantic error location as "experience.experienceItems[0].jobTitle"."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += "[key]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    """Convert pydantic errors into {path, message, type} dicts."""
    return [
        {"path": format_path(err["loc"]), "message": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False)
    ]


def parse_document(data: Any) -> CVDocument:
    """Migrate and validate data into a CVDocument or raise DocumentInvalid."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise DocumentInvalid(
            [{"path": "", "message": f"expected an object, got {kind}", "type": "dict_type"}]
        )
    try:
        return CVDocument.model_validate(migrate_document(data))
    except ValidationError as exc:
        raise DocumentInvalid(_errors(exc)) from None


def validate_document(data: Any) -> dict[str, Any]:
    """Return the normalised JSON dict of a CV document or raise DocumentInvalid."""
    return parse_document(data).model_dump(mode="json", by_alias=True)


def empty_document() -> dict[str, Any]:
    """Return a valid document with all 15 sections and no content."""
    return CVDocument().model_dump(mode="json", by_alias=True)


def document_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a CV document."""
    schema = CVDocument.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
