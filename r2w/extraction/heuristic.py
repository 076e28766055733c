"""Offline, rule-based CV extraction: headings in several languages, dates, items, contacts.

Every value is a piece of the source text; whatever cannot be placed with confidence goes to
unclassified_text, so nothing is lost. Section headings and field labels ("PHONE") are read
as structure, not content.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from r2w.cvdoc.errors import DocumentInvalid
from r2w.cvdoc.normal import checked_document, empty_document, with_defaults
from r2w.extraction.base import ExtractionFailed
from r2w.extraction.contacts import (
    find_email,
    find_urls,
    is_phone_part,
    is_profile_url,
    is_repository_url,
    looks_like_location,
)
from r2w.extraction.header import Contact, find_name, parse_contact_lines, title_from
from r2w.extraction.layout.model import Layout
from r2w.extraction.lines import (
    Line,
    attach_layout,
    detach,
    join_wrapped,
    split_lines,
    typical_width,
)
from r2w.extraction.normalize import clean_text, fold
from r2w.extraction.readers import READERS, Context, read_section
from r2w.extraction.reading.model import Reading
from r2w.extraction.section_breaks import (
    block_texts,
    candidates,
    has_contact_detail,
    heading_shape,
    known_looks,
    look,
    marked_look,
    marked_looks,
    opens_section,
    opens_with_mark,
    short_label,
)
from r2w.extraction.section_kind import (
    credential_like,
    credential_words,
    guess_section,
    profile_like,
)
from r2w.extraction.sections import (
    capitalised,
    heading_section,
    heading_text,
    label_field,
    split_label,
)

IMAGE_KINDS = ("jpg", "png", "webp")
# Key prefix of a section whose heading names nothing r2w knows (decided by its content).
UNKNOWN = "unknown:"
# Sections whose items may own a plain web address (a project page, a certificate check).
_ITEM_LINKS = {"projects", "publications", "certifications", "courses"}


@dataclass
class Section:
    """Lines under one kind of heading (repeated headings of a kind are merged)."""

    key: str
    title: str | None = None
    lines: list[Line] = field(default_factory=list)
    # Opened by a line that only looks like the CV's headings (section_breaks): if its
    # content turns out to be a section the CV already named, the line was an item's title.
    by_look: bool = False
    # What the lines beneath its heading read as when it opened (by_look sections): what it
    # is while its own lines are still too few to say.
    opened_as: str | None = None
    # Under an unknown heading: the section open above it in reading order, and whether that
    # one had no line of its own yet (the unknown "heading" is then its first entry).
    above: str | None = None
    above_empty: bool = False
    # Lines filed here by what they say, from under headings r2w has no words for: each such
    # heading's text and the lines that stood under it (the review asks the person to check).
    guessed: list[tuple[str, list[Line]]] = field(default_factory=list)


@dataclass(frozen=True)
class GuessedBlock:
    """What stood under a heading r2w has no words for, and the section it was filed in: the
    lines first to last of the cleaned text (clean_text(text).split("\n"))."""

    heading: str
    section: str
    first: int
    last: int


class HeuristicExtractor:
    """Rule-based extractor: fast, offline, never invents text."""

    name = "heuristic"
    version = "heuristic-5"
    # Pure computation on the upload: the pipeline runs it in the reading child, within limits.
    runs_offline = True

    def __init__(self, **_settings: Any) -> None:
        """Accept (and ignore) registry settings meant for other extractors."""

    def extract(
        self,
        text: str,
        *,
        source: bytes | None = None,
        kind: str | None = None,
        reading: Reading | None = None,
    ) -> dict[str, Any]:
        """Return a validated CV document built from text.

        reading (what the text was read from) lends its typography to heading and item
        detection; without it, the text alone is used.
        """
        if not text or not text.strip():
            raise ExtractionFailed("The CV contains no text to extract.")
        layout = None
        if reading is not None:
            from r2w.extraction.layout import lay_out

            layout = lay_out(reading)
        try:
            # A scanned PDF is read by OCR as an image is (the review reads it so too).
            ocr = kind in IMAGE_KINDS or bool(reading is not None and reading.ocr)
            document = build_document(text, ocr=ocr, layout=layout)
            # Items are built with the fields they found; with the others' defaults filled in,
            # a document in normal form needs no pydantic (a script's start-up saves ~90 ms),
            # and anything else still goes through the full validation.
            return checked_document(with_defaults(document))
        except DocumentInvalid as exc:
            raise ExtractionFailed(f"The extracted CV was not valid: {exc}") from exc


def build_document(text: str, *, ocr: bool = False, layout: Layout | None = None) -> dict[str, Any]:
    """Build an unvalidated CV document dict from CV text (and its layout, when known)."""
    contact = Contact()
    lines = _text_lines(text, ocr, layout, contact)
    width = typical_width(lines)
    header, sections = segment(lines)
    doc = empty_document()
    leftovers: list[str] = []
    _sweep_contacts(sections, contact)
    _read_header(header, doc, contact, has_summary="summary" in sections)
    _drop_page_furniture(sections, doc, contact)
    _drain(contact, leftovers)
    context = Context(doc, contact, leftovers, width)
    for key, section in sections.items():
        title = section.title
        if key == "memberships":  # memberships are achievements under their own heading
            key, title = "achievements", doc["achievements"]["sectionTitle"] or title
        read_section(key, title, section.lines, context)
        _drain(contact, leftovers)
    doc["contact"].update({k: v for k, v in contact.fields.items() if v})
    doc["unclassified_text"] = "\n".join(leftovers) or None
    return doc


def _text_lines(text: str, ocr: bool, layout: Layout | None, contact: Contact) -> list[Line]:
    """The text's lines with their layout, the link targets appended after the last page
    read into contact."""
    lines = split_lines(clean_text(text), ocr=ocr)
    if layout is not None:
        lines = attach_layout(lines, layout.lines)
        if ocr:
            lines = _snap_heading_sizes(lines)
    # Link targets that text extraction appended after the last page are contact links. Where
    # the layout is known they are the lines it does not show; a web address printed on the
    # page (the last project's) stays where it stands.
    while lines and _lone_url(lines[-1].text) and (layout is None or lines[-1].style is None):
        parse_contact_lines([lines.pop()], contact)
    return lines


def guessed_blocks(
    text: str, *, ocr: bool = False, layout: Layout | None = None
) -> list[GuessedBlock]:
    """The blocks build_document files by what they say, under headings it has no words for
    (the same reading of the same text: the review asks the person to check each)."""
    _, sections = segment(_text_lines(text, ocr, layout, Contact()))
    blocks = []
    for key, section in sections.items():
        for heading, lines in section.guessed:
            numbers = [line.number for line in lines if line.number >= 0]
            if numbers:
                blocks.append(GuessedBlock(heading, key, min(numbers), max(numbers)))
    return blocks


def _drain(contact: Contact, leftovers: list[str]) -> None:
    """Move contact text that fit no field to the leftovers, in reading order."""
    leftovers.extend(contact.leftovers + contact.address)
    contact.leftovers.clear()
    contact.address.clear()


def segment(lines: list[Line]) -> tuple[list[Line], dict[str, Section]]:
    """Split lines into the header (before any heading) and sections by kind."""
    header: list[Line] = []
    sections: dict[str, Section] = {}
    current: Section | None = None
    placed: list[tuple[Line, Section]] = []  # lines read into sections, in reading order
    styles = _heading_styles(lines)
    width = typical_width(lines)
    known = [i for i in range(len(lines)) if _heading_key(lines, i)]
    unnamed = candidates(lines, known)
    stops = set(known) | unnamed
    headings_look = known_looks(lines, known)
    marks = marked_looks(lines, known)

    known_set = set(known)

    def _unnamed_heading(index: int, section: Section | None) -> str | None:
        """Set like the known headings, above content of another kind than section's: that
        kind, else None."""
        if index not in unnamed:
            return None
        kind, before = _kind(section, width), _content(section, header)
        like_known = look(lines, index) in headings_look or marked_look(lines, index) in marks
        return opens_section(lines, index, stops, known_set, kind, before, width, like_known)

    i = 0
    while i < len(lines):
        line = lines[i]
        key = _heading_key(lines, i)
        i += 1
        if key is None and (current is not None or header):
            typographic = (
                _unknown_heading(line, styles)
                and (not marks or opens_with_mark(line))
                and not _title_over_contacts(lines, i, current)
            )
            opened = None if typographic else _unnamed_heading(i - 1, current)
            if typographic or opened:
                # Set like the CV's own section headings but named in words r2w does not
                # know: what the section is gets decided from its content once it is complete.
                by_look = not _unknown_heading(line, styles)
                above = current.key if current is not None else None
                empty = current is not None and not current.key.startswith(UNKNOWN)
                empty = empty and not current.lines
                current = Section(
                    f"{UNKNOWN}{len(sections)}",
                    heading_text(line.raw),
                    [line],
                    by_look,
                    opened,
                    above,
                    empty,
                )
                sections[current.key] = current
                placed.append((line, current))
                detach(lines, i)
                continue
        if key is None:
            if current is not None:
                current = _page_carry(line, lines[i - 2] if i >= 2 else None, placed) or current
                placed.append((line, current))
            (current.lines if current else header).append(line)
            continue
        title = heading_text(line.raw)
        following = lines[i].raw if i < len(lines) else ""
        if (
            any(ch.isalpha() for ch in following)
            and not heading_section(following)
            and heading_section(f"{title} {following}") == key
        ):
            title = f"{title} {heading_text(lines[i].raw)}"  # set on two lines
            i += 1
        detach(lines, i)
        if current and key == current.key == "skills":
            current.lines.append(line)  # "Soft Skills" inside Skills names a group
            placed.append((line, current))
            continue
        current = sections.setdefault(key, Section(key))
        current.title = current.title or title
        placed.append((line, current))
    return header, _place_unknown(sections, width)


# The last lines of a section that say what it is so far: a bounded window keeps reading a
# long section linear (each heading-like line looks back this far, not to the start).
_RECENT = 40


# Lines an unnamed section needs before its own content, not what opened it, says what it is.
_SETTLED = 6


def _content(section: Section | None, header: list[Line]) -> list[Line]:
    """The last lines read into a section so far (without its heading), or into the header."""
    if section is None:
        return header[-_RECENT:]
    body = section.lines[1:] if section.key.startswith(UNKNOWN) else section.lines
    return body[-_RECENT:]


def _kind(section: Section | None, width: int) -> str | None:
    """The kind of section a line sits in: its heading's, or its content's when unnamed."""
    if section is None or not section.key.startswith(UNKNOWN):
        return section.key if section else None
    content = _content(section, [])
    if section.opened_as and len(content) < _SETTLED:
        return section.opened_as
    return guess_section(block_texts(content, width))


def _page_carry(
    line: Line, before: Line | None, placed: list[tuple[Line, Section]]
) -> Section | None:
    """The section a page's first line continues: the one last read in its column (the lines
    of the page before that share its horizontal span). A sidebar read after the main column
    must not take in the main column's continuation on the next page."""
    if line.place is None or before is None or before.place is None:
        return None
    page, left, right = line.place
    if page == before.place[0]:
        return None
    for seen, section in reversed(placed):
        if seen.place is None or seen.place[0] != page - 1:
            continue
        _, seen_left, seen_right = seen.place
        shared = min(right, seen_right) - max(left, seen_left)
        if shared > 0.5 * min(right - left, seen_right - seen_left):
            return section
    return None


