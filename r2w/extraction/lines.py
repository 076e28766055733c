"""CV text as lines: bullets, wrapped lines joined back, and runs of header and body lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from r2w.extraction.contacts import EMAIL_RE, find_urls, looks_like_location
from r2w.extraction.dates import DATE_RE, RANGE_RE, SINCE_RE, DateSpan, find_dates
from r2w.extraction.normalize import join_broken

BULLET_RE = re.compile(r"^\s*([•◦▪▫■□●○◆◇►▶▸‣⁃∙✓✔➢➤→·*+\-–—]|¢)\s*(?=\S)")
# "¢" is "•" after a UTF-8/cp1252 round trip; tesseract reads "•" as "e", "o", "°" or "«".
OCR_BULLET_RE = re.compile(r"^\s*([eo°«©®*]|\+)\s+(?=[A-Z0-9])")
# A right-to-left line stored in visual order carries its bullet glyph at its end.
TRAILING_BULLET_RE = re.compile(r"(?<=\S)\s+[•◦▪▫■□●○◆◇►▶▸‣⁃∙➢➤]\s*$")
_LABEL_START = re.compile(r"^[^\W\d][^:：.]{0,38}[:：]\s")
_STRONG_SEPARATOR = re.compile(r"\s[|•·–—]\s|\s\|")
# The most words a part of a header between bars has ("Senior Data Engineer | …").
BAR_PART_WORDS = 6
# English CV bullets open with a verb ("Managed", "Leading", "Built"); PDFs that draw their
# bullet glyphs leave only this to tell a new bullet from a wrapped line.
_ACTION_START = re.compile(
    r"^(?:[A-Z][a-z]{2,}(?:ed|ing)|Built|Led|Ran|Won|Drove|Grew|Made|Set|Cut|Wrote|Taught|"
    r"Took|Sold|Spoke|Oversaw|Brought|Began|Kept|Held|Met|Gave|Sought|Chose|Saw)\b"
)
# A row of comma parts ("Degree, School, Chicago, IL") runs at most this many words.
ROW_WORDS = 14
# What sets a header row's parts apart; a line cut right after one ("… | Austin, TX |",
# "…, Zürich,") or opening with one ("| Madrid | 2015 – 2019") is part of a longer row.
_ROW_SEPARATOR = re.compile(r"[,|•·]")
_CUT_AT_SEPARATOR = re.compile(rf"{_ROW_SEPARATOR.pattern}\s*$")
_OPENS_AT_SEPARATOR = re.compile(rf"\s*{_ROW_SEPARATOR.pattern}")
# A body sentence that ends an item runs at least this many words (titles are shorter).
SENTENCE_WORDS = 8
_SENTENCE_END = re.compile(r"[a-z)%\d][.!?]$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]{1,3}|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|Dr|etc))\.$")
# A bullet ending in a comma or a word that joins (never a sentence's last word) goes on.
_OPEN_END = re.compile(
    r"(?:,|\b(?:and|or|of|the|to|in|for|with|an|on|at|by|und|et|y|de|en))$", re.IGNORECASE
)
_CONNECTOR_END = re.compile(
    r"(?:[,;&/(–-]|\b(?:and|or|of|the|to|in|for|with|a|an|on|at|by|und|et|y|de|e|en))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """A non-empty line: its text without bullet glyph, the raw line, and layout facts."""

    text: str
    raw: str
    bullet: bool
    blank_before: bool
    detached: bool = False  # a line was taken out before this one: never join across it
    # From the layout, where the source has one (None/False for plain text):
    heading_look: bool = False  # short and set apart by size, weight or capitals
    fill: float | None = None  # how far across its column the line runs (0-1)
    # Continues the line above in the same block, same type; None where the layout could not
    # tell (a block's first line), False too where there is no layout.
    wraps: bool | None = False
    para_break: bool = False  # more space above it than between the lines of its block
    style: tuple[float, bool, bool] | None = None  # relative size, bold, all capitals
    # Whether the source tells bold type from regular (a scan's OCR does not: its words'
    # bold is always False, so regular type there says nothing).
    weighted: bool = True
    # Page and left and right edges on it (paged sources only): which column it sits in.
    place: tuple[int, float, float] | None = None
    # Where it stands in the text (the last source line of a joined line); -1 when unknown.
    number: int = -1


def attach_layout(lines: list[Line], layout_lines: list) -> list[Line]:
    """Copy typography from layout lines (r2w.extraction.layout.TextLine) onto text lines.

    The text was made from the layout, so lines are matched in order by their text; lines
    that match nothing (link targets appended after the pages) keep no typography.
    """
    from r2w.extraction.normalize import clean_text

    keys = [" ".join(clean_text(t.text).split()) for t in layout_lines]
    out: list[Line] = []
    j = 0
    for line in lines:
        key = " ".join(line.raw.split())
        k = next((k for k in range(j, min(j + 8, len(keys))) if keys[k] == key), None)
        if k is None:
            out.append(line)
            continue
        found = layout_lines[k]
        j = k + 1
        style = (round(found.size * 20) / 20, found.bold, found.caps)
        out.append(
            replace(
                line,
                heading_look=found.heading,
                fill=found.fill,
                wraps=found.wraps,
                para_break=found.para_break,
                style=style,
                place=None if found.line is not None else (found.page, found.box.x0, found.box.x1),
            )
        )
    return out


def split_lines(text: str, *, ocr: bool = False) -> list[Line]:
    """Non-empty lines of text, noting bullets (glyph stripped) and preceding blank lines."""
    lines: list[Line] = []
    blank = True
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        match = BULLET_RE.match(stripped) or (OCR_BULLET_RE.match(stripped) if ocr else None)
        body = stripped[match.end() :].strip() if match and _real_bullet(stripped, match) else ""
        trailing = None if body else TRAILING_BULLET_RE.search(stripped)
        if trailing:
            body = stripped[: trailing.start()].strip()
        # An OCR'd page's words are all read as regular type: its lines' weight is unknown.
        line = Line(body or stripped, stripped, bool(body), blank, number=number, weighted=not ocr)
        lines.append(line)
        blank = False
    return lines


def _real_bullet(line: str, match: re.Match[str]) -> bool:
    """A leading "-" or "–" is a bullet only when followed by a space (not "-5%", "–2020")."""
    glyph = match.group(1)
    return glyph not in "-–—+*" or line[len(glyph) : len(glyph) + 1].isspace()


def typical_width(lines: list[Line]) -> int:
    """Length of a full-width line in this text (90th percentile, at least 40)."""
    lengths = sorted(len(line.raw) for line in lines) or [0]
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])


def header_date(line: str) -> DateSpan | None:
    """The date of an item header line; a bare year counts only in a short line."""
    span = find_dates(line)
    if span is None:
        return None
    if span.end_date or span.is_current or RANGE_RE.search(line) or SINCE_RE.search(line):
        return span
    text = line[span.start : span.end]
    if not re.fullmatch(r"\d{4}", text):
        return span  # month and year, or a numeric date
    rest = (line[: span.start] + line[span.end :]).strip(" ,;:|•·–—-()")
    if len(rest.split()) <= 6 or span.end == len(line.rstrip(" )")):
        return span
    return None


def is_header(line: Line) -> bool:
    """A short, non-bullet line that can title an item (job, degree, course)."""
    if line.bullet:
        return False
    text = line.text
    if header_date(text):
        return True
    words = len(text.split())
    # "Title | Company | Place" and "Degree, School, Town" headers run longer than titles.
    limit = 20 if _STRONG_SEPARATOR.search(text) else 12 if "," in text else 10
    if text[:1].islower() or words > limit:
        return False
    if "\n" in line.raw and line.style is not None and not line.style[1] and words > 6:
        # A line in body type that ran past its column's edge is a sentence, a bullet; not
        # one whose parts bars set apart, a header wrapped ("Marketing Manager | Kestrel" /
        # "Robotics | Berlin"). A scan's OCR reads every word as regular type: there a line
        # of three or more parts set apart by commas that does not open like a sentence is
        # a header too ("MSc Data Science, University of Texas at" / "Austin, Dubai, UAE").
        sentence = line.weighted or _ACTION_START.match(text) or text.count(", ") < 2
        if sentence and not _bar_parts(text):
            return False
    # A short line ending in a full stop can still be a title ("Cisco. Online.").
    return not text.endswith((".", "!", "?")) or words <= 6 or bool(_ABBREVIATION_END.search(text))


def _bar_parts(text: str) -> bool:
    """Whether bars set text apart into short parts, as a header's ("Title | Company |
    Place"), not a sentence that names tools between bars. (Dashes and bullets join a
    sentence's clauses too: "Leadership Essentials, Harvard Business · 2020" / "School
    Online" wrapped in a sidebar is no header; measured, taking them read one file worse.)"""
    parts = text.split(" | ")
    return len(parts) > 1 and all(len(part.split()) <= BAR_PART_WORDS for part in parts)


