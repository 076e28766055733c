"""Benchmark reading: OCR engines on scans, and PDF reading time against pdftotext.

    .venv/bin/python -m bench.bench_ocr [--pdfs N] [--dpis 72,150] [--repeat N]

OCR: RapidOCR (r2w.extraction.reading.ocr, PP-OCRv4 models in its wheel) against tesseract
(r2w.extraction.ocr, the CLI's word boxes), both through the same layout, on the sample photo
and on scans made here by rasterising the first page of sample PDFs with PDFium at 72-150 dpi,
rotated slightly, blurred and saved as JPEG at quality 55. The reference words of a made scan
are its PDF's text layer; those of the photo are its hand-written ground truth. Word recall
counts reference words (case-folded, edge punctuation dropped) that the engine read, as a
multiset. Each engine runs in a child process, alone, so its time per page, CPU seconds per
page and peak RSS are its own.

PDF: PDFium words + layout (r2w's extract_text path for PDFs) against `pdftotext -layout` on
the same files, one run of each in turn (--repeat per file, in --rounds rounds): the median time
per file and its ratio, and the ratio of all files per round as the median of the rounds with
min and max.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_extraction import alternating_runs  # noqa: E402
from bench.samples import SAMPLES  # noqa: E402

PHOTO = SAMPLES / "example-cv-undergraduate-dda15e.jpg"
DEFAULT_PDFS = [
    "Berlin-Simple-Resume-Template.pdf",
    "London-Resume-Template-Professional.pdf",
    "software-engineer-resume-example.pdf",
    "Vienna-Modern-Resume-Template.pdf",
]
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def fold_words(text: str) -> Counter:
    """Words of text, case-folded, edge punctuation removed, as a multiset."""
    words = (_EDGE.sub("", w.casefold()) for w in text.split())
    return Counter(w for w in words if w)


def recall(reference: Counter, read: Counter) -> float:
    """Share of reference words found in what was read (multiset)."""
    total = sum(reference.values())
    return sum(min(n, read[w]) for w, n in reference.items()) / total if total else 0.0


def photo_reference() -> str:
    """The photo's ground-truth values, as text."""
    path = SAMPLES / "ground-truth" / (PHOTO.name + ".gt")
    values = []
    for line in path.read_text().splitlines():
        if ":" in line and not line.startswith(("#", "==")):
            values.append(line.split(":", 1)[1])
    return "\n".join(values)