def _place_unknown(sections: dict[str, Section], width: int) -> dict[str, Section]:
    """File each section under an unknown heading by what it says, or keep it unplaced."""
    placed: dict[str, Section] = {}
    filed: dict[str, str] = {}  # where each section's lines went (its own key if known)
    for key, section in sections.items():
        if not key.startswith(UNKNOWN):
            placed.setdefault(key, section)
            if placed[key] is not section:  # a known heading after a guessed one of its kind
                placed[key].lines.extend(section.lines)
            filed[key] = key
            continue
        body = section.lines[1:]  # the heading line itself names nothing r2w knows
        guess = guess_section(block_texts(body, width))
        above = filed.get(section.above or "")
        # Whether the lines join a section by what they say, not by where they stand.
        by_content = True
        if section.above_empty and guess in (None, above):
            # Right under a heading r2w knows, before anything else: the line set like a
            # heading is that section's first entry ("PMP" under "Certifications").
            guess, body = above, section.lines
            by_content = False
        elif section.by_look and guess in placed:
            body = section.lines  # more of a section the CV named: the line is an item's
            # title. Right under that section it goes on; read where another section stood
            # ("Certifications" set like the headings under the languages, above lines that
            # read like degrees), the lines may be a section of their own r2w could not name.
            by_content = guess != above
        elif guess == "skills" == above:
            # Under the skills, a line set like a heading names a group of them: kept as the
            # group's name, never dropped.
            body = section.lines
            by_content = False
        if guess is None and by_content:
            texts, keys = block_texts(body, width), {*sections, *placed}
            guess = _other_credentials(keys, texts)
            if guess is None and section.above is None and profile_like(texts):
                # The first section under the person's name, in a few sentences: their
                # profile, however its heading names it.
                guess = "summary" if "summary" not in keys else None
        if guess is None or guess not in READERS or not body:
            other = placed.setdefault("other", Section("other"))
            other.lines.extend(section.lines)
            filed[key] = "other"
            continue
        target = placed.setdefault(guess, Section(guess, section.title))
        target.title = target.title or section.title
        if body[0] is not section.lines[0] and target.title != section.title:
            # A heading that is neither the section's title nor one of its lines is kept as
            # text that could not be placed: nothing read is ever dropped.
            placed.setdefault("other", Section("other")).lines.append(section.lines[0])
        if by_content and section.title:
            target.guessed.append((section.title, body))  # filed by its content alone
        target.lines.extend(body)
        filed[key] = guess
    return placed


