"""Which section a block of CV lines is, judged by what it says rather than by its heading.

Headings vary without end ("Where I've worked", "My toolbox", "Ausbildung & Studium"), but the
content under them does not: jobs carry date ranges, job titles and bullets; degrees carry degree
and school words; language lists carry language names and levels; skills are short items with no
dates. When a heading is found by its typography but its words are unknown, this decides the
section from the lines beneath it, and says None when nothing is clear (the text is then kept
as text that could not be placed, never forced into a section). "references" is not a section of
the CV document: it is recognised only so that referees are not filed as jobs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from r2w.extraction.dates import SINCE_RE
from r2w.extraction.layout.build import letters
from r2w.extraction.section_model import BULLET_LINE, classify
from r2w.extraction.vocab import (
    DEGREE_WORDS,
    INSTITUTION_WORDS,
    LANGUAGE_NAMES,
    LANGUAGE_ONLY_LEVELS,
    LEVEL_WORDS,
    TITLE_WORDS,
    has_word,
)

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_RANGE = re.compile(
    r"(?:(?<!\d)(?:19|20)\d{2}|\b\d{1,2}[./]\d{2,4})\s*(?:[-–—]|\bto\b|\bbis\b|\bà\b|\ba\b)\s*"
    r"(?:(?:19|20)\d{2}|\d{1,2}[./]\d{2,4}|[^\W\d_]{3,})",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|io|dev|net|app)/\S*", re.I)
# A web address two folders deep (a repository, a project's page), not a home page or a
# profile on a professional network: what a project links to.
_DEEP_URL = re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)+/[^/\s]+/[^/\s]+")
_PROFILE_SITE = re.compile(r"\b(?:linkedin|xing)\.", re.IGNORECASE)
_DOI = re.compile(r"\b(?:doi|isbn|issn)\b|10\.\d{4,}/", re.IGNORECASE)
# Where papers appear: journals, proceedings, conferences, publishers, "et al." author lists.
_VENUE = re.compile(
    r"\b(?:journal|proceedings|conference|symposium|workshop|transactions|review|magazine|"
    r"quarterly|press|ieee|acm|springer|elsevier|arxiv|preprint|et al|zeitschrift|revista|"
    r"revue|actes|tagungsband)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”«»].{8,}[\"“”«»]")
_CERT = re.compile(
    r"\b(?:certified|certificate|certification|certifications|licen[cs]e|credential|"
    r"zertifikat|zertifiziert|certificat|certifié|certificado|certificación)\b",
    re.IGNORECASE,
)
_AWARD = re.compile(
    r"\b(?:award|awarded|prize|winner|won|honou?r|medal|scholarship|fellowship|grant|"
    r"recognition|finalist|preis|auszeichnung|prix|premio)\b",
    re.IGNORECASE,
)
_VOLUNTEER = re.compile(
    r"\b(?:volunteer|volunteering|charity|non-?profit|ngo|ehrenamt|ehrenamtlich|bénévole|"
    r"voluntario|voluntariado|mentor(?:ing)?)\b",
    re.IGNORECASE,
)
# Words of courses and of the schools that give them online: what tells a course apart from a
# degree or a certificate when the heading does not say.
_COURSE = re.compile(
    r"\b(?:course|courses|coursework|training|workshop|seminar|bootcamp|nanodegree|mooc|"
    r"masterclass|speciali[sz]ation|introduction to|fundamentals|essentials|foundations|"
    r"coursera|udemy|edx|udacity|linkedin learning|pluralsight|datacamp|futurelearn|"
    r"khan academy|codecademy|skillshare|openclassrooms|kurs|lehrgang|weiterbildung|schulung|"
    r"formation|cours|curso|taller|capacitación)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:references?|referees?|upon request|on request|auf anfrage|sur demande)\b", re.I
)
_HOBBY = re.compile(
    r"\b(?:reading|travel(?:l?ing)?|hiking|running|cycling|swimming|football|soccer|tennis|"
    r"chess|cooking|baking|photography|painting|drawing|music|guitar|piano|singing|dancing|"
    r"yoga|gardening|climbing|skiing|sailing|fishing|gaming|films?|movies|theatre|theater|"
    r"volleyball|basketball|lesen|reisen|wandern|kochen|lecture|voyages|cuisine|leer|viajar)\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"@[\w-]+\.\w|\+?\d[\d\s().-]{7,}\d")
_PROSE_MIN_WORDS = 14
# A line of this many words that is not a list reads as a sentence, not as list items.
_SENTENCE_WORDS = 7
# Below this score no section is claimed: the block stays text that could not be placed.
MIN_SCORE = 2.0


def _share(lines: Sequence[str], test) -> float:
    """Share of lines for which test holds."""
    return sum(1 for line in lines if test(line)) / len(lines) if lines else 0.0


def _items(lines: Sequence[str]) -> list[str]:
    """List items: list lines split at commas, bullets, pipes and middots; a sentence (a
    line of many words that is not a list) is one item, its commas are grammar."""
    found: list[str] = []
    for line in lines:
        if len(line.split()) >= _SENTENCE_WORDS and not _list_line(line):
            found.append(line)
            continue
        found.extend(p.strip() for p in re.split(r"[,;|•·▪]|\s{3,}", line) if p.strip())
    return found


def _list_line(line: str) -> bool:
    """A line that is a run of three or more short items ("SQL · Python · Excel"), not prose."""
    parts = [p.strip() for p in re.split(r"[,;|•·▪]|\s{3,}", line) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def scores(lines: Sequence[str]) -> dict[str, float]:
    """A score per section key for a block of lines (higher means more like that section)."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return {}
    text = "\n".join(lines)
    # "Since 2023" is a range too, one still running, where it dates an item (a short line),
    # not in a sentence ("a nurse since 2019, caring for ...").
    since = sum(len(SINCE_RE.findall(ln)) for ln in lines if len(ln.split()) < _SENTENCE_WORDS)
    ranges = len(_RANGE.findall(text)) + since
    years = len(_YEAR.findall(text))
    bullets = _share(lines, lambda line: bool(BULLET_LINE.match(line)))
    # A long run of listed items is not prose, and its words are not job titles.
    prose = [line for line in lines if not _list_line(line)]
    long_lines = _share(lines, lambda line: line in prose and len(line.split()) >= _PROSE_MIN_WORDS)
    items = [item for item in _items(lines) if any(ch.isalpha() for ch in item)]
    short_items = sum(1 for item in items if 1 <= len(item.split()) <= 3) / max(1, len(items))
    title_lines = _share(lines, lambda line: line in prose and has_word(line, TITLE_WORDS))
    degree_lines = _share(lines, lambda line: has_word(line, DEGREE_WORDS))
    school_lines = _share(lines, lambda line: has_word(line, INSTITUTION_WORDS))
    language_items = sum(1 for item in items if has_word(item, LANGUAGE_NAMES)) / max(1, len(items))
    level_items = sum(1 for item in items if has_word(item, LEVEL_WORDS)) / max(1, len(items))
    # "Go: Expert": a level beside something that is no language, in words not kept for
    # languages, rates a skill.
    skill_levels = sum(
        1
        for item in items
        if has_word(item, LEVEL_WORDS)
        and not has_word(item, LANGUAGE_NAMES)
        and not has_word(item, LANGUAGE_ONLY_LEVELS)
    ) / max(1, len(items))
    urls = len(_URL.findall(text))
    deep_urls = sum(1 for url in _DEEP_URL.findall(text) if not _PROFILE_SITE.search(url))
    few_words = sum(len(line.split()) for line in lines) / len(lines)

    job_like = 1.5 * min(ranges, 4) + 3 * title_lines + 2 * bullets - 3 * degree_lines
    if not ranges:
        job_like *= 0.5  # jobs carry dates: without a single range a block is a weak job
    unpaid = _share(lines, lambda line: bool(_VOLUNTEER.search(line)))
    result = {
        # Volunteering reads like a job; the words for unpaid work decide between the two.
        "experience": job_like - (3 if unpaid else 0),
        # Schools without a single degree also give courses: they count for half.
        "education": 4 * degree_lines
        + 3 * school_lines * (1 if degree_lines else 0.5)
        + 0.5 * min(years, 4)
        - 2 * bullets,
        "languages": 6 * language_items + 2 * level_items - 0.5 * min(years, 4),
        "skills": 4 * short_items * (1 if len(items) >= 4 else 0.25)
        + 3 * skill_levels
        - 1.5 * min(years, 4)
        - 3 * long_lines
        - 2 * language_items
        - 4 * (degree_lines + school_lines),  # "University of X, City, ST" is no skill list
        "summary": 5 * long_lines * (1 if len(lines) <= 8 else 0.5) - min(years, 4) - 2 * bullets,
        "projects": 1.5 * min(urls, 3)
        + 1.0 * min(deep_urls, 3)
        + 1.5 * bullets
        - 0.5 * min(ranges, 4),
        "certifications": 4 * _share(lines, lambda line: bool(_CERT.search(line))),
        "courses": 4 * _share(lines, lambda line: bool(_COURSE.search(line)))
        - 4 * degree_lines
        - 2 * bullets
        - 3 * long_lines,
        "achievements": 4 * _share(lines, lambda line: bool(_AWARD.search(line))),
        "volunteer": (job_like + 1.5 if unpaid else 0) + 3 * unpaid,
        "publications": 3
        * _share(lines, lambda line: bool(_DOI.search(line) or _QUOTED.search(line)))
        + 4 * _share(lines, lambda line: bool(_VENUE.search(line)))
        + (1 if years and few_words > 8 else 0),
        "hobbies": 5 * sum(1 for item in items if _HOBBY.search(item)) / max(1, len(items))
        - 1.5 * min(years, 4)
        - 2 * long_lines,
        "references": 5 * _share(lines, lambda line: bool(_REFERENCE.search(line)))
        + 2 * _share(lines, lambda line: bool(_CONTACT.search(line))),
    }
    return result


