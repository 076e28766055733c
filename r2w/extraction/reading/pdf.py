"""Reading PDFs with PDFium (pypdfium2): the text layer as words with boxes and fonts.

PDFium ships inside the pypdfium2 wheel, so a laptop with only Python reads PDFs exactly as
the image does. Each character's box comes from FPDFText_GetLooseCharBox (its advance and the font's
ascent and descent, so narrow letters do not look spaced apart); a word starts after a
space (real or one PDFium generated from the spacing) or a clear horizontal gap, and ends at
a line change. Font size, weight and name are read at the first character of each word, which
keeps the cost of a page to a few milliseconds. On pages holding right-to-left text each word
also keeps its characters in the order they are drawn (Word.visual), from which the layout
reads whole lines with the Unicode bidirectional algorithm (layout.bidi). Pages whose text
layer holds almost nothing are scans: they are rendered and read with OCR.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import replace

from r2w.extraction.ocr import OCR_LANGUAGES
from r2w.extraction.reading.model import Box, Page, Reading, Word, holds_letters
from r2w.extraction.reading.rtl import RTL_CHAR, mend_brackets
from r2w.extraction.reading.rtl import is_rtl as rtl_letter

# Below this many letters per page a PDF is taken to be a scan without a text layer.
MIN_LETTERS_PER_PAGE = 25
# Scanned PDFs are short; OCR of a page costs seconds, so long scans are read in part.
MAX_OCR_PAGES = 5
# Rendering resolution for OCR (dots per inch); ocr_page rescales within its own bounds.
RENDER_DPI = 200
# At most this many pixels per rendered page (A4 at 200 dpi is 3.9 million).
MAX_RENDER_PIXELS = 6_000_000
# A gap wider than this share of the font's line height (ascent to descent, about 1.2 em)
# between two letters is a word space (letters sit at most 0.1 em apart; letter-spaced
# headings are re-joined by the layout).
WORD_GAP = 0.12
# Right-to-left words: only a clear space ends them (see _words).
RTL_WORD_GAP = 0.3
# Glyphs closer than this share of the font size touch (a word space is about 0.25).
TOUCHING = 0.1
# PDFium font flags (PDF 32000 table 123, and PDFium's forced-bold bit).
_ITALIC_FLAG = 1 << 6
_FORCE_BOLD_FLAG = 1 << 18
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique", re.I)
_LIGHT_NAME = re.compile(r"regular|light|thin|book|medium|roman|normal", re.I)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


class EncryptedPdf(ValueError):
    """The PDF needs a password."""


# PDFium is not thread-safe: one document at a time per process (a page takes milliseconds).
_PDFIUM = threading.Lock()


def read_pdf(data: bytes, *, ocr: bool = True, lang: str = OCR_LANGUAGES) -> Reading:
    """Read a PDF's text layer; read it with OCR instead when it is a scan."""
    with _PDFIUM:
        pages, links, scan = _read_text_layer(data)
    if not scan or not ocr:
        return Reading(pages, "pdfium", ocr=False, links=links)
    from r2w.extraction.reading.ocr import engine_name

    return Reading(_ocr_pages(data, lang), engine_name() or "ocr", ocr=True)


