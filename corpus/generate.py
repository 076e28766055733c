"""Build the generated corpus: samples per split, written to a cache with their ground truth.

Splits (see docs/extraction-eval.md): train and dev draw everything from the "seen" halves of
the pools, layout families and heading styles. Test holds two kinds of samples in equal numbers:
"unseen" ones drawn only from the held-out halves (names, companies, schools, cities, job titles,
section-heading wordings, layout families sidebar_right/timeline, heading styles numbered/spaced)
and "ordinary" ones drawn like train. Nothing is downloaded; the same seed gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus.content import LANGUAGE_WEIGHTS, LANGUAGES, make_cv, truth
from corpus.gt import write_gt
from corpus.layouts import choose_layout, compose, to_html

VERSION = "1"
SPLITS = ("train", "dev", "test")
# Share of each split in the corpus, and of each format in a split.
SPLIT_SHARES = {"train": 0.4, "dev": 0.2, "test": 0.4}
FORMATS = ("pdf", "docx", "md", "txt", "scan")
FORMAT_WEIGHTS = (35, 20, 15, 15, 15)
SCAN_KINDS = ("jpg", "png", "pdf")
_SOURCES = ("content.py", "pools.py", "layouts.py", "render.py", "generate.py", "gt.py")


def corpus_version() -> str:
    """VERSION plus a digest of the generator's code: any change regenerates the cache."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return f"{VERSION}-{digest.hexdigest()[:10]}"


@dataclass(frozen=True)
class Spec:
    """Everything that decides one sample, drawn from its own seed."""

    split: str
    index: int
    seed: int
    fmt: str
    lang: str
    unseen: bool
    family: str = ""
    heading: str = ""

    @property
    def name(self) -> str:
        """The sample's base file name."""
        return f"{self.split}-{self.index:04d}-{self.lang}"


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent generator per sample, stable across Python versions."""
    key = hashlib.sha256(repr((seed, *parts)).encode()).hexdigest()
    return random.Random(int(key[:16], 16))


def plan(seed: int, size: int, max_scans: int | None = None) -> list[Spec]:
    """The samples of a corpus of about size CVs, in split order."""
    specs: list[Spec] = []
    for split in SPLITS:
        count = max(1, round(size * SPLIT_SHARES[split]))
        scans = 0
        for index in range(count):
            rng = _rng(seed, split, index, "plan")
            fmt = rng.choices(FORMATS, FORMAT_WEIGHTS)[0]
            if fmt == "scan":
                scans += 1
                if max_scans is not None and scans > max_scans:
                    fmt = "pdf"
            lang = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            unseen = split == "test" and index % 2 == 1
            specs.append(Spec(split, index, seed, fmt, lang, unseen))
    return specs


@dataclass
class Sample:
    """One generated file with its ground truth text and how it was made."""

    spec: Spec
    filename: str
    data: bytes
    gt: str
    layout: dict


def build(spec: Spec, printer=None, scan_kind: str | None = None) -> Sample:
    """Generate one sample; printer (render.pdf_printer) is needed for pdf and scans.

    scan_kind forces the file type of a scan (jpg, png or pdf) instead of drawing it.
    """
    from corpus import render

    rng = _rng(spec.seed, spec.split, spec.index, "content")
    half = "held" if spec.unseen else "seen"
    size = "short" if spec.fmt == "scan" else "full"
    cv = make_cv(rng, half, spec.lang, half, size)
    layout = choose_layout(rng, half, half, spec.lang)
    doc = compose(cv, layout)
    gt = write_gt(truth(cv))
    if spec.fmt == "txt":
        data, ext = render.to_text(doc).encode(), "txt"
    elif spec.fmt == "md":
        data, ext = render.to_markdown(doc).encode(), "md"
    elif spec.fmt == "docx":
        data, ext = render.to_docx(doc, layout, rng), "docx"
    else:
        if printer is None:
            raise ValueError("a PDF printer is needed for pdf and scan samples")
        data, ext = printer(to_html(doc, layout)), "pdf"
        if spec.fmt == "scan":
            ext = rng.choice(SCAN_KINDS)
            ext = scan_kind or ext
            if ext != "pdf" and render.page_count(data) > 1:
                ext = "pdf"  # a photo shows one page; longer CVs are scanned to a PDF
            data = render.scan(data, rng, ext)
    return Sample(spec, f"{spec.name}.{ext}", data, gt, asdict(layout))


def ensure(root: Path, seed: int, size: int, max_scans: int | None = None) -> list[dict]:
    """Generate the corpus under root unless it is there for this seed, size and version.

    Returns the manifest: one dict per sample (split, file, gt, format, language, layout).
    """
    key = {"version": corpus_version(), "seed": seed, "size": size, "max_scans": max_scans}
    manifest_path = root / "manifest.json"
    if manifest_path.exists():
        stored = json.loads(manifest_path.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored["samples"]
    specs = plan(seed, size, max_scans)
    samples: list[dict] = []
    for split in SPLITS:
        (root / split).mkdir(parents=True, exist_ok=True)
        for old in (root / split).iterdir():
            old.unlink()
    needs_pdf = any(s.fmt in ("pdf", "scan") for s in specs)
    from corpus.render import pdf_printer

    printer_cm = pdf_printer() if needs_pdf else None
    printer = printer_cm.__enter__() if printer_cm else None
    try:
        for spec in specs:
            sample = build(spec, printer)
            path = root / spec.split / sample.filename
            path.write_bytes(sample.data)
            path.with_name(path.name + ".gt").write_text(sample.gt, encoding="utf-8")
            samples.append(
                {
                    "split": spec.split,
                    "file": f"{spec.split}/{sample.filename}",
                    "format": spec.fmt,
                    "lang": spec.lang,
                    "unseen": spec.unseen,
                    "family": sample.layout["family"],
                    "heading": sample.layout["heading"],
                }
            )
    finally:
        if printer_cm:
            printer_cm.__exit__(None, None, None)
    manifest_path.write_text(json.dumps({"key": key, "samples": samples}, indent=1), "utf-8")
    return samples
