"""The editor's field description, generated from the CV document models so no field is missed."""

from __future__ import annotations

import re
import types
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from r2w.cvdoc import SECTION_KEYS, CVDocument
from r2w.cvdoc.types import HINT_FIELDS
from r2w.web.section_titles import SECTION_TITLES

ITEM_NOUNS = {
    "professionalLinks": "link",
    "experienceItems": "job",
    "educationItems": "education entry",
    "skillCategories": "skill group",
    "projectItems": "project",
    "achievements": "achievement",
    "certificationItems": "certification",
    "languageItems": "language",
    "courseItems": "course",
    "volunteerItems": "volunteer role",
    "publications": "publication",
    "speakingEngagements": "talk",
    "hobbyItems": "hobby",
}
LABELS = {
    "fullName": "Full name",
    "professionalTitle": "Headline (professional title)",
    "profilePhotoUrl": "Photo address (set by “Your photo” above)",
    "gpa": "GPA",
    "doi": "DOI",
    "url": "URL",
    "value": "Achievement",
    "label": "Kind (Award, Patent, Membership…)",
    "isCurrent": "Ongoing (I'm still doing this)",
    "sectionTitle": "Section heading",
    "additionalData": "Other facts (JSON)",
    "unclassified_text": "Other text from your CV",
    "ungroupedSkills": "Other skills",
    "proficiencyIndicators": "Skill levels",
    "viewMode": "Show as",
    "textVariant": "Amount of detail",
    "hasLink": "Show a link",
    "responsibilitiesAndAchievements": "Responsibilities and achievements",
    "presentationUrl": "Slides or recording URL",
    "duration": "Duration (as stated in the CV)",
    "professionalLinks": "Links",
    "experienceItems": "Jobs",
    "educationItems": "Schools and degrees",
    "skillCategories": "Skill groups",
    "projectItems": "Projects",
    "achievements": "Achievements",
    "certificationItems": "Certifications",
    "languageItems": "Languages",
    "courseItems": "Courses",
    "volunteerItems": "Volunteer roles",
    "publications": "Publications",
    "speakingEngagements": "Talks and appearances",
    "hobbyItems": "Hobbies with a description",
    "hobbies": "Hobbies (short list)",
}
LONG_TEXT = {"description", "summaryText", "abstract", "contextOrDetail", "unclassified_text"}
HINTS = {
    "lines": "One per line.",
    "map": "One per line, written as name: value.",
    "json": 'A JSON object, for example {"team": "Platform"}.',
}
# Which fields name an item in its heading ("Senior PM — TechVision").
TITLE_KEYS = {
    "professionalLinks": ["platform", "url"],
    "experienceItems": ["jobTitle", "companyName"],
    "educationItems": ["degree", "institution"],
    "skillCategories": ["categoryName"],
    "achievements": ["value", "label"],
    "languageItems": ["language", "proficiency"],
    "volunteerItems": ["role", "organization"],
    "speakingEngagements": ["title", "eventName"],
}


def humanise(name: str) -> str:
    """A readable label from a camelCase field name ("companyName" -> "Company name")."""
    if name in LABELS:
        return LABELS[name]
    words = re.sub(r"(?<!^)([A-Z])", r" \1", name).replace("_", " ").lower()
    words = re.sub(r"\burl\b", "URL", words)
    return words[:1].upper() + words[1:]


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that decides the widget."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else annotation
            if len(rest) != 1:
                return annotation
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _input_kind(name: str, annotation: Any) -> dict[str, Any]:
    """The widget for a leaf field: text, long text, number, checkbox, select, lines, map, json."""
    origin = get_origin(annotation)
    if origin is Literal:
        return {"kind": "select", "options": list(get_args(annotation))}
    if origin is list:
        return {"kind": "lines"}
    if origin is dict:
        value_type = _unwrap(get_args(annotation)[1])
        return {"kind": "map" if value_type is str else "json"}
    if annotation is bool:
        return {"kind": "bool"}
    if annotation is int:
        return {"kind": "number"}
    return {"kind": "longtext" if name in LONG_TEXT else "text"}


def describe_field(name: str, field_info: Any) -> dict[str, Any]:
    """Describe one model field for the editor (recursing into groups and item lists)."""
    annotation = _unwrap(field_info.annotation)
    spec: dict[str, Any] = {"key": name, "label": humanise(name)}
    if _is_model(annotation):
        spec.update(kind="group", fields=describe_model(annotation))
        if name == "additionalData":
            spec["label"] = "Key facts"
    elif get_origin(annotation) is list and _is_model(_unwrap(get_args(annotation)[0])):
        item_model = _unwrap(get_args(annotation)[0])
        noun = ITEM_NOUNS.get(name, "item")
        fields = describe_model(item_model)
        default_titles = [f["key"] for f in fields if f["kind"] == "text"][:2]
        spec.update(
            kind="items", noun=noun, fields=fields, titleKeys=TITLE_KEYS.get(name, default_titles)
        )
    else:
        spec.update(_input_kind(name, annotation))
    if spec["kind"] in HINTS:
        spec["hint"] = HINTS[spec["kind"]]
    extra = field_info.json_schema_extra or {}
    if isinstance(extra, dict) and extra.get("x-r2w-derived"):
        spec["hint"] = "Only a duration your CV states; leave empty otherwise."
    if name in HINT_FIELDS or (name == "additionalData" and spec["kind"] == "json"):
        spec["advanced"] = True
    return spec


def describe_model(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Describe a model's fields, the person's own fields first and display settings last."""
    fields = [describe_field(name, info) for name, info in model.model_fields.items()]
    return [f for f in fields if not f.get("advanced")] + [f for f in fields if f.get("advanced")]


@lru_cache(maxsize=1)
def editor_schema() -> dict[str, Any]:
    """Every section of the CV document with its fields, in the document's order."""
    sections = []
    for key in SECTION_KEYS:
        model = _unwrap(CVDocument.model_fields[key].annotation)
        fields = describe_model(model)
        for field in fields:
            if field["key"] == "sectionTitle":
                field["hint"] = (
                    f"The heading on your site. Leave empty for “{SECTION_TITLES[key]}”."
                )
        # The heading override is rarely changed, so it comes after the content.
        fields.sort(key=lambda f: f["key"] == "sectionTitle")
        sections.append({"key": key, "title": SECTION_TITLES[key], "fields": fields})
    other = describe_field("unclassified_text", CVDocument.model_fields["unclassified_text"])
    other["hint"] = "Text from your CV that fits no section; your site shows it at the end."
    return {"sections": sections, "other": other}
