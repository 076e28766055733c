"""Score an extracted CV document against ground-truth facts, fact by fact.

Every fact gets one verdict (see docs/extraction-eval.md, "How facts are scored"):

- right: the field where the fact belongs (in the aligned item) holds it, compared after
  folding (Unicode NFKC, case-folded, every run of whitespace one space, ends trimmed);
- partly: that field overlaps the fact without equalling it (truncated, merged, split, or
  misread: a character wrong in five, as OCR reads), or,
  when the expected field has nothing like it, some other field overlaps it;
- wrong place: the whole fact is in the document, but in another field, section or item;
- missing: nothing in the document equals, contains or overlaps the fact.

Invented values are counted separately: document values that the source text does not support
(r2w.extraction.fidelity.unsupported_values). Run ``python -m corpus.score FILE GT`` to see
the facts one file gets wrong.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from corpus.gt import Fact, GroundTruth, facts

VERDICTS = ("right", "partly", "wrong_place", "missing")

# Block kind -> (document section, item list key).
ITEM_LISTS: dict[str, tuple[str, str]] = {
    "exp": ("experience", "experienceItems"),
    "edu": ("education", "educationItems"),
    "proj": ("projects", "projectItems"),
    "vol": ("volunteer", "volunteerItems"),
    "cert": ("certifications", "certificationItems"),
    "course": ("courses", "courseItems"),
    "pub": ("publications", "publications"),
    "ach": ("achievements", "achievements"),
    "lang": ("languages", "languageItems"),
    "speak": ("speaking", "speakingEngagements"),
}

# (block kind, fact field) -> item fields that may hold it. Fields not listed match any field
# of the aligned item. "+" marks a collecting field: a fact may be one part of its text.
ITEM_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("exp", "title"): ("jobTitle",),
    ("exp", "company"): ("companyName",),
    ("exp", "location"): ("location",),
    ("exp", "dates"): ("dateRange",),
    ("exp", "bullet"): ("responsibilitiesAndAchievements",),
    ("exp", "tech"): ("technologiesUsed",),
    ("edu", "degree"): ("degree", "fieldOfStudy"),
    ("edu", "institution"): ("institution",),
    ("edu", "location"): ("location",),
    ("edu", "dates"): ("dateRange",),
    ("edu", "gpa"): ("gpa",),
    ("edu", "detail"): ("+description", "honors", "minors", "relevantCoursework", "additionalData"),
    ("proj", "title"): ("title",),
    ("proj", "detail"): ("+description",),
    ("proj", "url"): ("projectUrl",),
    ("proj", "tech"): ("technologiesUsed",),
    ("vol", "role"): ("role",),
    ("vol", "org"): ("organization",),
    ("vol", "location"): ("location",),
    ("vol", "dates"): ("dateRange",),
    ("vol", "bullet"): ("responsibilities", "+description"),
    ("cert", "title"): ("title",),
    ("cert", "org"): ("issuingOrganization",),
    ("cert", "date"): ("issueDate", "expirationDate"),
    ("course", "title"): ("title",),
    ("course", "org"): ("institution",),
    ("course", "date"): ("year", "dateRange"),
    ("pub", "title"): ("title",),
    ("pub", "date"): ("publicationDate",),
    ("ach", "value"): ("value",),
    ("ach", "detail"): ("+contextOrDetail", "label"),
    ("ach", "date"): ("timeframe",),
    ("lang", "language"): ("language",),
    ("lang", "level"): ("proficiency", "certification"),
    ("speak", "title"): ("title",),
    ("speak", "event"): ("eventName",),
    ("speak", "date"): ("date",),
}

# Scalar fact -> document paths (regular expressions over iter_text_values-style paths).
SCALAR_PATHS: dict[str, str] = {
    "name": r"hero\.fullName",
    "title": r"hero\.professionalTitle",
    "summary": r"summary\.summaryText",
    "email": r"contact\.email",
    "phone": r"contact\.phone",
    "address": r"contact\.location",
    "link": r"contact\.professionalLinks\[\d+\]\.url",
    "nationality": r"contact\.nationality",
    "dob": r"contact\.dateOfBirth",
    "pob": r"contact\.placeOfBirth",
    "license": r"contact\.drivingLicense",
    "availability": r"contact\.availability",
    "visa": r"contact\.visaStatus",
    "marital": r"contact\.maritalStatus",
    "skill": r"skills\.(ungroupedSkills|skillCategories\[\d+\]\.skills)\[\d+\]",
    "level": r"skills\.proficiencyIndicators.*",
    "skillcat": r"skills\.skillCategories\[\d+\]\.categoryName",
    "hobby": r"hobbies\.(hobbies\[\d+\]|hobbyItems\[\d+\]\.title)",
    "unclass": r"unclassified_text",
}
COLLECTING = {"unclassified_text"}
# A value read with a few letters wrong is the fact misread (partly right) when it differs by at
# most one character edit per MISREAD_LETTERS characters of the fact, and only from
# MISREAD_MIN_LENGTH characters on: "Mandarın" for "Mandarin" (one edit in 8) and "Kobernrtes"
# for "Kubernetes" (two in 10) count; two values of one kind rarely lie that close ("Spanish"
# and "Danish" two edits in 7, "Hiking" and "Biking" one in 6). Values with digits are never
# misread ones: a date, year or phone number with another digit or month is another value.
MISREAD_MIN_LENGTH = 7
MISREAD_LETTERS = 5
# A date range's parts joined by a dash, "to", "bis" ... : anything without digits, short.
_RANGE_GLUE = re.compile(r"^\s*[^\w\d]{0,3}\s*(?:[^\d\s]{1,6}\s*)?$")
_BOUNDARY = r"(?:^|(?<=[\s,;:.()\[\]/|•·\-–—]))"
_END = r"(?:$|(?=[\s,;:.()\[\]/|•·\-–—]))"


def fold(text: str) -> str:
    """The comparison form of a value: NFKC, case-folded, whitespace collapsed and trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@dataclass
