"""What tesseract's first pass left unread on a page, made ready for a second pass.

Tesseract's page layout analysis drops whole lines of some scans: a contact line set in
white on a dark header band (taken for a picture), a date or a bold name beside a column.
Its recogniser reads those lines well when it is shown them. So the words the first pass read
are painted out, dark areas are inverted (light text on a dark band becomes dark text on
light), and what ink is left is read again; only words read with confidence are kept.
On the corpus's train and dev scans this raised the facts right from 68.8% to 69.5% for
about a quarter second a page (tesseract told the page's resolution: on a page left
nearly blank it estimates one from the few marks there and then finds no text at all).

Later, with only the line-shaped ink kept (line_shaped) and read as one block of text
(tesseract's mode 6 instead of mode 3, whose layout analysis took blurred lines left alone on
a sidebar for pictures and read nothing), the train and dev scans' facts right rose from
75.1% to 75.9% (33 facts more on 10 files, 9 fewer on 4: contact lines on dark bands are
read a little differently) for no measurable time.
"""

from __future__ import annotations

# Dark areas are found on a copy shrunk by this factor, by the median of a window this many
# (shrunk) pixels either way: a few lines high, so text on paper has a light median and
# only a filled band a dark one.
SHRINK = 8
DARK_WINDOW = 3
# An area whose median is darker than this is a band to invert.
DARK_LEVEL = 128
# A read word's box is painted out this many pixels beyond its edges (blur and JPEG halo).
PAD = 3
# A pixel this much darker than the paper is ink; below this many ink pixels nothing is left.
INK_CONTRAST = 80
MIN_INK_PIXELS = 400
# Line-shaped ink (line_shaped): letters closer than LINE_REACH_X line heights run together
# (a word space is about a third of one), and a region from MIN_LINE to MAX_LINE line heights
# tall and MIN_LINE_RATIO times as wide as tall is a line of text.
LINE_REACH_X = 0.6
LINE_REACH_Y = 0.15
MIN_LINE = 0.5
MAX_LINE = 2.5
MIN_LINE_RATIO = 2.0