# Certificates and courses are set alike (a title, who gave it, a year).
_CREDENTIALS = frozenset({"certifications", "courses"})


def _other_credentials(keys: set[str], texts: list[str]) -> str | None:
    """Of certificates and courses, the one the CV has no section for, where the lines under
    a heading r2w does not know read as either and the CV has the other (keys: every section
    it names, and those filed by content so far): a CV lists its certificates apart from its
    courses. None where it has both or neither."""
    if not credential_like(texts):
        return None
    missing = _CREDENTIALS - keys
    if len(missing) != 1:
        return None
    kind = next(iter(missing))
    # Words that name the other kind ("Certified …" among what would be courses) outweigh
    # the shape: such lines stay for the person to place.
    return kind if credential_words(texts) in (None, kind) else None


def _heading_styles(lines: list[Line]) -> set[tuple[float, bool, bool]]:
    """Typography the CV sets its section headings in: a style shared by two or more known
    headings, larger than body text or in capitals (bold alone also marks item titles).

    Where fewer than two headings use words r2w knows, a style that three or more short
    heading-like lines share stands in: a CV names its sections in one style throughout.
    """
    counts: Counter[tuple[float, bool, bool]] = Counter(
        lines[i].style
        for i in range(len(lines))
        if lines[i].style and lines[i].heading_look and _heading_key(lines, i)
    )
    known = {st for st, n in counts.items() if n >= 2 and (st[0] >= 1.1 or st[2])}
    if known:
        return known
    looks: Counter[tuple[float, bool, bool]] = Counter(
        line.style
        for line in lines
        if line.style and line.heading_look and short_label(heading_text(line.raw))
    )
    return {st for st, n in looks.items() if n >= 3 and (st[0] >= 1.1 or st[2])}


