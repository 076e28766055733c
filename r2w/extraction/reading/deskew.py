"""Straightening scanned and photographed pages before OCR.

A page tilted by a degree moves the end of a long line by several line heights' worth of a
word box: laid out by height, the words at the end of a line then land in rows of their own
("... turning / messy / years ..."), and the OCR engines read tilted lines less well. The tilt
is found by the projection profile: ink is summed along rows sheared by each candidate angle,
and text lines give the sharpest profile (highest sum of squares) when the rows follow them.
"""

from __future__ import annotations

import math

# Tilts searched (degrees either way): a hand-placed scan or photo is rarely off by more.
MAX_ANGLE = 5.0
COARSE_STEP = 0.5
FINE_STEP = 0.05
# Below this the page is left as it is (a rotation blurs the glyphs a little).
MIN_ANGLE = 0.15
# The profile is measured on a copy this size (longest side): plenty for a 0.05 degree step.
PROFILE_SIDE = 1200
# A pixel this much darker than the page's background is ink.
INK_CONTRAST = 60


def skew_angle(img) -> float:
    """The tilt of a page's text lines in degrees, counter-clockwise positive (0.0 if none)."""
    import numpy as np
    from PIL import Image

    grey = img.convert("L")
    scale = min(1.0, PROFILE_SIDE / max(grey.size))
    if scale < 1.0:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.BILINEAR)
    pixels = np.asarray(grey, dtype=np.int16)
    background = int(np.median(pixels))
    ys, xs = np.nonzero(pixels < background - INK_CONTRAST)
    if ys.size < 200:  # a blank page or a photo without text: nothing to measure
        return 0.0
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - pixels.shape[1] / 2

    def sharpness(angle: float) -> float:
        # Rows of a page turned counter-clockwise by `angle` rise to the right in the image.
        rows = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    def best(candidates) -> float:
        return max(candidates, key=sharpness)

    steps = int(MAX_ANGLE / COARSE_STEP)
    coarse = best([k * COARSE_STEP for k in range(-steps, steps + 1)])
    fine_steps = int(COARSE_STEP / FINE_STEP)
    fine = best([coarse + k * FINE_STEP for k in range(-fine_steps, fine_steps + 1)])
    return round(fine, 2)


def deskew(img):
    """The page image turned so its text lines are level, and the angle it was turned by."""
    from PIL import Image

    angle = skew_angle(img)
    if abs(angle) < MIN_ANGLE:
        return img, 0.0
    fill = _background(img)
    level = img.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    return level, angle


def _background(img):
    """The page's most common colour (the paper), to fill the corners a rotation uncovers."""
    small = img.copy()
    small.thumbnail((64, 64))
    colours = small.getcolors(64 * 64) or [(1, (255,) * len(img.getbands()))]
    colour = max(colours, key=lambda pair: pair[0])[1]
    return colour if img.mode != "L" else (colour if isinstance(colour, int) else colour[0])