def unread_image(grey, boxes: list[tuple[int, int, int, int]]):
    """The greyscale page with dark bands inverted and the given word boxes (left, top,
    right, bottom in its pixels) painted out, or None when no ink is left to read."""
    import numpy as np
    from PIL import Image, ImageFilter

    pixels = np.asarray(grey, dtype=np.uint8).copy()
    small = grey.resize(
        (max(1, grey.width // SHRINK), max(1, grey.height // SHRINK)), Image.Resampling.BOX
    )
    # The local median is the background: text covers less than half of any window.
    window = 2 * DARK_WINDOW + 1
    dark_small = np.asarray(small.filter(ImageFilter.MedianFilter(window))) < DARK_LEVEL
    if dark_small.any():
        # The band's inside is inverted whole (its light text too); along its edges, where
        # the shrunk copy is blurred, only its dark pixels are, so no dark frame is left.
        core = _full_size(dark_small, grey.size)
        edge = _full_size(
            np.asarray(
                Image.fromarray(dark_small.astype(np.uint8) * 255).filter(
                    ImageFilter.MaxFilter(window)
                )
            )
            > 0,
            grey.size,
        )
        flip = core | (edge & (pixels < DARK_LEVEL))
        flipped = 255.0 - pixels[flip]
        # The band's own background, now light grey, is stretched to white: a page's global
        # threshold would take a grey band for ink and lose the text on it.
        level = max(float(np.median(flipped)), 1.0)
        pixels[flip] = np.clip(flipped * (255.0 / level), 0, 255).astype(np.uint8)
    paper = int(np.median(pixels))
    for area in _word_areas(pixels, boxes):
        # The word's own background (a light band's grey, not the page's white).
        area[...] = int(np.percentile(area, 90))
    if int((pixels < paper - INK_CONTRAST).sum()) < MIN_INK_PIXELS:
        return None
    return Image.fromarray(pixels)


def _word_areas(pixels, boxes: list[tuple[int, int, int, int]]):
    """The non-empty views of pixels under each word box (left, top, right, bottom), PAD
    pixels wider each way for blur and JPEG halo: what painting a read word out covers."""
    rows, columns = pixels.shape
    for left, top, right, bottom in boxes:
        area = pixels[
            max(0, top - PAD) : min(rows, bottom + PAD),
            max(0, left - PAD) : min(columns, right + PAD),
        ]
        if area.size:
            yield area


def _full_size(mask, size):
    """A boolean mask of the shrunk copy, scaled back to the page's size."""
    import numpy as np
    from PIL import Image

    image = Image.fromarray(mask.astype(np.uint8) * 255).resize(size, Image.Resampling.NEAREST)
    return np.asarray(image) > 0


def line_shaped(page, height: float):
    """The leftover page with only its line-shaped ink kept: ink run together along a line
    (letters a fraction of height apart) into a region as tall as a line of text and at
    least twice as wide. The slivers left where read words were painted out, rules and
    specks are dropped, so they are neither read as noise nor make tesseract take the page
    for a picture; height is the page's usual line height in its pixels."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(page, dtype=np.uint8)
    paper = int(np.median(pixels))
    labels, keep, _ = _line_regions(pixels, paper, height)
    kept = np.full_like(pixels, paper)
    mask = keep[labels]
    kept[mask] = pixels[mask]
    return Image.fromarray(kept)


def ink_lines(page, boxes: list[tuple[int, int, int, int]], height: float) -> list[tuple]:
    """Where line-shaped ink is left on page (left, top, right, bottom, the ink's region run
    together along its line, so a little wider than its letters) once the given word boxes
    are painted out: lines of text that no pass read. page is what line_shaped left; height
    is the page's usual line height in its pixels."""
    import numpy as np

    pixels = np.asarray(page, dtype=np.uint8).copy()
    paper = int(np.median(pixels))
    for area in _word_areas(pixels, boxes):
        area[...] = paper
    if not (pixels < paper - INK_CONTRAST).any():
        return []  # everything was read: no regions to look for
    _, keep, stats = _line_regions(pixels, paper, height)
    return [
        (int(x), int(y), int(x + w), int(y + h))
        for (x, y, w, h, _), kept in zip(stats, keep, strict=True)
        if kept
    ]


def _line_regions(pixels, paper: int, height: float):
    """Connected regions of ink run together along lines: their labels, which of them are
    line-shaped (see line_shaped) and their stats (left, top, width, height, area)."""
    import cv2
    import numpy as np

    ink = (pixels < paper - INK_CONTRAST).astype(np.uint8)
    reach = np.ones((max(1, round(height * LINE_REACH_Y)), max(3, round(height * LINE_REACH_X))))
    joined = cv2.dilate(ink, reach.astype(np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    keep = (heights >= MIN_LINE * height) & (heights <= MAX_LINE * height)
    keep &= widths >= MIN_LINE_RATIO * heights
    keep[0] = False  # the background
    return labels, keep, stats


# Rows of a box with ink in at least this share of its width hold text; rows of text are
# told apart by at least ROW_GAP blank rows between them. Ink is what stands out from the
# box's background (its median) by half the spread between its lightest and darkest pixels
# (5th to 95th percentile), dark on light or light on dark; a box whose spread is under
# ROW_CONTRAST holds nothing to measure.
ROW_INK = 0.01
ROW_GAP = 2
ROW_CONTRAST = 40


def ink_rows(grey, box: tuple[int, int, int, int]) -> int:
    """How many rows of text the ink inside box (left, top, right, bottom in grey's pixels)
    stands in: 1 for a line however large its type, more for a block of lines, 0 where
    nothing can be measured."""
    import numpy as np

    left, top, right, bottom = box
    if right <= left or bottom <= top:
        return 0
    pixels = np.asarray(grey.crop(box), dtype=np.int16)
    low, background, high = np.percentile(pixels, (5, 50, 95))
    if high - low < ROW_CONTRAST:
        return 0
    ink = np.abs(pixels - background) > (high - low) / 2
    inked = ink.sum(axis=1) > max(1, ROW_INK * pixels.shape[1])
    rows, blank = 0, ROW_GAP
    for row in inked:
        if row and blank >= ROW_GAP:
            rows += 1
        blank = 0 if row else blank + 1
    return rows