def guess_section(lines: Sequence[str]) -> str | None:
    """The section key these lines most look like, or None when no section clearly fits.

    The learned reader (section_model, trained on the corpus's train split) decides where
    it is clear; these rules decide where it is not.
    """
    return classify(lines) or rules_guess(lines)


def rules_guess(lines: Sequence[str]) -> str | None:
    """The section key the rules above find in these lines, or None when none clearly fits."""
    ranked = sorted(scores(lines).items(), key=lambda pair: pair[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # A near tie means the content does not decide; better unplaced than misfiled.
    if score - runner_up < 0.75:
        return None
    return best


# A credential's lines are short: its title, who gave it, where, when.
_CREDENTIAL_WORDS = 10
# One line an entry names who gave it set off before its year: "Title (Giver, 2021)",
# "Title — Giver, 2021", "Title | Giver | 2021".
_GIVER_AND_YEAR = re.compile(r"[(\[|–—-]\s*[^\W\d_][^()\[\]|]*?(?:19|20)\d{2}(?!\d)")


def credential_like(lines: Sequence[str]) -> bool:
    """Whether lines read as certificates or courses by their shape alone: short lines with
    letters, no bullets and no date ranges, each entry a title and then who gave it and the
    year ("Data Analysis Essentials" / "Open Learning Institute, 2021"), or one line an entry
    with the giver set off before the year. "Title, 2021" alone is not enough: publications,
    projects and life events are listed so too."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines or any(BULLET_LINE.match(line) for line in lines):
        return False
    if any(len(line.split()) > _CREDENTIAL_WORDS or not letters(line) for line in lines):
        return False
    if _RANGE.search("\n".join(lines)) or any(SINCE_RE.search(line) for line in lines):
        return False
    dated = [bool(_YEAR.search(line)) for line in lines]
    if all(dated):
        return all(_GIVER_AND_YEAR.search(line) for line in lines)
    titles, givers = dated[0::2], dated[1::2]
    return len(lines) % 2 == 0 and not any(titles) and all(givers)


def credential_words(lines: Sequence[str]) -> str | None:
    """ "certifications" or "courses" where the lines' own words name one and not the other."""
    cert = any(_CERT.search(line) for line in lines)
    course = any(_COURSE.search(line) for line in lines)
    if cert != course:
        return "certifications" if cert else "courses"
    return None


# A profile: one to this many sentences, each of at least _PROFILE_WORDS words.
_PROFILE_LINES = 6
_PROFILE_WORDS = 6


def profile_like(lines: Sequence[str]) -> bool:
    """Whether lines read as a short profile by their shape alone: a few sentences, none a
    list, a bullet, a year or a contact detail (a profile too short to be taken for prose
    by scores(), "Bilingual HR partner who turns messy problems into simple processes")."""
    lines = [line.strip() for line in lines if line.strip()]
    if not 1 <= len(lines) <= _PROFILE_LINES:
        return False
    for line in lines:
        if BULLET_LINE.match(line) or _list_line(line) or _YEAR.search(line):
            return False
        if _CONTACT.search(line) or len(line.split()) < _PROFILE_WORDS:
            return False
    return True
