"""Per-value checks: headings kept as data, sentences as names, levels as languages, and more.

Each check reads the value (and at most its neighbours and the source text), never a sample's
particular wording: the vocabulary is the multilingual heading and label lexicon the extractor
itself uses, so a check covers every language the extractor reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2w.extraction.confidence.fields import (
    DATE_FIELDS,
    EMAIL_FIELDS,
    FREE_FIELDS,
    HEADING_FIELDS,
    LIST_FIELDS,
    NAME_FIELDS,
    PERSON_NAME_FIELDS,
    PHONE_FIELDS,
    URL_FIELDS,
    field_name,
)
from r2w.extraction.confidence.locate import key
from r2w.extraction.contacts import EMAIL_RE, find_phone
from r2w.extraction.dates import RANGE_RE
from r2w.extraction.lexicon import HEADING_MODIFIERS, STRUCTURAL_WORDS
from r2w.extraction.sections import (
    MAX_HEADING_CHARS,
    heading_section,
    heading_text,
    label_field,
)
from r2w.extraction.vocab import (
    DEGREE_WORDS,
    INSTITUTION_WORDS,
    LANGUAGE_NAMES,
    LEVEL_WORDS,
    TITLE_WORDS,
    has_word,
    word_set,
    words_of,
)

# (code, reason) pairs; the path is added by the caller.
Found = Iterator[tuple[str, str]]

MAX_NAME_WORDS = 12
MAX_NAME_CHARS = 200  # also keeps the pattern checks below linear on hostile input
# Sentences are mostly lower-case words; names of organisations, titles and degrees are mostly
# capitalised ("National Council of Examiners for Engineering and Surveying": 3 of 8 lower).
SENTENCE_LOWER_SHARE = 0.5
SENTENCE_MIN_WORDS = 4
LIST_SENTENCE_MIN_WORDS = 8
# Words a value cannot end with unless it was cut at a line break ("Bachelor's Degree in").
_DANGLING = word_set(
    "in of and or for the a an to with at on by from as & + - – — , including like such "
    "und oder für der die das den dem des von mit zu im am bei "
    "et ou pour le la les du de des en au aux à avec sur par "
    "y o para el los las del con por "
    "e da do dos das em com "
    "di del della dei delle il lo gli con per "
    "van het een voor met op"
)
# A name field holding two things joined by a separator ("TechVision Corp - VP of Product").
_SEPARATOR = re.compile(r"\s+(?:[-–—|@•·]|at)\s+")
_ORG_WORDS = INSTITUTION_WORDS | word_set(
    "inc inc. ltd ltd. llc gmbh ag corp corp. corporation company co. group plc sa s.a. bv "
    "hospital clinic bank labs studio agency foundation trust council association society"
)
# An identifier inside a name ("PIN # 20A-1234E", "Licence 12A3456B").
_IDENTIFIER = re.compile(r"#|\b(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[\w-]{6,}\b")
_INNER_LABEL = re.compile(r"(?:^|\s)([^\W\d_][^\s:]{1,20}):\s+\S")
_BULLET_START = re.compile(r"^\s*(?:[•◦▪▫■□●○◆◇►▶▸‣⁃∙✓✔➢➤*«»@·]|[-–—](?=\s))")
# "Acme Inc. London": a full stop inside a name after a word longer than an abbreviation.
_INNER_STOP = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,}\.\s+\S")
_ABBREVIATION_END = re.compile(r"(?:\b[^\W\d_]{1,4}\.|\b(?:[^\W\d_]\.){2,})$")
DUPLICATE_MIN_CHARS = 20

# Plural nouns that head CV sections but are not (yet) in the extractor's heading lexicon;
# as the value of a field they are always a heading that was kept as data.
EXTRA_HEADINGS = word_set(
    "externships clerkships placements practicums rotations residencies fellowships "
    "extracurriculars engagements appointments positions responsibilities duties "
    "references referees"
)


def short(value: str, limit: int = 60) -> str:
    """A value cut to fit in a sentence."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def heading_like(path: str, value: str) -> Found:
    """A value that is a section heading or a field label in any language the lexicon has."""
    name = field_name(path)
    if name in HEADING_FIELDS or name == "unclassified_text" or "\n" in value:
        return
    stripped = value.strip()
    if len(stripped) > MAX_HEADING_CHARS:
        return
    set_apart = name not in LIST_FIELDS
    section = heading_section(stripped, set_apart=set_apart)
    extra = [w for w in words_of(heading_text(stripped)) if w not in HEADING_MODIFIERS]
    if extra and all(w in EXTRA_HEADINGS for w in extra):
        section = section or "extra"
    if section and section != "contact":
        yield (
            "looks_like_heading",
            f'"{short(stripped)}" looks like a section heading, not a detail',
        )
        return
    words = words_of(heading_text(stripped))
    is_label = (label_field(stripped) and (set_apart or stripped.endswith((":", "：")))) or (
        section == "contact"
    )
    structural = bool(words) and all(w.strip(".,:") in STRUCTURAL_WORDS for w in words)
    colon_label = stripped.endswith((":", "：")) and len(words) <= 3
    if is_label or structural or colon_label:
        yield "looks_like_heading", f'"{short(stripped)}" looks like a field label, not a detail'