def _read_text_layer(data: bytes) -> tuple[list[Page], list[str], bool]:
    """The text layer's pages and link targets, and whether the PDF is a scan."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf("the PDF is password-protected") from exc
        raise
    try:
        links: list[str] = []
        pages = [_text_page(pdf, i, links) for i in range(len(pdf))]
    finally:
        pdf.close()
    needed = MIN_LETTERS_PER_PAGE * max(1, min(len(pages), 3))
    words = (word for page in pages for word in page.words)
    return pages, links, not holds_letters(words, needed)


def _ocr_pages(data: bytes, lang: str) -> list[Page]:
    """Render the first pages and read them with OCR (coordinates in points)."""
    from r2w.extraction.reading.ocr import ocr_page

    pages = []
    for i, (width, height, image) in enumerate(_render(data)):
        read = ocr_page(image, i + 1, lang=lang)
        scale = width / read.width if read.width else 1.0
        words = [_scaled_word(w, scale) for w in read.words]
        unread = [_scaled_box(box, scale) for box in read.unread]
        pages.append(Page(i + 1, width, height, words, unread))
    return pages


def _render(data: bytes) -> list:
    """The first MAX_OCR_PAGES pages as greyscale images: (width pt, height pt, PIL image).

    Rendering is capped at MAX_RENDER_PIXELS per page, so an oversized page cannot exhaust
    memory.
    """
    import pypdfium2 as pdfium

    images = []
    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            for i in range(min(len(pdf), MAX_OCR_PAGES)):
                page = pdf[i]
                width, height = page.get_size()
                scale = RENDER_DPI / 72
                pixels = width * height * scale * scale
                if pixels > MAX_RENDER_PIXELS:
                    scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
                bitmap = page.render(scale=scale, grayscale=True)
                images.append((width, height, bitmap.to_pil().convert("RGB")))
                page.close()
        finally:
            pdf.close()
    return images


def _scaled_box(box: Box, scale: float) -> Box:
    """A box scaled (pixels -> points)."""
    return Box(box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)


def _scaled_word(word: Word, scale: float) -> Word:
    """A word with its box and size scaled (pixels -> points)."""
    return Word(
        word.text,
        _scaled_box(word.box, scale),
        word.size * scale,
        word.bold,
        word.italic,
        word.font,
        word.confidence,
        word.line,
    )


def _text_page(pdf, index: int, links: list[str]) -> Page:
    """The words of one page's text layer; its link targets are added to links."""
    import pypdfium2.raw as raw

    page = pdf[index]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(raw, textpage.raw, height)
        for uri in _link_uris(raw, pdf.raw, page.raw):
            if uri not in links:
                links.append(uri)
    finally:
        textpage.close()
        page.close()
    return Page(index + 1, width, height, words)


_PDFACTION_URI = 3
MAX_LINKS = 200


def _link_uris(raw, document, page) -> list[str]:
    """The URI targets of a page's link annotations ("LinkedIn" printed, the address linked)."""
    found = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    while len(found) < MAX_LINKS and raw.FPDFLink_Enumerate(page, ctypes.byref(position), link):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != _PDFACTION_URI:
            continue
        length = raw.FPDFAction_GetURIPath(document, action, None, 0)
        if 1 < length <= 2048:
            buffer = ctypes.create_string_buffer(length)
            raw.FPDFAction_GetURIPath(document, action, buffer, length)
            found.append(buffer.value.decode("latin-1", "replace"))
    return found


def _words(raw, tp, page_height: float) -> list[Word]:
    """Group a text page's characters into words (PDFium's own spaces and line breaks, and
    gaps wider than WORD_GAP of the font size)."""
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    # The whole page's text in one call: UTF-16 with one code unit per character index.
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # not one code unit per character: ask character by character
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 32) for i in range(count))
    rect = raw.FS_RECTF()
    get_box = raw.FPDFText_GetLooseCharBox
    text = _line_end_hyphens(raw, tp, text, get_box, rect)
    words: list[Word] = []
    spans: list[tuple[int, int]] = []  # each word's character indices (start, end)
    boxes = _CharBoxes(raw, tp)
    box_at, box, handle, ref = boxes.get, boxes.values, boxes.handle, boxes.ref
    styles = _Styles(raw, tp)
    # A word never spans a space or a line-end marker: only the runs between them are read.
    for run in _RUN.finditer(text):
        start = -1  # index of the current word's first character, -1 when none is open
        left = top = right = bottom = last_right = limit = 0.0
        style: tuple = ()
        rtl = False  # the open word holds right-to-left letters
        for i, ch in enumerate(run.group(), run.start()):
            if not box_at(handle, i, ref):
                if start >= 0:
                    words.append(_word(text[start:i], left, top, right, bottom, style))
                    spans.append((start, i))
                    start = -1
                continue
            x0, y0, x1, y1 = box  # left, top, right, bottom in PDF space (y up)
            y0 = page_height - y0
            y1 = page_height - y1
            is_rtl = ch >= "\u0590" and rtl_letter(ch)  # one comparison for Latin text
            if start >= 0:
                if is_rtl or rtl:
                    # Right-to-left glyphs may come in either direction, and Arabic letters
                    # that do not join the next one leave a gap inside words: words end at
                    # spaces. Other glyphs (a bracket, a digit) must touch the word, as in
                    # Latin text.
                    gap = RTL_WORD_GAP if is_rtl else WORD_GAP
                    reach = gap * max(style[0], y1 - y0, bottom - top)
                    apart = x1 < left - reach or x0 > right + reach
                else:
                    gap = x0 - last_right
                    apart = x1 < left or (gap > limit and gap > WORD_GAP * (y1 - y0))
                if y0 >= bottom or y1 <= top or apart:
                    words.append(_word(text[start:i], left, top, right, bottom, style))
                    spans.append((start, i))
                    start = -1
            if start < 0:
                rtl = is_rtl
                start, style = i, styles.at(i)
                left, top, right, bottom = x0, y0, x1, y1
                # The line height of the character's font box, not the nominal font size: a
                # text matrix can scale the glyphs far from what the size says.
                limit = WORD_GAP * (y1 - y0)
            else:  # plain comparisons: min()/max() calls cost more in this per-character loop
                if x0 < left:
                    left = x0
                if y0 < top:
                    top = y0
                if x1 > right:
                    right = x1
                if y1 > bottom:
                    bottom = y1
            last_right = x1
            rtl = rtl or is_rtl
        if start >= 0:
            words.append(_word(text[start : run.end()], left, top, right, bottom, style))
            spans.append((start, run.end()))
    if RTL_CHAR.search(text):  # one scan of the page's text: Latin pages skip all of this
        words = _drawn_order(tp, get_box, rect, text, words, spans)
    return words


