"""The ground-truth (.gt) fact format: parse it, write it, and list its atomic facts.

The format is described in tests/fixtures/cvs/ground-truth/README.md. A file is an ordered list
of entries: scalar lines (``key: value``) and item blocks (``== kind`` followed by field lines).
A line after a block belongs to that block when its key is one of the block kind's fields,
otherwise it is a scalar and closes the block. ``override`` lines are a human's verdict on one
past extraction; they are kept for the round trip but never change a score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SCALAR_KEYS = [
    "name",
    "title",
    "summary",
    "email",
    "phone",
    "address",
    "link",
    "nationality",
    "dob",
    "pob",
    "license",
    "availability",
    "visa",
    "marital",
    "skill",
    "skills",
    "skillcat",
    "hobby",
    "hobbies",
    "unclass",
]

BLOCK_FIELDS: dict[str, tuple[str, ...]] = {
    "exp": ("title", "company", "location", "dates", "bullet", "tech", "detail"),
    "edu": ("degree", "institution", "location", "dates", "detail", "gpa"),
    "proj": ("title", "detail", "url", "tech", "dates"),
    "vol": ("role", "org", "location", "dates", "bullet", "detail"),
    "cert": ("title", "org", "date", "detail", "url"),
    "course": ("title", "org", "date", "detail"),
    "pub": ("title", "detail", "date", "url"),
    "ach": ("value", "detail", "date"),
    "lang": ("language", "level"),
    "speak": ("title", "event", "venue", "detail", "date"),
}

_LINE = re.compile(r"^([a-z]+):\s?(.*)$")


@dataclass
class Block:
    """One item (a job, a degree, a language ...) with its field lines in order."""

    kind: str
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class GroundTruth:
    """A whole .gt file: entries in order (a scalar (key, value) pair or a Block)."""

    entries: list[tuple[str, str] | Block] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)

    @property
    def blocks(self) -> list[Block]:
        """The item blocks in order."""
        return [e for e in self.entries if isinstance(e, Block)]

    @property
    def scalars(self) -> list[tuple[str, str]]:
        """The scalar (key, value) lines in order."""
        return [e for e in self.entries if not isinstance(e, Block)]


@dataclass(frozen=True)
class Fact:
    """One atomic fact: a scalar (block is None) or a field of the block-th item block.

    For skills, key holds the skill name when the fact is its level.
    """

    kind: str  # "scalar" or a block kind such as "exp"
    field: str
    value: str
    block: int | None = None
    key: str | None = None

    def label(self) -> str:
        """A short readable name such as exp#2.title or skill."""
        where = self.field if self.block is None else f"{self.kind}#{self.block + 1}.{self.field}"
        return f"{where}[{self.key}]" if self.key else where


class GroundTruthError(ValueError):
    """A .gt file line that is not in the fact format."""


def parse_gt(text: str) -> GroundTruth:
    """Parse .gt text into a GroundTruth (GroundTruthError on a malformed line)."""
    truth = GroundTruth()
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("override "):
            truth.overrides.append(line)
            continue
        if line.startswith("=="):
            kind = line[2:].strip()
            if kind not in BLOCK_FIELDS:
                raise GroundTruthError(f"line {number}: unknown block kind {kind!r}")
            current = Block(kind)
            truth.entries.append(current)
            continue
        match = _LINE.match(line)
        if not match:
            raise GroundTruthError(f"line {number}: expected 'key: value', got {line[:40]!r}")
        key, value = match.group(1), match.group(2).strip()
        if current is not None and key in BLOCK_FIELDS[current.kind]:
            current.fields.append((key, value))
        elif key in SCALAR_KEYS:
            current = None
            truth.entries.append((key, value))
        elif current is not None:  # a field the README does not list for this kind
            current.fields.append((key, value))
        else:
            raise GroundTruthError(f"line {number}: unknown key {key!r}")
    return truth


def write_gt(truth: GroundTruth) -> str:
    """Serialise a GroundTruth; scalars that a preceding block would absorb move first."""
    lines: list[str] = []
    # A scalar written right after a block whose kind has a field of that name would be
    # read back into the block; writing such scalars before any block keeps the meaning.
    early: list[tuple[str, str]] = []
    body: list[tuple[str, str] | Block] = []
    last: Block | None = None
    for entry in truth.entries:
        if isinstance(entry, Block):
            last = entry
            body.append(entry)
        elif last is not None and entry[0] in BLOCK_FIELDS[last.kind]:
            early.append(entry)
        else:
            body.append(entry)
            last = None
    for entry in [*early, *body]:
        if isinstance(entry, Block):
            lines.append(f"== {entry.kind}")
            lines.extend(f"{key}: {_one_line(value)}" for key, value in entry.fields)
        else:
            lines.append(f"{entry[0]}: {_one_line(entry[1])}")
    lines.extend(truth.overrides)
    return "\n".join(lines) + "\n"


def _one_line(value: str) -> str:
    """Facts are single-line; collapse any line breaks a value picked up."""
    return " ".join(value.split())


def split_list(value: str) -> list[str]:
    """Split a 'skills:'/'hobbies:' list on semicolons, else on commas outside brackets."""
    if ";" in value:
        return [part.strip() for part in value.split(";") if part.strip()]
    parts, depth, start = [], 0, 0
    for i, char in enumerate(value):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


def facts(truth: GroundTruth) -> list[Fact]:
    """The atomic facts of a ground truth, in file order."""
    found: list[Fact] = []
    for entry in truth.entries:
        if isinstance(entry, Block):
            index = truth.blocks.index(entry)
            found.extend(Fact(entry.kind, key, value, index) for key, value in entry.fields)
            continue
        key, value = entry
        if key in ("skills", "hobbies"):
            single = {"skills": "skill", "hobbies": "hobby"}[key]
            # A listed skill may carry its level as a single one does ("HIIT=Expert").
            for part in split_list(value):
                found.extend(_scalar(single, part))
        elif value:
            found.extend(_scalar(key, value))
    return found


def _scalar(key: str, value: str) -> list[Fact]:
    """The facts of one scalar line: a skill written NAME=LEVEL is two, its name and level."""
    if key == "skill" and "=" in value:
        name, level = (part.strip() for part in value.split("=", 1))
        return [Fact("scalar", "skill", name), Fact("scalar", "level", level, key=name)]
    return [Fact("scalar", key, value)]
