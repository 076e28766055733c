"""Read and check a build spec (the JSON the app stores at builds/<id>/spec.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from builder import THEMES
from r2w.cvdoc.errors import DocumentInvalid
from r2w.cvdoc.keys import SECTION_KEYS
from r2w.cvdoc.normal import checked_document

# The app derives the prefix from a sha256; insisting on that shape keeps a malformed spec from
# writing anywhere else in the bucket.
_PREFIX = re.compile(r"^sites/[0-9a-f]{16,64}/$")
_OPTION_KEYS = ("siteTitle", "baseUrl", "lang")
# The CV's stored photo (r2w.intake.photos); nothing else in the bucket may be copied into a site.
_PHOTO_KEY = re.compile(r"^uploads/[A-Za-z0-9_-]{1,64}/photo\.webp$")


class SpecInvalid(ValueError):
    """The build spec is malformed; the message says which part."""


@dataclass(frozen=True)
class BuildSpec:
    """A checked build spec with a validated, normalised CV document."""

    build_id: str
    portfolio_id: str
    theme: str
    document: dict[str, Any]
    output_prefix: str
    options: dict[str, Any] = field(default_factory=dict)
    photo_key: str | None = None


def _text(raw: dict[str, Any], key: str) -> str:
    """A required non-empty string field."""
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SpecInvalid(f"{key} must be a non-empty string")
    return value


def _options(raw: Any) -> dict[str, Any]:
    """Known options as strings; unknown keys are ignored so older builders keep working."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SpecInvalid("options must be an object")
    options = {}
    for key in _OPTION_KEYS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise SpecInvalid(f"options.{key} must be a string")
        if value:
            options[key] = value
    hidden = raw.get("hiddenSections")
    if hidden is not None:
        hideable = SECTION_KEYS[1:]
        if not isinstance(hidden, list) or not all(key in hideable for key in hidden):
            raise SpecInvalid(f"options.hiddenSections must list sections among {hideable}")
        if hidden:
            options["hiddenSections"] = sorted(set(hidden))
    return options


def parse_spec(data: bytes | str) -> BuildSpec:
    """Parse spec JSON and validate it, including the CV document; raise SpecInvalid."""
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SpecInvalid(f"spec is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise SpecInvalid("spec must be a JSON object")
    theme = _text(raw, "theme")
    if theme not in THEMES:
        raise SpecInvalid(f"unknown theme {theme!r}; valid themes: {', '.join(THEMES)}")
    prefix = _text(raw, "outputPrefix")
    if not _PREFIX.match(prefix):
        raise SpecInvalid("outputPrefix must look like sites/<hex>/")
    photo_key = raw.get("photoKey")
    if photo_key is not None and not (isinstance(photo_key, str) and _PHOTO_KEY.match(photo_key)):
        raise SpecInvalid("photoKey must look like uploads/<id>/photo.webp")
    try:
        # The app sends documents it has validated: those pass a plain check and the pydantic
        # models are never imported; anything else gets the full validation and its errors.
        document = checked_document(raw.get("document"))
    except DocumentInvalid as exc:
        raise SpecInvalid(str(exc)) from None
    return BuildSpec(
        build_id=_text(raw, "buildId"),
        portfolio_id=_text(raw, "portfolioId"),
        theme=theme,
        document=document,
        output_prefix=prefix,
        options=_options(raw.get("options")),
        photo_key=photo_key,
    )