# The characters between spaces (str.isspace) and PDFium's line-end markers.
_RUN = re.compile(r"[^\s\ufffe\uffff]+")


def _untyped(function, restype=ctypes.c_int):
    """The same PDFium function without pypdfium2's argument types, for calls made once per
    character: ctypes then passes ints and pointers as they are, in about 40% of the time it
    takes to convert each argument to its declared pointer type. Without argument types a
    Python int goes as a C int, so callers pass exactly a c_void_p handle, character indices
    and byref() pointers."""
    untyped = ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)
    untyped.argtypes = None
    return untyped


class _CharBoxes:
    """Per-character loose boxes of a text page, read into one reused buffer.

    get(handle, index, ref) fills values (left, top, right, bottom as floats) and returns
    whether the character has a box.
    """

    def __init__(self, raw, tp) -> None:
        self.get = _untyped(raw.FPDFText_GetLooseCharBox)
        self.handle = ctypes.cast(tp, ctypes.c_void_p)
        rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        self.ref = ctypes.byref(rect)
        self.values = memoryview(rect).cast("B").cast("f")
        self._rect = rect  # keeps the buffer alive with its views


def _line_end_hyphens(raw, tp, text: str, get_box, rect) -> str:
    """PDFium reports a hyphen that ends a line as a marker (U+FFFE); one drawn on the page
    (it has a box of its own) is a real hyphen, as in "fast-" / "paced" or a web address
    broken at its dash, and is kept."""
    if "\ufffe" not in text:
        return text
    chars = list(text)
    ref = ctypes.byref(rect)
    for i, ch in enumerate(chars):
        if ch != "\ufffe" or raw.FPDFText_IsGenerated(tp, i) == 1 or not get_box(tp, i, ref):
            continue
        if rect.right > rect.left:
            chars[i] = "-"
    return "".join(chars)


def _drawn_order(
    tp, get_box, rect, text: str, words: list[Word], spans: list[tuple[int, int]]
) -> list[Word]:
    """The words of a page with right-to-left text, each with its characters as drawn.

    PDFs keep a right-to-left word's glyphs in either direction, so each word's characters
    are put in the order they stand on the page, left to right (Word.visual); the layout turns
    whole lines from that visual order into reading order with the Unicode bidirectional
    algorithm. A word holding right-to-left letters reads as the algorithm reorders it alone
    (digits and Latin inside it stay left to right), which is what provenance matches on.
    The characters of one glyph (the lam-alef ligature) share a box: they keep PDFium's order.
    """
    from bidi import get_display

    ref = ctypes.byref(rect)
    out: list[Word] = []
    last_start = last_end = -1
    for word, (start, end) in zip(words, spans, strict=True):
        if start == last_end and _touching(out[-1], word):
            # No space between them in the text layer and the glyphs touch: one word whose
            # glyphs PDFium gave from both ends ("(" then the Arabic word it opens).
            merged = out.pop()
            start = last_start
            word = replace(merged, text=merged.text + word.text, box=merged.box.union(word.box))
        last_start, last_end = start, end
        middles = []
        for k in range(start, end):
            get_box(tp, k, ref)
            middles.append(rect.left + rect.right)
        order = sorted(range(end - start), key=middles.__getitem__)  # stable: ties keep order
        visual = "".join(text[start + k] for k in order)
        logical = word.text
        if RTL_CHAR.search(visual):
            logical = mend_brackets(get_display(visual, base_dir="R"))
        out.append(replace(word, text=logical, visual=visual))
    return out


