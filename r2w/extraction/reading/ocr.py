"""OCR of scans and photos: tesseract where installed, RapidOCR (PP-OCRv4 in its wheel) else.

Chosen by measurement (python -m bench.bench_ocr --dpis 72,100,150; 2 shared cores, tesseract
5.3, both engines' words through the same layout): word recall on the sample photo and on
sample PDFs rasterised at 72, 100 and 150 dpi, rotated, blurred and saved as JPEG:

    engine       photo    150 dpi   100 dpi   72 dpi   mean    CPU s/page   peak RSS
    rapidocr     98.0%    28-91%    24-87%    11-69%   59.7%   5.3          595 MiB
    tesseract    97.5%    83-98%    70-98%    23-90%   81.1%   1.4           87 MiB

Both read the photo; on rasterised pages with small serif type RapidOCR drops letters and
spaces, and it costs several times the CPU and memory. So tesseract reads scans where it is
installed (the image), and RapidOCR is what a machine with only Python uses: it installs from
PyPI with its models, so scans are still read there, if less well.

The engine is loaded once per process, lazily. Text detection runs on a copy of the page
scaled to DET_SIDE (CV text stays well above the detector's minimum there, and detection cost
grows with pixels); recognition crops lines from the page scaled to between MIN_SIDE and
MAX_SIDE, so small photos are upscaled and huge ones cannot exhaust memory. The recogniser
often drops the space between English words; spaces are put back where the line's own
image shows a gap wider than its letter spacing.
"""

from __future__ import annotations

import functools
import io
import statistics
import threading
from dataclasses import dataclass

from r2w.extraction.ocr import OCR_LANGUAGES
from r2w.extraction.reading.model import Box, Page, Word

# Longest side of the image recognition crops from (pixels); text lines then stand 25-60 px.
MAX_SIDE = 2400
MIN_SIDE = 1600
# Longest side the text detector sees.
DET_SIDE = 1280
# Lines the recogniser is less sure of than this are dropped as noise (speckles, icons).
MIN_SCORE = 0.5
# Share of the line crop's height (text plus margin) a blank vertical run must reach to be a
# word space: letters sit 0.03-0.08 of it apart, words 0.2-0.3.
SPACE_GAP = 0.16
# ... and this many times the line's median gap between letters.
SPACE_TO_LETTER_GAP = 2.2

_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Line:
    """One recognised line: its corner points in page pixels, score and words."""

    points: list[tuple[float, float]]
    score: float
    tokens: list[tuple[str, float, float]]  # word, left and right x in the crop
    width: int  # of the crop


def available() -> bool:
    """Whether the RapidOCR engine can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # a missing shared library counts as unavailable too
        return False
    return True


@functools.cache
def engine():
    """The RapidOCR engine, loaded once per process (about 1 s, 16 MB of models)."""
    from rapidocr_onnxruntime import RapidOCR

    # Upright CVs: the 180-degree classifier costs time and flips some short lines wrongly.
    ocr = RapidOCR(use_cls=False, print_verbose=False)
    # One line per recognition run: batches pad every line to the widest one, which cost
    # 25% more CPU and 50 MB more memory on the sample photo.
    ocr.text_rec.rec_batch_num = 1
    return ocr


def load_image(data: bytes):
    """Decode an upload as an upright RGB image (EXIF orientation applied)."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = 80_000_000  # a decompression bomb is refused, a phone photo is not
    with Image.open(io.BytesIO(data)) as img:
        img = ImageOps.exif_transpose(img)
        if img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGBA")
            background = Image.new("RGBA", img.size, "white")
            img = Image.alpha_composite(background, img)
        return img.convert("RGB")


def _scaled(img, longest: int):
    """img resized so its longest side is `longest` (Lanczos)."""
    from PIL import Image

    scale = longest / max(img.size)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS)


def engine_name() -> str | None:
    """The OCR engine this machine uses: tesseract where installed (it measured better on
    rasterised CVs), else RapidOCR from its wheel, else None."""
    from r2w.extraction.tools import has_tool

    if has_tool("tesseract"):
        return "tesseract"
    return "rapidocr" if available() else None


def ocr_page(img, number: int = 1, *, lang: str = OCR_LANGUAGES) -> Page:
    """Recognise one upright page image (PIL) into a Page of words in the image's pixels."""
    if engine_name() == "tesseract":
        from r2w.extraction.ocr import ocr_words

        return ocr_words(img, number, lang=lang)
    return rapid_page(img, number)


