"""Section headings worded in ways r2w has no words for, found by look and by what follows.

A CV sets all its section headings alike: the same type, or in plain text the same case,
colon and spacing. A line that looks like the CV's known headings is a candidate; it opens a
section only when the lines beneath it read as another kind of section than the one it sits
in ("Where I've Worked" above dated jobs inside a profile). A candidate whose lines read like
its own section ("Clinic Booking App" above a project's lines inside Projects) is an item
title, and stays one. Nothing here depends on the heading's words, so it carries over to any
wording and language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence

from r2w.extraction.dates import DATE_RE, RANGE_RE, SINCE_RE, find_dates
from r2w.extraction.lines import Line, join_wrapped
from r2w.extraction.section_kind import rules_guess as guess_section
from r2w.extraction.section_kind import scores
from r2w.extraction.section_model import MARGIN, leader
from r2w.extraction.sections import capitalised, heading_text
from r2w.extraction.vocab import word_set

# The longest block of lines read to decide what a candidate heading opens.
_LOOKAHEAD = 40
# The content score (section_kind.scores) a block needs to open a section on its own.
_CLEAR = 2.5
# What a block of one or two lines needs: a line or two say little about a section.
_CLEAR_SHORT = 6.0
# What it needs under a line set as the known headings are, where the learned section reader
# names the same kind: two readers and the look agree.
_CLEAR_AGREED = 1.5
# How far the block's new kind must lead the section it sits in (read with the candidate as
# an item title); less where the candidate is set as the known headings are and the learned
# reader agrees with the rules.
_LEAD = 1.0
_LEAD_AGREED = 0.5
# How far (average log-probability per feature) the learned reader's first kind must lead its
# second to name a section alone, under a line set as the known headings are, where the rules
# are unsure or name another kind: about three times the margin it needs otherwise.
_LEARNED_SURE = 1.0
# An e-mail address, a phone number or a web address: a header's contact details.
_CONTACT_MARK = re.compile(r"@[\w-]+\.\w|https?://|www\.|\.com\b|linkedin", re.I)
_PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def has_contact_detail(text: str) -> bool:
    """Whether text holds an e-mail address, a web address or a phone number (a range of
    years such as "2015 - 2019" is no phone number)."""
    if _CONTACT_MARK.search(text):
        return True
    # The text's date ranges are masked first: "02/2013 - 06/2015" holds "2013 - 06",
    # phone-like and no range by itself; a phone number beside a range stays one. The mask is
    # no digit or space, so the numbers on either side of a range never join up.
    return bool(_PHONE_LIKE.search(RANGE_RE.sub(lambda m: "x" * len(m[0]), text)))


# At most this share of a CV's lines in capitals: capitals still set a line apart.
_RARE_CAPS = 0.15
# Small words that stay lower-case in a Title Case heading ("Languages and Tools").
_MINOR = word_set("a an and & of the to for in on at with by or de du des la le et y und")


def short_label(text: str) -> bool:
    """A few words with letters, no digits, address or closing punctuation: a heading's shape."""
    return (
        0 < len(text.split()) <= 5
        and any(ch.isalpha() for ch in text)
        and not any(ch.isdigit() for ch in text)
        and "@" not in text
        and not text.endswith((".", ",", ";"))
    )


def heading_shape(text: str) -> bool:
    """A heading's shape (short_label) without the commas, slashes, bars and brackets that
    places, lists and item titles carry: what an unnamed heading may look like."""
    return short_label(text) and not any(ch in text for ch in "/,|()")


def look(lines: Sequence[Line], i: int) -> Hashable:
    """How line i is set: its typography where the source has one, else its case and spacing."""
    line = lines[i]
    if line.style is not None:
        return ("type", line.style)
    raw = line.raw.strip()
    caps = capitalised(raw)
    words = [w for w in heading_text(raw).split() if any(ch.isalpha() for ch in w)]
    title = bool(words) and all(w[0].isupper() or w.lower() in _MINOR for w in words)
    after = i + 1 >= len(lines) or lines[i + 1].blank_before
    return ("text", caps, title, raw.endswith(":"), raw.startswith("#"), line.blank_before, after)


