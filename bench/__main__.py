"""`make bench`: run every benchmark and write docs/benchmarks.md."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
JSON_RESUME_PREFIX = Path(__file__).resolve().parents[1] / ".bench" / "jr"
MODULES = {
    "bench.bench_extraction": ("Text and offline extraction vs pdftotext", []),
    "bench.bench_ocr": ("Reading: OCR engines on scans, PDF reading vs pdftotext", []),
    "bench.bench_review": ("Review flags: coverage of wrong values, false flags on right ones", []),
    "bench.bench_build": (
        "Site builds vs the JSON Resume tool (resumed + jsonresume-theme-even)",
        ["--jr", str(JSON_RESUME_PREFIX)],
    ),
    "bench.bench_startup": ("Start-ups: CLI extract cold start, worker idle memory", []),
    "bench.bench_preview": ("Site serving vs nginx", []),
    "bench.bench_journey": ("End-to-end latencies", []),
    "bench.load": ("Load: 200 visitors polling, previewing and editing", []),
    "bench.bench_images": ("Container images: size and start time", []),
    "bench.bench_import": ("Import from the original system", []),
    # Last: it also regenerates docs/cost.md from what it measured.
    "bench.bench_cost": ("Resources per user (inputs of docs/cost.md)", []),
}


def machine() -> str:
    """One line describing where the numbers come from."""
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{platform.platform()}, {cores} cores, Python {platform.python_version()}"


def main() -> int:
    """Run the benchmarks in turn and write their sections to docs/benchmarks.md."""
    sections = []
    # The machine's load when the run starts: figures from a busy machine are read with it.
    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    for name, (title, args) in MODULES.items():
        module = importlib.import_module(name)
        print(f"running {name} …", file=sys.stderr)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = module.main(args)
        # A benchmark either returns its Markdown section or prints it.
        section = result if isinstance(result, str) else printed.getvalue()
        if not section.lstrip().startswith("#"):
            section = f"## {title}\n\n{section}"
        sections.append(section)
    header = (
        "# r2w benchmarks\n\n"
        "Reproduce everything with `make bench` (it rewrites this file). Each figure is a ratio "
        "against a reference tool run side by side in the same run on the same machine; absolute "
        "numbers vary with the machine and its load.\n\n"
        f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; load average "
        f"(1/5/15 min) at the start: {load}.\n\n"
    )
    DOC.write_text(header + "\n".join(section.rstrip() + "\n" for section in sections))
    print(DOC.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
