"""Item headers: lines split into parts (title, company, school, place) and a date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from r2w.extraction.contacts import looks_like_location
from r2w.extraction.lines import Line, header_date
from r2w.extraction.normalize import join_broken
from r2w.extraction.vocab import DEGREE_WORDS, INSTITUTION_WORDS, TITLE_WORDS, has_word, word_set

STRONG_SPLIT = re.compile(r"\s+[|•·]\s+|\s*\|\s*|\s+[–—]\s+|\s+-\s+|\t+|\s+@\s+")
_EDGE = " \t,;:|•·–—-/"
# Commas and list marks of Latin, Arabic and CJK text.
_COMMAS = ",،，"
# A header line running this far across its column (where the layout is known) is long
# enough to have wrapped.
WRAPPED_FILL = 0.75
_LIST_SEPARATORS = _COMMAS + ";；、•·|"
# The bar between the parts of a row ("Title | Company | Place | Dates").
_BAR = re.compile(r"\s\|\s")
_SEPARATOR = re.compile(r"[,،，](?!\d)|\s[|•·–—-]\s")
# A company's legal form after a comma belongs to its name ("Lumen Health, Inc.").
LEGAL_FORM = re.compile(
    r"^\s*(?:Inc|INC|Ltd|LTD|LLC|LLP|PLC|plc|Corp|Co|GmbH|AG|KG|SA|SAS|SARL|SRL|SpA|S\.A|S\.L|"
    r"BV|B\.V|NV|N\.V|AB|Oy|AS|Pty|LP|L\.P)\.?(?=$|[\s,;|)])"
)
# Words that only label a date or a value; they are consumed with it.
DATE_LABELS = re.compile(
    r"^(?:graduated|graduation|expected|completed|valid until|valid through|valid|expires|"
    r"expiry|expiration|issued|abschluss|diplômé|diplômée|obtenido|concluído|conseguito)\s*:?$",
    re.IGNORECASE,
)


@dataclass
class Header:
    """An item header: its text parts in reading order (and per line) and its date."""

    parts: list[str] = field(default_factory=list)
    dates: dict[str, Any] | None = None
    date_text: str | None = None
    lines: list[tuple[str, list[str]]] = field(default_factory=list)  # (text, its parts)

    def add(self, text: str) -> None:
        """Add one line's worth of header text."""
        parts = split_parts(text)
        if parts:
            self.parts.extend(parts)
            self.lines.append((clean_part(text), parts))


def split_list(text: str) -> list[str]:
    """Split "a, b (c, d); e • f" into items at top-level separators, each kept verbatim.

    Slashes do not split: "Microsoft Word / PowerPoint" is one entry.
    """
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        if depth == 0 and ch in _LIST_SEPARATORS and not _inside_value(text, i):
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [item.strip(" ./") for item in items if item.strip(" ./")]


def _inside_value(text: str, i: int) -> bool:
    """Whether the comma at i is part of one value, not a separator: a thousands separator
    ("$120,000", "1,5 Mio") or the comma before a company's legal form ("Acme, Inc.")."""
    if text[i] not in _COMMAS:
        return False
    if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    return bool(LEGAL_FORM.match(text[i + 1 :]))


def clean_part(part: str) -> str:
    """Trim separators and stray brackets left at the edges where a date was cut out."""
    part = re.sub(r"^\s*(?:\(\s*\)|\[\s*\])|(?:\(\s*\)|\[\s*\])\s*$", "", part).strip(_EDGE)
    if part.endswith("(") or (part.count("(") > part.count(")") and part.startswith("(")):
        part = part.strip("(").strip(_EDGE)
    if part.startswith(")") or (part.count(")") > part.count("(") and part.endswith(")")):
        part = part.strip(")").strip(_EDGE)
    return part


# A line led by its own label ("Thesis: search service at scale") is one labelled detail.
LABELLED = re.compile(r"^[^\W\d_][^\W\d_ -]*(?:[ -][^\W\d_]+){0,2}\s?:\s")


def split_parts(text: str) -> list[str]:
    """Split a header line at bars, dashes, bullets, "at", or else commas."""
    text = clean_part(text)
    strong = [clean_part(p) for p in STRONG_SPLIT.split(text) if clean_part(p)]
    if len(strong) > 1:
        return strong
    at = re.split(r"\s+(?:at|bei|chez|en)\s+", text, maxsplit=1)
    # "University of Texas at Austin" names one campus; "Analyst at Acme" is two values;
    # "Master en informatique" is a degree in its subject, one value ("Associate at Amazon",
    # a job title that is also a degree word, is still two).
    if (
        len(at) == 2
        and not LABELLED.match(text)
        and not looks_like_location(text)
        and not has_word(at[0], INSTITUTION_WORDS)
        and not (has_word(at[0], DEGREE_WORDS) and not has_word(at[0], TITLE_WORDS))
    ):
        return [clean_part(at[0]), *split_parts(at[1])]
    return _place_aware(text, [clean_part(p) for p in split_list_commas(text) if clean_part(p)])