class Slot:
    """One value in the document: its path and its text (composites already joined)."""

    path: str
    text: str
    collecting: bool = False
    date_parts: tuple[str, str] | None = None


@dataclass
class FactResult:
    """The verdict for one fact, with what was found and where."""

    fact: Fact
    verdict: str
    found: str | None = None
    path: str | None = None
    item_path: str | None = None
    flagged: bool = False


@dataclass
class Score:
    """All verdicts of one document plus its invented values."""

    results: list[FactResult] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    flags_available: bool = False

    def counts(self) -> Counter[str]:
        """Verdict -> number of facts."""
        return Counter(r.verdict for r in self.results)

    def silent(self) -> int:
        """Facts that are not right and carry no flag."""
        return sum(1 for r in self.results if r.verdict != "right" and not r.flagged)


# ---------------------------------------------------------------------------- slots


def slots(doc: dict[str, Any]) -> list[Slot]:
    """Every text value of a document as a Slot, with locations and date ranges joined."""
    found: list[Slot] = []
    _walk(doc, "", found)
    return found


def _walk(value: Any, path: str, out: list[Slot]) -> None:
    if isinstance(value, str):
        name = path.rsplit(".", 1)[-1]
        collecting = path in COLLECTING or name in ("description", "contextOrDetail", "abstract")
        out.append(Slot(path, value, collecting))
    elif isinstance(value, dict):
        if _is_location(path, value):
            text = ", ".join(v for k in ("city", "state", "country") if (v := value.get(k)))
            if text:
                out.append(Slot(path, text))
            return
        if path.endswith("dateRange"):
            start, end = value.get("startDate") or "", value.get("endDate") or ""
            if start or end:
                out.append(Slot(path, f"{start} – {end}".strip(" –"), date_parts=(start, end)))
            return
        for key, item in value.items():
            if key in ("schemaVersion", "isCurrent") or key in _HINTS:
                continue
            out_path = f"{path}.{key}" if path else key
            _walk(item, out_path, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", out)


_HINTS = {"viewMode", "textVariant", "linkType", "hasLink", "linkUrl", "githubUrl", "videoUrl"}
_HINTS |= {"imageUrl", "duration"}


def _is_location(path: str, value: dict[str, Any]) -> bool:
    return path.endswith("location") and set(value) <= {"city", "state", "country"}


# ---------------------------------------------------------------------------- comparing


def equal(fact: str, slot: Slot) -> bool:
    """Whether the slot holds exactly the fact (after folding)."""
    want, have = fold(fact), fold(slot.text)
    if want == have:
        return True
    if slot.date_parts:
        start, end = (fold(p) for p in slot.date_parts)
        if start and end and want.startswith(start) and want.endswith(end):
            middle = want[len(start) : len(want) - len(end)]
            return len(start) + len(end) <= len(want) and bool(_RANGE_GLUE.match(middle))
        return want in (start, end) and bool(want)
    if slot.collecting:
        return contains(have, want) or want in [fold(line) for line in slot.text.splitlines()]
    return False


def contains(haystack: str, needle: str) -> bool:
    """Whether folded needle occurs in folded haystack on word boundaries."""
    if not needle:
        return False
    return re.search(_BOUNDARY + re.escape(needle) + _END, haystack) is not None


def overlaps(fact: str, text: str, *, strict: bool = False) -> bool:
    """Whether two values share enough to be the same value truncated, merged or split."""
    want, have = fold(fact), fold(text)
    if not want or not have:
        return False
    shorter, longer = sorted((want, have), key=len)
    if len(shorter) >= 3 and shorter in longer:
        return not strict or len(shorter) >= 0.4 * len(longer)
    a, b = Counter(_tokens(want)), Counter(_tokens(have))
    if not a or not b:
        return False
    shared = sum((a & b).values())
    if strict:
        return 2 * shared / (sum(a.values()) + sum(b.values())) >= 0.6
    return shared / sum(a.values()) >= 0.5


def misread(fact: str, text: str) -> bool:
    """Whether text is the fact read with a few characters wrong ("Mandarın" for "Mandarin"):
    the kind of error OCR makes, a misread value where the fact belongs."""
    want, have = fold(fact), fold(text)
    if len(want) < MISREAD_MIN_LENGTH or want == have:
        return False
    if any(ch.isdigit() for ch in want + have):
        return False  # dates, phone numbers: another digit or month is another value
    limit = len(want) // MISREAD_LETTERS
    return edit_distance(want, have, limit) <= limit


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    row = list(range(len(b) + 1))
    for i, ch in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ch != other))
        if min(row) > limit:
            return limit + 1
    return row[-1]


