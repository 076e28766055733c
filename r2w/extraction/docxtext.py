"""Text of Word (DOCX) files in document order: paragraphs, tables, text boxes, headers.

Each line keeps its typography (bold, font size, Word heading styles) for the layout.
"""

from __future__ import annotations

import io
import re
from typing import Any

from r2w.extraction.lines import BULLET_RE
from r2w.extraction.reading.flowing import SourceLine

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Revisions marked deleted, field instructions and legacy fallbacks are not visible text
# (a text box appears twice: as a drawing and again as a VML fallback).
_SKIP = {W + "del", W + "moveFrom", W + "instrText", MC + "Fallback", W + "delText"}


def docx_text(data: bytes) -> str:
    """Return the visible text of a DOCX: headers, body (tables row by row), footers, links."""
    return "\n".join(line.text for line in docx_lines(data))


def docx_lines(data: bytes) -> list[SourceLine]:
    """The visible lines of a DOCX with their typography, in document order."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[SourceLine] = []
    seen_parts: set[int] = set()
    styles = _Styles(document)
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            _part_lines(header, seen_parts, lines, styles)
    _blocks(document.element.body, lines, styles)
    for section in document.sections:
        _part_lines(section.footer, seen_parts, lines, styles)
    links = _hyperlinks(document.part, "\n".join(line.text for line in lines))
    # Text without a size of its own is set in the document's default size.
    default = _default_size(document)
    lines = [
        SourceLine(ln.text, ln.bold, ln.italic, ln.size)
        if ln.size
        else SourceLine(ln.text, ln.bold, ln.italic, default)
        for ln in lines
    ]
    return [*lines, *(SourceLine(link, size=default) for link in links)]


def _default_size(document: Any) -> float:
    """The document's default font size in points (docDefaults, else the Normal style, else
    Word's 11 pt)."""
    try:
        root = document.styles.element
        size = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if size is not None and (size.get(W + "val") or "").isdigit():
            return int(size.get(W + "val")) / 2
        normal = document.styles["Normal"].font.size
        if normal is not None:
            return normal.pt
    except (KeyError, AttributeError):
        pass
    return 11.0


_HEADING_STYLE = re.compile(r"^(?:heading|title|berschrift|titre|titulo|título|kop)", re.I)
# Sizes relative to body text that Word's built-in heading styles stand for, when a
# document's own style definitions give none.
_HEADING_SIZE = 1.3


class _Styles:
    """Paragraph style look-up: (bold, size in points, is a heading style) per style id."""

    def __init__(self, document: Any) -> None:
        self._document = document
        self._cache: dict[str, tuple[bool, float, bool]] = {}
        self._lists: dict[str, bool] = {}

    def get(self, style_id: str | None) -> tuple[bool, float, bool]:
        """Bold, size and heading-ness a paragraph style gives its text."""
        if not style_id:
            return False, 0.0, False
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: str) -> tuple[bool, float, bool]:
        """Walk the style and its base styles for bold and size."""
        try:
            style = self._document.styles.get_by_id(style_id, 1)  # WD_STYLE_TYPE.PARAGRAPH
        except Exception:  # unknown or damaged style definitions: no typography
            return False, 0.0, bool(_HEADING_STYLE.match(style_id))
        bold, size, heading = None, None, False
        depth = 0
        while style is not None and depth < 10:
            name = f"{style.name or ''} {style.style_id or ''}"
            heading = heading or bool(_HEADING_STYLE.search(name))
            if bold is None and style.font.bold is not None:
                bold = bool(style.font.bold)
            if size is None and style.font.size is not None:
                size = style.font.size.pt
            style, depth = style.base_style, depth + 1
        return bool(bold), size or 0.0, heading

    def numbered(self, style_id: str | None) -> bool:
        """Whether a paragraph style (or a style it is based on) puts its text in a list."""
        if not style_id:
            return False
        if style_id not in self._lists:
            self._lists[style_id] = self._numbered(style_id)
        return self._lists[style_id]

    def _numbered(self, style_id: str) -> bool:
        try:
            style = self._document.styles.get_by_id(style_id, 1)
        except Exception:  # unknown or damaged style definitions: not a list
            return False
        depth = 0
        while style is not None and depth < 10:
            if _list_numbering(style.element.find(f"{W}pPr")) is not None:
                return _list_numbering(style.element.find(f"{W}pPr"))
            style, depth = style.base_style, depth + 1
        return False