def _continues(prev: Line, line: Line, width: int, next_is_date: bool) -> bool:
    """Whether line is the wrapped tail of prev."""
    if prev.place is None and not next_in_source(prev, line):
        # Brought together by the sections, not by a wrap. (On a page the text's order can
        # differ from the lines' across columns and scripts; there the layout decides.)
        return False
    if not line.bullet and not line.detached and _broken_range(prev.text, line.text):
        return True  # "Jan 2021 —" / "May 2021": one date range, kept verbatim
    if not line.bullet and not line.detached and _closes_bracket(prev.text, line.text):
        return True  # "Leadership Essentials (Harvard Business" / "School Online, 2022)"
    if prev.bullet and line.wraps and not line.bullet and line.text[:1].islower():
        return True  # a bullet's wrapped tail, even one that reads as a date ("since 2019")
    if prev.bullet and line.wraps and not line.bullet and _short_tail(prev.text, line.text):
        return True  # "... new hires since" / "2023": the sentence has not ended
    if prev.bullet and not line.bullet and not line.blank_before and _OPEN_END.search(prev.text):
        return True  # "... used by" / "202 new hires since 2014": no sentence ends in "by"
    if line.bullet or line.detached or header_date(line.text) or DATE_RE.fullmatch(line.text):
        return False
    if _lone_contact(line.text) or _lone_contact(prev.text):
        return False
    if line.text[:1].islower() or (line.text[:1] == "(" and not prev.text.endswith(".")):
        return True  # even after a blank line: PDF blocks break inside sentences
    if line.blank_before or line.para_break:
        return False
    if _LABEL_START.match(line.text):
        return False  # "Technical: SQL, Python" starts a new entry
    if _paired_entries(prev.raw.split("\n")[-1], line.text):
        return False  # "React — Intermediate" / "Patient assessment — Expert": a list
    if (
        line.wraps
        and prev.fill is not None
        and prev.fill >= 0.8
        and len(prev.raw.split("\n")[-1].split()) >= 4  # short values stack, they do not wrap
        and not _ACTION_START.match(line.text)
        and not prev.text.endswith((".", "!", "?", ":"))
    ):
        return True  # same block, same type, the line above ran to the column's edge
    if next_is_date and len(line.text.split()) <= 8:
        return False  # a title above its dates
    if prev.text.count("(") > prev.text.count(")"):
        return True  # an open bracket closes on the next line
    if prev.text.endswith((".", "!", "?", ":")) and not _ABBREVIATION_END.search(prev.text):
        return False
    # Where the layout is known, "long" is measured against the line's own column, so a
    # value wrapped in a narrow sidebar ("University of Southern California, San" /
    # "Jacinto") counts as wrapped too.
    if not prev.bullet and _row_ends_with_place(prev.raw.split("\n")[-1]):
        return False  # "Degree | School | Toronto, ON" is whole: a place ends the row
    fill = prev.fill
    half = fill >= 0.5 if fill is not None else len(prev.raw) >= 0.5 * width
    if _CONNECTOR_END.search(prev.text) and half:
        return True
    # Where the layout measured that line does not continue the line above (another type,
    # space between them, or its first word would have fitted there: a degree above its
    # school), it is a value of its own.
    if fill is not None:
        long_prev = fill >= 0.75 and line.wraps is not False
    else:
        long_prev = len(prev.raw) >= 0.75 * width
    if _ACTION_START.match(line.text):
        return False  # a new bullet whose glyph was a drawing ("Built ...", "Managed ...")
    return long_prev and (len(line.text.split()) >= 4 or line.text.endswith("."))


