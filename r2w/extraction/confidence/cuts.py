"""Provenance checks: a value whose ends or line breaks do not fall where its source's do.

A value is located as a run of source words (locate.py). Read back against those words, a value
that starts or stops inside a source word ("Analysed 258" of "258,000+"), stops at a comma while
its source line goes on, or breaks a line where the source has one line, was cut from its
source or stitched together: the person should compare it with the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from r2w.extraction.confidence.fields import (
    DATE_FIELDS,
    EMAIL_FIELDS,
    HEADING_FIELDS,
    LIST_FIELDS,
    PHONE_FIELDS,
    URL_FIELDS,
    field_name,
)
from r2w.extraction.confidence.locate import Match, Source, _same_line, key
from r2w.extraction.dates import DATE_RE
from r2w.extraction.vocab import word_set

Found = Iterator[tuple[str, str]]

# Running text: a value of these is a sentence or a bullet, never cut at a comma on purpose.
PROSE_FIELDS = frozenset(
    {
        "description",
        "responsibilitiesAndAchievements",
        "responsibilities",
        "summaryText",
        "contextOrDetail",
        "abstract",
    }
)
# Fields where a source word legitimately holds several values ("Python/SQL", "a@b.com|phone").
# Dates too: a range written as one word ("2018-2021") gives a start and an end date.
_OPEN_FIELDS = (
    LIST_FIELDS | HEADING_FIELDS | EMAIL_FIELDS | URL_FIELDS | DATE_FIELDS | {"unclassified_text"}
)


def _token_at(source: Source, position: int) -> int:
    """Index of the source token covering stream position."""
    return bisect.bisect_right(source.offsets, position) - 1


def cut_inside_word(path: str, value: str, match: Match, source: Source) -> Found:
    """A value that starts or ends inside a word of its source: the rest of that word (and
    likely of the value) went elsewhere."""
    if field_name(path) in _OPEN_FIELDS:
        return
    starts_inside = match.start not in source._starts
    ends_inside = match.end not in source.ends
    if not (starts_inside or ends_inside):
        return
    position = match.start if starts_inside else match.end - 1
    word = source.tokens[_token_at(source, position)].word.text
    # A single word found inside a longer one ("Acme" in "AcmeCorp") is too weak a sign unless
    # a number was cut ("$120" of "$120,000").
    cut_number = any(ch.isdigit() for ch in word) and any(ch.isdigit() for ch in value)
    if len(value.split()) < 2 and not cut_number:
        return
    side = "starts" if starts_inside else "ends"
    yield "split_value", f'{side} inside the word "{word}" of your file; part of it went elsewhere'


# Marks that end one value on a line shared with the next ("Led the team | 2019").
_GLUE = frozenset("|•·▪●◦–—-/")


def cut_at_comma(path: str, value: str, match: Match, source: Source) -> Found:
    """Running text that stops mid-line (at a comma, or at any word) while its source line
    goes on with more words: the rest of the sentence went elsewhere."""
    if field_name(path) not in PROSE_FIELDS or match.end not in source.ends:
        return
    if value.rstrip().endswith((",", ";", ".", "!", "?", ":")):
        return
    last = _token_at(source, match.end - 1)
    if last + 1 >= len(source.tokens):
        return
    tail, after = source.tokens[last], source.tokens[last + 1]
    if tail.word.text.endswith((".", "!", "?", ":")):
        return
    if not _same_line(tail, after):
        # A wrapped line: the next line goes on in lower case ("used by 460 new" / "hires").
        first = after.word.text
        following = source.tokens[last + 2].word.text if last + 2 < len(source.tokens) else ""
        # Not a web address, a date ("juin 2021") or a word with marks: a plain word.
        dated = DATE_RE.match(f"{first} {following}") is not None
        if first.isalpha() and first.islower() and len(first) > 1 and not dated:
            yield (
                "split_value",
                f'stops at the end of a line, but the next line goes on: "{first} …"',
            )
        return
    if after.word.text in _GLUE or not key(after.word.text):
        return
    yield (
        "split_value",
        f'stops at "{tail.word.text}" but your file goes on with "{after.word.text} …"',
    )


def broken_line(path: str, value: str, match: Match, source: Source) -> Found:
    """A value with a line break where its source has none: a word broken in two ("$120" /
    "000") or one line split into two ("forecasts, dashboards" -> "forecasts" / "dashboards")."""
    if "\n" not in value or field_name(path) in _OPEN_FIELDS:
        return
    position = match.start
    previous: Match | None = None
    for line in (line for line in value.split("\n") if key(line)):
        found = source.find(line, position)
        if found is None:
            return
        ends = ((found.start, found.start in source._starts), (found.end, found.end in source.ends))
        if len(key(line)) >= 2:
            for where, whole in ends:
                if not whole:
                    word = source.tokens[_token_at(source, min(where, len(source.stream) - 1))]
                    yield (
                        "split_value",
                        f'breaks the word "{word.word.text}" of your file over two lines',
                    )
                    return
        if previous is not None and found.start > previous.end:
            left = source.tokens[_token_at(source, previous.end - 1)]
            right = source.tokens[_token_at(source, found.start)]
            first, last = _token_at(source, previous.end), _token_at(source, found.start)
            between = [t.word.text for t in source.tokens[first:last] if t is not left]
            # One or two words of the same line left out between two lines of the value
            # ("Thesis: search service" / "scale" of "... service at scale").
            if _same_line(left, right) and 0 < len(between) <= 2:
                gap = " ".join(between)
                yield "split_value", f'leaves out "{gap}" that your file has on this line'
                return
        if previous is not None and found.start == previous.end:
            left = source.tokens[_token_at(source, previous.end - 1)]
            right = source.tokens[_token_at(source, found.start)]
            if _same_line(left, right):
                yield (
                    "split_value",
                    f'breaks "{left.word.text} {right.word.text}" over two lines; '
                    "your file has it on one",
                )
                return
        previous, position = found, found.end


# Words that belong to a date and change its meaning when lost ("Since 2023" is not "2023").
_DATE_LEAD = word_set(
    "since seit depuis desde dal sinds منذ מאז from ab von de expected until bis jusqu'à hasta"
)


_RANGE_GLUE = word_set("– — - to bis à a al au tot -")


def lost_date_word(
    path: str, value: str, before: str | None, after: str | None, texts: dict[str, str]
) -> Found:
    """A date without its other end whose source goes on with a range's dash, or a start date
    whose source has "Since" (or "from" ...) right before it, not kept: "Since 2023" became
    "2023". (A year is found in many places of a CV; only a
    start date left without its end is a year that may have lost its word.)"""
    name = field_name(path)
    if name not in {"startDate", "endDate"}:
        return
    other = "endDate" if name == "startDate" else "startDate"
    if texts.get(path.removesuffix(name) + other, "").strip():
        return
    # "Sep 2009 – Nov / 2013": a date followed by a range's dash lost the other end.
    if after and after.casefold() in _RANGE_GLUE:
        yield "split_value", f'your file goes on with "{after} …": part of the dates may be lost'
        return
    if not before or name != "startDate":
        return
    word = before.strip(".,:;()").casefold()
    if word in _DATE_LEAD and word not in value.casefold():
        yield "split_value", f'your file has "{before} {value.strip()}"; the "{before}" was lost'


def place_without_city(
    path: str, value: str, match: Match, source: Source, texts: dict[str, str]
) -> Iterator[tuple[str, str, str]]:
    """(path, code, reason) for a place's country or state kept without its city while the
    word before it in the file ends with a comma ("Lyon," / "France"): the place was cut at
    that comma and the city went into another field of the item, which is flagged too."""
    name = field_name(path)
    if name not in {"country", "state"} or ".location." not in path:
        return
    place = path.rsplit(".", 1)[0]
    if texts.get(f"{place}.city", "").strip():
        return
    first = _token_at(source, match.start)
    if first <= 0 or source.offsets[first] != match.start:
        return
    before = source.tokens[first - 1].word.text
    city = before.rstrip(",")
    if city == before or not key(city):
        return
    reason = f'your file has "{before} {value.strip()}"; the city may have gone elsewhere'
    yield path, "split_value", reason
    item = place.rsplit(".", 1)[0]
    for other, text in texts.items():
        if other.startswith(item + ".") and not other.startswith(place) and text.strip() == city:
            yield other, "split_value", f'"{city}" may be the city of "{value.strip()}"'


def phone_backwards(path: str, value: str, text: str) -> Found:
    """A phone number followed by "+" in the file: a right-to-left line stored in visual
    order, so its digit groups are read in reverse ("8986 544 50 971+")."""
    if field_name(path) not in PHONE_FIELDS or not value.strip():
        return
    if re.search(re.escape(value.strip()) + r"\s?\+", text):
        yield (
            "bad_phone",
            'a "+" follows this number in your file: its digit groups may be reversed',
        )
