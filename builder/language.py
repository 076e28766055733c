"""Choose the page language and text direction from options or from the CV's own text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from r2w.cvdoc.strings import iter_strings

RTL_LANGS = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$")

# (first code point, last code point, script) for the scripts whose language is unambiguous
# enough to name; everything else counts as Latin-like and falls back to "en".
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "he"),
    (0xFB1D, 0xFB4F, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0750, 0x077F, "ar"),
    (0x08A0, 0x08FF, "ar"),
    (0xFB50, 0xFDFF, "ar"),
    (0xFE70, 0xFEFF, "ar"),
    (0x0370, 0x03FF, "el"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
    (0x3040, 0x30FF, "ja"),
    (0xAC00, 0xD7AF, "ko"),
    (0x4E00, 0x9FFF, "zh"),
)
_RTL_SCRIPTS = frozenset({"he", "ar"})


def _script_of(char: str) -> str:
    """Name the script of one letter ("latin" when not one we detect)."""
    code = ord(char)
    for first, last, script in _SCRIPTS:
        if first <= code <= last:
            return script
    return "latin"


def script_counts(texts: Iterable[str]) -> Counter[str]:
    """Count letters per script across the texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_script_of(ch) for ch in text if ch.isalpha())
    return counts


def normalise_lang(value: object) -> str | None:
    """Return a well-formed BCP 47-ish tag or None."""
    if isinstance(value, str) and _LANG_TAG.match(value.strip()):
        return value.strip()
    return None


def choose_lang_dir(document: dict[str, Any], requested: object = None) -> tuple[str, str]:
    """Return (lang, dir): the requested language if valid, else the dominant script's.

    Direction is rtl when the language is right-to-left or most letters are Arabic/Hebrew.
    """
    counts = script_counts(iter_strings(document))
    total = sum(counts.values())
    rtl_letters = sum(counts[s] for s in _RTL_SCRIPTS)
    mostly_rtl = total > 0 and rtl_letters * 2 > total
    lang = normalise_lang(requested)
    if lang is None:
        dominant = counts.most_common(1)[0][0] if total else "latin"
        # Japanese mixes kanji (Han) with kana; any kana means Japanese rather than Chinese.
        if dominant == "zh" and counts["ja"]:
            dominant = "ja"
        lang = "en" if dominant == "latin" else dominant
    rtl = mostly_rtl or lang.split("-", 1)[0].lower() in RTL_LANGS
    return lang, "rtl" if rtl else "ltr"