# OCR measures one heading style at sizes up to a fifth apart ("Skills" 1.3, "Education" 1.5,
# "Languages" 1.6 body sizes on one scan): set-apart lines within this share of the sizes
# the known headings were read at are set as they are.
OCR_SIZE_SPREAD = 0.1
# A label and its value ("Nationality: German", "Français - courant"): no heading.
_PAIRED = re.compile(r":\s|\s[-–—]\s")


def _snap_heading_sizes(lines: list[Line]) -> list[Line]:
    """An OCR'd page's set-apart lines given the size of the known headings theirs is near.

    Typography is compared exactly (a line is set like the headings or not); a scan's sizes
    are estimates, so without this a heading r2w has no words for seldom matched the others.
    """
    known = [i for i, line in enumerate(lines) if line.heading_look and _heading_key(lines, i)]
    sizes = sorted(lines[i].style[0] for i in known if lines[i].style)
    if not sizes:
        return lines
    # Known headings' sizes in runs whose bands (the spread either way) meet: one style.
    runs = [[sizes[0]]]
    for size in sizes[1:]:
        if size <= runs[-1][-1] * (1 + 2 * OCR_SIZE_SPREAD):
            runs[-1].append(size)
        else:
            runs.append([size])
    headings = set(known)
    out = []
    for i, line in enumerate(lines):
        style, label = line.style, heading_text(line.raw)
        # The name and the line under it keep their sizes (a title set a little larger than
        # body text, there, would be taken for a heading), and so does a line right above a
        # known heading (a section holds something: it is the title over the contacts).
        if (
            i >= 2
            and i + 1 not in headings
            and style
            and line.heading_look
            and heading_shape(label)
            and not _PAIRED.search(label)
        ):
            for run in runs:
                low, high = run[0] / (1 + OCR_SIZE_SPREAD), run[-1] * (1 + OCR_SIZE_SPREAD)
                if low <= style[0] <= high:
                    line = replace(line, style=(run[len(run) // 2], *style[1:]))
                    break
        out.append(line)
    return out


def _unknown_heading(line: Line, styles: set[tuple[float, bool, bool]]) -> bool:
    """A short line in the CV's section-heading style that names no section r2w knows."""
    if line.bullet or not line.heading_look or line.style not in styles:
        return False
    return short_label(heading_text(line.raw))


def _title_over_contacts(lines: list[Line], after: int, current: Section | None) -> bool:
    """Whether a line set like a heading, still in the header (no section yet), has the
    person's contact details right below it (up to the next blank or heading-like line):
    then it is the person's title, set large under the name (an OCR'd page knows only how
    tall a line is, and a title is as tall as a heading). Measured on the corpus's train and
    dev scans: facts right 70.6% -> 70.7%; text formats unchanged (97.9%)."""
    if current is not None:
        return False
    for line in lines[after : after + 4]:
        if has_contact_detail(line.text):
            return True
        if line.heading_look:
            return False
    return False


def _heading_key(lines: list[Line], i: int) -> str | None:
    """The section line i opens, if it is a heading.

    A line with a bullet or icon in front ("➤ Skills", an OCR'd "@ WORK EXPERIENCE") is a
    heading only when its typography or capitals or the space around it set it apart, or
    space above it and a glyph the line below does not share.
    """
    line = lines[i]
    if i and _ends_unfinished_list(lines[i - 1]) and line.text[:1].islower():
        return None  # "… Negotiation, Public" / "speaking": the list's last entry wrapped
    set_apart = _set_apart(lines, i)
    if not line.bullet:
        return heading_section(line.raw, set_apart=set_apart)
    after = i + 1 >= len(lines) or lines[i + 1].blank_before
    if line.heading_look or capitalised(line.text) or (line.blank_before and after):
        return heading_section(line.text, set_apart=True)
    following = lines[i + 1] if i + 1 < len(lines) else None
    if line.blank_before and following is not None and following.raw[:1] != line.raw[:1]:
        # After space, with a glyph none of the lines below it share: an icon, not a bullet
        # ("◆ Experience" above "Since 2023" or "➤ Managed ...").
        return heading_section(line.text, set_apart=True)
    return None


def _ends_unfinished_list(line: Line) -> bool:
    """Whether a line lists entries ("a, b, c") and stops without a separator at its end."""
    text = line.text.rstrip()
    return text.count(", ") >= 1 and not text.endswith((",", ";", ":", ".", "|"))


def _set_apart(lines: list[Line], i: int) -> bool:
    """Whether line i stands apart: blank around it, all capitals, or a trailing colon."""
    line = lines[i]
    after = i + 1 >= len(lines) or lines[i + 1].blank_before
    caps = capitalised(line.raw)
    return (
        line.blank_before or after or caps or line.raw.rstrip().endswith(":") or line.heading_look
    )


def _without(lines: list[Line], drop: Callable[[Line], bool]) -> list[Line]:
    """Lines minus those drop() takes; the line after a dropped one is detached."""
    kept: list[Line] = []
    dropped = False
    for line in lines:
        if drop(line):
            dropped = True
            continue
        kept.append(replace(line, detached=True) if dropped else line)
        dropped = False
    return kept


def _lone_url(text: str) -> bool:
    """Whether a line is a single web address."""
    urls = find_urls(text)
    return len(urls) == 1 and urls[0] == text


def _sweep_contacts(sections: dict[str, Section], contact: Contact) -> None:
    """Move lone e-mail addresses and profile links out of other sections into contact."""
    for key, section in sections.items():
        if key == "contact":
            continue

        def moves(line: Line, key: str = key) -> bool:
            lone_url = _lone_url(line.text)
            item_link = key in _ITEM_LINKS and (
                not is_profile_url(line.text) or is_repository_url(line.text)
            )
            if find_email(line.text) == line.text or (lone_url and not item_link):
                parse_contact_lines([line], contact)
                return True
            return False

        lines = _contact_runs(section.lines, contact)
        section.lines = _labelled_contacts(_without(lines, moves), contact)


def _contact_line(line: Line) -> str | None:
    """What kind of contact detail a line is on its own ("strong": an e-mail, a phone or a
    profile link; "weak": a place or a labelled personal detail), if any."""
    text = line.text
    if line.bullet:
        return None
    if find_email(text) == text or (is_phone_part(text) and len(text) <= 30):
        return "strong"
    if _lone_url(text) and is_profile_url(text) and not is_repository_url(text):
        return "strong"
    labelled = split_label(text)
    if labelled or looks_like_location(text):  # every contact label names a contact field
        return "weak"
    return None


def _contact_runs(lines: list[Line], contact: Contact) -> list[Line]:
    """Move runs of contact details out of a section: a sidebar's contact block read inside
    another column's section. A run holds two or more e-mails, phones or profile links
    (places and labelled personal details may sit between them)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _contact_line(lines[j]):
            j += 1
        run = lines[i:j]
        if sum(_contact_line(line) == "strong" for line in run) >= 2:
            parse_contact_lines(run, contact)
            if j < len(lines):
                lines[j] = replace(lines[j], detached=True)
            i = j
            continue
        out.extend(run or lines[i : i + 1])
        i = max(j, i + 1)
    return out


def _labelled_contacts(lines: list[Line], contact: Contact) -> list[Line]:
    """Move a contact label on its own line ("Phone number") and the value under it into
    contact: a sidebar's details read after the main column land inside its last section."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        value = lines[i + 1] if i + 1 < len(lines) else None
        if (
            value is not None
            and not line.bullet
            and not value.bullet
            and label_field(line.text) is not None
            and label_field(value.text) is None
            and len(value.text.split()) <= 8
        ):
            parse_contact_lines([line, value], contact)
            i += 2
            if i < len(lines):
                lines[i] = replace(lines[i], detached=True)
            continue
        out.append(line)
        i += 1
    return out


_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–]?\s*\d{1,3}\s*(?:(?:/|of|von|de|sur)\s*\d{1,3})?\s*[-–]?$", re.I
)


def _drop_page_furniture(
    sections: dict[str, Section], doc: dict[str, Any], contact: Contact
) -> None:
    """Drop page numbers and running headers that repeat the name, e-mail or phone."""
    repeats = {
        fold(v)
        for v in (doc["hero"]["fullName"], contact.fields.get("email"), contact.fields.get("phone"))
        if v
    }
    for section in sections.values():
        section.lines = _without(
            section.lines, lambda ln: bool(_PAGE_NUMBER.match(ln.raw)) or fold(ln.text) in repeats
        )


def _read_header(
    lines: list[Line],
    doc: dict[str, Any],
    contact: Contact,
    *,
    has_summary: bool,
) -> None:
    """Name, title, contact facts and any opening paragraph from the top of the CV."""
    name, name_lines = find_name(lines)
    title, title_line = title_from(lines, name_lines, name)
    doc["hero"].update({"fullName": name, "professionalTitle": title})
    used = {id(line) for line in name_lines} | ({id(title_line)} if title_line else set())
    rest = _without(lines, lambda line: id(line) in used)
    chosen = {id(ln) for ln in rest if len(ln.text.split()) >= 12 and not find_email(ln.text)}
    if chosen and not has_summary:
        prose = _without(rest, lambda line: id(line) not in chosen)
        paragraphs = join_wrapped(prose, typical_width(rest))
        doc["summary"]["summaryText"] = "\n".join(p.text for p in paragraphs)
        rest = _without(rest, lambda line: id(line) in chosen)
    # What is left of the header beside the name and title is its contact details: a town
    # set alone in their row ("Munich" between the phone and the profile link) is the
    # person's, as in a contact section.
    parse_contact_lines(rest, contact, section=True)
