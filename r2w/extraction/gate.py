"""Telling a CV from other documents before extraction (invoices, recipes, placeholder text).

A CV in any language shows structure: contact details, date ranges, section headings. Texts
written mostly in scripts our heading lists do not cover are judged on that structure alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from r2w.extraction.contacts import EMAIL_RE, find_phone, find_urls, is_profile_url
from r2w.extraction.dates import DATE_RE, RANGE_RE
from r2w.extraction.sections import heading_section
from r2w.extraction.vocab import word_set

MIN_LETTERS = 120
MAX_CHARS = 150_000
CV_SCORE = 3.0

_INVOICE = re.compile(
    r"\b(?:invoice|invoice number|amount due|subtotal|total due|bill to|balance due|"
    r"payment terms|unit price|qty|rechnung|rechnungsnummer|mwst|facture|montant|factura|"
    r"importe|fattura|iva|btw|factuur)\b",
    re.IGNORECASE,
)
_RECIPE = re.compile(
    r"\b(?:ingredients|preheat|tablespoons?|teaspoons?|tbsp|tsp|cups? of|bake|oven|simmer|"
    r"zutaten|backofen|esslöffel|ingrédients|cuillères?|ingredientes|cucharadas?|horno)\b",
    re.IGNORECASE,
)
_LOREM = word_set(
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
    "ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure reprehenderit "
    "voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat "
    "non proident sunt culpa qui officia deserunt mollit anim id est laborum"
)
_WORD = re.compile(r"[^\W\d_]+")
_NOT_A_CV = "Upload your CV (résumé) as PDF, DOCX or text."


@dataclass(frozen=True)
class GateResult:
    """Whether text is a CV, why, and what the person can do if it is not."""

    is_cv: bool
    reason: str
    suggestion: str


def assess_cv(text: str) -> GateResult:
    """Judge whether text is a CV (any language) or clearly something else."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return GateResult(False, "too short to be a CV", "Upload your full CV. " + _NOT_A_CV)
    if len(text) > MAX_CHARS:
        return GateResult(False, "far longer than a CV", "Upload just your CV. " + _NOT_A_CV)
    words = [w.casefold() for w in _WORD.findall(text)]
    if words and sum(w in _LOREM for w in words) >= 0.3 * len(words):
        return GateResult(
            False,
            "mostly placeholder text (lorem ipsum)",
            "This looks like an empty template. Fill in your own details first.",
        )
    signals = _signals(text)
    score = _score(signals)
    latin = sum(ch.isascii() for ch in text if ch.isalpha()) / letters
    other = _other_document(text, signals)
    if other:
        return GateResult(False, f"looks like {other}, not a CV", _NOT_A_CV)
    people = count_people(text)
    if people >= 2:
        return GateResult(
            False,
            f"looks like the CVs of {people} people, not one CV",
            "Upload one person's CV at a time: save each person's pages as a file of its own.",
        )
    structural = signals["email"] or signals["phone"] or signals["ranges"] or signals["years"] >= 2
    if score >= CV_SCORE or (latin < 0.5 and structural and score >= CV_SCORE - 1):
        return GateResult(True, "looks like a CV: " + _describe(signals), "")
    return GateResult(
        False,
        "no signs of a CV (contact details, dates or CV section headings)",
        "If this is your CV, make sure it shows your contact details and dated experience. "
        "Otherwise, upload your CV (résumé) as PDF, DOCX or text.",
    )


# Sections every CV has once; a document that opens them again and again holds several CVs.
_CORE_SECTIONS = frozenset({"experience", "education", "skills", "summary", "projects"})


def count_people(text: str) -> int:
    """How many people's CVs text holds (1 for an ordinary CV, referees included).

    A person's CV is an e-mail address followed by section headings. A later, different
    address starts another person's CV only when the headings after it open again sections
    already seen (a booklet repeats Experience, Education, ...); referees' addresses are
    followed by no sections, or by sections the CV has not had yet. Without addresses, core
    sections each opened three times or more tell the same.
    """
    blocks: list[set[str]] = [set()]
    emails: set[str] = set()
    openings: dict[str, int] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        found = {m.group(0).casefold() for m in EMAIL_RE.finditer(stripped)} - emails
        if found:
            emails |= found
            blocks.append(set())
        if len(stripped) <= 60:
            section = heading_section(stripped)
            if section in _CORE_SECTIONS:
                blocks[-1].add(section)
                openings[section] = openings.get(section, 0) + 1
    people, seen = 0, set()
    for sections in blocks:
        repeated = sections & seen
        if people == 0 and sections:
            people = 1
        elif len(repeated) >= 2:
            people += 1
        seen |= sections
    # A second person needs strong evidence: three repeated sections, or a third person.
    if people == 2 and not _repeats_fully(blocks):
        people = 1
    counts = sorted(openings.values(), reverse=True)
    by_openings = counts[1] if len(counts) >= 2 and counts[1] >= 3 else 1
    return max(people, by_openings)


def _repeats_fully(blocks: list[set[str]]) -> bool:
    """Whether some block opens again at least three sections an earlier block had."""
    seen: set[str] = set()
    for sections in blocks:
        if len(sections & seen) >= 3:
            return True
        seen |= sections
    return False


def _signals(text: str) -> dict[str, int]:
    """Counts of what CVs contain."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = [line for line in lines if len(line) <= 60]
    sections = {heading_section(line) for line in short} - {None}
    urls = find_urls(text)
    return {
        "email": int(bool(EMAIL_RE.search(text))),
        "phone": int(bool(find_phone(text[:3000]))),
        "profile": int(any(is_profile_url(url) for url in urls)),
        "headings": len(sections),
        "ranges": len(RANGE_RE.findall(text)),
        "years": len(DATE_RE.findall(text)),
    }


def _score(signals: dict[str, int]) -> float:
    """Weight the signals: headings and dated ranges weigh most."""
    return (
        2.0 * signals["email"]
        + 1.0 * signals["phone"]
        + 1.0 * signals["profile"]
        + 1.0 * min(signals["headings"], 4)
        + (2.0 if signals["ranges"] >= 2 else 1.0 * signals["ranges"])
        + (0.5 if signals["years"] >= 3 else 0.0)
    )


def _other_document(text: str, signals: dict[str, int]) -> str | None:
    """Name a kind of document the text clearly is, when it shows few CV headings."""
    if signals["headings"] >= 3:
        return None
    if len(_INVOICE.findall(text)) >= 3:
        return "an invoice"
    if len(_RECIPE.findall(text)) >= 3:
        return "a recipe"
    return None


def _describe(signals: dict[str, int]) -> str:
    """Readable list of the signals found."""
    parts = []
    if signals["email"]:
        parts.append("e-mail address")
    if signals["phone"]:
        parts.append("phone number")
    if signals["headings"]:
        parts.append(f"{signals['headings']} section headings")
    if signals["ranges"]:
        parts.append(f"{signals['ranges']} date ranges")
    return ", ".join(parts) or "dates"