def _touching(a: Word, b: Word) -> bool:
    """Whether two words sit on one line with no more than a hair between them."""
    if a.box.y0 >= b.box.y1 or b.box.y0 >= a.box.y1:
        return False
    hair = TOUCHING * max(a.size, b.size, 1.0)
    return b.box.x0 - a.box.x1 <= hair and a.box.x0 - b.box.x1 <= hair


class _Styles:
    """Font look-up for a text page: read once per text object (a run in one font)."""

    def __init__(self, raw, tp) -> None:
        self.raw, self.tp = raw, tp
        self.flags = ctypes.c_int(0)
        self.buffer = ctypes.create_string_buffer(128)
        self.last: tuple[int, float] | None = None
        self.value: tuple[float, bool, bool, str] = (0.0, False, False, "")
        # Read at every word: the untyped calls (see _untyped) on a plain handle.
        self.handle = ctypes.cast(tp, ctypes.c_void_p)
        self.font_size = _untyped(raw.FPDFText_GetFontSize, ctypes.c_double)
        self.text_object = _untyped(raw.FPDFText_GetTextObject, ctypes.c_void_p)
        # Takes the text object's address as a plain int (c_void_p), as text_object gives it.
        self.font_of = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(
            ctypes.cast(raw.FPDFTextObj_GetFont, ctypes.c_void_p).value
        )
        # Weight, flags and name belong to the font, which many text objects share (a PDF
        # often sets each line or word as an object of its own): font -> (bold, italic,
        # name, flags).
        self.fonts: dict[int, tuple[bool, bool, str, int]] = {}

    def at(self, index: int) -> tuple[float, bool, bool, str]:
        """Font size, bold, italic and font name of the character at index."""
        size = self.font_size(self.handle, index)  # a float (restype c_double)
        obj = self.text_object(self.handle, index) or 0
        if (obj, size) == self.last:
            return self.value
        self.last = (obj, size)
        font = self.font_of(obj) if obj else None
        known = self.fonts.get(font) if font else None
        if known is None:
            known = self._look(index)
            if font:
                self.fonts[font] = known
        bold, italic, name, flags = known
        # The flags a look-up leaves behind: a character without a text object reports no
        # font and keeps the ones read last.
        self.flags.value = flags
        self.value = (size, bold, italic, name)
        return self.value

    def _look(self, index: int) -> tuple[bool, bool, str, int]:
        """Bold, italic, font name and PDFium's font flags of the character at index."""
        raw, tp = self.raw, self.tp
        weight = int(raw.FPDFText_GetFontWeight(tp, index))
        length = raw.FPDFText_GetFontInfo(tp, index, self.buffer, 128, ctypes.byref(self.flags))
        name = self.buffer.value.decode("utf-8", "replace") if 0 < length <= 128 else ""
        name = _SUBSET.sub("", name)
        flags = self.flags.value
        # A weight in the font's name decides; PDFium's weight is often estimated from stem
        # widths (625 for a regular Noto Sans), so only a clear 700 counts without a name.
        if _BOLD_NAME.search(name):
            bold = True
        elif _LIGHT_NAME.search(name):
            bold = False
        else:
            bold = weight >= 700 or bool(flags & _FORCE_BOLD_FLAG)
        italic = bool(flags & _ITALIC_FLAG) or bool(_ITALIC_NAME.search(name))
        return bold, italic, name, flags


def _word(text: str, left: float, top: float, right: float, bottom: float, style: tuple) -> Word:
    """Build a Word from collected characters and their box.

    Its size is the font size, unless the box says the text matrix scaled it (then the box's
    line height, about 1.2 em, stands in); 0 when PDFium knows nothing of the font.
    """
    size, bold, italic, font = style
    height = bottom - top
    if not font:
        size = 0.0  # no font information: unknown (the layout takes its line's size)
    elif height > 0 and not 0.6 * height <= size <= 1.2 * height:
        size = height / 1.2
    return Word(text, Box(left, top, right, bottom), round(size, 2), bold, italic, font)