def _row_ends_with_place(text: str) -> bool:
    """Whether a row of parts set apart by bars or bullets ends with a whole place, or a row
    of three comma parts or more ends with one ("Degree, School, Chicago, IL")."""
    parts = _STRONG_SEPARATOR.split(text)
    if len(parts) >= 2:
        return looks_like_location(parts[-1].strip())
    if len(text.split()) > ROW_WORDS:
        return False  # a sentence that names places, not a row of a header's parts
    commas = text.split(", ")
    return len(commas) >= 4 and looks_like_location(", ".join(commas[-2:]))


# What pairs a name with its value in a list entry: "Python — Expert", "German: B2".
_PAIR_SEPARATORS = (" — ", " – ", " - ", ": ")


def _closes_bracket(prev: str, text: str) -> bool:
    """Whether text closes the one bracket prev left open, before opening any of its own."""
    close, open_ = text.find(")"), text.find("(")
    return prev.count("(") == prev.count(")") + 1 and close >= 0 and (open_ < 0 or close < open_)


def _paired_entries(prev: str, text: str) -> bool:
    """Whether two short lines are entries of one list, each a name and a value set apart
    by the same separator (or a value in brackets)."""
    if len(prev.split()) > 6 or len(text.split()) > 6:
        return False
    for separator in _PAIR_SEPARATORS:
        if prev.count(separator) == 1 and text.count(separator) == 1:
            return True
    return prev.rstrip().endswith(")") and text.rstrip().endswith(")") and "(" in text


