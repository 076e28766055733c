"""Repairs of what tesseract typically misreads on a CV line, by the shape of the text.

Only misreadings that no CV writes are repaired, so nothing a person typed is changed:
a web address with a broken scheme ("hitps://", "nttps//") or a comma for its dot
("linkedin,com"), a mark in front of an address ("_linkedin.com", an icon read as "_"),
an address split at its dot ("linkedin. com/in/…", "oliver. walsh@…"), a comma read as
a full stop inside a sentence ("with sales. legal and finance"), a space lost after a
comma or a closing bracket ("Chicago,IL", "(874)471-3796"), an icon read as a lone
small letter in front of a heading in capitals ("m CORE SKILLS"), and the pronoun "I"
opening a line read as a bar or a small l ("| have", "l led"), or run into "am" ("lam a",
"Iam a", "|am an"): no line of English starts so. Measured on the corpus's train and dev
scans, where 18 of 88 summaries opened "I am a" misread: facts right 70.7% -> 71.1%.
Later, a comma read as a full stop between the short, capitalised items of a comma list
("Copywriting. Figma, SQL") and a middle dot read as a mark stuck to the item before it
("SQL» SAP", then weighed with the line's other lone marks): 74.5% -> 74.9%.
"""

from __future__ import annotations

import itertools
import re

from r2w.extraction.reading.model import Box, Word

# A web address's scheme as tesseract misreads it: letters of "https" doubled, dropped or
# confused (i for t, n for h, y for :/), then slashes.
_SCHEME = re.compile(r"^(?:h|n|hi|hl)?[ti]{1,3}ps?[:;y]?/{1,2}(?=[a-z0-9])", re.I)
_GOOD_SCHEME = re.compile(r"^https?://", re.I)
# A host name's dot read as a comma or underscore, before a common top-level domain.
_HOST_DOT = re.compile(r"(?<=[a-z0-9])[,_](?=(?:com|org|net|io|dev|de|fr|es|uk|co)(?:/|$))", re.I)
_ADDRESS = re.compile(
    r"@|(?<![a-z])(?:www|linkedin|github|gitlab)(?![a-z])|\.(?:com|org|net|io|dev)\b", re.I
)
# LinkedIn's "/in/" path as misread: "comvVin/", "coai/in/", "com/inkenji" are not fixed
# beyond the slash-v confusion, which is unambiguous.
_LINKEDIN_PATH = re.compile(r"(linkedin\.com)[vV/]{1,3}in/", re.I)
# Words after which a full stop and a small letter are ordinary (abbreviations).
_ABBREVIATIONS = frozenset(
    {
        "etc",
        "approx",
        "incl",
        "excl",
        "esp",
        "vs",
        "dept",
        "univ",
        "corp",
        "inc",
        "ltd",
        "resp",
        "min",
        "max",
        "ca",
        "bzw",
        "usw",
        "zb",
        "ggf",
        "inkl",
        "evtl",
        "sr",
        "jr",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "no",
        "nr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ene",
        "abr",
        "ago",
        "dic",
        "janv",
        "févr",
        "avr",
        "juil",
        "déc",
        "okt",
        "dez",
    }
)


def repair_line(words: list[Word]) -> list[Word]:
    """A tesseract line's words with the typical misreadings of CV text repaired."""
    words = [_repaired_word(w) for w in words]
    words = _joined_addresses(words)
    words = _commas_restored(words)
    words = _list_commas(words)
    words = _list_dots(_marks_split(words))
    words = _first_person(words)
    return _heading_icon(words)


def _replace(word: Word, text: str) -> Word:
    """word with new text, its box and confidence kept."""
    return Word(text, word.box, word.size, word.bold, word.italic, word.font, word.confidence)


