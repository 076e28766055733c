"""Hostile uploads built in memory: truncated and corrupt files, polyglots, and bombs.

Each builder returns bytes; CORPUS names them for parametrised tests. Bombs are small on the
wire and huge (or endless) once a careless reader unpacks, counts or recurses into them.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

from tests.api.conftest import SAMPLES

SAMPLE_PDF = SAMPLES / "comprehensive_all_components_cv.pdf"
SAMPLE_TEXT = SAMPLES / "comprehensive_all_components_cv.txt"
DOCUMENT_XML = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body>{}</w:body></w:document>'
)
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with the given numbered objects and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _page(content_ref: int = 4) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (
        content_ref
    )


def pdf_claiming_a_billion_pages() -> bytes:
    """One real page, but the page tree says there are a billion."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>"
    return pdf([catalog, pages, _page(), b"<< /Length 0 >>\nstream\n\nendstream"])


def pdf_with_nested_arrays(depth: int = 50_000) -> bytes:
    """An object nested tens of thousands of arrays deep (recursive parsers overflow)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Junk 5 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    junk = b"[" * depth + b"]" * depth
    return pdf([catalog, pages, _page(), b"<< /Length 0 >>\nstream\n\nendstream", junk])


def pdf_with_deep_page_tree(depth: int = 3_000) -> bytes:
    """A page tree thousands of levels deep, ending in one page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    page = depth + 2
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>"
        % (page - 1, page + 1)
    )
    objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    return pdf(objects)


def pdf_with_page_tree_loop() -> bytes:
    """A page tree whose Kids point back at itself."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    return pdf([catalog, pages, _page(), b"<< /Length 0 >>\nstream\n\nendstream"])


def pdf_decompression_bomb(megabytes: int = 200) -> bytes:
    """A page whose content stream inflates from ~200 KB to hundreds of MB of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * 2**20
    packed = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    return pdf([catalog, pages, _page(), stream + packed + b"\nendstream"])