def _short_tail(prev: str, text: str) -> bool:
    """Whether text is a few words ending a sentence that prev left open (no closing stop)."""
    return len(text.split()) <= 3 and not prev.endswith((".", "!", "?", ";", ":", ")"))


def _broken_range(first: str, second: str) -> bool:
    """Whether two lines are one date range broken in two (see layout.broken_range)."""
    from r2w.extraction.layout.build import broken_range

    return broken_range(first, second)


def _lone_contact(text: str) -> bool:
    """Whether a line is only an e-mail address or a web address."""
    if EMAIL_RE.fullmatch(text):
        return True
    urls = find_urls(text)
    return len(urls) == 1 and urls[0] == text


def join_wrapped(lines: list[Line], width: int) -> list[Line]:
    """Join wrapped lines (PDF line breaks inside a sentence or bullet) into one line each."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        ahead = lines[i + 1 : i + 3]
        next_is_date = any(header_date(a.text) and not a.bullet for a in ahead[:2])
        if out and _continues(out[-1], line, width, next_is_date):
            prev = out[-1]
            out[-1] = replace(
                prev,
                text=join_broken(prev.text, line.text),
                raw=prev.raw + "\n" + line.raw,
                fill=line.fill,  # the joined line now ends where this one does
                number=line.number,
            )
        else:
            out.append(line)
    return out


def next_in_source(prev: Line, line: Line) -> bool:
    """Whether line stood right below prev in the text (or where is not known): only such
    lines can be one entry wrapped, never lines that sections brought together."""
    return prev.number < 0 or line.number < 0 or line.number == prev.number + 1


def detach(lines: list[Line], index: int) -> None:
    """Mark the line at index (if any) as following a removed line."""
    if index < len(lines):
        lines[index] = replace(lines[index], detached=True)


def _is_list(text: str) -> bool:
    """Whether a line lists several entries ("a, b • c")."""
    return bool(re.search(r"[,;•·|]\s", text))


def join_list_items(lines: list[Line]) -> list[Line]:
    """Join wrapped entries of a one-item-per-block list (PDF sidebars).

    When the list separates its entries with blank lines, a line without one before it
    continues the entry above ("Industry Trends & Sales" / "Forecasting").
    """
    if sum(line.blank_before for line in lines[1:]) < max(2, (len(lines) - 1) // 2):
        return lines
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        joinable = (
            prev is not None
            and next_in_source(prev, line)
            and not (line.bullet or line.detached or _lone_contact(line.text))
            # "Node.js (Expert)" / "Figma (Basic)": each line names an entry and its value.
            and not _paired_entries(prev.raw.split("\n")[-1], line.text)
        )
        if joinable and not line.blank_before and not (_is_list(prev.text) or _is_list(line.text)):
            out[-1] = replace(
                prev,
                text=f"{prev.text} {line.text}",
                raw=f"{prev.raw}\n{line.raw}",
                number=line.number,
            )
        else:
            out.append(line)
    return out


@dataclass
class Block:
    """An item of a section: its header lines, then its body lines."""

    header: list[Line]
    body: list[Line]


def item_blocks(lines: list[Line], detail: Callable[[str], bool] | None = None) -> list[Block]:
    """Split section lines into items: runs of header lines start items.

    When some header lines carry dates, each date belongs to one item: dates either lead
    their items ("Jan 2019 — Jul 2021" above the title) or close them (title, company,
    dates, then perhaps a place), which the section's first dated run shows. A dateless
    short line in a dated section is then part of the item above (a sub-heading in a job).
    """
    flags, leading = _header_flags(lines, detail)
    runs: list[tuple[bool, list[Line]]] = []
    for line, header in zip(lines, flags, strict=True):
        if runs and runs[-1][0] == header:
            runs[-1][1].append(line)
        else:
            runs.append((header, [line]))
    dated_runs = [run for h, run in runs if h and any(header_date(x.text) for x in run)]
    title_style = None if leading else _title_style(dated_runs)
    trailing = not leading and _dates_trail(runs)
    runs = _bullet_heads(runs)
    blocks: list[Block] = []
    for header, run in runs:
        if trailing and header and blocks and blocks[-1].body:
            k = 0
            while k < len(run) and _date_only(run[k].text):
                k += 1
            blocks[-1].header.extend(run[:k])  # the dates under an item close it
            run = run[k:]
            if not run:
                continue
            if not any(header_date(x.text) for x in run):
                _new(blocks).header.extend(run)
                continue
        if not header:
            if blocks:
                blocks[-1].body.extend(run)
            else:
                blocks.append(Block([], run))
        elif dated_runs and not any(header_date(x.text) for x in run):
            (blocks[-1].body if blocks else _new(blocks).header).extend(run)
        else:
            if title_style and blocks and blocks[-1].body:
                run = _body_tail(run, title_style, blocks[-1])
            _split_header_run(
                run,
                blocks,
                leading=leading,
                dated=bool(dated_runs),
                inline=not _opens_with_date(lines[0].text),
            )
    return blocks


def _bullet_heads(runs: list[tuple[bool, list[Line]]]) -> list[tuple[bool, list[Line]]]:
    """Move an item's first bullet, where its glyph was lost, from the header to the body.

    Right above bullets, a header line far longer than the item's other header lines (a
    sentence, where titles, employers and places are short) opens the body.
    """
    out: list[tuple[bool, list[Line]]] = []
    for k, (header, run) in enumerate(runs):
        following = runs[k + 1] if k + 1 < len(runs) else None
        if header and following and not following[0] and following[1][0].bullet and len(run) >= 3:
            last, others = run[-1], [x for x in run[:-1] if not header_date(x.text)]
            words = len(last.text.split())
            if (
                others
                and words >= 7
                and not header_date(last.text)
                and not _STRONG_SEPARATOR.search(last.text)
                and all(words >= 1.5 * len(x.text.split()) for x in others)
            ):
                out.append((True, run[:-1]))
                out.append((False, [last, *following[1]]))
                runs[k + 1] = (False, [])
                continue
        if run:
            out.append((header, run))
    return out


def _date_only(text: str) -> bool:
    """Whether a line is nothing but a date or a date range."""
    span = header_date(text)
    return bool(span) and not (text[: span.start] + text[span.end :]).strip(" ,;:|•·–—-/()")


def _dates_trail(runs: list[tuple[bool, list[Line]]]) -> bool:
    """Whether items end with their dates, below their bullets: the first item's header has
    no date, and a date-only line opens the header lines that follow its body."""
    if len(runs) < 3 or not runs[0][0] or any(header_date(x.text) for x in runs[0][1]):
        return False
    header, run = runs[2]
    return not runs[1][0] and header and _date_only(run[0].text)


def _title_style(dated_runs: list[list[Line]]) -> tuple[float, bool, bool] | None:
    """The typography items open with in this section, where the layout shows one: the style
    of the section's first item's first line, when it is bold or larger than the body and
    another item uses it too (the first item has no bullet above it to be confused with)."""
    if len(dated_runs) < 2 or dated_runs[0][0].style is None:
        return None
    first = dated_runs[0][0]
    style = first.style
    if header_date(first.text) or not (style[1] or style[0] >= 1.1):
        return None
    if not any(line.style == style for run in dated_runs[1:] for line in run):
        return None
    return style


def _body_tail(run: list[Line], title_style: tuple, previous: Block) -> list[Line]:
    """Move lines set like body text before an item's title to the item above: the last
    bullet of a job (its glyph drawn, not typed) is not the next job's title or company."""
    k = 0
    while (
        k < len(run)
        and run[k].style is not None
        and run[k].style != title_style
        and not header_date(run[k].text)
        and any(line.style == title_style for line in run[k + 1 :])
    ):
        k += 1
    previous.body.extend(run[:k])
    return run[k:]


