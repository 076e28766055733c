"""Spaces tesseract leaves out between the digit groups of a phone number, put back from the image.

Tesseract often reads "+33 6 68 50 41 00" as one word "+33668504100": the spaces between
digit groups are narrow at scan resolutions. The word's own pixels still show them: digits
share one width in almost every font, so a blank column run inside the word's box, wider
than the gaps between digits, falls between two known characters.
"""

from __future__ import annotations

import re

# A word read as a run of digits (a phone number, or its first part): spaces are looked for.
# Hyphens and slashes are left alone: the blank beside them is wide in any number
# ("2013-2016", "590-1529").
_DIGIT_RUN = re.compile(r"^(?:\+?\d{6,}|\(\d{2,4}\)\d{5,})$")
_CODE_RUN = re.compile(r"^\+\d{4,}$")
_GROUP_RUN = re.compile(r"^\d{4,}$")
_SHORT_GROUP = re.compile(r"^\d{1,2}$")
# Relative widths of the characters of a number (digits and "+" about the same, brackets and
# hyphen about a third).
_NARROW = {"(": 0.4, ")": 0.4, "-": 0.45}
# A blank run this share of a digit's width is a space: digits stand 0.1-0.3 apart ("1" has
# the widest sides), a space adds about half a digit.
SPACE_SHARE = 0.42
# Pixels darker than this share of the way from the darkest to the lightest are ink (a
# darker cut, 0.35, split the strokes of a blurred "1").
INK_SHARE = 0.5


def digit_run(text: str, previous: str = "") -> bool:
    """Whether a word is a run of digits that may have lost its spaces: a long run, a
    country code run into the next group ("+1323"), or a phone number's last groups run
    together after a group of one or two digits ("+33 6 88 56 3900": after three, as in
    "+1 233 477 7185", a narrow "1" looks spaced); previous is the word before it on
    its line."""
    if _DIGIT_RUN.match(text) and sum(ch.isdigit() for ch in text) >= 5:
        return True
    return bool(_CODE_RUN.match(text)) or bool(
        _GROUP_RUN.match(text) and _SHORT_GROUP.match(previous)
    )


def spaced(text: str, ink_columns: list[bool]) -> str:
    """text with spaces where its ink (one flag per pixel column of its box) has a wide blank."""
    xs = [x for x, inked in enumerate(ink_columns) if inked]
    if len(xs) < 2 or len(text) < 2:
        return text
    start, end = xs[0], xs[-1] + 1
    widths = [_NARROW.get(ch, 1.0) for ch in text]
    unit = (end - start) / sum(widths)  # one digit's width in pixels
    # Character boundaries along the ink, in pixels.
    bounds = [start]
    for width in widths:
        bounds.append(bounds[-1] + width * unit)
    cuts: set[int] = set()
    run_start = None
    for x in range(start, end + 1):
        inked = x < end and ink_columns[x]
        if not inked and run_start is None:
            run_start = x
        elif inked and run_start is not None:
            if x - run_start >= SPACE_SHARE * unit:
                middle = (run_start + x) / 2
                # The boundary nearest the blank's middle is where the space goes.
                k = min(range(1, len(text)), key=lambda i: abs(bounds[i] - middle))
                if text[k - 1] not in "+(-" and text[k] not in ")-":
                    cuts.add(k)
            run_start = None
    if not cuts:
        return text
    return "".join((" " if i in cuts else "") + ch for i, ch in enumerate(text))


def ink_columns(grey, box: tuple[int, int, int, int]) -> list[bool]:
    """Which pixel columns of a greyscale image's box (left, top, right, bottom) hold ink."""
    import numpy as np

    left, top, right, bottom = box
    crop = np.asarray(grey.crop((left, top, right, bottom)), dtype=float)
    if crop.size == 0:
        return []
    low, high = float(crop.min()), float(crop.max())
    if high - low < 40:  # no contrast: nothing to measure
        return []
    # Light digits on a dark band are ink too: the ink is what differs from the background
    # (the box's median, as digits cover less than half of it).
    if np.median(crop) >= low + INK_SHARE * (high - low):
        ink = crop < low + INK_SHARE * (high - low)
    else:
        ink = crop > high - INK_SHARE * (high - low)
    return [bool(v) for v in ink.any(axis=0)]