def rapid_page(img, number: int = 1) -> Page:
    """Recognise one page image (a PIL image) with RapidOCR."""
    import numpy as np

    longest = max(img.size)
    if longest > MAX_SIDE:
        img = _scaled(img, MAX_SIDE)
    elif longest < MIN_SIDE:
        img = _scaled(img, MIN_SIDE)
    # Words are reported in the coordinates of the image as uploaded.
    back = longest / max(img.size)
    page = Page(number, img.width * back, img.height * back, [])
    lines = _recognise(np.asarray(img)[:, :, ::-1].copy())  # RGB -> BGR, as OpenCV expects
    for line in lines:
        page.words.extend(_words(line, back))
    return page


def _recognise(bgr) -> list[_Line]:
    """Detect text lines, recognise each, and keep per-character positions."""
    import numpy as np

    ocr = engine()
    height, width = bgr.shape[:2]
    det_scale = min(1.0, DET_SIDE / max(height, width))
    with _LOCK:  # one page at a time: onnxruntime already uses every core
        if det_scale < 1.0:
            import cv2

            small = cv2.resize(bgr, (round(width * det_scale), round(height * det_scale)))
            boxes, _ = ocr.text_det(small)
        else:
            boxes, _ = ocr.text_det(bgr)
        if boxes is None or len(boxes) == 0:
            return []
        boxes = [np.asarray(b, dtype=np.float32) / det_scale for b in ocr.sorted_boxes(boxes)]
        crops = ocr.get_crop_img_list(bgr, boxes)
        results, _ = ocr.text_rec(crops, True)
    lines = []
    for box, crop, result in zip(boxes, crops, results, strict=True):
        text, score = result[0], float(result[1])
        if not text.strip() or score < MIN_SCORE:
            continue
        _, _, word_cols, _, _ = result[2]
        columns = [c for word in word_cols for c in word]
        pitch = 8 * crop.shape[0] / 48  # a CTC column covers 8 px of the 48-px-high line
        if len(columns) != len(text):  # cannot place characters: spread them evenly
            pitch, columns = crop.shape[1] / max(len(text), 1) / 1.0, list(range(len(text)))
        centres = [(c + 0.5) * pitch for c in columns]
        tokens = _tokens(text, centres, _blank_runs(crop), pitch)
        points = [(float(x), float(y)) for x, y in box.tolist()]
        lines.append(_Line(points, score, tokens, crop.shape[1]))
    return lines


def _tokens(
    text: str, centres: list[float], blanks: list[float], pitch: float
) -> list[tuple[str, float, float]]:
    """Words of a line with their left and right x in the crop.

    Splits at recognised spaces and where a blank gap of the crop lies between two letters
    (the recogniser often drops the space between English words).
    """
    words: list[tuple[str, float, float]] = []
    current: list[int] = []

    def close() -> None:
        if current:
            chars = "".join(text[k] for k in current)
            words.append((chars, centres[current[0]] - pitch, centres[current[-1]] + pitch))
            current.clear()

    for i, ch in enumerate(text):
        if ch.isspace():
            close()
            continue
        if current and any(centres[current[-1]] < mid < centres[i] for mid in blanks):
            close()
        current.append(i)
    close()
    return words


def _blank_runs(crop) -> list[float]:
    """Middles of vertical blank runs wider than a word space, inside the line's ink."""
    import numpy as np

    grey = crop.mean(axis=2) if crop.ndim == 3 else crop.astype(float)
    height = grey.shape[0]
    # Ink is what is clearly darker (or lighter, on dark bands) than the line's background.
    background = np.median(grey)
    ink = np.abs(grey - background) > 60
    inked = ink[int(height * 0.15) : max(int(height * 0.85), 1)].any(axis=0)
    xs = np.flatnonzero(inked)
    if xs.size == 0:
        return []
    runs: list[tuple[int, int]] = []  # (start, width) of blank runs between ink
    start = None
    for x in range(int(xs[0]), int(xs[-1]) + 1):
        if not inked[x]:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x - start))
            start = None
    if not runs:
        return []
    # A word space is wide for the line's height and for its own letter spacing (large or
    # letter-spaced type has wide gaps between letters too).
    letter_gap = statistics.median(width for _, width in runs)
    min_gap = max(2.0, SPACE_GAP * height, SPACE_TO_LETTER_GAP * letter_gap)
    return [begin + width / 2 for begin, width in runs if width >= min_gap]


def _words(line: _Line, back: float) -> list[Word]:
    """A recognised line's words, with boxes placed along the line's box."""
    xs = [p[0] for p in line.points]
    ys = [p[1] for p in line.points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = (x1 - x0) / max(line.width, 1)
    words = []
    for text, left, right in line.tokens:
        left = x0 + max(0.0, left) * scale
        right = min(x1, x0 + right * scale)
        box = Box(left * back, y0 * back, max(left, right) * back, y1 * back)
        words.append(Word(text, box, size=(y1 - y0) * back, confidence=round(line.score, 4)))
    return words