def _repaired_word(word: Word) -> Word:
    """One word with its address shape and lost spaces repaired."""
    text = word.text
    if _ADDRESS.search(text) or _SCHEME.match(text.lstrip("_|")):
        text = text.lstrip("_|") if text[:1] in "_|" and len(text) > 1 else text
        if not _GOOD_SCHEME.match(text):
            text = _SCHEME.sub("https://", text, count=1)
        text = _HOST_DOT.sub(".", text)
        text = _LINKEDIN_PATH.sub(r"\1/in/", text)
    elif "/" not in text and "@" not in text:
        # "Chicago,IL": a space is never left out after a comma between two words.
        text = re.sub(r"(?<=[^\W\d_]{2}),(?=[^\W\d_])", ", ", text)
        # "(874)471-3796": a bracketed area code is followed by a space.
        text = re.sub(r"^(\(\d{2,4}\))(?=\d)", r"\1 ", text)
    return word if text == word.text else _replace(word, text)


def _joined_addresses(words: list[Word]) -> list[Word]:
    """Join an address the reader split at a dot: "linkedin." + "com/in/x", "oliver." +
    "walsh@example.com", "linkedin" + ".com/in/x"."""
    out: list[Word] = []
    for word in words:
        prev = out[-1] if out else None
        if prev is not None and _split_address(prev.text, word.text):
            joined = Word(
                prev.text + word.text,
                prev.box.union(word.box),
                max(prev.size, word.size),
                confidence=min(prev.confidence, word.confidence),
            )
            out[-1] = _repaired_word(joined)
            continue
        out.append(word)
    return out


def _split_address(first: str, second: str) -> bool:
    """Whether two words are one e-mail address or link broken at a dot."""
    if first.endswith(".") and re.fullmatch(r"[a-z][a-z0-9.\-]*\.", first):
        # "oliver." + "walsh@example.com"; "linkedin." + "com/in/…"
        return bool(re.match(r"[a-z0-9.\-]+@[\w.\-]+$", second)) or bool(
            re.match(r"(?:com|org|net|io)(?:/|$)", second)
        )
    return bool(
        re.fullmatch(r"[a-z][a-z0-9\-]*", first) and re.match(r"\.(?:com|org|net|io)/", second)
    )


def _commas_restored(words: list[Word]) -> list[Word]:
    """A word ending in a full stop before a word in small letters ends a clause, not a
    sentence: tesseract read its comma as a full stop ("with sales. legal and finance")."""
    out = list(words)
    for i in range(len(out) - 1):
        text, following = out[i].text, out[i + 1].text
        stem = text[:-1]
        if (
            text.endswith(".")
            and len(stem) >= 3
            and stem.isalpha()
            and stem.lower() not in _ABBREVIATIONS
            and following[:1].isalpha()
            and following[:1].islower()
        ):
            out[i] = _replace(out[i], stem + ",")
    return out


def _list_commas(words: list[Word]) -> list[Word]:
    """A full stop between the short, capitalised items of a comma list is a misread comma
    ("Tools: Copywriting. Figma, SQL"): no sentence ends inside a list. Lines with digits
    (dates, figures) are left as read."""
    inner = words[:-1]
    if not any(w.text.endswith(",") for w in inner) or any(
        ch.isdigit() for w in words for ch in w.text
    ):
        return words
    stops = {
        i
        for i, w in enumerate(inner)
        if _ITEM_STOP.fullmatch(w.text)
        and w.text[:-1].lower() not in _ABBREVIATIONS
        and words[i + 1].text[:1].isupper()
    }
    if not stops:
        return words
    size = 0
    for i, word in enumerate(words):
        if word.text.endswith(":") and i == 0:
            continue  # the list's label ("Tools:")
        size += 1
        # Items are short and named with a capital ("Then shipped, fast" is a sentence).
        if size > MAX_ITEM_WORDS or (size == 1 and word.text[:1].islower()):
            return words
        if i in stops or word.text.endswith(","):
            size = 0
    return [_replace(w, w.text[:-1] + ",") if i in stops else w for i, w in enumerate(words)]


