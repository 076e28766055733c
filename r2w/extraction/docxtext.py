"""Text of Word (DOCX) files in document order: paragraphs, tables, text boxes, headers."""

from __future__ import annotations

import io
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Revisions marked deleted, field instructions and legacy fallbacks are not visible text
# (a text box appears twice: as a drawing and again as a VML fallback).
_SKIP = {W + "del", W + "moveFrom", W + "instrText", MC + "Fallback", W + "delText"}


def docx_text(data: bytes) -> str:
    """Return the visible text of a DOCX: headers, body (tables row by row), footers, links."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    seen_parts: set[int] = set()
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            _part_lines(header, seen_parts, lines)
    _blocks(document.element.body, lines)
    for section in document.sections:
        _part_lines(section.footer, seen_parts, lines)
    links = _hyperlinks(document.part, "\n".join(lines))
    return "\n".join([*lines, *links])


def _part_lines(story: Any, seen: set[int], lines: list[str]) -> None:
    """Append a header/footer's lines once (sections usually share them)."""
    if story.is_linked_to_previous:
        return  # no own definition: it shows the previous section's (or nothing)
    element = story._element
    if id(element) in seen:
        return
    seen.add(id(element))
    _blocks(element, lines)


def _blocks(container: Any, lines: list[str]) -> None:
    """Append the lines of paragraphs and tables inside a body, cell, box or header."""
    for child in container:
        tag = child.tag
        if tag == W + "p":
            _paragraph(child, lines)
        elif tag == W + "tbl":
            _table(child, lines)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            _blocks(child, lines)


def _paragraph(paragraph: Any, lines: list[str]) -> None:
    """Append a paragraph's text, then the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[Any] = []
    _runs(paragraph, parts, boxes)
    text = "".join(parts)
    lines.extend(text.split("\n"))
    for box in boxes:
        _blocks(box, lines)


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


def _table(table: Any, lines: list[str]) -> None:
    """Append a table row by row: one-line cells joined with " | ", others line by line."""
    for row in table.iter(W + "tr"):
        if row.getparent() is not table:
            continue  # rows of nested tables are handled by their own table
        cells: list[list[str]] = []
        for cell in row.findall(W + "tc"):
            cell_lines: list[str] = []
            _blocks(cell, cell_lines)
            cell_lines = [c for c in cell_lines if c.strip()]
            if cell_lines:
                cells.append(cell_lines)
        if cells and all(len(c) == 1 for c in cells):
            lines.append(" | ".join(c[0].strip() for c in cells))
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
