"""Writers: a composed CV as plain text, Markdown, DOCX, PDF (Chromium print) and scans."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from corpus.layouts import Composed, Layout, Line

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _flat(line: Line, sep: str) -> str:
    """A line with a right-aligned part (title<TAB>dates) joined for flowing formats."""
    return line.text.replace("\t", sep)


def to_text(doc: Composed) -> str:
    """Plain text: header lines, then each heading with its items, blank lines between."""
    out = [doc.name, doc.title, *doc.contact, ""]
    for part in doc.parts:
        out.append(part.heading)
        for item in part.items:
            if item.date:
                out.append(item.date)
            out.extend(_flat(line, "    ") for line in item.lines)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_markdown(doc: Composed) -> str:
    """Markdown: # name, ## headings, **titles**, list items for bullets."""
    out = [f"# {doc.name}", "", doc.title, "", " | ".join(doc.contact), ""]
    for part in doc.parts:
        out += [f"## {part.heading}", ""]
        for item in part.items:
            if item.date:
                out.append(f"*{item.date}*  ")
            for line in item.lines:
                text = _flat(line, " | ")
                if line.role == "bullet":
                    out.append(f"- {text.split(' ', 1)[1]}")
                elif line.role == "title":
                    out.append(f"**{text}**  ")
                else:
                    out.append(f"{text}  ")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_docx(doc: Composed, layout: Layout, rng: random.Random) -> bytes:
    """DOCX: Word heading styles or bold paragraphs, list bullets, tables for some parts."""
    from docx import Document
    from docx.shared import Pt

    word = Document()
    word.styles["Normal"].font.name = layout.font
    word.styles["Normal"].font.size = Pt(layout.size)
    word_headings = rng.random() < 0.6
    tables = rng.random() < 0.5
    word.add_heading(doc.name, level=0) if word_headings else _bold(word, doc.name, 18)
    word.add_paragraph(doc.title)
    if doc.contact:
        word.add_paragraph(" | ".join(doc.contact))
    for part in doc.parts:
        if word_headings:
            word.add_heading(part.heading, level=1)
        else:
            _bold(word, part.heading, layout.size + 2)
        if tables and part.key in ("skills", "languages") and len(part.items[0].lines) > 1:
            table = word.add_table(rows=0, cols=1)
            for line in part.items[0].lines:
                table.add_row().cells[0].text = line.text
            continue
        for item in part.items:
            target = word
            if item.date and tables:
                row = word.add_table(rows=1, cols=2).rows[0]
                row.cells[0].text = item.date
                target = row.cells[1]
            elif item.date:
                word.add_paragraph(item.date)
            for line in item.lines:
                text = _flat(line, "\t")
                if line.role == "bullet" and rng.random() < 0.5:
                    target.add_paragraph(text.split(" ", 1)[1], style="List Bullet")
                elif line.role == "title":
                    target.add_paragraph().add_run(text).bold = True
                else:
                    target.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _bold(word, text: str, size: float) -> None:
    from docx.shared import Pt

    run = word.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt(size)


@contextmanager
def pdf_printer() -> Iterator[Callable[[str], bytes]]:
    """A function that prints HTML to PDF bytes with one headless Chromium for many pages."""
    # Playwright's sync API refuses to start in a thread whose event loop is running (another
    # sync_playwright() already open there, or an asyncio caller), so Chromium gets a thread of
    # its own: every call goes through one single-thread executor, which Playwright requires.
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import sync_playwright

    state: dict = {}

    def start() -> None:
        state["pw"] = sync_playwright().start()
        state["browser"] = state["pw"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        state["page"] = state["browser"].new_page()

    def render(markup: str) -> bytes:
        page = state["page"]
        page.set_content(markup, wait_until="load")
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

    def stop() -> None:
        if "browser" in state:
            state["browser"].close()
        if "pw" in state:
            state["pw"].stop()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-printer") as chromium:
        try:
            chromium.submit(start).result()
            yield lambda markup: chromium.submit(render, markup).result()
        finally:
            chromium.submit(stop).result()


def page_count(pdf: bytes) -> int:
    """Number of pages of a PDF."""
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))


def scan(pdf: bytes, rng: random.Random, fmt: str) -> bytes:
    """A scan or phone photo of a PDF: rasterised at 72-200 dpi, tilted, blurred, noisy.

    fmt "jpg"/"png" keeps the first page (scans are made from one-page CVs); "pdf" makes an
    image-only PDF of every page.
    """
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    dpi = rng.choice((72, 100, 150, 200))
    photo = fmt != "pdf" and rng.random() < 0.4
    pages = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document) if fmt == "pdf" else 1):
        image = (
            document[index]
            .render(scale=dpi / 72)
            .to_pil()
            .convert("L" if rng.random() < 0.5 else "RGB")
        )
        image = image.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor="white")
        if photo:  # a phone photo of the page, about 500 x 700 pixels
            image = image.resize((rng.randint(480, 560), rng.randint(680, 780)))
        if rng.random() < 0.6:
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
        pages.append(_jpeg_noise(image, rng.randint(35, 80)))
    buffer = io.BytesIO()
    if fmt == "pdf":
        pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    elif fmt == "png":
        pages[0].save(buffer, "PNG")
    else:
        pages[0].save(buffer, "JPEG", quality=rng.randint(55, 85))
    return buffer.getvalue()


def _jpeg_noise(image, quality: int):
    """Round-trip through JPEG at a low quality to add compression noise."""
    from PIL import Image

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert(image.mode)
