"""Shared field types, limits and building blocks of the CV document models."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

from r2w.cvdoc.limits import (  # noqa: F401  (re-exported: the models' limits live here too)
    MAX_DATA_DEPTH,
    MAX_ITEMS,
    MAX_LONG_TEXT,
    MAX_TEXT,
    check_free_data,
)

# Markers in a field's JSON schema: display hints are editor settings and derived fields are
# computed, so neither is extracted text (iter_text_values and the extraction prompt skip them).
HINT = {"x-r2w-display-hint": True}
DERIVED = {"x-r2w-derived": True}


def blank_to_none(value: Any) -> Any:
    """Turn empty or whitespace-only strings into None (the contract: empty strings are null)."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def none_to_list(value: Any) -> Any:
    """Accept null for list fields and drop blank entries, so lists always serialise as lists."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if not (isinstance(v, str) and not v.strip())]
    return value


def none_to_dict(value: Any) -> Any:
    """Accept null for mapping fields so they always serialise as objects."""
    return {} if value is None else value


def none_to_model(value: Any) -> Any:
    """Accept null for nested section objects; the model default fills them in."""
    return {} if value is None else value


Str = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Text = Annotated[Str | None, BeforeValidator(blank_to_none)]
LongText = Annotated[
    Annotated[str, StringConstraints(max_length=MAX_LONG_TEXT)] | None,
    BeforeValidator(blank_to_none),
]
Int = Annotated[int | None, BeforeValidator(blank_to_none)]
Bool = Annotated[bool | None, BeforeValidator(blank_to_none)]
TextList = Annotated[list[Str], Field(max_length=MAX_ITEMS), BeforeValidator(none_to_list)]
TextMap = Annotated[dict[Str, Str], Field(max_length=MAX_ITEMS), BeforeValidator(none_to_dict)]

ViewMode = Literal["text", "timeline", "video", "github", "images", "tweet", "uri"]
TextVariant = Literal["detailed", "simple"]


def free_data(value: Any) -> dict[str, Any]:
    """Validate an additionalData mapping: plain JSON within the size limits."""
    value = none_to_dict(value)
    if not isinstance(value, dict):
        raise ValueError("must be an object")
    check_free_data(value)
    return value


FreeData = Annotated[dict[str, Any], BeforeValidator(free_data)]


class Model(BaseModel):
    """Base of every CV model: unknown fields are rejected so no garbage is stored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Location(Model):
    """Where something is: free text parts exactly as written."""

    city: Text = None
    state: Text = None
    country: Text = None


class ProfessionalLink(Model):
    """A link to a profile or site (LinkedIn, GitHub, portfolio, ...)."""

    platform: Text = None
    url: Text = None


class DateRange(Model):
    """A period with dates kept verbatim ("Sep 2024", "Present")."""

    startDate: Text = None
    endDate: Text = None
    isCurrent: Bool = None


class DisplayHints(Model):
    """Rendering settings chosen in the editor; never extracted from the CV."""

    viewMode: Annotated[ViewMode | None, BeforeValidator(blank_to_none)] = Field(
        None, json_schema_extra=HINT
    )
    textVariant: Annotated[TextVariant | None, BeforeValidator(blank_to_none)] = Field(
        None, json_schema_extra=HINT
    )
    linkType: Text = Field(None, json_schema_extra=HINT)
    hasLink: Bool = Field(None, json_schema_extra=HINT)
    linkUrl: Text = Field(None, json_schema_extra=HINT)
    githubUrl: Text = Field(None, json_schema_extra=HINT)
    videoUrl: Text = Field(None, json_schema_extra=HINT)
    imageUrl: Text = Field(None, json_schema_extra=HINT)


class Item(DisplayHints):
    """A list item: display hints plus free extracted facts no field names."""

    additionalData: FreeData = Field(
        default_factory=dict,
        description="Facts from the CV that no other field holds, keyed by a short name.",
    )

    @model_serializer(mode="wrap")
    def _own_fields_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Serialise the item's own fields before hints and free data (easier to read)."""
        data = handler(self)
        head = {k: v for k, v in data.items() if k not in _ITEM_TAIL}
        return head | {k: data[k] for k in _ITEM_TAIL if k in data}


HINT_FIELDS = tuple(DisplayHints.model_fields)
_ITEM_TAIL = (*HINT_FIELDS, "additionalData")