def candidates(lines: Sequence[Line], known: Sequence[int]) -> set[int]:
    """Lines set like the CV's known headings that name nothing r2w knows.

    A look counts when two known headings share it (one, when only one heading is known).
    A line in capitals counts too where few lines are (a CV may set some headings apart by
    capitals alone, and its other headings otherwise).
    """
    shared = known_looks(lines, known)
    rare_caps = sum(_caps(line) for line in lines) <= _RARE_CAPS * max(len(lines), 1)
    known_set = set(known)
    marks = marked_looks(lines, known)
    return {
        i
        for i, line in enumerate(lines)
        if i not in known_set
        and (not line.bullet or _icon(lines, i))
        and (not marks or opens_with_mark(line))
        and heading_shape(heading_text(line.raw))
        and (
            look(lines, i) in shared
            or (rare_caps and _caps(line))
            or marked_look(lines, i) in marks
        )
    }


def known_looks(lines: Sequence[Line], known: Sequence[int]) -> set[Hashable]:
    """The looks the CV's known headings share: two of them (one, when one heading is known)."""
    looks = Counter(look(lines, i) for i in known)
    need = 2 if len(known) >= 2 else 1
    return {lk for lk, n in looks.items() if n >= need}


def marked_look(lines: Sequence[Line], i: int) -> Hashable:
    """How a line that opens with a mark is set apart: the space above and below it."""
    after = i + 1 >= len(lines) or lines[i + 1].blank_before
    return (lines[i].blank_before, after)


def marked_looks(lines: Sequence[Line], known: Sequence[int]) -> set[Hashable]:
    """Where every known heading opens with a mark, the marks and the space around set the
    headings apart, whatever their case ("● SUMMARY", "◆ Work Experience"), and a line
    without one is no heading, however short and capitalised ("PMP", "AWS"): the known
    headings' marked looks (none where some heading has no mark)."""
    if not known or not all(opens_with_mark(lines[i]) for i in known):
        return set()
    return {marked_look(lines, i) for i in known}


def opens_with_mark(line: Line) -> bool:
    """Whether a line opens with a mark (a glyph, an icon, "#" or "*"), not a letter or digit."""
    first = line.raw.strip()[:1]
    return bool(first) and not first.isalnum() and first not in "(\"'"


def _icon(lines: Sequence[Line], i: int) -> bool:
    """Whether line i's glyph in front is an icon: the line below does not share it."""
    below = lines[i + 1].raw[:1] if i + 1 < len(lines) else ""
    return lines[i].raw[:1] != below


