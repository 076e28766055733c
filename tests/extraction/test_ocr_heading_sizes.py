"""Headings of a scan, whose sizes OCR only estimates, told by the size of the known ones."""

from __future__ import annotations

from r2w.extraction.heuristic import _snap_heading_sizes, segment
from r2w.extraction.lines import Line


def _line(text: str, size: float, *, heading: bool = False) -> Line:
    return Line(text, text, False, False, heading_look=heading, style=(size, False, False))


def _scan(toolbox_size: float) -> list[Line]:
    """A scan's lines: the known headings read at 1.4 and 1.6 body sizes, an unknown one."""
    return [
        _line("Grace Becker", 2.0, heading=True),
        _line("Data Analyst", 1.25, heading=True),
        _line("Toolbox", toolbox_size, heading=True),
        _line("Power BI, Excel, SQL", 1.0),
        _line("Languages", 1.4, heading=True),
        _line("Italian: Fluent", 1.0),
        _line("Hobbies", 1.6, heading=True),
        _line("Chess", 1.0),
        _line("Education", 1.4, heading=True),
        _line("BSc Computer Science", 1.0),
    ]


def test_a_heading_read_a_little_smaller_takes_the_known_headings_size() -> None:
    snapped = _snap_heading_sizes(_scan(1.3))
    assert snapped[2].style == (1.4, False, False)
    # Body text, and the name and the title under it, keep what OCR read.
    assert [line.style for line in snapped[:2]] == [(2.0, False, False), (1.25, False, False)]
    assert snapped[3].style == (1.0, False, False)


def test_the_snapped_heading_opens_a_section_of_its_own() -> None:
    _header, sections = segment(_snap_heading_sizes(_scan(1.3)))
    opened = [s for s in sections.values() if s.title == "Toolbox"]
    assert opened and [line.text for line in opened[0].lines][-1] == "Power BI, Excel, SQL"
    # Read as OCR gave it, the line matched no heading style: its list ran on in the header.
    _header, sections = segment(_scan(1.3))
    assert not any(s.title == "Toolbox" for s in sections.values())


def test_a_size_far_from_every_known_heading_is_kept() -> None:
    assert _snap_heading_sizes(_scan(1.1))[2].style == (1.1, False, False)
    assert _snap_heading_sizes(_scan(2.2))[2].style == (2.2, False, False)


def test_places_and_labelled_values_set_large_are_no_headings() -> None:
    lines = _scan(1.4)
    lines[3:4] = [
        _line("San Diego, CA", 1.45, heading=True),
        _line("Nationality: German", 1.3, heading=True),
        _line("Français - courant", 1.3, heading=True),
    ]
    snapped = _snap_heading_sizes(lines)
    assert [line.style[0] for line in snapped[3:6]] == [1.45, 1.3, 1.3]


def test_without_a_known_heading_nothing_changes() -> None:
    lines = [_line("Jane Roe", 2.0, heading=True), _line("Toolbox", 1.3, heading=True)]
    assert _snap_heading_sizes(lines) == lines


def test_a_title_right_above_a_known_heading_keeps_its_size() -> None:
    # Name, contact line, then the person's title over "Profile": no section of its own.
    lines = [
        _line("Grace Becker", 2.1, heading=True),
        _line("grace@example.com | +49 151 6825 2810", 1.0),
        _line("Senior Data Analyst", 1.35, heading=True),
        _line("Profile", 1.3, heading=True),
        _line("Data Analyst with seven years of experience.", 1.0),
        _line("Education", 1.5, heading=True),
        _line("BSc Computer Science", 1.0),
    ]
    assert _snap_heading_sizes(lines)[2].style == (1.35, False, False)