def split_list_commas(text: str) -> list[str]:
    """Split at commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        if ch in _COMMAS and depth == 0 and not _inside_value(text, i):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def parse_header(lines: list[Line], width: int) -> Header:
    """Read dates and text parts from an item's header lines (wrapped lines re-joined)."""
    header = Header()
    texts = rejoin_wrapped(lines, width)
    for text in texts:
        span = header_date(text) if header.dates is None else None
        if span is None:
            header.add(text)
            continue
        header.dates = span.as_range()
        header.date_text = text[span.start : span.end]
        for side in (text[: span.start], text[span.end :]):
            side = clean_part(side)
            if side and not DATE_LABELS.match(side):
                header.add(side)
    return header


def rejoin_wrapped(lines: list[Line], width: int) -> list[str]:
    """Join a header line that wrapped (long, no separator at its end) with the next one."""
    out: list[str] = []
    fill = None  # how far the last line of out[-1] runs across its column, where known
    for line in lines:
        text, prev = line.text, out[-1] if out else ""
        if prev and not line.detached and _wrapped(prev, text, width, fill, wraps=line.wraps):
            out[-1] = join_broken(prev, text)
        else:
            out.append(text)
        fill = line.fill
    return out


def _wrapped(
    prev: str, text: str, width: int, fill: float | None = None, *, wraps: bool | None = None
) -> bool:
    """Whether text continues prev: a long line cut mid-phrase ("... in Information Systems"
    above "Management, Miami University"), not a new part such as a place.

    fill is how far prev's last line runs across its column, where the layout is known: a
    line is long for its own column, not for the CV's widest (a degree in a narrow column is
    long in letters and still ends well short of the column's edge). wraps is False where the
    layout measured that text does not continue prev (another type, space between them, or
    its first word would have fitted at the end of prev), None where it could not tell.
    """
    if header_date(prev) or prev.endswith((".", "|", ":")):
        return False
    # Where the layout measured that text does not continue prev, it is a part of its own.
    ran_to_edge = fill is not None and fill >= WRAPPED_FILL and wraps is not False
    if ran_to_edge and _part_tail(prev, text):
        return True  # "… | MSc Data" / "Science | Chicago, IL | …": a part cut at the edge
    dated = header_date(text)
    if dated:
        # "… | Berlin," / "Germany | Jun 2023 – Apr 2024": a comma leaves the place unfinished.
        return prev.endswith(",") and dated.start > 0
    if text[:1].islower() or re.search(r"(?:,|\b(?:and|of|in|for|&))$", prev):
        return True
    if len(text.split()) == 1 and (text.endswith(",") or has_word(text, INSTITUTION_WORDS)):
        return True  # "Harvard" / "University," / "Kolbermoor"
    long = ran_to_edge if fill is not None else len(prev) >= 0.55 * width
    return long and not _SEPARATOR.search(prev) and bool(_SEPARATOR.search(text))


# Words that open a place's name and never end one ("San" / "Diego, CA").
_PLACE_OPENERS = word_set(
    "San Santa Santo São Los Las La Le El New Saint St. Fort Port Mount Rio Costa"
)


def _part_tail(prev: str, text: str) -> bool:
    """Whether text opens with the rest of prev's last part, cut at the column's edge.

    In a row of bars (both lines hold bars: "… | MSc Data" / "Science | Chicago, IL"), what
    text holds before its first bar is the rest. In a row of comma parts ("…, King's
    College" / "London, San Diego, CA (2007 – 2009)"), the first part is the rest only where
    a whole place follows it: a line of two parts ("Erlangen, Bayern", "Hong Kong, 2018")
    is a place or a part of its own. The rest is one to three words, neither a date nor a
    number nor a place in "City, ST" form, and prev does not end at a separator. A lone
    town's name reads like any word: the layout's wraps (its first word would not have
    fitted at the end of prev) is what tells it from the rest of a cut part."""
    if prev.rstrip().endswith((",", ";", "|", "·", "•")):
        return False
    if _BAR.search(prev) and _BAR.search(text):
        head = _BAR.split(text, maxsplit=1)[0].strip()
    elif "," in prev and "," in text and not _BAR.search(text):
        dated = header_date(text)
        undated = text[: dated.start] if dated else text
        parts = [p.strip() for p in re.split(r"[,(]", undated) if p.strip()]
        opener = prev.split()[-1] in _PLACE_OPENERS  # "San" / "Diego, CA"
        if not (len(parts) >= 3 and looks_like_location(", ".join(parts[1:3]))) and not opener:
            return False
        head = parts[0] if parts else ""
    else:
        return False
    return (
        0 < len(head.split()) <= 3
        and not header_date(head)
        and not head[:1].isdigit()
        and not looks_like_location(head)
    )


def _place_aware(text: str, parts: list[str]) -> list[str]:
    """Re-join comma-split places ("Los Angeles", "CA" -> "Los Angeles, CA"), verbatim."""
    out: list[str] = []
    starts: list[int] = []  # where each part of out starts in text
    cursor = 0
    for part in parts:
        at = text.find(part, cursor)
        if at >= 0:
            cursor = at + len(part)
        if out and at >= 0 and starts[-1] >= 0 and not has_word(out[-1], TITLE_WORDS):
            # From where the previous part stands, not its first occurrence: "Zürich" of
            # "ETH Zürich, Zürich, Switzerland" is the second one.
            joined = text[starts[-1] : at + len(part)]
            if looks_like_location(joined):
                out[-1] = joined
                continue
        out.append(part)
        starts.append(at)
    return out