def _caps(line: Line) -> bool:
    """Whether a line's letters (three or more) are all capitals."""
    letters = [ch for ch in line.raw if ch.isalpha() and ch.lower() != ch.upper()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def opens_section(
    lines: Sequence[Line],
    i: int,
    stops: set[int],
    known: set[int],
    current: str | None,
    before: Sequence[Line],
    width: int,
    set_like_known: bool = False,
) -> str | None:
    """The kind of section candidate line i opens, or None when it does not open one.

    current is the kind of section line i sits in (None before any) and before the lines
    read into it so far. The lines beneath line i, up to the next heading of either kind,
    must read clearly as another kind of section than both: a change of content, not the
    next item of the same content (which reads like the items before it, whatever the
    content reader makes of both). Nor may the rest of the section, up to the next known
    heading, read as current: under an item title, the section goes on.

    set_like_known says line i is set exactly as the CV's known headings are (not merely in
    capitals): that look is evidence enough that one or two clear lines beneath it (a skills
    line, a degree) open a section, where a line set otherwise needs more.
    """
    near = block_texts(_block(lines, i, stops, known), width)
    if not near or not before:
        return None
    near_scores = scores(near)
    first_read, ahead = leader(near)
    learned = first_read if ahead >= MARGIN else None
    kind = guess_section(near)
    if kind is None and set_like_known and near_scores:
        # The rules' near tie is settled by the learned reader where it names the rules' first.
        first = max(near_scores, key=near_scores.__getitem__)
        kind = first if learned == first else None
    sure = first_read if set_like_known and ahead >= _LEARNED_SURE else None
    # The rules' words miss many sections' content (a profile, a course list): under a line
    # set as the known headings are, a clear reading by the learned reader decides instead.
    # It also decides against a break, where it is sure the lines read as the section they
    # sit in (an item title there) or as references.
    learned_decides = sure is not None and sure != kind
    if learned_decides:
        kind = sure
    if kind is None or kind in (current, "references"):
        return None
    agreed = set_like_known and learned == kind
    # Where the learned reader is sure, its kind stands (kind is sure's by now), and the
    # rules' words need not be clear: they miss short lists (three skills).
    if sure is None and near_scores[kind] < (
        _CLEAR_AGREED if agreed else _CLEAR if len(near) >= 3 or set_like_known else _CLEAR_SHORT
    ):
        return None
    if current is None:
        if any(has_contact_detail(text) for text in near):
            return None  # still the header's contact details, under the person's title
        # Above it is the header: a name, a title, contact details, whose short lines read
        # like anything. What decides is whether the learned reader agrees with the rules.
        return kind if learned == kind else None
    # The rules read contact details (short lines) as a list of anything: under a contact
    # heading, or where contact details are half or more of what came before (under a heading
    # that named nothing), what came before says nothing about the kind below.
    before_texts = block_texts(before, width)
    contacts = sum(has_contact_detail(text) for text in before_texts)
    if (
        current != "contact"
        and 2 * contacts < len(before_texts)
        and kind == guess_section(before_texts)
    ):
        return None
    if guess_section(block_texts(_block(lines, i, known), width)) == current:
        return None
    if learned_decides:
        return kind  # the rules' lead checks below weigh the rules' own scores
    # The candidate line itself is evidence too: a degree above a school, a job title above a
    # company - an item of the section it sits in, not a heading.
    titled = scores([lines[i].text, *near]).get(current, 0.0)
    # Set like the known headings, with the learned reader agreeing on what lies beneath, the
    # content need lead by less.
    lead = _LEAD_AGREED if agreed else _LEAD
    if max(titled, near_scores.get(current, 0.0)) >= near_scores[kind] - lead:
        return None  # it could still be the section it sits in: an item, not a heading
    return kind


def _block(
    lines: Sequence[Line], i: int, stops: set[int], known: set[int] | None = None
) -> list[Line]:
    """The lines after line i, up to the next stop.

    With known given, some stops are passed over (_passed_over): one within the first three
    lines without a blank line above it (a heading with a company name set like it right
    below), and any while the block holds only dates (an item set with its dates above its
    title); never a known heading, nor, where every known heading opens with a mark, a stop
    that opens with one (every candidate does there, so only those two rules never apply).
    """
    block: list[Line] = []
    for j in range(i + 1, min(len(lines), i + 1 + _LOOKAHEAD)):
        if j in stops and not _passed_over(lines, j, block, known):
            break
        block.append(lines[j])
    return block


def _passed_over(lines: Sequence[Line], j: int, block: Sequence[Line], known) -> bool:
    """Whether a block read so far goes on past stop j (see _block): never a known heading
    nor one marked as they all are; a stop close below with no space above it; any stop
    below dates alone, which never make a section (an item set with its dates above it)."""
    if known is None or j in known:
        return False
    if opens_with_mark(lines[j]) and marked_looks(lines, known):
        return False  # marked as every known heading is: the next heading, however close
    return (len(block) < 3 and not lines[j].blank_before) or _dates_only(block)


def _dates_only(block: Sequence[Line]) -> bool:
    """Whether the lines are dates and nothing else ("2022-2024", "May 2020 - Jul 2021")."""
    for line in block:
        if find_dates(line.text) is None:
            return False
        rest = DATE_RE.sub("", SINCE_RE.sub("", RANGE_RE.sub("", line.text)))
        if any(ch.isalnum() for ch in rest):
            return False
    return bool(block)


def block_texts(lines: Sequence[Line], width: int) -> list[str]:
    """The text of lines with wrapped lines joined and bullets marked: content is judged by
    whole lines, since the pieces of a wrapped sentence read like a list of short items."""
    return [("• " if ln.bullet else "") + ln.text for ln in join_wrapped(list(lines), width)]