# ---------------------------------------------------------------------------- alignment


def _items(doc: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    section, key = ITEM_LISTS[kind]
    items = (doc.get(section) or {}).get(key) or []
    return [(f"{section}.{key}[{i}]", item) for i, item in enumerate(items)]


def _field_slots(item_path: str, all_slots: list[Slot], fact: Fact) -> list[Slot]:
    """The slots of an aligned item where a fact belongs (any field when unmapped)."""
    wanted = ITEM_FIELDS.get((fact.kind, fact.field))
    inside = [s for s in all_slots if s.path.startswith(item_path + ".")]
    if wanted is None:
        return inside
    chosen = []
    for name in wanted:
        collecting, name = name.startswith("+"), name.lstrip("+")
        prefix = f"{item_path}.{name}"
        for slot in inside:
            if slot.path == prefix or slot.path.startswith((prefix + "[", prefix + ".")):
                chosen.append(Slot(slot.path, slot.text, collecting, slot.date_parts))
    # A list of technologies is one fact; compare the whole list too.
    if fact.field == "tech" and chosen:
        chosen.append(Slot(f"{item_path}.technologiesUsed", ", ".join(s.text for s in chosen)))
    if (fact.kind, fact.field) == ("edu", "degree") and len(chosen) > 1:
        first, second = chosen[0], chosen[1]
        chosen += [Slot(first.path, f"{first.text}{glue}{second.text}") for glue in _JOIN]
    return chosen


_JOIN = (" in ", ", ", " ", " of ", " - ", " – ")


def align(truth: GroundTruth, doc: dict[str, Any], all_slots: list[Slot]) -> dict[int, str]:
    """Block index -> path of the extracted item it is matched to (best overlap, one to one).

    Pairs are ranked by how many of the block's facts the item holds exactly, then by how many
    it holds in part; ties go to the earlier block and the earlier item.
    """
    pairs: list[tuple[int, int, int, int, str]] = []
    block_facts: dict[int, list[Fact]] = {}
    for fact in facts(truth):
        if fact.block is not None:
            block_facts.setdefault(fact.block, []).append(fact)
    for index, block in enumerate(truth.blocks):
        for number, (item_path, _item) in enumerate(_items(doc, block.kind)):
            exact = partial = 0
            inside = [s for s in all_slots if s.path.startswith(item_path + ".")]
            for fact in block_facts.get(index, []):
                mine = _field_slots(item_path, all_slots, fact)
                if any(equal(fact.value, s) for s in mine):
                    exact += 1
                elif any(overlaps(fact.value, s.text) for s in inside) or any(
                    misread(fact.value, s.text) for s in mine
                ):
                    partial += 1
            if exact or partial:
                pairs.append((-exact, -partial, index, number, item_path))
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for _exact, _partial, index, _number, item_path in sorted(pairs):
        if index not in chosen and item_path not in taken:
            chosen[index] = item_path
            taken.add(item_path)
    return chosen


# ---------------------------------------------------------------------------- scoring


def judge(
    fact: Fact, home: list[Slot], elsewhere: list[Slot], item_path: str | None = None
) -> FactResult:
    """The verdict for one fact given the slots where it belongs and all the others.

    item_path is the aligned item: a short fact merged into another field of it (a year at
    the end of a title) is in the wrong place, where elsewhere it would not count.
    """
    for slot in home:
        if equal(fact.value, slot):
            return FactResult(fact, "right", slot.text, slot.path)
    for slot in home:
        if overlaps(fact.value, slot.text) or misread(fact.value, slot.text):
            return FactResult(fact, "partly", slot.text, slot.path)
    for slot in elsewhere:
        same_item = bool(item_path) and slot.path.startswith(f"{item_path}.")
        want, have = fold(fact.value), fold(slot.text)
        if equal(fact.value, slot) or _inside(want, have) or (same_item and contains(have, want)):
            return FactResult(fact, "wrong_place", slot.text, slot.path)
    for slot in elsewhere:
        parts = [slot.text, *slot.text.splitlines()]
        if any(overlaps(fact.value, part, strict=True) for part in parts):
            return FactResult(fact, "partly", slot.text, slot.path)
    return FactResult(fact, "missing")


def _inside(want: str, have: str) -> bool:
    """Whether a whole fact sits inside another value as a word-bounded part of it.

    Short facts (a year, "SQL") count only inside short values: a year inside another item's
    date range, or a skill named in a bullet, is not that fact put in the wrong place.
    """
    if len(want) < 5 and len(have) > 3 * len(want):
        return False
    return len(want) >= 2 and contains(have, want)


def score_document(
    truth: GroundTruth,
    doc: dict[str, Any],
    source_text: str = "",
    flags: list[str] | None = None,
) -> Score:
    """Score one extracted document against its ground truth.

    source_text is the text the extractor read (for invented values); flags are the field
    paths r2w flagged, or None when no flags are available.
    """
    all_slots = slots(doc)
    aligned = align(truth, doc, all_slots)
    score = Score(flags_available=flags is not None)
    for fact in facts(truth):
        if fact.block is None:
            home = _scalar_slots(fact, all_slots)
            item_path = None
        else:
            item_path = aligned.get(fact.block)
            home = _field_slots(item_path, all_slots, fact) if item_path else []
        homes = {s.path for s in home}
        result = judge(fact, home, [s for s in all_slots if s.path not in homes], item_path)
        result.item_path = item_path
        result.flagged = bool(flags) and _flagged(result, flags, home)
        score.results.append(result)
    if source_text:
        from r2w.extraction.fidelity import unsupported_values

        score.invented = unsupported_values(doc, source_text)
    return score


def _scalar_slots(fact: Fact, all_slots: list[Slot]) -> list[Slot]:
    pattern = re.compile(SCALAR_PATHS.get(fact.field, r"(?!)") + "$")
    home = [s for s in all_slots if pattern.match(s.path)]
    if fact.field == "level" and fact.key:
        home = [s for s in home if fold(s.path.split(".", 2)[-1].strip('["]')) == fold(fact.key)]
    if fact.field in ("summary", "unclass"):
        home = [Slot(s.path, s.text, True) if fact.field == "unclass" else s for s in home]
    return home


def _related(a: str, b: str) -> bool:
    """Whether one path is the other or lies inside it."""
    return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))


