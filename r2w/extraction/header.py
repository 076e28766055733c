"""The top of a CV and its details blocks: name, title and contact facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from r2w.extraction.contacts import (
    EMAIL_RE,
    contact_parts,
    find_email,
    find_phone,
    find_urls,
    is_phone_part,
    link_platform,
    looks_like_location,
    parse_location,
)
from r2w.extraction.lines import Line
from r2w.extraction.sections import heading_section, label_field, split_label
from r2w.extraction.vocab import LANGUAGE_NAMES, TITLE_WORDS, has_word, is_country

_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]*)*\.?$")


@dataclass
class Contact:
    """Contact facts found so far, and text that fit none of them."""

    fields: dict[str, Any] = field(default_factory=lambda: {"professionalLinks": []})
    leftovers: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)

    def set(self, key: str, value: str) -> None:
        """Store a field; a second value for a filled field is kept as leftover text."""
        if self.fields.get(key):
            self.leftovers.append(value)
        else:
            self.fields[key] = value

    def add_link(self, url: str) -> None:
        """Add a professional link once."""
        links = self.fields["professionalLinks"]
        if all(link["url"] != url for link in links):
            links.append({"platform": link_platform(url), "url": url})


def is_name(text: str) -> bool:
    """Whether text reads as a person's name (2-5 capitalised words, no job words)."""
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 50 or has_word(text, TITLE_WORDS):
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    cased = [w for w in words if w[0].isalpha() and (w[0].isupper() or w[0].islower())]
    return all(w[0].isupper() for w in cased) and (len(words) >= 2 or not cased)


