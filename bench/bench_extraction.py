"""Benchmark text extraction and the heuristic extractor on the sample CVs.

    .venv/bin/python bench/bench_extraction.py [--samples DIR] [--repeat N] [--pdf-modes]

Default: per sample, the median time of extract_text and of HeuristicExtractor.extract, the
median time of the `pdftotext` CLI on the same file (PDFs, run in turn with extract_text) and
the ratio, and peak memory
(Python heap via tracemalloc; child-process peak RSS via getrusage). --pdf-modes compares PDF
text tools on reading order and word integrity (the numbers quoted in r2w/extraction/pdftext.py).
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.samples import SAMPLES as DEFAULT_SAMPLES
from bench.samples import sample_files
from r2w.extraction.normalize import compact
from r2w.extraction.pdftext import pdf_reading_text, pdf_text
from r2w.extraction.text import extract_text

# "Line A is directly followed by line B" as a reader of the rendered page sees it.
ORDER_PAIRS: dict[str, list[tuple[str, str]]] = {
    "Amsterdam-Modern-Resume-Template": [
        ("JULIE MONROE", "NUTRITION CONSULTANT"),
        ("PHONE", "3868683442"),
        ("EMAIL", "email@email.com"),
        ("PLACE OF BIRTH", "San Antonio"),
        ("DRIVING LICENSE", "Full"),
        ("PROFILE", "Talented Nutrition"),
        ("Consultant within five months", "EMPLOYMENT HISTORY"),
        ("HOBBIES", "Soccer"),
    ],
    "Berlin-Simple-Resume-Template": [
        ("PHONE", "3868683442"),
        ("EMAIL", "email@email.com"),
        ("PLACE OF BIRTH", "San Antonio"),
        ("DRIVING LICENSE", "Full"),
        ("PROFILE", "Personable IT"),
        ("consultant for Linsang Group.", "EMPLOYMENT HISTORY"),
        ("HOBBIES", "Angling"),
        ("LANGUAGES", "English"),
    ],
    "Chicago-Resume-Template-Creative": [
        ("PROFILE", "Passionate Marketing"),
        ("Bachelor's Degree and Marketing.", "Skills"),
        ("HISTORY", "Marketing Assistant at ABSA"),
        ("Marketing Assistant at ABSA", "January 2019"),
        ("EDUCATION", "Master’s Degree in Marketing"),
    ],
    "Eleanor_Vance_cv": [
        ("Professional Summary", "Highly dedicated"),
        ("Clinical Experience", "Staff Nurse, Paediatric Ward"),
        ("Staff Nurse, Paediatric Ward", "October 2021"),
        ("Education", "Bachelor of Science in Nursing"),
    ],
    "London-Resume-Template-Professional": [
        ("PROFILE", "Passionate, entry-level"),
        ("Place of birth", "San Antonio"),
        ("Jan 2019 — Jul 2021", "Certified Bootcamp Instructor"),
        ("HOBBIES", "Skiing"),
        ("EMPLOYMENT HISTORY", "Jan 2019"),
    ],
    "Madrid-Resume-Template-Modern": [
        ("PROFILE", "Practical Event"),
        ("EMPLOYMENT HISTORY", "Event Coordinator, Bright"),
        ("Event Coordinator, Bright Event Rentals, Florida", "JANUARY 2016"),
        ("EDUCATION", "A in Hotel"),
        ("Place of birth", "San Antonio"),
        ("Driving license", "Full"),
    ],
    "Paris-Resume-Template-Modern": [
        ("PROFILE", "Expert project"),
        ("EMPLOYMENT HISTORY", "Project Assistant, Malaski"),
        ("Project Assistant, Malaski", "May 2021"),
        ("vendors, naturally within minutes", "• Frequently educated"),
        ("SKILLS", "Microsoft PowerPoint"),
        ("Scheduling", "Crystal Reports"),
        ("HOBBIES", "Hockey"),
        ("DRIVING LICENSE", "Full"),
    ],
    "Stockholm-Resume-Template-Simple": [
        ("Profile", "Experienced Amazon"),
        ("has a valid commercial", "Employment History"),
        ("Details", "1515 Pacific"),
        ("Place of birth", "San Antonio"),
        ("Hobbies", "Action Cricket"),
        ("Languages", "English"),
    ],
    "Vienna-Modern-Resume-Template": [
        ("Profile", "Deadline- focused"),
        ("Employment History", "Sales Engineer, Engen Oil"),
        ("Sales Engineer, Engen Oil, Jacksonville", "May 2022"),
        ("Driving license", "Full"),
        ("Skills", "AutoCAD"),
        ("Languages", "English"),
    ],
    "comprehensive_all_components_cv": [
        ("PROFESSIONAL EXPERIENCE", "TechVision"),
        ("EDUCATION", "Stanford"),
        ("KEY PROJECTS", "Enterprise Data"),
    ],
    "graphic-designer-resume-example": [
        ("CONTACT", "rhodajackson"),
        ("EDUCATION", "B.F.A."),
        ("SKILLS", "Adobe Photoshop"),
        ("Adobe Illustrator", "Adobe After Effects"),
        ("WORK EXPERIENCE", "Graphic Designer"),
        ("Mozilla", "2023 - current"),
    ],
    "software-engineer-resume-example": [
        ("CONTACT", "cmcturland"),
        ("SKILLS", "Python (Django)"),
        ("WORK EXPERIENCE", "Software Engineer"),
        ("Embark", "January 2015"),
        ("EDUCATION", "B.S."),
        ("PROJECTS", "Poker Simulation"),
    ],
}
# Phrases that must come out word for word (spacing collapsed, ligatures expanded).
PHRASES: dict[str, list[str]] = {
    "London-Resume-Template-Professional": [
        "Passionate, entry-level Bootcamp Instructor",
        "Ran daily tasks, staffing",
        "Trained individual clients",
        "Resume Templates",
        "Tennessee",
    ],
    "Madrid-Resume-Template-Modern": [
        "successfully organized an extensive variety of events for Fortune 500",
        "JANUARY 2016",
    ],
    "software-engineer-resume-example": ["Computer Science", "New York, NY", "fixing bugs"],
    "Paris-Resume-Template-Modern": ["Certified Associate in Project Management"],
    "Stockholm-Resume-Template-Simple": [
        "on packing records. Completed a certificate in Warehouse Sanitation",
    ],
    "Eleanor_Vance_cv": [
        "fast-paced paediatric and acute medical environments",
        "with complex medical conditions",
    ],
    "Chicago-Resume-Template-Creative": ["online and offline"],
}


def median_ms(func: Callable[[], object], repeat: int) -> float:
    """Median wall time of func in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def alternating_runs(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[list[float], list[float]]:
    """Wall times in milliseconds of two functions run one after the other, repeat times."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for func, out in zip((first, second), times, strict=True):
            start = time.perf_counter()
            func()
            out.append((time.perf_counter() - start) * 1000)
    return times


def alternating_ms(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times in milliseconds of two functions run one after the other."""
    mine, ref = alternating_runs(first, second, repeat)
    return statistics.median(mine), statistics.median(ref)


def pdftotext_cli(path: Path, *options: str) -> str:
    """The pdftotext CLI's text for a file."""
    args = ["pdftotext", "-q", "-enc", "UTF-8", *options, str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()


def pypdf_text(path: Path) -> str:
    """pypdf's text for a file."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


PDF_MODES: dict[str, Callable[[Path], str]] = {
    "pdftotext (default)": lambda p: pdftotext_cli(p),
    "pdftotext -layout": lambda p: pdftotext_cli(p, "-layout"),
    "pdftotext -raw": lambda p: pdftotext_cli(p, "-raw"),
    "pypdf": pypdf_text,
    "pdftotext -bbox-layout + XY cut": lambda p: pdf_text(p.read_bytes()).text,
    "PDFium words + layout (r2w)": lambda p: pdf_reading_text(p.read_bytes())[1],
}


def order_score(text: str, pairs: list[tuple[str, str]]) -> int:
    """How many (A, B) pairs have B starting the first non-empty line after A's line."""
    lines = [compact(line) for line in text.splitlines() if line.strip()]
    hits = 0
    for first, second in pairs:
        exact = (i for i, line in enumerate(lines) if line == compact(first))
        partial = (i for i, line in enumerate(lines) if compact(first) in line)
        index = next(exact, next(partial, None))
        if index is not None and index + 1 < len(lines):
            hits += lines[index + 1].startswith(compact(second))
    return hits


def phrase_score(text: str, phrases: list[str]) -> int:
    """How many phrases occur word for word (spacing collapsed, ligatures expanded)."""
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    return sum(phrase in flat for phrase in phrases)


def compare_pdf_modes(samples: Path, repeat: int) -> None:
    """Print the reading-order / word-integrity / time table of the PDF text tools."""
    pdfs = sorted(samples.glob("*.pdf"))
    total_pairs = sum(len(ORDER_PAIRS.get(p.stem, [])) for p in pdfs)
    total_phrases = sum(len(PHRASES.get(p.stem, [])) for p in pdfs)
    print("| mode | order pairs | phrases | median ms/file |")
    print("|---|---|---|---|")
    for name, func in PDF_MODES.items():
        order = phrases = 0
        times = []
        for pdf in pdfs:
            text = func(pdf)
            order += order_score(text, ORDER_PAIRS.get(pdf.stem, []))
            phrases += phrase_score(text, PHRASES.get(pdf.stem, []))
            times.append(median_ms(lambda pdf=pdf, func=func: func(pdf), repeat))
        ms = statistics.median(times)
        print(f"| {name} | {order}/{total_pairs} | {phrases}/{total_phrases} | {ms:.1f} |")


def peak_memory(func: Callable[[], object]) -> float:
    """Peak Python heap (MiB) while func runs."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def read_and_extract(extractor, data: bytes, kind: str) -> dict:
    """Read a file and extract its document, as the pipeline does."""
    read = extract_text(data, kind)
    return extractor.extract(read.text, kind=kind, reading=read.reading)


def bench_samples(samples: Path, repeat: int) -> None:
    """Print the per-sample timing and memory table."""
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.sniff import check_upload

    extractor = HeuristicExtractor()
    print(
        "| sample | kind | extract_text ms | pdftotext CLI ms | ratio | heuristic ms "
        "| peak heap MiB |"
    )
    print("|---|---|---|---|---|---|---|")
    for path in sample_files(samples):
        data = path.read_bytes()
        kind = check_upload(data, path.name)
        runs = 1 if kind in ("jpg", "png", "webp") else repeat
        read = extract_text(data, kind)
        cli_ms, ratio = "", ""
        if kind == "pdf":
            # One run of each in turn: a shared machine that slows down for a minute then
            # weighs on both, not on whichever was timed in that minute.
            text_ms, cli = alternating_ms(
                lambda data=data, kind=kind: extract_text(data, kind),
                lambda path=path: pdftotext_cli(path),
                repeat,
            )
            cli_ms, ratio = f"{cli:.1f}", f"{text_ms / cli:.2f}"
        else:
            text_ms = median_ms(lambda data=data, kind=kind: extract_text(data, kind), runs)
        heur_ms = median_ms(
            lambda r=read, k=kind: extractor.extract(r.text, kind=k, reading=r.reading), repeat
        )
        heap = peak_memory(
            lambda data=data, kind=kind, e=extractor: read_and_extract(e, data, kind)
        )
        print(
            f"| {path.name} | {kind} | {text_ms:.1f} | {cli_ms} | {ratio} | {heur_ms:.1f} "
            f"| {heap:.1f} |"
        )
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nPeak RSS of any child process (pdftotext/pdftoppm/tesseract): {child_rss:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables plus the command that reproduces them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pdf-modes", action="store_true")
    args = parser.parse_args(argv)
    if args.pdf_modes:
        compare_pdf_modes(args.samples, args.repeat)
    else:
        bench_samples(args.samples, args.repeat)
    command = " ".join(["bench/bench_extraction.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"\nReproduce: .venv/bin/python {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