def _flagged(result: FactResult, flags: list[str], home: list[Slot]) -> bool:
    """A fact is flagged when a flag sits on where it was found, its item or its home field.

    "Sits on" means the flag's path is that path, lies inside it, or contains it (a flag on a
    whole item or section covers its fields).
    """
    places = [p for p in (result.path, result.item_path) if p]
    places += [s.path for s in home]
    # A fact read nowhere has no value to carry a flag; a flag saying its section may have
    # lost entries tells the person to look for it.
    if result.fact.block is None:
        home = scalar_home(result.fact.field)
        places.append(home)
        if result.verdict == "missing" and unread_in(home.split(".")[0]) in flags:
            return True
    elif result.item_path is None and unread_in(ITEM_LISTS[result.fact.kind][0]) in flags:
        return True
    return any(_related(flag, place) for flag in flags for place in places if place)


def unread_in(section: str) -> str:
    """The path a flag covers when it says entries of a section may be missing
    ("languages#unread"): no path lies inside it nor it inside any (see _related), so it
    covers only the facts read nowhere."""
    return f"{section}#unread"


def scalar_home(name: str) -> str:
    """The literal path (or its longest literal prefix) where a scalar fact belongs."""
    pattern = SCALAR_PATHS.get(name, "").split(".*")[0]
    return re.split(r"\\[\[d]|[(\[]", pattern)[0].replace("\\.", ".").rstrip(".")


