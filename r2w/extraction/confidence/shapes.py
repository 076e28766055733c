"""Shape checks: an e-mail, phone number, web address or date that cannot be one."""

from __future__ import annotations

import re

from r2w.extraction.dates import DATE_RE, PRESENT, RANGE_RE, SINCE_RE

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,24}", re.UNICODE)
# Digits with the separators people write between them; an optional extension at the end.
_PHONE = re.compile(
    r"\+?\s?(?:\(\s?\+?\d{1,4}\s?\)[\s.\-/]?)?\d[\d\s.\-/()]*\d"
    r"(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:(?:https?|ftp)://)?(?:[\w-]+\.)+[^\W\d_]{2,24}(?::\d{1,5})?(?:[/?#][^\s]*)?",
    re.IGNORECASE | re.UNICODE,
)
_DOI = re.compile(r"(?:doi:\s?)?10\.\d{4,9}/\S+", re.IGNORECASE)
_PRESENT_ONLY = re.compile(rf"(?:{PRESENT})", re.IGNORECASE)
# Words a date field may carry besides the date itself ("Expected May 2025", "ca. 2019").
_DATE_WORDS = re.compile(
    r"\b(?:expected|anticipated|since|from|until|till|to|through|present|current|ca|circa|"
    r"approx|seit|bis|depuis|desde|hasta|dal|al|sinds|tot|season|summer|spring|autumn|fall|"
    r"winter|q[1-4]|h[12]|semester|term)\b\.?",
    re.IGNORECASE,
)


def email_problem(value: str) -> str | None:
    """Why value is not an e-mail address, or None when it is one."""
    if _EMAIL.fullmatch(value.strip()):
        return None
    return f'"{value}" is not a valid e-mail address (expected name@example.com)'


def phone_problem(value: str) -> str | None:
    """Why value is not a phone number (7 to 15 digits), or None when it is one."""
    stripped = value.strip()
    digits = sum(ch.isdigit() for ch in stripped)
    if _PHONE.fullmatch(stripped) and 7 <= digits <= 15:
        return None
    if not 7 <= digits <= 15:
        return f'"{value}" is not a valid phone number ({digits} digits; expected 7 to 15)'
    return f'"{value}" is not a valid phone number (it holds more than digits)'


def url_problem(value: str) -> str | None:
    """Why value is not a web address, or None when it is one."""
    stripped = value.strip()
    if stripped.endswith("-"):
        # An address broken at a line's end: what followed the dash is on the next line.
        return f'"{value}" ends with a dash; the rest of the address may be on the next line'
    if _URL.fullmatch(stripped) or _DOI.fullmatch(stripped):
        return None
    return f'"{value}" is not a valid web address'


# The extractor's date patterns look for recent years; any year of the last two centuries
# is a year for a date field (a date of birth in 1948, a degree in 2051 is still a shape).
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def date_problem(value: str) -> str | None:
    """Why value is not a date, a date range or "Present", or None when it is one."""
    stripped = _ANY_YEAR.sub("2000", value.strip(" .,;()"))
    if not stripped:
        return None
    if "\n" in stripped:
        return f'"{value}" runs over several lines; a date is one value'

    if _PRESENT_ONLY.fullmatch(stripped):
        return None
    for pattern in (RANGE_RE, SINCE_RE, DATE_RE):
        match = pattern.search(stripped)
        if match:
            rest = (stripped[: match.start()] + " " + stripped[match.end() :]).strip()
            rest = _DATE_WORDS.sub(" ", rest)
            if not any(ch.isalnum() for ch in rest):
                return None
            return f'"{value}" holds more than a date'
    return f'"{value}" is not a date'
