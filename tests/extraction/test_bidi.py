"""Right-to-left PDFs: lines read in logical order with the Unicode bidirectional algorithm."""

from __future__ import annotations

import pytest
from bidi import get_display

from r2w.extraction.confidence import review
from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.layout import lay_out
from r2w.extraction.reading.pdf import read_pdf
from r2w.extraction.reading.rtl import mend_brackets
from r2w.extraction.text import extract_text
from tests.extraction.factories import styled_pdf

ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic", "DejaVu Sans")

# Lines as an Arabic CV mixes them: Arabic with English, numbers, brackets, phone numbers,
# date ranges and an English sentence inside an Arabic paragraph.
MIXED_LINES = [
    "خفض التكاليف خلال عام واحد",
    "Budgeting (متقدم)",
    "الإنجليزية (ممتاز)",
    "(736) 541-8784",
    "+971 50 544 8986",
    "2012–2017",
    "أكتوبر 2021 - الحاضر",
    "University of Manchester, Lyon · مارس 2011 – أكتوبر 2016",
    "I am a محاسب قانوني who enjoys turning messy problems into simple, reliable processes.",
    "مديرة مشاريع",
    "Operations Lead",
]


def print_pdf(chromium, body: str, *, font: str = "Noto Naskh Arabic", rtl: bool = True) -> bytes:
    """A page printed by Chromium (A4), right to left unless rtl is False."""
    direction = ' dir="rtl" lang="ar"' if rtl else ""
    html = (
        f"<!doctype html><html{direction}><head><meta charset='utf-8'><style>"
        f"body {{ font-family: '{font}'; font-size: 11pt; margin: 40px; }} p {{ margin: 0 0 8px }}"
        f"</style></head><body>{body}</body></html>"
    )
    page = chromium.new_page()
    try:
        page.set_content(html)
        return page.pdf(format="A4")
    finally:
        page.close()


def line_texts(pdf: bytes) -> list[str]:
    """The texts of a PDF's layout lines in reading order."""
    return [line.text for line in lay_out(read_pdf(pdf)).lines]


@pytest.mark.parametrize("text", MIXED_LINES)
def test_bidi_reordering_is_its_own_inverse(text: str) -> None:
    """What the layout relies on: reordering the visual string of a right-to-left paragraph
    gives the logical text back (runs of each direction and bracket pairs restored)."""
    visual = get_display(text, base_dir="R")
    assert get_display(visual, base_dir="R") == text


def test_brackets_face_the_way_their_place_says() -> None:
    """A bracket read back from a mirrored glyph may face either way; its place decides."""
    assert mend_brackets("Budgeting )متقدم)") == "Budgeting (متقدم)"
    assert mend_brackets("الإنجليزية )ممتاز(") == "الإنجليزية (ممتاز)"
    assert mend_brackets(")736( 541-8784") == "(736) 541-8784"
    assert mend_brackets("f(x) and (a, b)") == "f(x) and (a, b)"


@pytest.mark.parametrize("font", ARABIC_FONTS)
def test_mixed_right_to_left_lines_read_in_logical_order(chromium, font: str) -> None:
    """Each line of a right-to-left page reads as it was written, in every Arabic font the
    corpus uses: word order, numbers, phone groups, ranges, brackets and the lam-alef
    ligature of "خلال" (one glyph PDFium reports as two characters)."""
    body = "".join(f"<p>{text}</p>" for text in MIXED_LINES)
    assert line_texts(print_pdf(chromium, body, font=font)) == MIXED_LINES


def test_a_wrapped_english_sentence_in_an_arabic_paragraph(chromium) -> None:
    """An English sentence wrapped inside a right-to-left paragraph: each line keeps its
    runs in order, a comma at a line's end stays there, the final stop ends the sentence."""
    sentence = (
        "I am a محاسب قانوني who enjoys turning messy problems into simple, reliable "
        "processes; four years across start-ups and large companies."
    )
    pdf = print_pdf(chromium, f"<p style='width: 330px'>{sentence}</p>")
    lines = line_texts(pdf)
    assert len(lines) >= 2
    assert " ".join(lines) == sentence


def test_a_wrapped_line_that_starts_with_a_number(chromium) -> None:
    """An English bullet wrapped in a right-to-left list item right before an amount: the
    browser ran the amount with the words of the line above, so it reads first on its line
    (reordering the line alone would put it last)."""
    text = "Negotiated contracts with suppliers in Toronto, saving $138,000&nbsp;a&nbsp;year"
    pdf = print_pdf(chromium, f"<p>مديرة مشاريع</p><p style='width: 400px'>{text}</p>")
    assert line_texts(pdf)[1:] == [
        "Negotiated contracts with suppliers in Toronto, saving",
        "$138,000 a year",
    ]


def test_dates_wrapped_onto_their_own_line(chromium) -> None:
    """Dates that wrapped to the next line of an English paragraph ran left to right with it;
    dates in a paragraph of their own under a short English line run right to left."""
    body = (
        "<p>مديرة مشاريع</p>"
        "<p style='width: 300px'>Pinecrest Hotels, Madrid, Spain, 11/2017&nbsp;—&nbsp;10/2019</p>"
        "<p>Orbit Systems AG</p><p>2012 – 2017</p>"
    )
    assert line_texts(print_pdf(chromium, body))[1:] == [
        "Pinecrest Hotels, Madrid, Spain,",
        "11/2017 — 10/2019",
        "Orbit Systems AG",
        "2012 – 2017",
    ]