# ---------------------------------------------------------------------------- CLI


def _short(text: str, limit: int = 160) -> str:
    """A found value cut to a readable length (unclassified text can be the whole CV)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(score: Score) -> str:
    """A readable report: each fact that is not right, with what was found, then totals."""
    lines = []
    for r in score.results:
        if r.verdict == "right":
            continue
        found = f" -> {r.path} = {_short(r.found or '')!r}" if r.path else ""
        flag = " [flagged]" if r.flagged else ""
        lines.append(f"{r.verdict:11} {r.fact.label()}: {r.fact.value!r}{found}{flag}")
    lines.extend(f"invented    {path}" for path in score.invented)
    counts = score.counts()
    total = len(score.results) or 1
    lines.append(
        f"{len(score.results)} facts: "
        + ", ".join(f"{v} {100 * counts[v] / total:.1f}%" for v in VERDICTS)
        + f"; invented {len(score.invented)}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """python -m corpus.score FILE GT: extract FILE and print the facts it gets wrong."""
    import argparse
    from pathlib import Path

    from corpus.gt import parse_gt
    from corpus.run import extract_file

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("gt", type=Path)
    args = parser.parse_args(argv)
    outcome = extract_file(args.file)
    truth = parse_gt(args.gt.read_text(encoding="utf-8"))
    if outcome.error:
        print(f"extraction failed: {outcome.error}")
        return 1
    try:
        print(describe(score_document(truth, outcome.document, outcome.text, outcome.flags)))
    except BrokenPipeError:  # piped into head: the reader has seen enough
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
