"""Reading tilted and small scans: the page is straightened, lines and columns stay whole.

The pages are drawn here with Pillow (DejaVu Sans, as the other image factories use), so the
expected text is known exactly; nothing is read from the corpus splits.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from r2w.extraction.ocr import _bullets_joined, _icon_misread, _second_pass, _unread_lines
from r2w.extraction.reading.deskew import deskew, skew_angle
from r2w.extraction.reading.marks import dot_like
from r2w.extraction.reading.model import Box, Word
from r2w.extraction.reading.unread import ink_lines, line_shaped, unread_image
from r2w.extraction.text import extract_text
from tests.extraction.conftest import require_tool

LONG_LINES = [
    "Managed budgets from 120,000 to 300,000 per quarter across seven offices",
    "Analysed customer records with SQL and Python to find churn drivers",
    "Mentored six junior colleagues, three of whom were promoted within a year",
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _page(columns: list[tuple[int, list[str]]], *, size: int = 30) -> Image.Image:
    """A white page with lines of text starting at the given x positions."""
    image = Image.new("L", (1654, 1200), 255)
    draw = ImageDraw.Draw(image)
    for x, lines in columns:
        for i, line in enumerate(lines):
            draw.text((x, 120 + int(size * 1.9) * i), line, fill=0, font=_font(size))
    return image


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


@pytest.mark.parametrize("angle", [-2.5, -1.0, 0.0, 0.8, 1.5])
def test_the_tilt_of_text_lines_is_measured(angle: float) -> None:
    tilted = _page([(100, LONG_LINES * 3)]).rotate(angle, expand=True, fillcolor=255)
    assert skew_angle(tilted) == pytest.approx(angle, abs=0.15)


def test_a_level_or_blank_page_is_left_as_it_is() -> None:
    level = _page([(100, LONG_LINES)])
    assert deskew(level)[0] is level
    blank = Image.new("RGB", (800, 1000), "white")
    assert skew_angle(blank) == 0.0


def test_a_straightened_page_has_level_lines() -> None:
    tilted = _page([(100, LONG_LINES * 3)]).rotate(1.2, expand=True, fillcolor=255)
    level, turned = deskew(tilted)
    assert turned == pytest.approx(1.2, abs=0.15)
    assert level.size == tilted.size
    assert abs(skew_angle(level)) < 0.15


def test_long_lines_of_a_tilted_scan_are_read_whole() -> None:
    require_tool("tesseract")
    tilted = _page([(100, LONG_LINES)]).rotate(1.5, expand=True, fillcolor=255)
    lines = extract_text(_jpeg(tilted), "jpg").text.splitlines()
    for expected in LONG_LINES:
        assert expected in lines


def test_two_tilted_columns_are_never_joined_into_one_line() -> None:
    require_tool("tesseract")
    left = ["Technical skills", "Budgeting and planning", "TypeScript and Python"]
    right = ["Operations Lead at Northwind", "Managed regional budgets", "Hired a sales team"]
    page = _page([(100, left), (760, right)]).rotate(-1.2, expand=True, fillcolor=255)
    lines = extract_text(_jpeg(page), "jpg").text.splitlines()
    for expected in left + right:
        assert expected in lines
    text = "\n".join(lines)
    assert text.index(left[0]) < text.index(left[-1]) < text.index(right[0])


def test_a_small_blurred_photo_is_read() -> None:
    require_tool("tesseract")
    # A phone photo of a page: about 500 x 700 pixels, tilted and a little soft.
    page = _page([(100, LONG_LINES)], size=34).rotate(1.0, expand=True, fillcolor=255)
    photo = page.resize((720, 540)).filter(ImageFilter.GaussianBlur(0.5))
    text = extract_text(_jpeg(photo), "jpg").text
    assert "SQL and Python to find churn drivers" in text
    assert "Managed budgets from 120,000 to 300,000" in text


@pytest.mark.parametrize("word", ["p>", "m@", ">»", "@®", "@", "*"])
def test_icons_read_as_symbols_at_a_line_start_become_bullets(word: str) -> None:
    assert _icon_misread(word)


@pytest.mark.parametrize("word", ["+1", "|", "of", "de", "&", "C#", "3+", "Go", "et"])
def test_words_and_numbers_at_a_line_start_are_kept(word: str) -> None:
    assert not _icon_misread(word)


def _word(text: str, x0: float, x1: float) -> Word:
    return Word(text, Box(x0, 100, x1, 120), size=20)


def test_a_bullet_set_apart_from_its_text_joins_it_as_a_bullet() -> None:
    line = ("1", "1", "1", "1")
    words = [
        (line, _word("e", 50, 60)),
        (line, _word("Led", 90, 130)),
        (line, _word("a", 137, 147)),
    ]
    joined = _bullets_joined(words)
    assert [w.text for w in joined] == ["•", "Led", "a"]
    assert joined[0].box.x1 >= 89  # reaches its text, so the layout keeps one line


def test_a_one_letter_word_at_a_line_start_is_kept() -> None:
    line = ("1", "1", "1", "1")
    words = [(line, _word("I", 50, 55)), (line, _word("am", 62, 90))]
    assert [w.text for w in _bullets_joined(words)] == ["I", "am"]


def test_accented_letters_are_read_with_the_bundled_german_model() -> None:
    require_tool("tesseract")
    lines = ["Sprachen: Französisch, Türkisch", "Betreuung von Großkunden in Österreich"]
    text = extract_text(_jpeg(_page([(100, lines)])), "jpg").text
    for expected in lines:
        assert expected in text.splitlines()


def _banded_page() -> Image.Image:
    """A CV top: name and contact line in white on a dark band, a section below on white."""
    image = Image.new("L", (1654, 1200), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 60, 1574, 330), fill=70)
    draw.text((120, 90), "Jonas Lindqvist", fill=255, font=_font(60))
    draw.text((120, 250), "jonas4@example.org    Toronto, ON", fill=255, font=_font(26))
    for i, line in enumerate(LONG_LINES):
        draw.text((100, 420 + 60 * i), line, fill=0, font=_font(30))
    return image


def test_what_the_first_pass_read_is_painted_out_and_dark_bands_turned_light() -> None:
    page = _banded_page()
    # The first pass read the name and the first body line: their boxes are painted out.
    rest = unread_image(page, [(110, 80, 700, 170), (90, 410, 1500, 460)])
    assert rest is not None
    pixels = np.asarray(rest)
    assert pixels[100:160, 130:650].min() > 200  # the name: gone
    assert pixels[60:330, 80:1574].mean() > 200  # the band: light now
    assert pixels[250:290, 120:500].min() < 100  # its contact line: dark text on it
    assert pixels[480:520, 100:1400].min() < 100  # the unread body lines are still there


def test_a_page_with_everything_read_has_nothing_left() -> None:
    page = _page([(100, LONG_LINES[:1])])
    assert unread_image(page, [(90, 110, 1600, 160)]) is None


def test_the_second_pass_reads_only_the_lines_the_first_left() -> None:
    require_tool("tesseract")
    page = _banded_page()
    # As if the first pass had read the name and the body lines, but not the contact line.
    read = [Word("Jonas", Box(110, 80, 700, 170), 90)] + [
        Word("line", Box(90, 410 + 60 * i, 1600, 460 + 60 * i), 50) for i in range(3)
    ]
    again, leftover = _second_pass(page, read, 1.0, "eng")
    assert [w.text for _, w in again] == ["jonas4@example.org", "Toronto,", "ON"]
    # What the second pass read is no unread line.
    assert _unread_lines(leftover, [w for _, w in again], 1.0) == []


def _scribbled(page: Image.Image, top: int) -> Image.Image:
    """page with a line of pen strokes no OCR reads as text, from x=100 to about 900."""
    draw = ImageDraw.Draw(page)
    x = 100
    for i in range(60):
        width = 8 + (i * 7) % 13
        draw.arc((x, top, x + width, top + 30), (i * 37) % 180, 200 + (i * 53) % 160, 0, 3)
        draw.line((x + width // 2, top - 5, x + (i * 5) % width, top + 32), fill=0, width=3)
        x += width + 2 + i % 5
        if x > 900:
            break
    return page


def test_lines_neither_pass_read_are_boxed() -> None:
    """What the first pass read is painted out, the second pass finds nothing it can read
    with confidence in a line of strokes, and that line is returned as unread."""
    require_tool("tesseract")
    page = _scribbled(_page([(100, LONG_LINES[:1])]), 400)
    read = [Word("line", Box(90, 110, 1600, 160), 30)]
    again, leftover = _second_pass(page, read, 1.0, "eng")
    assert again == []
    (unread,) = _unread_lines(leftover, [], 1.0)
    assert unread.x0 < 110 and unread.x1 > 880 and unread.y0 < 400 and unread.y1 > 430
    # Boxes come back in the unscaled image's pixels when the page was read enlarged.
    (half,) = _unread_lines(leftover, [], 2.0)
    assert half == Box(unread.x0 / 2, unread.y0 / 2, unread.x1 / 2, unread.y1 / 2)


def _first_pass_misses(monkeypatch) -> None:
    """Make tesseract's first pass drop every word but those of LONG_LINES (what it made of
    the strokes), as it drops lines of blurred scans; the second pass runs as it does."""
    import r2w.extraction.ocr as ocr

    words = ocr._tsv_words
    known = {word for line in LONG_LINES for word in line.split()}

    def first_pass_drops(read, scale, grey, tag):
        found = words(read, scale, grey, tag)
        return found if tag else [(k, w) for k, w in found if w.text in known]

    monkeypatch.setattr(ocr, "_tsv_words", first_pass_drops)


def test_a_line_no_pass_reads_comes_back_unread_in_the_images_pixels(monkeypatch) -> None:
    require_tool("tesseract")
    from r2w.extraction.ocr import ocr_words

    _first_pass_misses(monkeypatch)
    page = _scribbled(_page([(100, LONG_LINES)]), 400)
    small = page.resize((round(page.width * 0.6), round(page.height * 0.6)))  # read enlarged
    read = ocr_words(small)
    assert "Managed" in [w.text for w in read.words]
    (unread,) = read.unread
    # The strokes stand at 100-900 x 400-430 of the full-size page.
    assert 40 < unread.x0 < 70 and 530 < unread.x1 < 560
    assert 225 < unread.y0 < 245 and 255 < unread.y1 < 270


def test_a_scanned_pdfs_unread_lines_are_in_points(monkeypatch) -> None:
    require_tool("tesseract")
    from r2w.extraction.text import extract_text

    page = _scribbled(_page([(100, LONG_LINES)]), 400)
    out = io.BytesIO()
    page.convert("RGB").save(out, format="PDF", resolution=150)  # 1654 px: 794 points wide
    _first_pass_misses(monkeypatch)
    reading = extract_text(out.getvalue(), "pdf").reading
    (unread,) = reading.pages[0].unread
    # 100-900 x 400-430 pixels at 150 dpi are 48-432 x 192-206 points.
    assert 40 < unread.x0 < 50 and 430 < unread.x1 < 440
    assert 185 < unread.y0 < 195 and 205 < unread.y1 < 212


def test_lines_the_second_pass_read_are_not_unread() -> None:
    page = _page([(100, LONG_LINES[:2])])
    rest = line_shaped(page, 40.0)
    assert len(ink_lines(rest, [], 40.0)) == 2
    # The first line painted out as read: only the second is left.
    (left,) = ink_lines(rest, [(90, 100, 1600, 165)], 40.0)
    assert left[1] > 150
    assert ink_lines(rest, [(90, 100, 1600, 250)], 40.0) == []


def test_only_line_shaped_ink_is_left_for_the_second_pass() -> None:
    """Slivers where read words were painted out and specks go; a line of text stays whole."""
    page = _page([(100, LONG_LINES[:1])])
    draw = ImageDraw.Draw(page)
    draw.rectangle((1500, 400, 1502, 440), fill=0)  # a sliver of a painted-out word
    draw.rectangle((800, 600, 804, 604), fill=0)  # a speck
    pixels = np.asarray(line_shaped(page, 40.0))
    assert pixels[390:450, 1490:1510].min() == 255
    assert pixels[590:610, 790:810].min() == 255
    assert (pixels[110:170] == np.asarray(page)[110:170]).all()


def test_a_contact_line_on_a_dark_band_is_read() -> None:
    require_tool("tesseract")
    text = extract_text(_jpeg(_banded_page()), "jpg").text
    assert "jonas4@example.org" in text
    assert "Toronto, ON" in text
    assert "Jonas Lindqvist" in text
    assert LONG_LINES[0] in text.splitlines()


def _list_page(separator: str) -> Image.Image:
    image = Image.new("L", (1654, 300), 255)
    draw = ImageDraw.Draw(image)
    # Three items: two marks, fewer than ocrfix's rule for lists of dots needs alone.
    items = ["Photoshop", "Patient assessment", "Public speaking"]
    draw.text((100, 120), f" {separator} ".join(items), fill=0, font=_font(30))
    return image


def test_middle_dots_between_list_items_are_kept_as_dots() -> None:
    require_tool("tesseract")
    text = extract_text(_jpeg(_list_page("·")), "jpg").text
    assert "Photoshop · Patient assessment · Public speaking" in text


def test_hyphens_between_list_items_stay_hyphens() -> None:
    require_tool("tesseract")
    text = extract_text(_jpeg(_list_page("-")), "jpg").text
    assert "Photoshop - Patient assessment - Public speaking" in text


def _mark(glyph: str) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """One glyph drawn alone, with a box as tall as its line (as tesseract gives it)."""
    image = Image.new("L", (80, 60), 255)
    ImageDraw.Draw(image).text((20, 10), glyph, fill=0, font=_font(30))
    return image, (0, 5, 80, 50)


@pytest.mark.parametrize(("glyph", "dot"), [("·", True), ("•", True), ("-", False), ("—", False)])
def test_a_dot_is_told_from_a_hyphen_by_its_ink(glyph: str, dot: bool) -> None:
    image, box = _mark(glyph)
    assert dot_like(image, box) is dot
    assert dot_like(ImageOps.invert(image), box) is dot  # light on a dark band, the same


SHORT_LINES = ["Languages", "Catalan", "Hobbies", "Piano", "Chess"]


def test_lines_the_first_pass_lumped_into_one_word_are_read_again(monkeypatch) -> None:
    """Tesseract's first pass can read a block of short lines as one low-confidence "word"
    as tall as the block ("il" for six lines of a small photo): that word is dropped, not
    painted out, and the second pass reads the lines."""
    require_tool("tesseract")
    import r2w.extraction.ocr as ocr

    words = ocr._tsv_words
    known = {word for line in LONG_LINES for word in line.split()}

    def first_pass_lumps(read, scale, grey, tag):
        found = words(read, scale, grey, tag)
        if tag:
            return found
        kept = [(k, w) for k, w in found if w.text in known]
        top = min(w.box.y0 for k, w in found if w.text == SHORT_LINES[0])
        bottom = max(w.box.y1 for k, w in found if w.text == SHORT_LINES[-1])
        lump = Word("il", Box(95, top, 300, bottom), kept[0][1].size, confidence=0.39)
        return [*kept, (("", "9", "1", "1"), lump)]

    monkeypatch.setattr(ocr, "_tsv_words", first_pass_lumps)
    page = _page([(100, [*LONG_LINES, "", *SHORT_LINES])])
    read = [w.text for w in ocr.ocr_words(page).words]
    assert "il" not in read
    assert [w for w in read if w in SHORT_LINES] == SHORT_LINES


def test_only_tall_words_read_with_little_confidence_over_rows_of_ink_are_lumps() -> None:
    from r2w.extraction.ocr import _without_lumps
    from r2w.extraction.reading.unread import ink_rows

    page = _page([(100, ["", "", "", "", "", "", *SHORT_LINES])])
    ImageDraw.Draw(page).text((100, 20), "Jonas Berg", fill=0, font=_font(90))
    body = [
        (("", str(i)), Word("word", Box(100, 400 + 40 * i, 180, 430 + 40 * i), 30, confidence=0.9))
        for i in range(30)
    ]
    # Five short lines read as one word, and a name set large read with as little confidence.
    block = Box(95, 120 + 57 * 6 - 5, 300, 120 + 57 * 10 + 40)
    lump = (("", "x"), Word("il", block, 30, confidence=0.39))
    name = Box(95, 15, 700, 125)
    large = (("", "y"), Word("Jonas", name, 30, confidence=0.5))
    assert ink_rows(page, (95, 457, 300, 715)) == 5 and ink_rows(page, (95, 15, 700, 125)) == 1
    # Light on dark, faded and blurred ink is measured as well; a blank or empty box holds none.
    faded = page.point(lambda v: 150 if v < 128 else 220)
    blurred = page.filter(ImageFilter.GaussianBlur(6))
    for image in (ImageOps.invert(page), faded, blurred):
        assert ink_rows(image, (95, 457, 300, 715)) == 5
    assert ink_rows(page, (1200, 900, 1400, 1000)) == 0 and ink_rows(page, (10, 10, 10, 20)) == 0
    assert _without_lumps([*body, lump, large], lambda: page, 1.0) == [*body, large]
    # A word too faint to measure is kept: nothing says it is more than one line.
    faint = page.copy()
    ImageDraw.Draw(faint).rectangle((95, 15, 700, 125), fill=255)
    ImageDraw.Draw(faint).text((100, 20), "Jonas Berg", fill=232, font=_font(90))
    assert _without_lumps([*body, large], lambda: faint, 1.0) == [*body, large]
    # A page of a few words has no line height to measure against.
    assert _without_lumps([*body[:5], lump], lambda: page, 1.0) == [*body[:5], lump]
