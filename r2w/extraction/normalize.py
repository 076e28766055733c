"""Minimal, word-preserving clean-up of extracted text, and the folding used to compare text."""

from __future__ import annotations

import re
import unicodedata

# Typographic ligatures that PDF fonts map to single code points; expanding them restores the
# letters a reader sees ("ﬁnance" -> "finance") without changing any word.
LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)
_LIGATURE = re.compile("[\ufb00-\ufb06]")
# Spaces that render like a space but break word matching.
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u2006\u2008-\u200a\u3000]")
# Invisible characters: zero-width spaces, byte-order marks, soft hyphens, and the bidi
# embedding/isolate controls pdftotext wraps right-to-left runs in. Left/right marks stay:
# they carry meaning in mixed-direction text.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_RUNS = re.compile(r"\n{3,}")
# UTF-8 bytes wrongly decoded as Latin-1/cp1252 and saved again ("â€¢" for "•"): a lead byte
# followed by the right number of continuation bytes, seen as characters.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00df][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]"
    "|[\u00e0-\u00ef][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]{2}"
)
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00ef]")


def clean_text(text: str) -> str:
    """Normalise extracted text without altering words.

    Applies NFC, expands Latin ligatures, turns exotic spaces into plain ones, drops invisible
    and control characters, repairs double-encoded UTF-8 punctuation, unifies line ends, strips
    trailing blanks and collapses runs of blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = unicodedata.normalize("NFC", text)
    if _LIGATURE.search(text):  # translate() looks up every character: most texts hold none
        text = text.translate(LIGATURES)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = _CONTROL.sub("", repair_mojibake(text))
    # Trailing blanks line by line: a pattern would try every space between words as a start.
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage on short sequences that decode to common punctuation."""
    if not _MOJIBAKE_LEAD.search(text):
        return text  # no lead byte: one quick scan instead of trying the pattern everywhere
    return _MOJIBAKE.sub(_unmangle, text)


def _unmangle(match: re.Match[str]) -> str:
    """Decode one suspicious sequence; keep it unless it becomes a plausible character."""
    chunk = match.group(0)
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = chunk.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        code = ord(fixed)
        # Only Latin letters and general punctuation/symbols: anything else (rare scripts) is
        # more likely genuine text that happens to look like a mangled sequence.
        if 0x80 <= code < 0x250 or 0x2000 <= code < 0x2C00:
            return fixed
    return chunk


# Glyphs that only mark list items; ASCII markers count only at the start of a line.
_BULLET_GLYPHS = re.compile(r"[•◦▪▫■□●○◆◇►▶▸‣⁃∙✓✔➢➤\u200e\u200f]")
_LINE_MARKERS = re.compile(r"(?m)^[ \t]*(?:[-*+>–—·¢]|\d{1,2}[.)])[ \t]+")
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold text for tolerant comparison: case, ligatures, whitespace and bullet markers."""
    text = unicodedata.normalize("NFKC", text.translate(LIGATURES))
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = _BULLET_GLYPHS.sub(" ", _LINE_MARKERS.sub("", text))
    return _WS.sub(" ", text.casefold()).strip()


def compact(text: str) -> str:
    """Fold text and remove every space (letter-spaced headings compare equal to plain ones)."""
    return fold(text).replace(" ", "")


def join_broken(left: str, right: str) -> str:
    """Two lines' text read as one: a word broken after its hyphen ("inno-" / "vation",
    "CRM-" / "Systems", "Goethe-" / "Institut") joins without a space, keeping the hyphen."""
    broken = left.endswith("-") and (
        right[:1].islower() or (left[-2:-1].isalpha() and right[:1].isalpha())
    )
    return left + right if broken else f"{left} {right}"
