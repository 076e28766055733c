"""Profile photos: checking and normalising an image, and finding the photo inside a CV file.

Everything here parses untrusted bytes, so callers run it in the limited reading child
(r2w.intake.isolation). An image is judged by what Pillow finds in its bytes, never by its name
or Content-Type; what comes out is always a fresh WebP re-encoded from pixels, so no EXIF (GPS,
camera serials), ICC or other metadata of the original survives.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

MAX_SIDE = 800
WEBP_QUALITY = 82
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# More pixels than any photo needs: refused from the header, like a decompression bomb.
MAX_PIXELS = 40_000_000
# A photo in a CV is roughly portrait or square and not tiny (icons, bullets, logos in a row).
MIN_SIDE = 64
# Shown on the page, in points: half an inch is the smallest portrait a CV template prints.
MIN_SHOWN_SIDE = 36
MIN_ASPECT, MAX_ASPECT = 0.5, 1.6
# An image covering most of the page is a scan or a background, not a portrait.
MAX_PAGE_SHARE = 0.5
PHOTO_PAGES = 2


class PhotoRejected(ValueError):
    """The bytes are not a usable JPEG, PNG or WebP image; the message says what to do."""


def normalise_photo(data: bytes) -> bytes:
    """A JPEG/PNG/WebP checked by content, upright, at most MAX_SIDE px, as metadata-free WebP."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise PhotoRejected("Upload a JPEG, PNG or WebP photo.")
                # Judged from the header, before any pixel is decoded (Pillow's global bomb
                # limit stays as it is: the reading child shares this process with OCR).
                if probe.width * probe.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                probe.verify()
            img = Image.open(io.BytesIO(data))
            img.load()
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected("This image has far too many pixels for a photo.") from None
    except Exception:  # Pillow raises many types on damaged files
        raise PhotoRejected("This image is damaged or not a JPEG, PNG or WebP file.") from None
    img = ImageOps.exif_transpose(img)
    img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    mode = "RGBA" if img.mode in ("RGBA", "LA", "P") and _has_alpha(img) else "RGB"
    out = io.BytesIO()
    img.convert(mode).save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _has_alpha(img) -> bool:
    """Whether an image has any transparency worth keeping."""
    return img.mode in ("RGBA", "LA") or "transparency" in img.info


def _photo_like(width: float, height: float, smallest: float = MIN_SIDE) -> bool:
    """Portrait-ish and big enough to be a person's photo."""
    if min(width, height) < smallest:
        return False
    return MIN_ASPECT <= width / height <= MAX_ASPECT


def _pdf_photo(data: bytes) -> bytes | None:
    """The largest photo-like image object on a PDF's first pages, as PNG bytes."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    best: tuple[float, object] | None = None
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(pdf), PHOTO_PAGES)):
            page = pdf[index]
            page_area = max(page.get_width() * page.get_height(), 1.0)
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                shown = (right - left) * (top - bottom)
                if shown > MAX_PAGE_SHARE * page_area or not _photo_like(
                    right - left, top - bottom, MIN_SHOWN_SIDE
                ):
                    continue
                width, height = obj.get_px_size()
                if not _photo_like(width, height):
                    continue
                if best is None or shown > best[0]:
                    best = (shown, obj.get_bitmap(render=True).to_pil())
            if best is not None:
                break  # the photo sits on the first page that has one
    finally:
        pdf.close()
    if best is None:
        return None
    out = io.BytesIO()
    best[1].convert("RGB").save(out, "PNG")
    return out.getvalue()


_EMBED = re.compile(rb'r:(?:embed|link|id)="([^"]+)"')
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
MAX_MEDIA_BYTES = 20 * 2**20


def _docx_photo(data: bytes) -> bytes | None:
    """The largest photo-like image the DOCX body references from word/media."""
    from PIL import Image

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names or "word/_rels/document.xml.rels" not in names:
            return None
        used = set(_EMBED.findall(archive.read("word/document.xml")))
        targets = {}
        for tag in _RELATIONSHIP.findall(archive.read("word/_rels/document.xml.rels")):
            attrs = dict(_ATTR.findall(tag))
            if attrs.get(b"Id") in used and attrs.get(b"Type", b"").endswith(b"/image"):
                targets[attrs[b"Id"]] = "word/" + attrs.get(b"Target", b"").decode().lstrip("/")
        best: tuple[int, bytes] | None = None
        for name in sorted(set(targets.values()) & names):
            if archive.getinfo(name).file_size > MAX_MEDIA_BYTES:
                continue
            raw = archive.read(name)
            try:
                with Image.open(io.BytesIO(raw)) as img:
                    width, height = img.size
                    usable = img.format in ACCEPTED_FORMATS and _photo_like(width, height)
            except Exception:  # media Pillow cannot read (EMF, damaged) is not a photo
                continue
            if usable and (best is None or width * height > best[0]):
                best = (width * height, raw)
    return best[1] if best else None


def find_photo(data: bytes, kind: str) -> bytes | None:
    """The portrait embedded in a PDF or DOCX CV as normalised WebP, None if there is none."""
    try:
        if kind == "pdf":
            found = _pdf_photo(data)
        elif kind == "docx":
            found = _docx_photo(data)
        else:
            return None
        return normalise_photo(found) if found else None
    except Exception:  # a photo is a bonus: a file whose images fail to decode still reads
        return None