def _header_flags(
    lines: list[Line], detail: Callable[[str], bool] | None
) -> tuple[list[bool], bool]:
    """Which lines are item header lines, and whether dates lead their items."""
    flags = [is_header(line) and not (detail and detail(line.text)) for line in lines]
    first_date = next((i for i, ln in enumerate(lines) if flags[i] and header_date(ln.text)), None)
    leading = first_date == 0  # the section opens with a date: dates lead their items
    if not leading:
        for i in range(len(lines) - 2, -1, -1):
            # A long title is still a title when its dates follow it on their own line.
            is_detail = detail is not None and detail(lines[i].text)  # "Tech: SQL, Go"
            if (
                not flags[i]
                and flags[i + 1]
                and not is_detail
                and not (i and not flags[i - 1] and _more_sentences(lines[i - 1 : i + 2]))
                and _titles_dates(lines[i], lines[i + 1 :])
            ):
                flags[i] = True
    return flags, leading


def _opens_with_date(text: str) -> bool:
    """Whether a line's first words are its date (nothing but separators before it)."""
    span = header_date(text)
    return bool(span) and not text[: span.start].strip(" ,;:|•·–—-/()*")


def _more_sentences(lines: list[Line]) -> bool:
    """Whether the middle one of three lines is one more sentence of the body line above it,
    not a title of the item below: it runs long, it and the line above (no bullet typed)
    end with a full stop, and the line below names the next item whole ("Title | Employer |
    Place"): an item's last bullet, its glyph not typed, above the next item's header."""
    above, line, below = lines
    pair = (above, line)
    return (
        len(line.text.split()) >= SENTENCE_WORDS
        and not above.bullet
        and len(_STRONG_SEPARATOR.findall(below.text)) >= 2
        and all(_SENTENCE_END.search(x.text) for x in pair)
        and not any(_ABBREVIATION_END.search(x.text) for x in pair)
    )


