"""Reading PDFs with PDFium (pypdfium2): the text layer as words with boxes and fonts.

PDFium ships inside the pypdfium2 wheel, so a laptop with only Python reads PDFs exactly as
the image does. Each character's box comes from FPDFText_GetLooseCharBox (its advance and the font's
ascent and descent, so narrow letters do not look spaced apart); a word starts after a
space (real or one PDFium generated from the spacing) or a clear horizontal gap, and ends at
a line change. Font size, weight and name are read at the first character of each word, which
keeps the cost of a page to a few milliseconds. Pages whose text layer holds almost nothing
are scans: they are rendered and read with OCR.
"""

from __future__ import annotations

import ctypes
import re

from r2w.extraction.reading.model import Box, Page, Reading, Word

# Below this many letters per page a PDF is taken to be a scan without a text layer.
MIN_LETTERS_PER_PAGE = 25
# Scanned PDFs are short; OCR of a page costs seconds, so long scans are read in part.
MAX_OCR_PAGES = 5
# Rendering resolution for OCR (dots per inch); ocr_page rescales within its own bounds.
RENDER_DPI = 200
# A gap wider than this share of the font size between two letters is a word space (letters
# sit at most 0.1 apart; letter-spaced headings are re-joined by the layout).
WORD_GAP = 0.15
# PDFium font flags (PDF 32000 table 123, and PDFium's forced-bold bit).
_ITALIC_FLAG = 1 << 6
_FORCE_BOLD_FLAG = 1 << 18
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique", re.I)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


class EncryptedPdf(ValueError):
    """The PDF needs a password."""


def read_pdf(data: bytes, *, ocr: bool = True) -> Reading:
    """Read a PDF's text layer; read it with OCR instead when it is a scan."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf("the PDF is password-protected") from exc
        raise
    try:
        pages = [_text_page(pdf[i], i + 1) for i in range(len(pdf))]
        letters = sum(ch.isalpha() for page in pages for w in page.words for ch in w.text)
        if not ocr or letters >= MIN_LETTERS_PER_PAGE * max(1, min(len(pages), 3)):
            return Reading(pages, "pdfium", ocr=False)
        return Reading(_ocr_pages(pdf), "rapidocr", ocr=True)
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    """Number of pages of a PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _ocr_pages(pdf) -> list[Page]:
    """Render the first pages and read them with OCR (coordinates in points)."""
    from r2w.extraction.reading.ocr import ocr_page

    pages = []
    for i in range(min(len(pdf), MAX_OCR_PAGES)):
        page = pdf[i]
        width, height = page.get_size()
        bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
        image = bitmap.to_pil().convert("RGB")
        read = ocr_page(image, i + 1)
        scale = width / read.width if read.width else 1.0
        words = [_scaled_word(w, scale) for w in read.words]
        pages.append(Page(i + 1, width, height, words))
        page.close()
    return pages


def _scaled_word(word: Word, scale: float) -> Word:
    """A word with its box and size scaled (pixels -> points)."""
    b = word.box
    box = Box(b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale)
    return Word(
        word.text,
        box,
        word.size * scale,
        word.bold,
        word.italic,
        word.font,
        word.confidence,
        word.line,
    )


def _text_page(page, number: int) -> Page:
    """The words of one page's text layer."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(raw, textpage.raw, height)
    finally:
        textpage.close()
        page.close()
    return Page(number, width, height, words)


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
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    words: list[Word] = []
    chars: list[str] = []
    box: list[float] = []
    style: tuple = ()
    last_right = 0.0

    def close() -> None:
        if chars:
            words.append(_word("".join(chars), box, style))
            chars.clear()

    for i, ch in enumerate(text if len(text) == count else [""] * count):
        if not ch:
            ch = chr(raw.FPDFText_GetUnicode(tp, i) or 32)
        if ch.isspace() or ch in "\ufffe\uffff" or not raw.FPDFText_GetLooseCharBox(tp, i, ref):
            close()
            continue
        x0, x1, y0, y1 = rect.left, rect.right, page_height - rect.top, page_height - rect.bottom
        if chars:
            size = style[0] or (box[3] - box[1])
            same_line = y0 < box[3] and y1 > box[1]
            if not same_line or x0 - last_right > WORD_GAP * size or x1 < box[0]:
                close()
        if not chars:
            style = _style(raw, tp, i)
            box = [x0, y0, x1, y1]
        else:
            box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        chars.append(ch)
        last_right = x1
    close()
    return words


def _style(raw, tp, index: int) -> tuple[float, bool, bool, str]:
    """Font size, bold, italic and font name of the character at index."""
    size = float(raw.FPDFText_GetFontSize(tp, index))
    weight = int(raw.FPDFText_GetFontWeight(tp, index))
    flags = ctypes.c_int(0)
    name_buffer = ctypes.create_string_buffer(128)
    length = raw.FPDFText_GetFontInfo(tp, index, name_buffer, 128, ctypes.byref(flags))
    name = name_buffer.value.decode("utf-8", "replace") if 0 < length <= 128 else ""
    name = _SUBSET.sub("", name)
    bold = weight >= 600 or bool(flags.value & _FORCE_BOLD_FLAG) or bool(_BOLD_NAME.search(name))
    italic = bool(flags.value & _ITALIC_FLAG) or bool(_ITALIC_NAME.search(name))
    return size, bold, italic, name


def _word(text: str, box: list[float], style: tuple) -> Word:
    """Build a Word from collected characters."""
    size, bold, italic, font = style
    return Word(text, Box(*box), size=round(size, 2), bold=bold, italic=italic, font=font)