def swallowed_heading(path: str, value: str, caps_headings: list[str]) -> Found:
    """An item's text that contains a heading line, so it ran into the next section."""
    name = field_name(path)
    if name in HEADING_FIELDS or name == "unclassified_text":
        return
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    if len(lines) > 1:
        for line in lines:
            if len(line) > MAX_HEADING_CHARS + 200:  # neither a heading nor led by one
                continue
            head, sep, rest = line.partition(":")
            # A heading line, or a line led by a heading ("Relevant courses: ...").
            for candidate in (line, head if sep and rest.strip() and len(head) <= 40 else ""):
                section = heading_section(candidate) if candidate else None
                if section and section != "contact":
                    yield "swallowed_heading", f'contains the heading "{short(candidate, 40)}"'
                    return
    padded = f" {' '.join(value.split())} "
    for heading in caps_headings:
        if len(heading) < len(value.strip()) and f" {heading} " in padded:
            yield "swallowed_heading", f'contains the heading "{short(heading, 40)}"'
            return


def caps_heading_lines(text: str) -> list[str]:
    """Source lines that are section headings written in capitals ("WORK EXPERIENCE")."""
    found = []
    for line in text.splitlines():
        if len(line.strip()) > MAX_HEADING_CHARS:
            continue
        stripped = heading_text(line.strip())
        letters = [ch for ch in stripped if ch.isalpha()]
        if len(letters) >= 4 and all(ch.isupper() for ch in letters):
            section = heading_section(stripped)
            if section and section != "contact":
                found.append(" ".join(stripped.split()))
    return sorted(set(found), key=len, reverse=True)


def shape_like_other(path: str, value: str) -> Found:
    """An e-mail address, phone number or date range sitting in a field meant for other things."""
    name = field_name(path)
    kinds = EMAIL_FIELDS | PHONE_FIELDS | URL_FIELDS | DATE_FIELDS | FREE_FIELDS
    if name in kinds or name == "unclassified_text":
        return
    stripped = value.strip()
    if EMAIL_RE.fullmatch(stripped):
        yield "wrong_kind", f'"{short(stripped)}" is an e-mail address, not this kind of detail'
    elif RANGE_RE.fullmatch(stripped):
        yield "wrong_kind", f'"{short(stripped)}" is a date range, not this kind of detail'
    elif find_phone(stripped) == stripped and not any(ch.isalpha() for ch in stripped):
        yield "wrong_kind", f'"{short(stripped)}" is a phone number, not this kind of detail'


