"""Small builders of test files: PDFs with placed text, DOCX, zip bombs, images."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

Placed = tuple[float, float, str]  # x, y (from the top of an A4 page), text
A4 = (595, 842)


def _pdf_string(text: str) -> str:
    """Escape text for a PDF literal string (Latin-1 glyphs of the standard fonts)."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: Sequence[Sequence[Placed]], *, size: float = 10) -> bytes:
    """A PDF whose pages show text at given positions in Helvetica."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font_id = 3 + 2 * len(pages)
    for i, placed in enumerate(pages):
        ops = [
            f"BT /F1 {size} Tf 1 0 0 1 {x} {A4[1] - y} Tm ({_pdf_string(t)}) Tj ET"
            for x, y, t in placed
        ]
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    return _assemble(objects)


Styled = tuple[float, float, str, str, float]  # x, y from the top, text, font, size
FONTS = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")


def styled_pdf(placed: Sequence[Styled]) -> bytes:
    """A one-page PDF showing text in the standard Helvetica fonts at given sizes."""
    ops = [
        f"BT /F{FONTS.index(font) + 1} {size} Tf 1 0 0 1 {x} {A4[1] - y} Tm "
        f"({_pdf_string(text)}) Tj ET"
        for x, y, text, font, size in placed
    ]
    stream = "\n".join(ops).encode("cp1252")  # WinAnsiEncoding: dashes and quotes too
    fonts = " ".join(f"/F{i + 1} {5 + i} 0 R" for i in range(len(FONTS)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
        f"/Resources << /Font << {fonts} >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    for font in FONTS:
        objects.append(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} "
            "/Encoding /WinAnsiEncoding >>".encode()
        )
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    """Write objects with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def text_pdf(lines: Sequence[str]) -> bytes:
    """A one-column, one-page PDF of lines."""
    return make_pdf([[(72, 72 + 16 * i, line) for i, line in enumerate(lines)]])


def encrypt_pdf(data: bytes, *, user: str, owner: str) -> bytes:
    """The PDF encrypted with pypdf (an empty user password opens it without asking)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scan_pdf(lines: Sequence[str]) -> bytes:
    """An image-only PDF (a "scan") showing lines of text."""
    out = io.BytesIO()
    text_image(lines).save(out, format="PDF", resolution=200)
    return out.getvalue()


def text_image(lines: Sequence[str], *, fmt: str | None = None) -> Image.Image:
    """A white A4-ish image (200 dpi) with black text lines."""
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default(size=44)
    for i, line in enumerate(lines):
        draw.text((150, 150 + 80 * i), line, fill=0, font=font)
    return image


def image_bytes(lines: Sequence[str], fmt: str) -> bytes:
    """Encoded image bytes (PNG, JPEG or WEBP) of text lines."""
    out = io.BytesIO()
    text_image(lines).save(out, format=fmt)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares huge dimensions (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def docx_bytes(build) -> bytes:
    """A DOCX made by python-docx, shaped by build(document)."""
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_with(entries: dict[str, bytes], *, base: bytes | None = None) -> bytes:
    """A zip archive: the entries of base (a DOCX, say) plus extra entries, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if base is not None:
            with zipfile.ZipFile(io.BytesIO(base)) as source:
                for info in source.infolist():
                    archive.writestr(info.filename, source.read(info.filename))
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()
