"""The original's ``cv_data`` turned into a valid r2w CV document (its known quirks undone).

Quirks (original-system.md): ``volunteer`` may be a bare list; an education ``description`` may
end with "Honors: …. GPA: …. Location: …" that the original appended from its own fields;
``hobbies`` may hold only ``hobbies: [str]`` (or be a bare list); keys may be missing or null;
``unclassified_text`` may be present. Anything that still fails r2w's model is reported, and
the CV is read again by r2w's extractor.
"""

from __future__ import annotations

import json
import re
from typing import Any

from r2w.cvdoc.errors import DocumentInvalid

_LABELS = ("Honors", "GPA", "Location")
_APPENDED = re.compile(r"(Honors|GPA|Location):\s*(.*?)\.?\s*(?=(?:Honors|GPA|Location):|$)", re.S)
_START = re.compile(r"(?:^|(?<=[.\s]))(?:Honors|GPA|Location):")


class Unusable(ValueError):
    """The original's document cannot become an r2w document; the message says why."""


def _location(text: str) -> dict[str, str | None]:
    # The original wrote "city, state, country" with the empty parts left out.
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2:
        return {"city": parts[0], "state": None, "country": parts[1]}
    if len(parts) == 3:
        return {"city": parts[0], "state": parts[1], "country": parts[2]}
    return {"city": text, "state": None, "country": None}


def split_education_description(item: dict[str, Any]) -> dict[str, Any]:
    """Move appended "Honors/GPA/Location" text back into the item's own fields.

    A value goes back only into an empty field; otherwise the text stays in the description,
    so nothing the original held is dropped.
    """
    description = item.get("description")
    if not isinstance(description, str):
        return item
    start = _START.search(description)
    if start is None:
        return item
    head, tail = description[: start.start()].rstrip(), description[start.start() :]
    item, left = dict(item), []
    for label, value in _APPENDED.findall(tail):
        value = value.strip()
        if not value:
            continue
        if label == "Honors" and not item.get("honors"):
            item["honors"] = [value]
        elif label == "GPA" and not item.get("gpa"):
            item["gpa"] = value
        elif label == "Location" and not item.get("location"):
            item["location"] = _location(value)
        else:
            left.append(f"{label}: {value}.")
    item["description"] = " ".join([head, *left]).strip() or None
    return item


def _drop_null_items(value: Any) -> Any:
    # The original stored null entries in item lists; r2w's lists hold objects or strings.
    if isinstance(value, dict):
        return {k: _drop_null_items(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_null_items(v) for v in value if v is not None]
    return value


def undo_quirks(data: dict[str, Any]) -> dict[str, Any]:
    """Return the document with the original's quirks turned into r2w's shapes."""
    doc = {k: v for k, v in _drop_null_items(data).items() if v is not None}
    if isinstance(doc.get("volunteer"), list):
        doc["volunteer"] = {"volunteerItems": doc["volunteer"]}
    if isinstance(doc.get("hobbies"), list):
        doc["hobbies"] = {"hobbies": doc["hobbies"]}
    if isinstance(doc.get("unclassified_text"), list):
        doc["unclassified_text"] = "\n".join(str(v) for v in doc["unclassified_text"])
    education = doc.get("education")
    if isinstance(education, dict) and isinstance(education.get("educationItems"), list):
        items = [
            split_education_description(i) if isinstance(i, dict) else i
            for i in education["educationItems"]
        ]
        doc["education"] = {**education, "educationItems": items}
    return doc


def convert(raw: str | None) -> dict[str, Any]:
    """The r2w document for an original ``cv_data`` string; raise Unusable with a reason."""
    if raw is None or not str(raw).strip():
        raise Unusable("no document")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise Unusable(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise Unusable(f"not a JSON object (a {type(data).__name__})")
    from r2w.cvdoc.schema import validate_document  # pydantic: only when importing

    try:
        return validate_document(undo_quirks(data))
    except DocumentInvalid as exc:
        raise Unusable(str(exc)) from None