def sentence_as_name(path: str, value: str) -> Found:
    """A company, school, title or name that reads like a sentence or a bullet."""
    name = field_name(path)
    if name not in NAME_FIELDS:
        return
    stripped = value.strip()
    words = stripped.split()
    reason = None
    if _BULLET_START.match(stripped):
        reason = "starts like a bullet point"
    elif len(stripped) > MAX_NAME_CHARS:
        reason = "is far too long"
    elif len(words) > MAX_NAME_WORDS:
        reason = f"has {len(words)} words"
    elif "\n" in stripped:
        reason = "runs over several lines"
    elif len(words) >= 4 and stripped.endswith(".") and not _ABBREVIATION_END.search(stripped):
        reason = "ends like a sentence"
    elif _INNER_STOP.search(stripped):
        reason = "holds more than one sentence"
    elif _lower_share(words) >= SENTENCE_LOWER_SHARE and len(words) >= SENTENCE_MIN_WORDS:
        reason = "reads like a sentence"
    if reason:
        yield "looks_like_sentence", f'"{short(stripped)}" {reason}; it may not be a name'
    elif _two_kinds(stripped) or _INNER_LABEL.search(stripped) or _IDENTIFIER.search(stripped):
        yield "merged_values", f'"{short(stripped)}" seems to hold two details in one'


def _kinds(text: str) -> set[str]:
    """Which kinds of name words text holds: a job title, an organisation, a degree."""
    kinds = set()
    if has_word(text, TITLE_WORDS):
        kinds.add("title")
    if has_word(text, _ORG_WORDS):
        kinds.add("organisation")
    if has_word(text, DEGREE_WORDS):
        kinds.add("degree")
    return kinds