def docx(entries: dict[str, bytes], *, encrypted: bool = False, level: int = 6) -> bytes:
    """A zip shaped like a Word document with the given extra entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in entries.items():
            archive.writestr(name, data)
    data = bytearray(out.getvalue())
    if encrypted:  # set the "encrypted" flag bit on every entry header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = 0
            while (at := data.find(signature, start)) >= 0:
                data[at + offset] |= 0x1
                start = at + 4
    return bytes(data)


def docx_text(text: str) -> bytes:
    """A real Word document (python-docx) holding the text, one paragraph per line."""
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """document.xml inflating 1000:1 (40 MB of zeros in ~40 KB)."""
    return docx({"word/document.xml": b"0" * 40 * 2**20}, level=9)


def docx_lying_sizes() -> bytes:
    """Central directory claims tiny sizes for an entry that really inflates to 30 MB."""
    data = bytearray(docx({"word/document.xml": b"<a/>" + b" " * 30 * 2**20}, level=9))
    at = data.find(b"PK\x01\x02", 0)
    while at >= 0:
        data[at + 24 : at + 28] = struct.pack("<I", 10)  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, deflated bytes, claimed crc, claimed size) per entry."""
    body, central = bytearray(), bytearray()
    for name, packed, crc, size in entries:
        encoded, offset = name.encode(), len(body)
        fields = (8, 0, 0, crc, len(packed), size, len(encoded))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields, 0) + encoded + packed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, 0, offset
        )
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    return bytes(body + central + end)


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def docx_xml_bomb(*, honest_crc: bool, megabytes: int = 256) -> bytes:
    """document.xml of tiny paragraphs inflating to hundreds of MB, its headers claiming 40 MiB.

    A Word parser builds a tree of millions of elements from it (gigabytes of memory). With
    honest_crc the claimed checksum is that of the claimed prefix, so only a cap on the bytes
    really inflated stops it; otherwise the checksum does not match either.
    """
    claimed = 40 * 2**20
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    block = paragraph * (2**20 // len(paragraph))
    head = DOCUMENT_XML.split("{}")[0].encode()
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    packed = packer.compress(head) + b"".join(packer.compress(block) for _ in range(megabytes))
    packed += packer.flush()
    prefix = (head + block * (claimed // len(block) + 1))[:claimed]
    crc = zlib.crc32(prefix) if honest_crc else 0
    types = CONTENT_TYPES.encode()
    return _raw_zip(
        [
            ("[Content_Types].xml", _deflated(types), zlib.crc32(types), len(types)),
            ("word/document.xml", packed, crc, claimed),
        ]
    )


def docx_many_paragraphs(megabytes: int) -> bytes:
    """A well-formed Word document with megabytes of one-letter paragraphs.

    It passes every archive check (honest sizes, padding keeps the ratio ordinary), yet its
    parse tree takes ~20 times its size in memory: only a memory ceiling on reading stops it.
    """
    template = zipfile.ZipFile(io.BytesIO(docx_text("Jane Doe")))
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in template.infolist():
            data = template.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + paragraph * (megabytes * 2**20 // len(paragraph)) + data[at:]
            archive.writestr(info.filename, data)
        noise = random.Random(megabytes).randbytes(megabytes * 2**20 // 90)  # incompressible
        archive.writestr("word/media/padding.bin", noise)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares the given size (and carries one tiny, wrong IDAT)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def _sample_pdf() -> bytes:
    return SAMPLE_PDF.read_bytes()


def _docx_inside_pdf() -> bytes:
    return _sample_pdf() + docx_text(SAMPLE_TEXT.read_text())


def _pdf_inside_docx() -> bytes:
    return docx_text("%PDF-1.7\n" + SAMPLE_TEXT.read_text())


CORPUS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "one-byte": lambda: b"%",
    "nul-bytes": lambda: b"\x00" * 4096,
    "pdf-header-only": lambda: b"%PDF-1.7\n",
    "pdf-truncated-half": lambda: _sample_pdf()[: len(_sample_pdf()) // 2],
    "pdf-truncated-tail": lambda: _sample_pdf()[:-40],
    "pdf-corrupt-body": lambda: b"%PDF-1.4\n" + bytes(range(256)) * 64,
    "pdf-billion-pages": pdf_claiming_a_billion_pages,
    "pdf-nested-arrays": pdf_with_nested_arrays,
    "pdf-deep-page-tree": pdf_with_deep_page_tree,
    "pdf-page-tree-loop": pdf_with_page_tree_loop,
    "pdf-decompression-bomb": pdf_decompression_bomb,
    "pdf-zip-polyglot": _docx_inside_pdf,
    "zip-pdf-polyglot": _pdf_inside_docx,
    "pdf-html-polyglot": lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>",
    "html": lambda: b"<!doctype html><html><body><script>alert(1)</script>CV</body></html>",
    "svg": lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "docx-zip-bomb": docx_zip_bomb,
    "docx-lying-sizes": docx_lying_sizes,
    "docx-xml-bomb-bad-crc": lambda: docx_xml_bomb(honest_crc=False),
    "docx-xml-bomb-honest-crc": lambda: docx_xml_bomb(honest_crc=True),
    "docx-encrypted": lambda: docx({"word/document.xml": b"<a/>"}, encrypted=True),
    "docx-too-many-entries": lambda: docx({f"word/media/{n}.xml": b"" for n in range(2_100)}),
    "docx-not-word": lambda: docx({"content.xml": b"<a/>"}),
    "docx-truncated": lambda: docx_text(SAMPLE_TEXT.read_text())[:300],
    "png-decompression-bomb": lambda: png_header(100_000, 100_000),
    "png-damaged": lambda: png_header(64, 64)[:40],
    "jpeg-damaged": lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 100,
    "gif": lambda: b"GIF89a" + b"\x00" * 64,
    "exe": lambda: b"MZ" + b"\x90" * 512,
    "elf": lambda: b"\x7fELF" + b"\x00" * 512,
    "gzip": lambda: b"\x1f\x8b\x08\x00" + b"\x00" * 64,
    "old-word": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    "rtf-deep-groups": lambda: b"{\\rtf1 " + b"{" * 100_000 + b"Jane" + b"}" * 100_000 + b"}",
    "utf16-text": lambda: SAMPLE_TEXT.read_text().encode("utf-16"),
    "latin1-text": lambda: "José Müller\nIngénieur\n".encode("latin-1") * 20,
    "binary-noise": lambda: bytes((n * 7919) % 251 for n in range(65_536)),
    "too-large": lambda: b"a " * (6 * 2**20),
}