# A word ending in a full stop that could be a list item's ("Kubernetes.", "C++.").
_ITEM_STOP = re.compile(r"[^\W\d_][\w+#-]+\.")
# Marks tesseract sets on the end of an item for the middle dot after it ("SQL»").
_TRAILING_MARKS = "»«"


def _marks_split(words: list[Word]) -> list[Word]:
    """A middle dot read as a mark stuck to the item before it ("SQL» SAP") split off as a
    lone mark, for _list_dots to weigh; a line holding "«" as a quotation's opening mark is
    left as read."""
    if any(w.text.startswith("«") for w in words):
        return words
    out: list[Word] = []
    for i, word in enumerate(words):
        text = word.text
        if i < len(words) - 1 and len(text) > 1 and text[-1] in _TRAILING_MARKS:
            box = word.box
            cut = box.x1 - box.width / len(text)
            out.append(
                Word(
                    text[:-1],
                    Box(box.x0, box.y0, cut, box.y1),
                    word.size,
                    confidence=word.confidence,
                )
            )
            out.append(
                Word(
                    text[-1],
                    Box(cut, box.y0, box.x1, box.y1),
                    word.size,
                    confidence=word.confidence,
                )
            )
        else:
            out.append(word)
    return out


# What tesseract reads for a middle dot between list items ("SAP · C++" as "SAP - C++", "SAP «
# C++").
_DOT_MISREADS = frozenset("-–«»=*~·•")
# A line of list items: at least this many separators, and short items between them.
MIN_LIST_DOTS = 3
MAX_ITEM_WORDS = 3


def _list_dots(words: list[Word]) -> list[Word]:
    """A line of short items between lone marks is a list set with middle dots: the marks
    become "·" (tesseract reads the dot as "-", "«", "="; a range of dates is never so)."""
    lone = [i for i, w in enumerate(words) if w.text in _DOT_MISREADS and 0 < i < len(words) - 1]
    if len(lone) < MIN_LIST_DOTS or any(ch.isdigit() for w in words for ch in w.text):
        return words
    edges = [-1, *lone, len(words)]
    if any(not 1 <= b - a - 1 <= MAX_ITEM_WORDS for a, b in itertools.pairwise(edges)):
        return words
    return [_replace(w, "·") if i in lone else w for i, w in enumerate(words)]


def _heading_icon(words: list[Word]) -> list[Word]:
    """A lone small letter in front of words in capitals is a heading's icon ("m CORE
    SKILLS"): no CV line starts so."""
    if len(words) < 2:
        return words
    first, rest = words[0], words[1:]
    letters = [ch for w in rest for ch in w.text if ch.isalpha()]
    if (
        len(first.text) == 1
        and first.text.islower()
        and len(letters) >= 3
        and all(ch.isupper() for ch in letters)
    ):
        box = Box(first.box.x0, first.box.y0, max(first.box.x1, rest[0].box.x0 - 1), first.box.y1)
        return [Word("•", box, first.size, confidence=first.confidence), *rest]
    return words


# "I am" at a line's start as tesseract reads it: "I" as a bar, a small l or a one, the
# space before "am" lost.
_I_AM = re.compile(r"^[|lI1]am$")


def _first_person(words: list[Word]) -> list[Word]:
    """A line opening with the pronoun "I" misread: a lone bar or small l before a word in
    small letters ("| have" -> "I have"), or "I am" run together before "a", "an" or a word
    in small letters ("lam a" -> "I am a"; the one word is split in two at its third)."""
    if len(words) < 2 or not words[1].text[:1].islower():
        return words
    first = words[0]
    if first.text in ("|", "l"):
        return [_replace(first, "I"), *words[1:]]
    if _I_AM.match(first.text):
        box = first.box
        cut = box.x0 + box.width / 3
        pronoun = Word(
            "I", Box(box.x0, box.y0, cut, box.y1), first.size, confidence=first.confidence
        )
        verb = Word("am", Box(cut, box.y0, box.x1, box.y1), first.size, confidence=first.confidence)
        return [pronoun, verb, *words[1:]]
    return words