def _two_kinds(text: str) -> bool:
    """Whether separator-joined parts name different kinds ("Acme Corp - VP of Sales")."""
    parts = [p for p in _SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return False
    kinds = [_kinds(part) for part in parts]
    return any(a and b and not a & b for i, a in enumerate(kinds) for b in kinds[i + 1 :])


def _lower_share(words: list[str]) -> float:
    """The share of words (letters only) written all in lower case."""
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    if not lettered:
        return 0.0
    return sum(w.islower() for w in lettered) / len(lettered)


def sentence_in_list(path: str, value: str) -> Found:
    """A skill, hobby or course in a list that reads like a sentence (a bullet put there)."""
    if field_name(path) not in LIST_FIELDS:
        return
    words = value.split()
    if len(words) >= LIST_SENTENCE_MIN_WORDS and _lower_share(words) >= SENTENCE_LOWER_SHARE:
        yield "looks_like_sentence", f'"{short(value)}" reads like a sentence, not a list entry'


def fragment(path: str, value: str) -> Found:
    """A value cut at a line break: it starts mid-sentence or ends on a joining word."""
    name = field_name(path)
    if name in HEADING_FIELDS or name in FREE_FIELDS or name == "unclassified_text":
        return
    stripped = value.strip()
    words = stripped.split()
    if not words:
        return
    first = words[0]
    lower_start = first.isalpha() and first.islower() and len(first) >= 2
    if (lower_start and len(words) >= 3) or (len(words) >= 2 and first in _DANGLING):
        yield (
            "split_value",
            f'"{short(stripped)}" starts mid-sentence; its beginning may be elsewhere',
        )
        return
    last = words[-1].casefold()
    if name in LIST_FIELDS:
        return  # list entries end as written ("Python, Java and" is not a list entry)
    if len(words) >= 2 and (last in _DANGLING or stripped.endswith((",", ";"))):
        yield "split_value", f'"{short(stripped)}" seems cut short; its end may be elsewhere'


# ". app development": a sentence that starts in lower case is a piece from elsewhere.
_LOWER_AFTER_STOP = re.compile(r"(?<![.\s][^\W\d_])(?<!\b[^\W\d_]{2}\.)[.!?]\s+([a-z][a-z]+)\b")
_ABBREVIATIONS = word_set("etc e.g i.e approx vs incl esp resp cf al no nr")


def joined_pieces(path: str, value: str) -> Found:
    """Free text in which a lower-case sentence follows a full stop: two pieces joined."""
    name = field_name(path)
    if name in NAME_FIELDS or name in HEADING_FIELDS or name in FREE_FIELDS:
        return
    for match in _LOWER_AFTER_STOP.finditer(value):
        before = value[: match.start()].split()
        word = before[-1].rstrip(".!?") if before else ""
        # "etc.", "Rep.", "Inc.": abbreviations, not the end of a sentence.
        if word.casefold() in _ABBREVIATIONS or (word[:1].isupper() and len(word) <= 4):
            continue
        yield "merged_values", f'"{short(value)}" seems to join pieces from different places'
        return


def labelled_heading(path: str, value: str) -> Found:
    """A value that starts with a section heading used as a label ("Awards: Top 5 at HackMIT")."""
    name = field_name(path)
    if name in HEADING_FIELDS or name == "unclassified_text":
        return
    head, sep, rest = value.strip().partition(":")
    if not sep or not rest.strip() or len(head) > 40:
        return
    section = heading_section(head)
    if section and section != "contact":
        yield "swallowed_heading", f'starts with the heading "{short(head, 40)}"'
        return
    words = words_of(head)
    if words and all(w.strip(".,") in STRUCTURAL_WORDS for w in words):
        yield "looks_like_heading", f'starts with the label "{short(head, 40)}"'


# Marks that start a value only when a bullet glyph was misread ("« Led", "e Led", "¢ Led").
_STRAY_START = re.compile(r"^(?:[«»¢©®§¤@~^=<>|]|[eoc](?=\s+[A-Z]))\s*")


def stray_mark(path: str, value: str) -> Found:
    """A value starting with a stray mark: a bullet glyph misread by OCR or left in the text."""
    name = field_name(path)
    if name in EMAIL_FIELDS | URL_FIELDS or name == "unclassified_text":
        return
    if _STRAY_START.match(value.strip()):
        yield "stray_mark", f'"{short(value)}" starts with a stray mark (a misread bullet?)'


# Words that join the parts of one name: a name does not end before them or start after them.
_NAME_JOINERS = word_set("of & and for at de der des di del du van von y e und et")
CUT_FIELDS = frozenset(
    {"institution", "companyName", "issuingOrganization", "organization", "degree", "jobTitle"}
)


def cut_name(path: str, before: str | None, after: str | None) -> Found:
    """A name whose source line goes on with a joining word ("University of Illinois" | "at
    Urbana-Champaign") or that starts right after one: only part of the name was kept."""
    name = field_name(path)
    if name not in CUT_FIELDS:
        return
    # "Engineer at Acme": a title is followed by "at" and its company by right.
    joiners = _NAME_JOINERS - {"at"} if name == "jobTitle" else _NAME_JOINERS
    if after and after.casefold() in joiners:
        yield "split_value", f'seems cut short: your file goes on with "{after} …"'
    elif before and before.casefold() in _NAME_JOINERS - {"at"}:
        yield "split_value", f'seems to start midway: your file has "… {before}" before it'


# Words that name a kind of organisation or place, not one in particular.
_GENERIC_NAME_WORDS = INSTITUTION_WORDS | word_set(
    "council institute association society board department company corporation group state "
    "national city county community central general public international federal regional "
    "province region district island valley"
)
_GENERIC_FIELDS = frozenset(
    {"institution", "companyName", "issuingOrganization", "organization", "city"}
)


def generic_name(path: str, value: str) -> Found:
    """A name made only of generic words ("State University", "Council", "County"): the part
    that says which one was left elsewhere."""
    if field_name(path) not in _GENERIC_FIELDS:
        return
    words = [w.strip(".,()") for w in words_of(value)]
    if words and all(w in _GENERIC_NAME_WORDS or w in HEADING_MODIFIERS for w in words if w):
        yield "split_value", f'"{short(value)}" seems incomplete: it does not say which one'


def extra_detail(path: str, value: str) -> Found:
    """A value kept as an item's extra detail: the extractor found no field for it."""
    if ".additionalData." in path and field_name(path) == "details":
        yield (
            "extra_detail",
            f'"{short(value)}" was kept as an extra detail; check where it belongs',
        )


def person_name(path: str, value: str) -> Found:
    """A person's or language's name holding digits or an @."""
    if field_name(path) not in PERSON_NAME_FIELDS:
        return
    if any(ch.isdigit() for ch in value) or "@" in value:
        yield "name_has_digits", f'"{short(value)}" holds digits or @, unusual in a name'


def level_as_language(path: str, value: str) -> Found:
    """A language name that is really a level ("Native speaker"), or a language with its level."""
    if field_name(path) != "language":
        return
    words = [w.strip(".,:;()-") for w in words_of(value)]
    words = [w for w in words if w]
    levels = [w for w in words if w in LEVEL_WORDS]
    languages = [w for w in words if w in LANGUAGE_NAMES]
    if levels and not languages:
        yield "level_as_language", f'"{short(value)}" is a level, not a language'
    elif levels and languages and len(words) > len(languages):
        yield "level_as_language", f'"{short(value)}" mixes the language with its level'


def split_number(previous: str, value: str, folded_source: str) -> bool:
    """Whether previous and value are two halves of one number ("$120" + "000 to $300")."""
    before, after = previous.rstrip(), value.lstrip()
    if not before or not after or not before[-1].isdigit() or not after[0].isdigit():
        return False
    head = re.escape(" ".join(before.split()[-2:]).casefold())
    tail = re.escape(" ".join(after.split()[:2]).casefold())
    return re.search(rf"{head}\s?[,.]\s?{tail}", folded_source) is not None


def duplicates(values: list[tuple[str, str]], source: str) -> Iterator[tuple[str, str, str]]:
    """(path, code, reason) for long values the document holds more often than the source
    does: one piece of the file was read into two places. (A CV that repeats a point under
    two jobs is read right.)"""
    seen: dict[str, str] = {}
    in_source = key(source)
    found: dict[str, int] = {}
    for path, value in values:
        name = field_name(path)
        # Names repeat legitimately (two certificates from one issuer); free text does not.
        if name in HEADING_FIELDS or name in NAME_FIELDS or name == "unclassified_text":
            continue
        folded = key(value)
        if len(folded) < DUPLICATE_MIN_CHARS:
            continue
        if folded in seen:
            found[folded] += 1
            if found[folded] > in_source.count(folded):
                yield path, "duplicate", f'"{short(value, 40)}" also appears earlier in your CV'
        else:
            seen[folded] = path
            found[folded] = 1


_OPENERS = {"(": ")", "[": "]", "（": "）"}


def unbalanced(path: str, value: str) -> Found:
    """A value with a bracket opened and never closed, or closed and never opened: it was cut
    inside the brackets ("Kubernetes (Sehr")."""
    if field_name(path) in HEADING_FIELDS or field_name(path) == "unclassified_text":
        return
    for opener, closer in _OPENERS.items():
        if value.count(opener) != value.count(closer):
            yield "split_value", f'"{short(value)}" opens or closes a bracket it does not match'
            return


# A code host whose profile is one path segment; a second one names a repository.
_CODE_HOSTS = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)"
    r"/[^/\s]+/[^/\s]+",
    re.IGNORECASE,
)


def project_link(path: str, value: str) -> Found:
    """A contact link that points at one repository, not at a person's profile: a project's
    address moved into the contact details."""
    if not path.startswith("contact.") or field_name(path) != "url":
        return
    if _CODE_HOSTS.match(value.strip()):
        yield "wrong_kind", f'"{short(value)}" points at one project, not at your profile'
