"""extract_text on every format: reading order, OCR, fallbacks and clear failures."""

from __future__ import annotations

import io
import itertools

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from pypdf import PdfReader

from r2w.extraction import pdftext
from r2w.extraction.text import TextExtractionFailed, TextResult, extract_text
from r2w.extraction.tools import ToolError, run_tool
from tests.extraction.conftest import DATA, SAMPLE_FACTS, TEXT_LAYER, require_tool
from tests.extraction.factories import (
    docx_bytes,
    image_bytes,
    make_pdf,
    scan_pdf,
    text_image,
    text_pdf,
)


def lines_of(result: TextResult) -> list[str]:
    """Non-empty lines of a result."""
    return [line.strip() for line in result.text.splitlines() if line.strip()]


def follows(result: TextResult, first: str, second: str) -> bool:
    """Whether the line after the line equal to first starts with second."""
    lines = lines_of(result)
    return any(a == first and b.startswith(second) for a, b in itertools.pairwise(lines))


@pytest.mark.parametrize("name", sorted(SAMPLE_FACTS))
def test_every_sample_yields_text(name: str, sample_text, sample_bytes) -> None:
    """Each sample gives text naming its person, by the right method."""
    kind, person, email = SAMPLE_FACTS[name]
    result = sample_text(name)
    assert person.casefold() in " ".join(result.text.split()).casefold()  # may span lines
    assert email in result.text
    assert result.ocr is (kind == "jpg")
    if kind == "pdf":
        assert result.method == "pdfium"
        assert result.pages == len(PdfReader(io.BytesIO(sample_bytes(name))).pages)


def test_scanned_sample_is_read_by_ocr(sample_text) -> None:
    """The JPEG scan (no text layer at all) is read by OCR, its two columns one after another."""
    from r2w.extraction.reading.ocr import engine_name

    result = sample_text("example-cv-undergraduate-dda15e.jpg")
    assert result.method == engine_name()
    assert follows(result, "Personal profile", "Enthusiastic and proactive")
    for words in ("Aisha Malik", "Personal profile", "University of Bristol", "+44 7456 789012"):
        assert words in result.text


def test_sidebar_columns_are_read_one_after_the_other(sample_text) -> None:
    """Labels stay with their values; the main column is not interleaved with the sidebar."""
    berlin = sample_text("Berlin-Simple-Resume-Template.pdf")
    assert follows(berlin, "PHONE", "3868683442")
    assert follows(berlin, "PLACE OF BIRTH", "San Antonio")
    assert follows(berlin, "PROFILE", "Personable IT Consultant")
    amsterdam = sample_text("Amsterdam-Modern-Resume-Template.pdf")
    assert lines_of(amsterdam)[:2] == ["JULIE MONROE", "NUTRITION CONSULTANT"]


def test_dates_beside_entries_stay_in_their_rows(sample_text) -> None:
    """A column of dates next to entries is a table, read row by row."""
    london = sample_text("London-Resume-Template-Professional.pdf")
    assert follows(london, "Jan 2019 — Jul 2021", "Certified Bootcamp Instructor")
    assert follows(london, "Jan 2018 — Dec 2018", "High School Diploma")


def test_words_are_kept_whole(sample_text) -> None:
    """Letter-spaced headings, ligature seams and clipped lines come out as words."""
    assert "EMPLOYMENT HISTORY" in lines_of(sample_text("London-Resume-Template-Professional.pdf"))
    assert "CHARLES MCTURLAND" in sample_text("software-engineer-resume-example.pdf").text
    assert "Certified Associate" in sample_text("Paris-Resume-Template-Modern.pdf").text
    assert "online and offline" in " ".join(
        lines_of(sample_text("Chicago-Resume-Template-Creative.pdf"))
    )
    eleanor = sample_text("Eleanor_Vance_cv.pdf").text  # its lines run past the page edge
    assert "fast-paced paediatric and acute medical environments" in eleanor


def test_link_targets_are_appended(sample_text) -> None:
    """Profile addresses kept only in link annotations become part of the text."""
    assert (
        "http://linkedin.com/in/rhoda-jackson"
        in sample_text("graphic-designer-resume-example.pdf").text
    )


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_text_is_clean(name: str, sample_text) -> None:
    """No ligature code points, no bidi controls, no NUL, no runs of blank lines."""
    text = sample_text(name).text
    assert not any(ch in text for ch in "\ufb00\ufb01\ufb02\u202b\u202c\x00\u00a0")
    assert "\n\n\n" not in text


def test_right_to_left_pdf_keeps_arabic_text() -> None:
    """An Arabic PDF is read in logical order without bidi control characters (PDFium only)."""
    result = extract_text((DATA / "cv_ar.pdf").read_bytes(), "pdf")
    assert "ليلى حسن" in lines_of(result)
    assert "layla.hassan@example.com" in result.text
    assert "الخبرة المهنية" in lines_of(result)
    assert not any("\u202a" <= ch <= "\u202e" for ch in result.text)


