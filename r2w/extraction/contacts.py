"""Contact details in CV text: e-mail, phone, links and places, each kept as written."""

from __future__ import annotations

import re

from r2w.extraction.dates import DATE_RE, RANGE_RE
from r2w.extraction.vocab import (
    INSTITUTION_WORDS,
    TITLE_WORDS,
    US_STATE,
    has_word,
    is_country,
    word_set,
)

# Words that make a "City, Country"-shaped text an organisation instead.
_NOT_PLACE = (
    INSTITUTION_WORDS
    | TITLE_WORDS
    | word_set(
        "hospital clinic company inc ltd llc gmbh ag corp corporation group bank trust "
        "foundation council agency services solutions technologies labs studio"
    )
)

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w@])")
_TLDS = (
    "com|org|net|dev|io|me|co|ai|app|info|biz|page|site|tech|online|design|studio|blog|"
    "xyz|eu|uk|de|fr|es|pt|it|nl|be|ch|at|se|no|dk|fi|pl|ie|us|ca|au|nz|in|br|mx|ar|jp|cn"
)
# A host starts with a letter or digit and never right after one, a dot or a hyphen: otherwise
# every position of a long run of hyphens starts a match that scans to the run's end, and
# 100 KB of "a-a-a-" took minutes.
URL_RE = re.compile(
    r"(?<![\w@.\-])(?:https?://[^\s<>\"'|,;]+"
    rf"|(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})(?:/[^\s<>\"'|,;]*)?)"
    r"(?![\w@])",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-/]{5,22}\d(?![\w])")
_PHONE_HINT = re.compile(r"[☎✆📞📱]|\b(?:tel|phone|mobile|cell)\b", re.IGNORECASE)
# Separators between contact details on one line: bars, bullets, middle dots, emoji icons.
PART_SPLIT = re.compile(r"\s*(?:\||•|·|◦|▪|⋅|‧|\s[–—]\s|[☎✆✉📞📱📧🌐📍]|\t)\s*")
_PLATFORMS = (
    "linkedin",
    "github",
    "gitlab",
    "bitbucket",
    "behance",
    "dribbble",
    "medium",
    "pinterest",
    "youtube",
    "instagram",
    "facebook",
    "twitter",
    "stackoverflow",
    "xing",
    "kaggle",
    "orcid",
    "researchgate",
    "scholar.google",
    "vimeo",
    "tiktok",
    "substack",
    "mastodon",
)


def find_email(text: str) -> str | None:
    """The first e-mail address in text."""
    match = EMAIL_RE.search(text)
    return match.group(0) if match else None


def find_phone(text: str) -> str | None:
    """The first plausible phone number in text (7 to 15 digits, not a date range)."""
    for match in PHONE_RE.finditer(text):
        candidate = match.group(0).strip(" -./")
        digits = sum(ch.isdigit() for ch in candidate)
        if not 7 <= digits <= 15 or RANGE_RE.search(candidate):
            continue
        dotted_number = re.fullmatch(r"[\d.]+", candidate) and "." in candidate  # 3.95, 1.2.3
        if DATE_RE.fullmatch(candidate) or dotted_number:
            continue
        if candidate.count("(") != candidate.count(")"):
            candidate = candidate.lstrip("(")
        return candidate
    return None


def find_urls(text: str) -> list[str]:
    """Web addresses in text, e-mail domains excluded."""
    emails = [m.span() for m in EMAIL_RE.finditer(text)]
    urls = []
    for match in URL_RE.finditer(text):
        if any(start <= match.start() < end for start, end in emails):
            continue
        url = match.group(0).rstrip(".)")
        tld = url.split("/")[0].rsplit(".", 1)[-1]
        # "ASP.NET" is a technology: real addresses have a path, a scheme or a lower-case TLD.
        if "/" in url or url.lower().startswith("www.") or tld.islower():
            urls.append(url)
    return urls


_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")


def is_repository_url(url: str) -> bool:
    """Whether a URL points into one repository on a code host ("github.com/ana/shop"): the
    page of a project, not its owner's profile ("github.com/ana")."""
    path = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/")
    host, _, rest = path.partition("/")
    return host in _CODE_HOSTS and len([p for p in rest.split("/") if p]) >= 2


def link_platform(url: str) -> str:
    """Name of the site behind a URL, taken from the URL itself ("linkedin", "alexchen.dev")."""
    lowered = url.lower()
    for platform in _PLATFORMS:
        if platform in lowered:
            start = lowered.index(platform)
            return url[start : start + len(platform)]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE)
    return host.split("/")[0]


def is_profile_url(url: str) -> bool:
    """Whether a URL is a personal profile on a known platform (goes to professionalLinks)."""
    lowered = url.lower()
    return any(platform in lowered for platform in _PLATFORMS)


def contact_parts(line: str) -> list[str]:
    """Split a contact line into its parts ("London, UK | +44 ... | x@y.com")."""
    return [part.strip() for part in PART_SPLIT.split(line) if part and part.strip()]


def is_phone_part(part: str) -> bool:
    """Whether a line part is a phone number (possibly with an icon or label around it)."""
    phone = find_phone(part)
    if not phone:
        return False
    rest = part.replace(phone, "")
    return len(rest.strip(" :+()-")) <= 12 or bool(_PHONE_HINT.search(rest))


def parse_location(text: str) -> dict[str, str | None] | None:
    """Location parts of "City, ST", "City, Country", "City, ST, Country" or a country."""
    parts = [p.strip() for p in re.split(r"[,،，]", text) if p.strip()]
    if not parts or len(parts) > 3 or any(len(p) > 40 or "@" in p for p in parts):
        return None
    if any(ch.isdigit() for ch in parts[0]) or any(ch.isdigit() for p in parts for ch in p[:1]):
        return None
    if len(parts[0].split()) > 4 or has_word(parts[0], _NOT_PLACE):
        return None
    city = state = country = None
    if len(parts) == 1:
        if not is_country(parts[0]):
            return None
        country = parts[0]
    elif len(parts) == 2:
        city = parts[0]
        if is_country(parts[1]):
            country = parts[1]
        elif US_STATE.match(parts[1]):
            state = parts[1]
        else:
            return None
    else:
        if not (US_STATE.match(parts[1]) or is_country(parts[2])):
            return None
        city, state, country = parts
    return {"city": city, "state": state, "country": country}


def looks_like_location(text: str) -> bool:
    """Whether text reads as a place ("Seattle, WA", "London, UK")."""
    return parse_location(text) is not None