def make_scans(names: list[str], dpis: list[int], out: Path) -> list[dict]:
    """Rasterise the first page of each PDF per dpi, rotate, blur, JPEG; with its reference."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    from r2w.extraction.reading.pdf import read_pdf

    scans = []
    for name in names:
        data = (SAMPLES / name).read_bytes()
        reference = " ".join(w.text for w in read_pdf(data, ocr=False).pages[0].words)
        pdf = pdfium.PdfDocument(data)
        for k, dpi in enumerate(dpis):
            image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = 0.6 if k % 2 == 0 else -0.8  # a sheet laid slightly askew on the glass
            image = image.rotate(angle, expand=True, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(0.6))
            path = out / f"{Path(name).stem}-{dpi}dpi.jpg"
            image.save(path, format="JPEG", quality=55)
            scans.append({"name": path.name, "path": str(path), "reference": reference})
        pdf.close()
    scans.append({"name": PHOTO.name, "path": str(PHOTO), "reference": photo_reference()})
    return scans


def run_engine(engine: str, paths: list[str]) -> dict:
    """Child process body: OCR each image, report text, wall and CPU time, peak RSS."""
    from r2w.extraction.layout import lay_out
    from r2w.extraction.reading import ocr
    from r2w.extraction.reading.model import Reading

    results = []
    if engine == "rapidocr":
        ocr.engine()  # loaded once per process, as in the app; not counted per page
    for path in paths:
        data = Path(path).read_bytes()
        wall, cpu = time.perf_counter(), time.process_time()
        image = ocr.load_image(data)
        if engine == "rapidocr":
            page = ocr.rapid_page(image)
        else:
            from r2w.extraction.ocr import ocr_words

            page = ocr_words(image)
        # Both engines' words go through the same layout, as in extract_text.
        text = lay_out(Reading([page], engine, ocr=True)).text
        results.append(
            {
                "text": text,
                "seconds": time.perf_counter() - wall,
                # tesseract works in its own process: count its CPU time too.
                "cpu": time.process_time() - cpu,
            }
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "pages": results,
        "peak_rss_mib": max(own, children.ru_maxrss / 1024),
        "child_cpu": children.ru_utime + children.ru_stime,
    }


def engine_in_child(engine: str, paths: list[str]) -> dict:
    """Run one engine over the images in a fresh process (its own memory and threads)."""
    code = (
        "import json, sys; from bench.bench_ocr import run_engine; "
        "print(json.dumps(run_engine(sys.argv[1], sys.argv[2:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, engine, *paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_THREAD_LIMIT": "2"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_ocr(names: list[str], dpis: list[int]) -> None:
    """Print the OCR engine comparison table."""
    import tempfile

    from r2w.extraction.tools import has_tool

    with tempfile.TemporaryDirectory(prefix="r2w-bench-ocr-") as tmp:
        scans = make_scans(names, dpis, Path(tmp))
        paths = [s["path"] for s in scans]
        engines = ["rapidocr"] + (["tesseract"] if has_tool("tesseract") else [])
        runs = {engine: engine_in_child(engine, paths) for engine in engines}
    print("| scan | reference words | " + " | ".join(f"{e} recall | {e} s" for e in engines) + " |")
    print("|---|---|" + "---|---|" * len(engines))
    for i, scan in enumerate(scans):
        reference = fold_words(scan["reference"])
        cells = []
        for engine in engines:
            page = runs[engine]["pages"][i]
            cells.append(f"{recall(reference, fold_words(page['text'])):.1%}")
            cells.append(f"{page['seconds']:.1f}")
        print(f"| {scan['name']} | {sum(reference.values())} | " + " | ".join(cells) + " |")
    print("\n| engine | mean recall | median s/page | CPU s/page | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for engine in engines:
        pages = runs[engine]["pages"]
        recalls = [
            recall(fold_words(s["reference"]), fold_words(p["text"]))
            for s, p in zip(scans, pages, strict=True)
        ]
        seconds = statistics.median(p["seconds"] for p in pages)
        cpu = (sum(p["cpu"] for p in pages) + runs[engine]["child_cpu"]) / len(pages)
        print(
            f"| {engine} | {statistics.mean(recalls):.1%} | {seconds:.1f} | {cpu:.1f} "
            f"| {runs[engine]['peak_rss_mib']:.0f} |"
        )


def bench_pdf(repeat: int, rounds: int) -> None:
    """Print PDF reading time (PDFium + layout) against pdftotext -layout, run alternately."""
    from r2w.extraction.pdftext import pdf_reading_text
    from r2w.extraction.tools import has_tool

    if not has_tool("pdftotext"):
        print("pdftotext is not installed: no reference to compare PDF reading with.")
        return
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    paths = sorted(SAMPLES.glob("*.pdf"))
    ours: dict[str, list[float]] = {p.name: [] for p in paths}
    theirs: dict[str, list[float]] = {p.name: [] for p in paths}
    totals = []  # per round: (ours, theirs), each the sum of the files' medians in that round
    files = {path.name: path.read_bytes() for path in paths}
    for _ in range(rounds):
        round_ours = round_theirs = 0.0
        for path in paths:
            data = files[path.name]
            args = ["pdftotext", "-layout", str(path), "-"]
            # One run of each in turn, so that a machine speeding up or slowing down during
            # the run (a shared VM's cores do) weighs on both alike.
            mine, ref = alternating_runs(
                lambda data=data: pdf_reading_text(data),
                lambda args=args: subprocess.run(args, capture_output=True),
                repeat,
            )
            ours[path.name] += mine
            theirs[path.name] += ref
            round_ours += statistics.median(mine)
            round_theirs += statistics.median(ref)
        totals.append((round_ours, round_theirs))
    print("| PDF | r2w ms | pdftotext -layout ms | ratio |")
    print("|---|---|---|---|")
    for path in paths:
        mine, ref = statistics.median(ours[path.name]), statistics.median(theirs[path.name])
        print(f"| {path.name} | {mine:.1f} | {ref:.1f} | {mine / ref:.2f} |")
    ratios = sorted(a / b for a, b in totals)
    mine_all, ref_all = sorted(a for a, _ in totals), sorted(b for _, b in totals)
    middle = len(totals) // 2
    print(
        f"\nAll PDFs, {rounds} rounds of {repeat} alternating runs per file (per file the median of"
        f" all its runs above): {mine_all[middle]:.0f} ms against {ref_all[middle]:.0f} ms per"
        f" round (medians), ratio {ratios[middle]:.2f} (median of {rounds} rounds; min"
        f" {ratios[0]:.2f}, max {ratios[-1]:.2f}); load average at the start"
        f" {load}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print Markdown tables plus the command that reproduces them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=3, help="sample PDFs to rasterise")
    parser.add_argument("--dpis", default="72,150")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args(argv)
    print("## Reading: OCR engines and PDF reading\n")
    if not args.skip_ocr:
        dpis = [int(d) for d in args.dpis.split(",")]
        print("### OCR on scans (each engine alone in a child process)\n")
        bench_ocr(DEFAULT_PDFS[: args.pdfs], dpis)
    print("\n### PDF text layer: PDFium + layout against pdftotext -layout\n")
    bench_pdf(args.repeat, args.rounds)
    command = " ".join(["-m bench.bench_ocr", *(argv if argv is not None else sys.argv[1:])])
    print(f"\nReproduce: .venv/bin/python {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