def test_two_columns_in_a_generated_pdf() -> None:
    """A sidebar and a main column written side by side come out one after the other.

    The columns have their own line pitch, as real ones do; columns on one shared baseline
    grid are indistinguishable from a table and are read row by row.
    """
    require_tool("pdftotext")
    sidebar = [
        (40, 100 + 14 * i, t)
        for i, t in enumerate(
            [
                "KONTAKT",
                "Telefon",
                "+49 30 1234567",
                "E-Mail",
                "jan@example.de",
                "SPRACHEN",
                "Deutsch",
                "Englisch",
            ]
        )
    ]
    main = [
        (260, 103 + 19 * i, t)
        for i, t in enumerate(
            [
                "PROFIL",
                "Erfahrener Entwickler mit Schwerpunkt auf verteilten Systemen",
                "und zehn Jahren Praxis in der Cloud.",
                "BERUFSERFAHRUNG",
                "Senior Entwickler, Muster GmbH",
                "03/2020 - heute",
                "Leitung eines kleinen Teams",
            ]
        )
    ]
    result = extract_text(make_pdf([[(40, 60, "Jan Schmidt"), *sidebar, *main]]), "pdf")
    lines = lines_of(result)
    assert lines[0] == "Jan Schmidt"
    assert lines.index("Englisch") < lines.index("PROFIL")
    assert follows(result, "Telefon", "+49 30 1234567")
    assert follows(result, "BERUFSERFAHRUNG", "Senior Entwickler, Muster GmbH")


def test_pdfs_need_no_system_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without poppler on the machine a PDF reads the same, through PDFium."""
    pdf = text_pdf(["Jane Example", "Experience", "jane@example.com"])
    with_tools = extract_text(pdf, "pdf")
    monkeypatch.setattr(pdftext, "has_tool", lambda name: False)
    result = extract_text(pdf, "pdf")
    assert result.method == "pdfium" and result.text == with_tools.text
    assert "Jane Example" in result.text and "jane@example.com" in result.text


def test_scanned_pdf_is_read_by_ocr() -> None:
    """A PDF without a text layer is rendered and OCR'd, with word boxes in points."""
    from r2w.extraction.reading.ocr import engine_name

    result = extract_text(scan_pdf(["Jane Example", "Software Engineer", "Experience"]), "pdf")
    assert result.ocr and result.method == engine_name() and result.pages == 1
    assert "Jane Example" in result.text and "Software Engineer" in result.text
    page = result.reading.pages[0]
    assert all(0 <= w.box.x0 < w.box.x1 <= page.width + 1 for w in page.words)
    assert all(0 < w.confidence <= 1 for w in page.words)


def test_scans_read_with_only_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without tesseract on the machine, RapidOCR (models in its wheel) reads a scan."""
    from r2w.extraction import tools

    monkeypatch.setattr(tools, "has_tool", lambda name: False)
    result = extract_text(scan_pdf(["Jane Example", "Software Engineer", "Experience"]), "pdf")
    assert result.ocr and result.method == "rapidocr"
    assert "Jane Example" in result.text and "Software Engineer" in result.text
    words = result.reading.pages[0].words
    assert {"Jane", "Example"} <= {w.text for w in words}
    assert all(0.5 <= w.confidence <= 1 for w in words)


def test_photo_is_read_by_ocr() -> None:
    """A PNG photo of a CV is OCR'd."""
    result = extract_text(image_bytes(["Jane Example", "Education"], "PNG"), "png")
    assert result.ocr and "Jane Example" in result.text


def test_blank_scan_fails_clearly() -> None:
    """A scan without any text asks for a better image or the original file."""
    with pytest.raises(TextExtractionFailed, match="sharper"):
        extract_text(image_bytes([], "PNG"), "png")


def test_tool_failure_is_retryable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system tool that times out (tesseract, without RapidOCR) fails retryably."""

    def boom(*args: object, **kwargs: object) -> bytes:
        raise ToolError("tesseract took longer than 90 s", retryable=True)

    from r2w.extraction import ocr as tesseract_ocr
    from r2w.extraction.reading import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    monkeypatch.setattr(tesseract_ocr, "run_tool", boom)
    with pytest.raises(TextExtractionFailed) as caught:
        extract_text(image_bytes(["Jane"], "PNG"), "png")
    assert caught.value.retryable and "Try again later" in caught.value.message
    assert isinstance(caught.value.__cause__, ToolError)


def test_tool_rejecting_the_file_is_not_retryable() -> None:
    """A file the tool cannot parse is reported as damaged, without tool jargon."""
    require_tool("pdftotext")
    broken = b"%PDF-1.4\n" + bytes(range(256)) * 4  # a header and no document
    with pytest.raises(TextExtractionFailed) as caught:
        extract_text(broken, "pdf")
    assert not caught.value.retryable and "may be damaged" in caught.value.message


def _hyperlink(paragraph, url: str, text: str) -> None:
    """Append an external hyperlink run to a python-docx paragraph."""
    rel = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def _text_box(paragraph, text: str) -> None:
    """Append a text box (drawing plus its VML fallback, as Word writes it)."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w", "wp")} xmlns:mc="http://schemas.openxmlformats.org/markup-'
            'compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
            'wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
            f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>'
            f"</mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )


def _cv_document(document) -> None:
    """A small CV with a header, a table, a link, a text box and a deleted revision."""
    document.sections[0].header.paragraphs[0].text = "Jane Example · jane@example.com"
    document.add_paragraph("Experience")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2019 – Present", "Engineer, Acme"
    table.cell(1, 0).text, table.cell(1, 1).text = "2015 – 2019", "Developer, Initech"
    links = document.add_paragraph("Profile: ")
    _hyperlink(links, "https://www.linkedin.com/in/jane-example", "LinkedIn")
    boxed = document.add_paragraph("Skills")
    _text_box(boxed, "Python, Go")
    deleted = document.add_paragraph("Kept")
    deleted._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r>'
            "<w:delText>Removed</w:delText></w:r></w:del>"
        )
    )
    document.add_paragraph("Languages")


def test_docx_in_document_order() -> None:
    """Header first, then paragraphs and table rows in order, text boxes once, link targets."""
    result = extract_text(docx_bytes(_cv_document), "docx")
    assert lines_of(result) == [
        "Jane Example · jane@example.com",
        "Experience",
        "2019 – Present | Engineer, Acme",
        "2015 – 2019 | Developer, Initech",
        "Profile: LinkedIn",
        "Skills",
        "Python, Go",
        "Kept",
        "Languages",
        "https://www.linkedin.com/in/jane-example",
    ]
    assert result.method == "python-docx" and result.pages is None and not result.ocr
    assert qn("w:t")  # namespace helpers used above resolve


def test_rtf_text_with_escapes() -> None:
    """RTF escapes (code page and Unicode) become their characters."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 J\'fcrgen M\'fcller\par "
        rb"Ing\u233?nieur \u8211? Berlin\par}"
    )
    result = extract_text(rtf, "rtf")
    assert lines_of(result) == ["Jürgen Müller", "Ingénieur – Berlin"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Jürgen Müller\n".encode(), "Jürgen Müller"),
        ("Jürgen Müller\n".encode("utf-8-sig"), "Jürgen Müller"),
        ("Jürgen Müller\n".encode("utf-16"), "Jürgen Müller"),
        ("Jürgen “Jay” Müller\n".encode("cp1252"), "Jürgen “Jay” Müller"),
        ("ﬁnance\u00a0team".encode(), "finance team"),
        ("â€¢ Led the team".encode(), "• Led the team"),  # UTF-8 read as cp1252, then saved
        ("ليلى حسن\u200f".encode(), "ليلى حسن\u200f"),  # right-to-left marks are kept
    ],
)
def test_plain_text_decoding_and_clean_up(data: bytes, expected: str) -> None:
    """Encodings are detected; clean-up never changes a word."""
    assert extract_text(data, "txt").text == expected


def test_markdown_markup_is_removed_but_words_and_urls_stay() -> None:
    """Headings, emphasis and link syntax go; every word and address stays."""
    md = "# Jane *Example*\n\n## Experience\n**Engineer** at [Acme](https://acme.example)\n---\n"
    assert lines_of(extract_text(md.encode(), "md")) == [
        "Jane Example",
        "Experience",
        "Engineer at Acme (https://acme.example)",
    ]


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"PK\x03\x04 not really a zip", "docx", "damaged"),
        (b"   \n\n  ", "txt", "contains no text"),
        (b"{\\rtf1 }", "rtf", "contains no text"),
    ],
)
def test_failures_say_what_to_do(data: bytes, kind: str, message: str) -> None:
    """Unreadable or empty files raise TextExtractionFailed with advice."""
    with pytest.raises(TextExtractionFailed, match=message):
        extract_text(data, kind)


def test_unknown_kind_is_a_programming_error() -> None:
    """Only the kinds check_upload returns are accepted."""
    with pytest.raises(ValueError, match="valid kinds"):
        extract_text(b"x", "doc")


def test_long_scans_are_read_in_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR stops after MAX_OCR_PAGES pages (each costs seconds)."""
    from r2w.extraction.reading import pdf

    monkeypatch.setattr(pdf, "MAX_OCR_PAGES", 1)
    out = io.BytesIO()
    first, second = text_image(["Jane Example"]), text_image(["Second Page"])
    first.save(out, format="PDF", save_all=True, append_images=[second], resolution=200)
    result = extract_text(out.getvalue(), "pdf")
    assert result.pages == 1
    assert "Jane Example" in result.text and "Second" not in result.text


def test_hanging_tools_are_stopped() -> None:
    """Every external tool runs under a timeout."""
    with pytest.raises(ToolError, match=r"took longer than 0\.2 s"):
        run_tool(["sleep", "5"], timeout=0.2)