def test_inline_items_and_floated_dates_keep_their_own_context(chromium) -> None:
    """A phone number set between an email and a city on one row of a right-to-left page
    runs left to right with them (one paragraph); a date range floated beside a bold
    company name is a paragraph of its own, read right to left."""
    body = (
        "<div><span>amara@example.com</span> <span style='margin: 0 12pt'>+49 151 3711 7718"
        "</span> <span>Madrid, Spain</span></div>"
        "<p><span style='float: right'>2021—2024</span><b>Ironbridge Capital</b></p>"
        "<p><span style='float: right'>يونيو 2020 - يناير 2021</span><b>Cedar &amp; Finch</b></p>"
    )
    lines = line_texts(print_pdf(chromium, body))
    assert "+49 151 3711 7718" in lines
    assert {"2021—2024", "Ironbridge Capital", "يونيو 2020 - يناير 2021", "Cedar & Finch"} <= set(
        lines
    )


def test_lam_alef_is_read_in_order_in_words(chromium) -> None:
    """The words of the text layer (what provenance matches) spell lam-alef right too."""
    pdf = print_pdf(chromium, "<p>خلال عام واحد، والاستقلال</p><p>Project Manager</p>")
    words = [word.text for word in read_pdf(pdf).words]
    assert "خلال" in words and "والاستقلال" in words


def test_arabic_inside_a_left_to_right_page(chromium) -> None:
    """An English CV quoting Arabic: its lines stay left to right, the Arabic run reads in
    order, and lines without Arabic are untouched."""
    body = (
        "<p>Languages: العربية الفصحى (native), English (C2)</p>"
        "<p>Managed budgets from $120,000 to $300,000 per quarter (9 offices).</p>"
        "<p>Project Manager</p>"
    )
    lines = line_texts(print_pdf(chromium, body, font="Noto Sans", rtl=False))
    assert lines == [
        "Languages: العربية الفصحى (native), English (C2)",
        "Managed budgets from $120,000 to $300,000 per quarter (9 offices).",
        "Project Manager",
    ]


def test_latin_pages_have_no_drawn_order() -> None:
    """Pages without right-to-left text skip the reordering: words carry no drawn order."""
    pdf = styled_pdf(
        [(60, 80, "EXPERIENCE", "Helvetica-Bold", 14), (60, 100, "(2019) x", "Helvetica", 10)]
    )
    reading = read_pdf(pdf)
    assert [w.visual for w in reading.words] == ["", "", ""]
    assert [line.text for line in lay_out(reading).lines] == ["EXPERIENCE", "(2019) x"]


ARABIC_CV = """
<h1>أحمد الحسن</h1>
<p>مديرة مشاريع</p>
<p>ahmad.hassan@example.com</p>
<p>+971 50 544 8986</p>
<h2>الخبرة العملية</h2>
<p><b>مصممة جرافيك</b></p>
<p>Brightwave Media, Dubai</p>
<p>أبريل 2023 – الحاضر</p>
<ul><li>خفض تكاليف التشغيل بنسبة عشرين بالمئة خلال عام واحد</li>
<li>Designed and ran A/B tests on the mobile app, increasing conversion by 61%</li></ul>
<p><b>Operations Lead</b></p>
<p>Orbit Systems AG, Berlin</p>
<p>2012–2017</p>
<h2>المهارات</h2>
<p>Budgeting (متقدم)</p>
<p>Python (خبير)</p>
<h2>اللغات</h2>
<p>العربية (ممتاز)</p>
<p>الإنجليزية (جيد جدا)</p>
"""


def test_values_of_a_right_to_left_cv(chromium) -> None:
    """Values extracted from an Arabic CV printed by Chromium read as written, and each is
    located on the page by its words' boxes."""
    result = extract_text(print_pdf(chromium, ARABIC_CV), "pdf")
    doc = HeuristicExtractor().extract(result.text, reading=result.reading, kind="pdf")
    assert doc["contact"]["phone"] == "+971 50 544 8986"
    jobs = doc["experience"]["experienceItems"]
    assert [job["jobTitle"] for job in jobs] == ["مصممة جرافيك", "Operations Lead"]
    assert jobs[0]["dateRange"] == {
        "startDate": "أبريل 2023",
        "endDate": "الحاضر",
        "isCurrent": True,
    }
    assert (jobs[1]["dateRange"]["startDate"], jobs[1]["dateRange"]["endDate"]) == ("2012", "2017")
    assert (
        "خفض تكاليف التشغيل بنسبة عشرين بالمئة خلال عام واحد"
        in (jobs[0]["responsibilitiesAndAchievements"])
    )
    assert "Budgeting (متقدم)" in str(doc["skills"]) or "متقدم" in str(doc["skills"])
    languages = {
        item["language"]: item.get("proficiency") for item in doc["languages"]["languageItems"]
    }
    assert languages == {"العربية": "ممتاز", "الإنجليزية": "جيد جدا"}
    found = review(doc, result.text, result.reading).provenance
    title = found["experience.experienceItems[0].jobTitle"]
    assert title["page"] == 1 and title["box"] is not None
    x0, _, x1, _ = title["box"]
    assert x1 > x0 > 300  # right-aligned: the title's words on the right of the page