def _titles_dates(line: Line, following: list[Line]) -> bool:
    """Whether line is part of an item title: header lines then a date-only line follow."""
    if line.bullet or len(line.text.split()) > 30:
        return False
    head = following[0] if following else None
    if (
        line.style is not None
        and head is not None
        and head.style is not None
        and head.style != line.style
        and ((head.style[1] and not line.style[1]) or head.style[0] > line.style[0])
    ):
        return False  # set lighter than the title below it: the item above's last line
    for after in following[:3]:
        span = header_date(after.text)
        if span:
            return not (after.text[: span.start] + after.text[span.end :]).strip(" ,;:|•·–—-/()")
        if after.bullet or not is_header(after):
            return False
    return False


def _new(blocks: list[Block]) -> Block:
    """Append and return an empty block."""
    blocks.append(Block([], []))
    return blocks[-1]


def _split_header_run(
    run: list[Line], blocks: list[Block], *, leading: bool, dated: bool, inline: bool = False
) -> None:
    """Turn a run of header lines into item headers, one date each.

    Leading dates open their items. Closing dates end them (a place right after the dates
    still belongs to them); lines after the last date that lead to no further date are the
    start of the item's body. inline: the section's first line holds its dates after its
    title ("Title | Employer | 2021 — now"), so lines before a run's first date open their
    item (its header wrapped, its dates on the line below), not the item above's body.
    """
    if not dated:
        _new(blocks).header.extend(run)
        return
    dates = [i for i, line in enumerate(run) if header_date(line.text)]
    start = _wrapped_row(run, dates[0]) if leading and inline and dates and dates[0] > 0 else None
    if start is not None:
        if blocks and blocks[-1].body:
            # Lines above the row the dates wrapped from still belong to the item above, as
            # where dates lead.
            blocks[-1].body.extend(run[:start])
            run, dates = run[start:], [d - start for d in dates]
        dates = dates[1:]  # the first date closes the row above it: one item
    elif leading and dates and dates[0] > 0 and blocks and blocks[-1].body:
        # Dates open items: lines before the next date still belong to the item above.
        blocks[-1].body.extend(run[: dates[0]])
        run, dates = run[dates[0] :], [d - dates[0] for d in dates]
    current = _new(blocks)
    has_date = False
    for i, line in enumerate(run):
        if leading and i in dates and current.header:
            current, has_date = _new(blocks), False
        elif not leading and has_date and not _is_place(line.text):
            if not any(d > i for d in dates):
                current.body.extend(run[i:])
                return
            current, has_date = _new(blocks), False
        current.header.append(line)
        has_date = has_date or i in dates


