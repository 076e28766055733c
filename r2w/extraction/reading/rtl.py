"""Right-to-left scripts in read text: which characters are, and brackets facing the right way."""

from __future__ import annotations

import re

RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufefc]")
# A bracket and the one facing the other way.
MIRRORED = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{"}
_OPENING = "([{"
_STOPS = ".,;:،؛"


def is_rtl(ch: str) -> bool:
    """Whether a character belongs to a right-to-left script (Hebrew, Arabic)."""
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc"


def mend_brackets(text: str) -> str:
    """Brackets turned the way their place in logical text says: one after a space (or at the
    start) and touching what follows opens; one touching what precedes and followed by a
    space, a stop or the end closes.

    PDF producers map a bracket glyph mirrored in right-to-left text back to one code point
    for all its uses, so the character read from a right-to-left line may face either way.
    """
    if not any(ch in MIRRORED for ch in text):
        return text
    chars = list(text)
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        if ch not in MIRRORED:
            continue
        before = chars[i - 1] if i else " "
        after = chars[i + 1] if i < last else " "
        if before.isspace() and not after.isspace() and after not in _STOPS:
            opens = True
        elif not before.isspace() and (after.isspace() or after in _STOPS):
            opens = False
        else:
            continue
        if opens != (ch in _OPENING):
            chars[i] = MIRRORED[ch]
    return "".join(chars)
