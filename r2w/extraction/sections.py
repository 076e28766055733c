"""Recognising section headings and contact labels in CV lines, in several languages."""

from __future__ import annotations

import re
import unicodedata

from r2w.extraction.lexicon import CONTACT_LABELS, HEADING_MODIFIERS, HEADINGS, WEAK_HEADING_WORDS
from r2w.extraction.normalize import compact, fold
from r2w.extraction.vocab import word_set

_MARKUP = re.compile(r"^[\s#*_=>|•·▪■●◆►▶–—-]+|[\s*_=:：;|#•·–—-]+$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|&|/|\+")
MAX_HEADING_CHARS = 60


def _strip_accents(text: str) -> str:
    """Remove combining accents (for lenient matching of unaccented spellings)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Exact compact phrases -> section, and single heading words -> section."""
    exact: dict[str, str] = {}
    words: dict[str, str] = {}
    for section, phrases in HEADINGS.items():
        for phrase in phrases:
            for variant in (phrase, _strip_accents(phrase)):
                exact.setdefault(compact(variant), section)
                if " " not in variant:
                    words.setdefault(fold(variant), section)
    return exact, words


_EXACT, _WORDS = _index()
# Labels are known without their accents too, as headings are: a scan's reader often drops
# them ("Nationalite:", "Telefono:").
_LABELS = {
    compact(variant): field
    for label, field in CONTACT_LABELS.items()
    for variant in (_strip_accents(label), label)
}


# A number or an icon in front of a heading ("01 PROFILE", "2. Education", "@ WORK
# EXPERIENCE", "✦ Skills"): symbols and punctuation of any kind, or a short section number.
# Numbers: "1.", "01 —", "(2)", "§3", "4 |", "II." (Roman numerals only before a stop).
_LEAD = re.compile(
    r"^(?:[(\[§#№]?\s*(?:\d{1,2}|[IVX]{1,4}(?=[.)\]:]))(?=[\s.)\]:/|–—-])[\s.)\]:/|–—-]*"
    r"|[^\w\s(\[\"'“‘]{1,3}\s*)(?=[^\W\d_])"
)
# Letters set apart by single spaces, words by two or more: "W O R K   E X P E R I E N C E".
_SPACED_WORD = re.compile(r"(?:\S ){2,}\S")


def unspace(text: str) -> str:
    """Letter-spaced text with its letters closed up ("W O R K  H I S T O R Y" -> "WORK
    HISTORY"); other text as it is."""
    tokens = text.split()
    if len(tokens) < 4 or sum(len(t) == 1 for t in tokens) < 0.8 * len(tokens):
        return text
    return " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", text.strip()))


def capitalised(text: str) -> bool:
    """Whether text has letters and every letter that has a case is a capital."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters if ch.lower() != ch.upper())


def heading_text(line: str) -> str:
    """A line without heading markup (Markdown #, underlines, trailing colon, number or icon
    in front) and without letter-spacing."""
    text = unspace(_MARKUP.sub("", line).strip())
    return _LEAD.sub("", text, count=1).strip()


# Single words that are headings only when set apart: as list items they are ordinary words.
AMBIGUOUS = word_set(
    "training trainings portfolio activities career engagement social links studies "
    "employment academic about overview introduction expertise strengths technologies "
    "abilities interests leisure talks presentations conferences papers internship "
    "formation formations cours web site"
)


def heading_section(line: str, *, set_apart: bool = True) -> str | None:
    """The section a heading line opens, or None when the line is not a heading.

    set_apart tells whether the line stands alone (blank line before it, a colon, capitals
    or Markdown); generic words such as "Training" only count as headings then.
    """
    if not set_apart and compact(heading_text(line)) in AMBIGUOUS:
        return None
    text = heading_text(line)
    if not text or len(text) > MAX_HEADING_CHARS or any(ch.isdigit() for ch in text):
        return None
    if "@" in text or "://" in text or text.endswith((".", ",", ";")):
        return None
    key = compact(text)
    found = _EXACT.get(key) or _EXACT.get(compact(_strip_accents(text)))
    if found:
        return found
    found = _by_words(text)
    icon = _ROUND_ICON.match(text)
    if found is None and icon:
        # A round icon in front, read by OCR as a letter ("O Habilidades"): the rest names it.
        return heading_section(text[icon.end() :], set_apart=set_apart)
    return found


# A capital O or a zero and a space before a heading: the round icon OCR reads as a letter.
_ROUND_ICON = re.compile(r"^[O0]\s+(?=\S)")


def _by_words(text: str) -> str | None:
    """A heading made only of heading words and qualifiers ("Clinical Experience")."""
    words = [fold(w) for w in _WORD.findall(text)]
    if not words or len(words) > 6:
        return None
    strong: list[str] = []
    weak: list[str] = []
    for word in words:
        section = _WORDS.get(word) or _WORDS.get(_strip_accents(word))
        if section:
            (weak if word in WEAK_HEADING_WORDS else strong).append(section)
        elif word not in HEADING_MODIFIERS:
            return None
    found = strong or weak
    return found[0] if found else None


def label_field(text: str) -> str | None:
    """The contact field a label names ("E-mail" -> "email"), or None."""
    label = text.rstrip(":： ")
    return _LABELS.get(compact(label)) or _LABELS.get(compact(_strip_accents(label)))


_LABELLED = re.compile(r"^\s*([^:：]{2,30}?)\s*[:：]\s*(.+)$")


def split_label(line: str) -> tuple[str, str, str] | None:
    """Split "Label: value" where the label is a known contact label: (field, label, value)."""
    match = _LABELLED.match(line)
    if not match:
        return None
    field = label_field(match.group(1))
    if field is None:
        return None
    return field, match.group(1), match.group(2).strip()
