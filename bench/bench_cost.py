"""Measure what one user costs in resources, for the cost model (infra/cost.py, docs/cost.md).

    .venv/bin/python -m bench.bench_cost [--samples DIR]

For every sample CV, in a fresh process each (as a worker or a builder pod would run it):
- extraction: CPU-seconds of reading + offline extraction (after imports: workers are
  long-lived), and the process's peak resident memory;
- build: CPU-seconds and peak resident memory of a whole `python -m builder` run (a builder Job
  is one process per build), into a local storage folder;
- bytes stored: the original, its page images (PDFs and photos), the build spec and the built
  site; bytes served: the published index page plus the assets it loads;
- tokens a Claude extraction would send and receive, from the prompt, the tool schema, the CV text
  and the document (at 4 characters a token).
It writes infra/cost_inputs/measured.json and regenerates docs/cost.md from it.
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
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bytecode import compile_sources  # noqa: E402
from bench.samples import SAMPLES as DEFAULT_SAMPLES  # noqa: E402
from bench.samples import sample_files  # noqa: E402

MEASURED = REPO / "infra" / "cost_inputs" / "measured.json"
CHARS_PER_TOKEN = 4
THEME = "professional"


def run_child(cmd: list[str], cwd: Path = REPO, *, parse: bool = False) -> dict[str, Any]:
    """Run one child process to the end; its CPU-seconds and peak RSS from wait4.

    The child is started by bench.child_usage, a small launcher: forked from this process
    directly, it would report this process's peak RSS (grown by earlier benchmarks) as its own.
    """
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".json") as usage_file:
        launcher = [sys.executable, "-m", "bench.child_usage", usage_file.name, *cmd]
        child = subprocess.run(launcher, cwd=cwd, capture_output=True, check=False)
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[1:4])} failed: {child.stderr.decode()[-500:]}")
        usage = json.loads(Path(usage_file.name).read_text(encoding="utf-8"))
    result = json.loads(child.stdout.splitlines()[-1]) if parse else {}
    result["process_cpu_s"] = usage["cpu_s"]
    result["peak_rss_mib"] = usage["peak_rss_kib"] / 1024  # Linux reports KiB
    result["wall_s"] = time.perf_counter() - start
    return result


def child_extract(path: Path) -> None:
    """In a child: read and extract one file; print CPU-seconds of the work and sizes."""
    from r2w.extraction.claude import SYSTEM_PROMPT, _tool
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.sniff import check_upload
    from r2w.extraction.text import extract_text
    from r2w.intake.pages import render_pdf, render_photo

    data = path.read_bytes()
    kind = check_upload(data, path.name)
    extractor = HeuristicExtractor()

    def cpu_now() -> float:
        # The worker's own CPU and that of the tools it runs (OCR runs in child processes).
        own, tools = (
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        return own.ru_utime + own.ru_stime + tools.ru_utime + tools.ru_stime

    start = cpu_now()
    read = extract_text(data, kind)
    document = extractor.extract(read.text, kind=kind, reading=read.reading)
    # Page images for the review screen are made from the same upload.
    pages = (
        render_pdf(data)
        if kind == "pdf"
        else render_photo(data)
        if kind in ("jpg", "png", "webp")
        else []
    )
    cpu = cpu_now() - start
    prefix_chars = len(SYSTEM_PROMPT) + len(json.dumps(_tool()))
    result = {
        "kind": kind,
        "original_bytes": len(data),
        "page_image_bytes": sum(len(image) for _, _, image in pages),
        "extract_cpu_s": cpu,
        "document": document,
        "prompt_prefix_tokens": prefix_chars / CHARS_PER_TOKEN,
        "cv_text_tokens": len(read.text) / CHARS_PER_TOKEN,
        "document_tokens": len(json.dumps(document, ensure_ascii=False)) / CHARS_PER_TOKEN,
    }
    print(json.dumps(result))


def measure_build(document: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """One `python -m builder` run into a fresh storage folder; its costs and output sizes."""
    spec = {"buildId": "bench", "portfolioId": "bench", "theme": THEME, "document": document,
            "options": {}, "outputPrefix": "sites/" + "0" * 32 + "/"}  # fmt: skip
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec))
    store = workdir / "store"
    cmd = [sys.executable, "-m", "builder", "--spec-file", str(spec_path),
           "--storage-url", store.as_uri()]  # fmt: skip
    result = run_child(cmd)
    site = store / "sites" / ("0" * 32)
    files = [p for p in site.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")]
    index = (site / "index.html").read_text()
    assets = set(re.findall(r'(?:href|src)="(assets/[^"]+)"', index))
    served = len(index.encode()) + sum(
        (site / a).stat().st_size for a in assets if (site / a).exists()
    )
    return {
        "build_cpu_s": result["process_cpu_s"],
        "build_peak_rss_mib": result["peak_rss_mib"],
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "spec_bytes": spec_path.stat().st_size,
        "page_view_bytes": served,
        "page_view_requests": 1 + len(assets),
    }


def measure(samples: Path) -> dict[str, Any]:
    """Every sample through extraction and a build; medians and the per-sample rows."""
    rows = []
    for path in sample_files(samples):
        cmd = [sys.executable, "-m", "bench.bench_cost", "--child-extract", str(path)]
        try:
            extracted = run_child(cmd, parse=True)
        except RuntimeError as exc:
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        document = extracted.pop("document")
        with tempfile.TemporaryDirectory() as tmp:
            try:
                built = measure_build(document, Path(tmp))
            except RuntimeError as exc:
                print(f"no build for {path.name}: {exc}", file=sys.stderr)
                continue
        rows.append({"sample": path.name, **extracted, **built})
    keys = [k for k in rows[0] if isinstance(rows[0][k], int | float)]
    medians = {key: statistics.median(row[key] for row in rows) for key in keys}
    maxima = {
        "extract_peak_rss_mib": max(row["peak_rss_mib"] for row in rows),
        "build_peak_rss_mib": max(row["build_peak_rss_mib"] for row in rows),
    }
    return {
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "samples": len(rows),
        "median": medians,
        "max": maxima,
        "rows": rows,
    }


def section(measured: dict[str, Any]) -> str:
    """The Markdown section for docs/benchmarks.md."""
    lines = [
        "## Resources per user (inputs of the cost model, docs/cost.md)\n",
        f"{measured['samples']} sample CVs, one fresh process each; medians "
        f"(peak memory: the largest).\n",
        "| sample | kind | extract CPU s | extract peak RSS MiB | build CPU s "
        "| build peak RSS MiB | stored KB | page view KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in measured["rows"]:
        stored = (row["original_bytes"] + row["page_image_bytes"] + row["site_bytes"]
                  + row["spec_bytes"]) / 1024  # fmt: skip
        lines.append(
            f"| {row['sample']} | {row['kind']} | {row['extract_cpu_s']:.3f} "
            f"| {row['peak_rss_mib']:.0f} | {row['build_cpu_s']:.2f} "
            f"| {row['build_peak_rss_mib']:.0f} | {stored:.0f} "
            f"| {row['page_view_bytes'] / 1024:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> str | int:
    """Measure, write infra/cost_inputs/measured.json and docs/cost.md; return the bench section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--child-extract", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_extract:
        child_extract(args.child_extract)
        return 0
    compile_sources()  # as the images are built: no process pays for compiling r2w
    measured = measure(args.samples)
    MEASURED.parent.mkdir(parents=True, exist_ok=True)
    MEASURED.write_text(json.dumps(measured, indent=2, sort_keys=True) + "\n")
    from infra import cost

    cost.main([])
    return section(measured)


if __name__ == "__main__":
    result = main()
    if isinstance(result, str):
        print(result)
    sys.exit(0)
