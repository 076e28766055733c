"""Columns found by geometry measured in the page's own type size, not by fixed distances."""

from __future__ import annotations

from r2w.extraction.layout import lay_out
from r2w.extraction.reading.pdf import read_pdf
from tests.extraction.factories import styled_pdf

REGULAR = "Helvetica"


def test_a_narrow_gutter_between_columns_of_large_type_is_a_column_break() -> None:
    """A 15-point gutter beside 13-point type is more than an em: the columns are read one
    after the other, not interleaved row by row."""
    # Both columns have paragraphs with a blank band across the page between them: a cut
    # across that band first would read the columns' paragraphs in turn.
    main = [(40, 120 + 16 * i, f"Main text line {i} here", REGULAR, 13) for i in range(4)]
    main += [(40, 240 + 16 * i, f"Main text line {i + 4} here", REGULAR, 13) for i in range(4)]
    right_edge = max(w.box.x1 for w in read_pdf(styled_pdf(main)).words)
    x = right_edge + 15
    side = [(x, 127 + 16 * i, f"Side column entry {i}", REGULAR, 13) for i in range(3)]
    side += [(x, 251 + 16 * i, f"Side column entry {i + 3}", REGULAR, 13) for i in range(3)]
    layout = lay_out(read_pdf(styled_pdf(main + side)))
    assert [line.text for line in layout.lines] == [t for *_, t, _, _ in main + side]


def test_a_word_starting_at_a_shared_left_edge_after_a_gap_starts_a_new_line() -> None:
    """Dates set in a narrow column whose end comes close to the entries' left edge are not
    glued to the entry beside them: the entries' shared left edge splits the row."""
    placed = [
        (40, 100, "Feb 2022 -", REGULAR, 10),
        (40, 113, "Nov 2024", REGULAR, 10),
        (40, 160, "Aug 2019 -", REGULAR, 10),
        (40, 173, "Jan 2022", REGULAR, 10),
    ]
    end = max(w.box.x1 for w in read_pdf(styled_pdf(placed)).words)
    edge = end + 6  # a gap of 0.6 of the type size: wider than a space, narrower than a gutter
    placed += [
        (edge, 100, "Silverleaf Retail", REGULAR, 10),
        (edge, 113, "Research Assistant, Austin", REGULAR, 10),
        (edge, 126, "Led a team of engineers", REGULAR, 10),
        (edge, 160, "Brightwave Media", REGULAR, 10),
        (edge, 173, "Marketing Manager, Dubai", REGULAR, 10),
    ]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert "Silverleaf Retail" in texts and "Brightwave Media" in texts
    assert not any("Silverleaf" in t and "2022" in t for t in texts)


def test_words_a_space_apart_stay_one_line_even_at_a_shared_edge() -> None:
    """An ordinary word space never splits a line, whatever lines start below the word."""
    placed = [(40, 100, "Senior Analyst at Northwind", REGULAR, 10)]
    words = read_pdf(styled_pdf(placed)).words
    at = next(w for w in words if w.text == "Analyst").box.x0
    placed += [(at, 120 + 13 * i, f"Point {i}", REGULAR, 10) for i in range(4)]
    texts = [line.text for line in lay_out(read_pdf(styled_pdf(placed))).lines]
    assert "Senior Analyst at Northwind" in texts
