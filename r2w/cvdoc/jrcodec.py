"""Field codecs between CV document items and JSON Resume objects.

Each r2w field maps to zero or more JSON Resume keys through a codec. Whatever a codec cannot
carry exactly is kept in the object's "x-r2w" key (JSON Resume allows extra properties), and
that kept value is only trusted on import while the native keys still say what export wrote,
so an edit made in another JSON Resume tool wins over the stale copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

EXT = "x-r2w"
FREE_MAPS = frozenset({"additionalData", "proficiencyIndicators", "impactMetrics"})
_ISO = re.compile(r"^[1-2][0-9]{3}(-[0-1][0-9](-[0-3][0-9])?)?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+([1-2][0-9]{3})$")
_NUM_MONTH_YEAR = re.compile(r"^([0-1]?[0-9])[/.]([1-2][0-9]{3})$")
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def iso_date(text: Any) -> str | None:
    """Return the JSON Resume (ISO 8601) form of a date written in a CV, or None if unclear."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if _ISO.match(text):
        return text
    if m := _MONTH_YEAR.match(text):
        month = _MONTHS.get(m.group(1).lower())
        return f"{m.group(2)}-{month:02d}" if month else None
    if (m := _NUM_MONTH_YEAR.match(text)) and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return None


def as_text(value: Any) -> Any:
    """Accept numbers where JSON Resume files often put them (gpa, years) as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class Codec(Protocol):
    """Maps one r2w field to a fragment of a JSON Resume object and back."""

    keys: tuple[str, ...]

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value (absent keys mean no value)."""
        ...

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value for a fragment holding only this codec's keys."""
        ...


@dataclass(frozen=True)
class TextCodec:
    """A string field stored under one key."""

    key: str

    @property
    def keys(self) -> tuple[str, ...]:
        """The JSON Resume keys this codec reads and writes."""
        return (self.key,)

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        return {} if value is None else {self.key: value}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        return as_text(frag.get(self.key))


@dataclass(frozen=True)
class UrlCodec(TextCodec):
    """A link: exported as a full URI (JSON Resume's format "uri"), the CV's own text kept.

    "linkedin.com/in/x" goes out as "https://linkedin.com/in/x"; text that is no link at all
    is left out of the native key. Either way export keeps the original in x-r2w.
    """

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        from r2w.cvdoc.links import full_url

        url = full_url(value)
        return {self.key: url} if url else {}


@dataclass(frozen=True)
class EmailCodec(TextCodec):
    """An e-mail address: exported only when it is one (JSON Resume's format "email")."""

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        from r2w.cvdoc.links import plausible_email

        return {self.key: value.strip()} if plausible_email(value) else {}


@dataclass(frozen=True)
class ListCodec(TextCodec):
    """A list of strings stored under one key (omitted when empty)."""

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        return {self.key: list(value)} if value else {}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        value = frag.get(self.key)
        return [as_text(v) for v in value] if isinstance(value, list) else []


@dataclass(frozen=True)
class DateCodec(TextCodec):
    """A free-text date stored natively only when it has an ISO 8601 form."""

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        iso = iso_date(value)
        return {self.key: iso} if iso else {}


@dataclass(frozen=True)
class PlaceCodec(TextCodec):
    """A Location stored as JSON Resume's one-line location string."""

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        if not isinstance(value, dict):
            return {}
        parts = [value.get(k) for k in ("city", "state", "country")]
        line = ", ".join(p for p in parts if p)
        return {self.key: line} if line else {}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        line = frag.get(self.key)
        return {"city": line, "state": None, "country": None} if line else None


@dataclass(frozen=True)
class RangeCodec:
    """A DateRange stored as startDate/endDate; no endDate means ongoing in JSON Resume."""

    keys: tuple[str, ...] = ("startDate", "endDate")

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        if not isinstance(value, dict):
            return {}
        pairs = ((k, iso_date(value.get(k))) for k in self.keys)
        return {k: v for k, v in pairs if v}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        if not frag:
            return None
        start, end = as_text(frag.get("startDate")), as_text(frag.get("endDate"))
        # JSON Resume's convention: an end date means finished, none means ongoing.
        current = False if end else (True if start else None)
        return {"startDate": start, "endDate": end, "isCurrent": current}


@dataclass(frozen=True)
class ItemSpec:
    """How one kind of item maps: codecs per r2w field, plus JSON Resume-only keys.

    jr_only keys ("str" or "list" valued) have no r2w field; they travel in additionalData.
    """

    fields: dict[str, Codec]
    jr_only: dict[str, str] = field(default_factory=dict)


def compact(value: Any, key: str | None = None) -> Any:
    """Drop nulls and empty lists (the defaults) so extension data stays small."""
    if isinstance(value, dict) and key not in FREE_MAPS:
        pairs = ((k, compact(v, k)) for k, v in value.items())
        return {k: v for k, v in pairs if not _is_default(k, v)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def _is_default(key: str, value: Any) -> bool:
    """Tell whether a compacted value equals the field default it would be restored to."""
    return value is None or value == [] or (value == {} and key in FREE_MAPS)


def _fits(value: Any, kind: str) -> bool:
    """Tell whether an additionalData value is valid where JSON Resume expects kind."""
    if kind == "uri":
        from r2w.cvdoc.links import full_url

        return isinstance(value, str) and full_url(value) == value
    if kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def export_item(item: dict[str, Any], spec: ItemSpec) -> dict[str, Any]:
    """Return the JSON Resume object of an r2w item, keeping the inexact rest in x-r2w."""
    out: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for name, value in item.items():
        if name == "additionalData":
            continue
        codec = spec.fields.get(name)
        if codec is not None:
            frag = codec.encode(value)
            out.update(frag)
            if codec.decode(frag) == value:
                continue
        rest[name] = value
    extra = {}
    for key, value in (item.get("additionalData") or {}).items():
        if key in spec.jr_only and key not in out and _fits(value, spec.jr_only[key]):
            out[key] = value
        else:
            extra[key] = value
    rest = compact({**rest, "additionalData": extra})
    if rest:
        out[EXT] = rest
    return out


def _kept(codec: Codec, kept: Any, frag: dict[str, Any]) -> bool:
    """Tell whether the native keys still hold what export wrote for the kept value."""
    try:
        return codec.encode(kept) == frag
    except (TypeError, AttributeError, ValueError):
        return False


def import_item(obj: dict[str, Any], spec: ItemSpec) -> dict[str, Any]:
    """Return the r2w item of a JSON Resume object; unknown keys go to additionalData."""
    rest = obj.get(EXT) if isinstance(obj.get(EXT), dict) else {}
    item: dict[str, Any] = {}
    consumed = {EXT}
    for name, codec in spec.fields.items():
        frag = {k: obj[k] for k in codec.keys if k in obj}
        consumed.update(codec.keys)
        use_kept = name in rest and _kept(codec, rest[name], frag)
        item[name] = rest[name] if use_kept else codec.decode(frag)
    for name, value in rest.items():
        if name not in spec.fields and name != "additionalData":
            item[name] = value
    data = dict(rest.get("additionalData") or {})
    data.update({k: v for k, v in obj.items() if k not in consumed})
    item["additionalData"] = data
    return item


def country_code(country: Any) -> str | None:
    """Return country when it is already an ISO 3166-1 alpha-2 code, else None."""
    return country if isinstance(country, str) and _COUNTRY_CODE.match(country) else None