def _wrapped_row(run: list[Line], k: int) -> int | None:
    """Where the header row starts whose dates wrapped onto run[k] ("Sales Lead | Helios |
    Austin, TX |" / "Apr 2018 — Jul 2021"; "Analyst, Silverleaf, Zürich," / "Switzerland
    (2016 – 2020)"): the line right above, and those above it that hold bars or end at a
    separator, where run[k] is dates alone or the row was cut at a separator (at the end of
    the line above or the start of run[k]) and run[k] holds only its tail and dates.
    None where run[k] is a header of its own ("Analyst | Beta | 2017 – 2020" under a stray
    line)."""
    above, dated = run[k - 1].text, run[k].text
    cut = _CUT_AT_SEPARATOR.search(above) or _OPENS_AT_SEPARATOR.match(dated)
    if not (_date_only(dated) or (cut and _row_tail(dated))):
        return None
    start = k - 1
    while start > 0 and (
        _STRONG_SEPARATOR.search(run[start - 1].text)
        or _CUT_AT_SEPARATOR.search(run[start - 1].text)
    ):
        start -= 1
    return start


def _row_tail(text: str) -> bool:
    """Whether a dated line holds one part besides its dates ("Spain (2015–2019)", "| Madrid
    | 2015 – 2019"): the end of a row, where a whole header ("Analyst | Beta | 2017 – 2020")
    holds two or more."""
    span = header_date(text)
    rest = text[: span.start] + text[span.end :] if span else text
    return len([p for p in _ROW_SEPARATOR.split(rest) if p.strip(" ()–—-")]) <= 1


def _is_place(text: str) -> bool:
    """Whether a header line is only a place (it stays with the dates above it)."""
    return looks_like_location(text)
