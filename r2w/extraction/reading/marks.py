"""Telling a middle dot from a hyphen by its ink, where tesseract reads both as "-".

CV skill lists are often set with middle dots ("SAP · Public speaking · C++"); tesseract
has no middle dot in its English model and reads one as "-", ":" or "»". In the image the
two differ: a hyphen is a bar two to four times as wide as it is high, a dot a blob about as
wide as high. Measured on the corpus's train scans: dots 0.75-1.25 wide per high, hyphens and
dashes 1.8-13 (blurred phone photos bring a hyphen down to 1.2, so lines with digits, where
ranges of dates are, are left alone by the caller).
"""

from __future__ import annotations

# Marks tesseract reads for a lone middle dot.
DOT_MISREADS = frozenset("-–:»«=~·•*")
# A blob at most this many times as wide as high is a dot.
MAX_DOT_RATIO = 1.3
# ... and no higher than this share of its line (a colon's two dots, a letter are taller).
MAX_DOT_HEIGHT = 0.3
# Pixels darker than this share of the way from the darkest to the lightest are ink.
INK_SHARE = 0.5


def dot_like(grey, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink inside a box (left, top, right, bottom) of a greyscale image is one
    small round blob, as a middle dot is."""
    import numpy as np

    left, top, right, bottom = box
    crop = np.asarray(grey.crop((left, top, right, bottom)), dtype=float)
    if crop.size == 0:
        return False
    low, high = float(crop.min()), float(crop.max())
    if high - low < 40:  # no contrast: nothing to measure
        return False
    cut = low + INK_SHARE * (high - low)
    ink = crop < cut if np.median(crop) >= cut else crop > cut
    ys, xs = np.nonzero(ink)
    width = int(xs.max() - xs.min() + 1)
    height = int(ys.max() - ys.min() + 1)
    return width <= MAX_DOT_RATIO * height and height <= MAX_DOT_HEIGHT * (bottom - top)
