"""What a review of an extracted document says: per-field flags and where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Stable codes the UI keys on, with what each means to the person reading the flag.
CODES: dict[str, str] = {
    "unsupported": "not found in your file",
    "bad_email": "not a valid e-mail address",
    "bad_phone": "not a valid phone number",
    "bad_url": "not a valid web address",
    "bad_date": "not a date",
    "ocr_unsure": "hard to read in the scan",
    "looks_like_heading": "looks like a heading or label, not a detail",
    "swallowed_heading": "runs into another section",
    "unplaced": "could not be placed in a section",
    "looks_like_sentence": "looks like a sentence, not a name",
    "name_has_digits": "a name with digits or @",
    "level_as_language": "a level, not a language",
    "split_value": "one value split in two",
    "duplicate": "repeats another detail",
    "wrong_kind": "a different kind of detail",
    "merged_values": "two details in one",
    "extra_detail": "kept as an extra detail of an item",
    "stray_mark": "starts with a stray mark",
    "level_as_skill": "a level, not a skill",
    "missing_detail": "missing a detail the other entries have",
    "crowded_item": "far more points than the other entries",
    "merged_items": "two entries run together",
    "nameless_item": "an entry without a title or name",
    "empty_section": "a heading with nothing placed under it",
    "guessed_section": "a heading r2w does not know: filed by what it says",
    "not_read": "a detail your file seems to have that was not read",
    "unread_line": "beside a line of the scan that could not be read",
    "unsure": "often read wrong where it sits: check it against your file",
    "unread_in_section": "part of this section could not be read: entries may be missing",
}
# Codes of flags on a section's title that say some of its entries may not have been read at
# all (there is then no value of theirs to flag).
ENTRIES_MAY_BE_MISSING = frozenset({"empty_section", "unread_in_section"})


@dataclass(frozen=True)
class Flag:
    """A reason a value may be wrong: the field path, a stable code and a human reason."""

    path: str
    code: str
    reason: str

    def to_json(self) -> dict[str, str]:
        """The flag as a JSON object."""
        return {"path": self.path, "code": self.code, "reason": self.reason}


@dataclass
class Review:
    """Flags on an extracted document and the provenance of each of its values."""

    flags: list[Flag] = field(default_factory=list)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The review as JSON: flags, provenance and the number of flagged fields."""
        return {
            "flags": [flag.to_json() for flag in self.flags],
            "provenance": self.provenance,
            "count": len({flag.path for flag in self.flags}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Review:
        """Rebuild a review stored with to_json (None or {} gives an empty review)."""
        data = data or {}
        flags = [Flag(f["path"], f["code"], f["reason"]) for f in data.get("flags", [])]
        return cls(flags=flags, provenance=dict(data.get("provenance", {})))