def find_name(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """The person's name among the first lines, and the lines it used."""
    head = lines[:14]
    for i, line in enumerate(head):
        text = line.text
        if _is_contactish(text):
            continue
        first = text.split(",")[0].strip()
        if is_name(first) and (len(first.split()) >= 2 or not first[:1].isupper()):
            return first, [line]
        if i + 1 < len(head) and _single_caps_word(text) and _single_caps_word(head[i + 1].text):
            return f"{text} {head[i + 1].text}", [line, head[i + 1]]
    return None, []


def _single_caps_word(text: str) -> bool:
    """A one-word line such as "SEAN" (names set in two lines)."""
    return bool(re.fullmatch(r"[^\W\d_]{2,20}", text)) and text[0].isupper()


def _is_contactish(text: str) -> bool:
    """Whether a line carries contact details, a label or a heading (not a name)."""
    return bool(
        find_email(text)
        or find_urls(text)
        or any(ch.isdigit() for ch in text)
        or label_field(text)
        or heading_section(text)
        or looks_like_location(text)
    )


def title_from(
    lines: list[Line], name_lines: list[Line], name: str | None
) -> tuple[str | None, Line | None]:
    """The professional title: the text after the name, or a short line with a job word."""
    if name_lines:
        after = name_lines[0].text[len(name or "") :].strip(" ,|–—-")
        if after and len(name_lines) == 1:
            return _title_tail(lines, name_lines[0], after)
    candidates = [ln for ln in lines[:14] if ln not in name_lines and not _is_contactish(ln.text)]
    for line in candidates:
        if has_word(line.text, TITLE_WORDS) and len(line.text.split()) <= 8:
            return line.text, line
    after_name = [
        ln for ln in candidates if name_lines and lines.index(ln) > lines.index(name_lines[-1])
    ]
    if after_name and len(after_name[0].text.split()) <= 6 and not after_name[0].text.endswith("."):
        return after_name[0].text, after_name[0]
    return None, None


def _title_tail(lines: list[Line], name_line: Line, title: str) -> tuple[str, Line | None]:
    """A title after the name that wrapped ("Jennifer Adams, Project" / "Assistant")."""
    index = lines.index(name_line)
    ends_open = name_line.text.rstrip()[-1:] not in ",;:|–—-"  # the title runs on
    if ends_open and index + 1 < len(lines) and len(title.split()) <= 3:
        following = lines[index + 1].text
        if (
            len(following.split()) <= 2
            and not _is_contactish(following)
            and following[:1].isupper()
        ):
            return f"{title} {following}", lines[index + 1]
    return title, None


def parse_contact_lines(lines: list[Line], contact: Contact, *, section: bool = False) -> None:
    """Read contact facts from lines: labelled values, e-mails, phones, links, places.

    Labels may stand on their own line with the value below, several in a row (a table
    read row by row); an address may run over several lines until a country or a label.
    section says the lines are a contact section's own (or the header's, beside the name):
    there a short line that names a place ("Munich") next to an e-mail address or a phone
    number is where the person lives, even when r2w does not know the place.
    """
    queue: list[str] = []
    towns: list[str] = []
    texts = _join_split_countries(lines)
    for index, text in enumerate(texts):
        label = label_field(text)
        if label:
            if queue and queue[0] == "address" and contact.address:
                queue.pop(0)
            queue.append(label)
            continue
        labelled = split_label(text)
        if labelled:
            _store(labelled[0], labelled[2], contact)
        elif queue:
            key = queue[0]
            _store(key, text, contact)
            if key != "address" or _address_ends(text):
                queue.pop(0)
        elif section and _lone_place(text) and _beside_contact_detail(texts, index):
            towns.append(text)  # taken only if no line names a place r2w knows
        else:
            _parts(text, contact)
    _finish_address(contact)
    for text in towns:
        if contact.fields.get("location"):
            _parts(text, contact)
        else:
            contact.fields["location"] = {"city": text.strip(), "state": None, "country": None}


def _beside_contact_detail(texts: list[str], index: int) -> bool:
    """Whether the line above or below holds an e-mail address or a phone number (a town
    among them is the person's; one among link names is a link's label)."""
    around = [texts[i] for i in (index - 1, index + 1) if 0 <= i < len(texts)]
    return any(EMAIL_RE.search(t) or is_phone_part(_AT_WORD.sub(" ", t)) for t in around)


def _lone_place(text: str) -> bool:
    """A line of one to three capitalised words, no digits, marks or job words: a town."""
    words = text.split()
    return (
        0 < len(words) <= 3
        and all(word[:1].isupper() and word.replace("-", "").isalpha() for word in words)
        and not has_word(text, TITLE_WORDS)
        and not is_country(text)
        and not has_word(text, LANGUAGE_NAMES)
    )


def _join_split_countries(lines: list[Line]) -> list[str]:
    """Texts of lines, re-joining a country name broken over two ("..., United" / "States")
    and a web address broken after a hyphen or a slash ("linkedin.com/in/nora-" / "novak")."""
    out: list[str] = []
    for line in lines:
        last = out[-1].split(",")[-1].strip() if out else ""
        if last and not line.detached and is_country(f"{last} {line.text}"):
            out[-1] = f"{out[-1]} {line.text}"
            continue
        rest = _address_rest(out[-1], line) if out and not line.detached else None
        if rest is None:
            out.append(line.text)
            continue
        out[-1] += rest
        tail = line.text[len(rest) :].strip()
        if tail:
            out.append(tail)
    return out


# The end of a web address a line break cut after a hyphen or a slash, and the start of the
# next line that finishes it (lower case, no space: a name, a user or a path).
_CUT_ADDRESS = re.compile(r"(?:^|\s)\S+\.[a-z]{2,}/\S*[-/]$")
_ADDRESS_REST = re.compile(r"[a-z0-9][a-z0-9\-_./]*(?=\s|$)")


def _address_rest(previous: str, line: Line) -> str | None:
    """The start of line that finishes a web address previous ends in, or None."""
    if not _CUT_ADDRESS.search(previous):
        return None
    match = _ADDRESS_REST.match(line.text)
    if match is None or not find_urls(previous.split()[-1] + match.group(0)):
        return None
    return match.group(0)


def _address_ends(text: str) -> bool:
    """Whether an address line is its last one (it ends with a country)."""
    return is_country(text.split(",")[-1].strip())


def _store(key: str, value: str, contact: Contact) -> None:
    """Store a labelled value."""
    if key == "address":
        contact.address.append(value)
    elif key == "link":
        urls = find_urls(value)
        for url in urls:
            contact.add_link(url)
        if not urls:
            contact.leftovers.append(value)
    elif key in ("email", "phone"):
        _parts(value, contact)
    else:
        contact.set(key, value)


# A word with an "@" inside it that is no e-mail address: an address read wrong.
_AT_WORD = re.compile(r"[^\s@]+@[^\s@]+")


def _parts(text: str, contact: Contact) -> None:
    """Classify each part of a contact line: e-mail, phone, link, place or leftover.

    A part of a few capitalised words among an e-mail address or a phone number and other
    details ("… | (463) 746-5502 | Munich | linkedin.com/in/…") is where the person lives,
    even when r2w does not know the place.
    """
    parts = contact_parts(text)
    among_details = len(parts) >= 3 and bool(EMAIL_RE.search(text) or find_phone(text))
    for index, part in enumerate(parts):
        town = part.strip()
        if among_details and index > 0 and _lone_place(town) and not contact.fields.get("location"):
            contact.fields["location"] = {"city": town, "state": None, "country": None}
            continue
        labelled = split_label(part.strip())
        while labelled and labelled[0] in ("email", "phone"):
            part = labelled[2]  # "Phone: +49 …": the value is read below, as any part is
            labelled = split_label(part.strip())
        if labelled:  # "… | Date of birth: 04.08.1992 | Driving license: B"
            _store(labelled[0], labelled[2], contact)
            continue
        # Values are cut out at line breaks, so what is left stays in contiguous pieces.
        rest = part
        for email in EMAIL_RE.findall(part):
            contact.set("email", email)
            rest = rest.replace(email, "\n")
        for url in find_urls(rest):
            contact.add_link(url)
            rest = rest.replace(url, "\n")
        for piece in _take_phone(rest, contact).split("\n"):
            _place_or_leftover(piece, contact)


def _take_phone(text: str, contact: Contact) -> str:
    """Store the phone number in text (when it is one) and return the rest."""
    # An address read wrong beside it ("victor72@exampleorg = +1 433 …", a scan's lost
    # dot) hides no phone number: it stays in the text, in its place.
    for chunk in [text, *text.split(","), _AT_WORD.sub(" ", text)]:
        if is_phone_part(chunk):
            phone = find_phone(chunk) or chunk
            contact.set("phone", phone)
            return text.replace(phone, "\n")
    return text


def _place_or_leftover(text: str, contact: Contact) -> None:
    """File what remains of a contact part as a place, an address or leftover text."""
    text = text.strip(" ,;:|")
    if not text or label_field(text):
        return
    location = contact.fields.get("location")
    if looks_like_location(text) and not location:
        contact.fields["location"] = parse_location(text)
    elif location and not location.get("country") and is_country(text):
        location["country"] = text  # "Los Angeles, CA 90291" / "United States"
    elif _address_like(text) and not contact.fields.get("location"):
        contact.address.append(text)
    else:
        contact.leftovers.append(text)


def _address_like(part: str) -> bool:
    """A full postal address on one line ("1515 Pacific Ave, Los Angeles, CA 90291, ...")."""
    pieces = [p.strip() for p in part.split(",")]
    return (
        len(pieces) >= 3 and pieces[0][:1].isdigit() and looks_like_location(", ".join(pieces[1:]))
    )


def _finish_address(contact: Contact) -> None:
    """Turn collected address lines into a location; the street stays as leftover text."""
    if not contact.address:
        return
    pieces = [p.strip() for line in contact.address for p in line.split(",") if p.strip()]
    for start in range(len(pieces)):
        location = parse_location(", ".join(pieces[start:]))
        if location and not contact.fields.get("location"):
            contact.fields["location"] = location
            if pieces[:start]:
                contact.leftovers.extend(pieces[:start])
            contact.address = []
            return
    contact.leftovers.extend(contact.address)
    contact.address = []