def _list_numbering(ppr: Any) -> bool | None:
    """Whether pPr puts its paragraph in a list (numId 0 takes it out), None when silent."""
    if ppr is None:
        return None
    num = ppr.find(f"{W}numPr/{W}numId")
    if num is None:
        return None
    return num.get(W + "val") not in (None, "0")


def _part_lines(story: Any, seen: set[int], lines: list[SourceLine], styles: _Styles) -> None:
    """Append a header/footer's lines once (sections usually share them)."""
    if story.is_linked_to_previous:
        return  # no own definition: it shows the previous section's (or nothing)
    element = story._element
    if id(element) in seen:
        return
    seen.add(id(element))
    _blocks(element, lines, styles)


def _blocks(container: Any, lines: list[SourceLine], styles: _Styles) -> None:
    """Append the lines of paragraphs and tables inside a body, cell, box or header."""
    for child in container:
        tag = child.tag
        if tag == W + "p":
            _paragraph(child, lines, styles)
        elif tag == W + "tbl":
            _table(child, lines, styles)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            _blocks(child, lines, styles)


def _paragraph(paragraph: Any, lines: list[SourceLine], styles: _Styles) -> None:
    """Append a paragraph's text, then the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[Any] = []
    _runs(paragraph, parts, boxes)
    text = "".join(parts)
    bold, size, heading = _look(paragraph, styles)
    if text.strip() and not heading and _listed(paragraph, styles):
        # Word draws a list item's bullet from its numbering: the glyph is not in the text.
        text = text if BULLET_RE.match(text) else "• " + text.lstrip()
    for line in text.split("\n"):
        lines.append(SourceLine(line, bold=bold or heading, size=size))
    for box in boxes:
        _blocks(box, lines, styles)


def _listed(paragraph: Any, styles: _Styles) -> bool:
    """Whether a paragraph is a list item (its own numbering, else its style's)."""
    ppr = paragraph.find(f"{W}pPr")
    own = _list_numbering(ppr)
    if own is not None:
        return own
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    return styles.numbered(style.get(W + "val") if style is not None else None)


def _look(paragraph: Any, styles: _Styles) -> tuple[bool, float, bool]:
    """Bold (every run with text), size (largest run) and heading style of a paragraph."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    bold, size, heading = styles.get(style.get(W + "val") if style is not None else None)
    run_bold: list[bool] = []
    sizes: list[float] = []
    for run in paragraph.iter(W + "r"):
        if not "".join(t.text or "" for t in run.iter(W + "t")).strip():
            continue
        props = run.find(W + "rPr")
        b = props.find(W + "b") if props is not None else None
        sz = props.find(W + "sz") if props is not None else None
        run_bold.append(bold if b is None else b.get(W + "val", "1") not in ("0", "false"))
        if sz is not None and (sz.get(W + "val") or "").isdigit():
            sizes.append(int(sz.get(W + "val")) / 2)
    bold = bool(run_bold) and all(run_bold)
    size = max(sizes) if sizes else size
    if heading and not size:
        size = _HEADING_SIZE * 11  # relative to Word's default 11 pt body text
    return bold, size, heading


def _runs(node: Any, parts: list[str], boxes: list[Any]) -> None:
    """Collect run text under a paragraph, noting text boxes for later."""
    for child in node:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        else:
            _runs(child, parts, boxes)


def _table(table: Any, lines: list[SourceLine], styles: _Styles) -> None:
    """Append a table row by row: one-line cells joined with " | ", others line by line."""
    for row in table.iter(W + "tr"):
        if row.getparent() is not table:
            continue  # rows of nested tables are handled by their own table
        cells: list[list[SourceLine]] = []
        for cell in row.findall(W + "tc"):
            cell_lines: list[SourceLine] = []
            _blocks(cell, cell_lines, styles)
            cell_lines = [c for c in cell_lines if c.text.strip()]
            if cell_lines:
                cells.append(cell_lines)
        if cells and all(len(c) == 1 for c in cells):
            text = " | ".join(c[0].text.strip() for c in cells)
            bold = all(c[0].bold for c in cells)
            lines.append(SourceLine(text, bold=bold, size=max(c[0].size for c in cells)))
        else:
            lines.extend(line for c in cells for line in c)


def _hyperlinks(part: Any, text: str) -> list[str]:
    """External link targets that the visible text does not already show ("LinkedIn")."""
    found: list[str] = []
    for rel in part.rels.values():
        if rel.is_external and "hyperlink" in rel.reltype:
            url = rel.target_ref or ""
            if url.startswith("mailto:"):
                url = url[len("mailto:") :].split("?")[0]
            if url and url not in text and url not in found:
                found.append(url)
    return found
