"""Reading order of PDF blocks: columns, tables, headers, and words put back together."""

from __future__ import annotations

from r2w.extraction.pdflayout import Block, order_blocks, page_text, parse_bbox_layout


def block(x0: float, y0: float, x1: float, y1: float, *lines: str) -> Block:
    """A block with its box and lines."""
    return Block(x0, y0, x1, y1, list(lines))


def texts(blocks: list[Block]) -> list[str]:
    """First lines of blocks in reading order."""
    return [b.lines[0] for b in order_blocks(blocks)]


def test_sidebar_is_read_before_the_main_column() -> None:
    """Two dense columns with their own line pitch are read one after the other."""
    sidebar = [block(40, 100 + 30 * i, 150, 118 + 30 * i, f"side {i}") for i in range(6)]
    main = [block(230, 104 + 47 * i, 550, 140 + 47 * i, f"main {i}") for i in range(4)]
    assert texts(main + sidebar) == [f"side {i}" for i in range(6)] + [
        f"main {i}" for i in range(4)
    ]


def test_name_above_a_lower_sidebar_comes_first() -> None:
    """A title box above where the sidebar starts is read before the sidebar."""
    sidebar = [block(40, 150 + 30 * i, 150, 168 + 30 * i, f"side {i}") for i in range(6)]
    main = [
        block(230, 30, 550, 60, "NAME"),
        *[block(230, 154 + 47 * i, 550, 190 + 47 * i, f"main {i}") for i in range(4)],
    ]
    assert texts(sidebar + main)[0] == "NAME"


def test_dates_beside_entries_are_read_row_by_row() -> None:
    """A column of dates level with its entries is a table."""
    rows = []
    for i in range(4):
        top = 100 + 80 * i
        rows += [
            block(45, top, 120, top + 10, f"date {i}"),
            block(170, top, 540, top + 12, f"job {i}"),
            block(170, top + 20, 540, top + 60, f"bullets {i}"),
        ]
    assert texts(rows) == [t for i in range(4) for t in (f"date {i}", f"job {i}", f"bullets {i}")]


def test_sparse_label_column_is_read_with_its_rows() -> None:
    """Section labels in a narrow margin stay next to their content."""
    labels = [block(40, 100, 100, 110, "PROFILE"), block(40, 400, 100, 410, "EXPERIENCE")]
    content = [block(180, 95, 540, 300, "profile text"), block(180, 398, 540, 600, "jobs")]
    assert texts(labels + content) == ["PROFILE", "profile text", "EXPERIENCE", "jobs"]


def test_deep_layouts_fall_back_to_top_down_order() -> None:
    """Hundreds of staggered blocks do not exhaust recursion."""
    staircase = [block(i, 10 * i, i + 5, 10 * i + 5, str(i)) for i in range(600)]
    assert texts(staircase) == [str(i) for i in range(600)]


def _xhtml(*words: tuple[float, float, str], width: float = 595) -> str:
    """pdftotext -bbox-layout output for one line of words (x0, x1, text)."""
    items = "".join(
        f'<word xMin="{a}" yMin="100" xMax="{b}" yMax="112">{t}</word>' for a, b, t in words
    )
    return (
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><doc>'
        f'<page width="{width}" height="842"><flow><block xMin="{words[0][0]}" yMin="100" '
        f'xMax="{words[-1][1]}" yMax="112"><line xMin="0" yMin="100" xMax="0" yMax="112">'
        f"{items}</line></block></flow></page></doc></body></html>"
    )


def test_letter_spaced_capitals_are_joined_into_words() -> None:
    """Tracking gaps join letters; wider gaps separate words."""
    letters = [(i * 8.0, i * 8.0 + 6, ch) for i, ch in enumerate("EMPLOYMENT")]
    second = [(100 + i * 8.0, 106 + i * 8.0, ch) for i, ch in enumerate("HISTORY")]
    page = parse_bbox_layout(_xhtml(*letters, *second))[0]
    assert page_text(page.blocks) == "EMPLOYMENT HISTORY"


def test_letter_spaced_words_of_any_case_are_joined_and_so_is_a_short_run_after_them() -> None:
    """ "S p a nis c h — B 2": tracked lower-case letters (and the reader's own short pieces)
    are one word, and "B 2" set with the same tracking on that line is one too."""
    pieces = ["S", "p", "a", "nis", "c", "h"]
    x, words = 0.0, []
    for piece in pieces:
        words.append((x, x + 5.0 * len(piece), piece))
        x += 5.0 * len(piece) + 2.5
    words += [(x + 6, x + 14, "—"), (x + 20, x + 25, "B"), (x + 27.5, x + 32.5, "2")]
    assert page_text(parse_bbox_layout(_xhtml(*words))[0].blocks) == "Spanisch — B2"
    # Ordinary short words are not letter-spacing.
    plain = [(0, 4, "I"), (8, 20, "am"), (24, 28, "a"), (32, 44, "go"), (48, 60, "to")]
    assert page_text(parse_bbox_layout(_xhtml(*plain))[0].blocks) == "I am a go to"


def test_hairline_gaps_do_not_split_words() -> None:
    """A ligature seam or font change inside a word is not a space."""
    words = [(10, 40, "Certif"), (41, 60, "ied"), (64, 100, "Associate"), (100.2, 103, ",")]
    assert page_text(parse_bbox_layout(_xhtml(*words))[0].blocks) == "Certified Associate,"


def test_text_running_off_the_page_is_flagged() -> None:
    """Boxes that touch the page edge mean the text was clipped there."""
    page = parse_bbox_layout(_xhtml((500, 597, "paedia"), width=595))[0]
    assert page.clipped
    assert not parse_bbox_layout(_xhtml((100, 200, "fine")))[0].clipped
