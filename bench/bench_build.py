"""Benchmark site builds against the JSON Resume CLI (resumed + jsonresume-theme-even).

    npm install --prefix /tmp/jr resumed jsonresume-theme-even
    .venv/bin/python bench/bench_build.py [--jr /tmp/jr] [--repeat N] [--samples DIR]

Documents: the sample CVs run through the heuristic extractor when it is available, otherwise
the test factories (a document with every field filled, and a real nurse's CV). For each one it
reports the median in-process render time, the median wall time of a whole
`python -m builder --spec-file ...` run (interpreter start, validation, render, writes,
manifest), and the median wall time of `resumed render` on the same CV converted with
r2w.cvdoc.jsonresume.to_json_resume. The ratio compares the two command lines (both pay their
runtime's start-up), so it is meaningful on any machine; absolute numbers are not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.samples import SAMPLES as DEFAULT_SAMPLES  # noqa: E402
from bench.samples import sample_files  # noqa: E402
from builder import BUILDER_VERSION  # noqa: E402
from builder.render import render_site  # noqa: E402
from r2w.cvdoc import validate_document  # noqa: E402

THEME = "professional"


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of fn in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def extracted_documents(samples: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Sample CVs through the heuristic extractor (skips files it cannot read)."""
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.sniff import detect_type
    from r2w.extraction.text import extract_text

    extractor = HeuristicExtractor()
    for path in sample_files(samples):
        data = path.read_bytes()
        try:
            kind = detect_type(data[:4096], len(data))
            text = extract_text(data, kind)
            yield (
                path.name,
                extractor.extract(text.text, source=data, kind=kind, reading=text.reading),
            )
        except Exception as exc:  # a sample the extractor rejects is reported, not fatal
            print(f"skipped {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)


def factory_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    """The test factories' documents, used when no extractor is available."""
    from tests.builder.factories import full_document

    yield "factories.full_document", full_document()
    data = REPO / "tests" / "builder" / "data" / "eleanor.json"
    yield "Eleanor_Vance (hand-entered)", json.loads(data.read_text())


def documents(samples: Path) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """(source description, [(name, validated document)])."""
    try:
        docs = list(extracted_documents(samples))
        source = f"heuristic extractor on {samples}"
    except ImportError:
        docs, source = list(factory_documents()), "test factories (no heuristic extractor)"
    return source, [(name, validate_document(doc)) for name, doc in docs]


def builder_cli_ms(doc: dict[str, Any], repeat: int, workdir: Path) -> float:
    """Median wall time of `python -m builder` into a fresh storage folder each run."""
    spec = {"buildId": "bench", "portfolioId": "bench", "theme": THEME, "document": doc,
            "options": {}, "outputPrefix": "sites/" + "0" * 32 + "/"}  # fmt: skip
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec))
    runs = iter(range(repeat))

    def run() -> None:
        store = workdir / f"store-{next(runs)}"
        cmd = [sys.executable, "-m", "builder", "--spec-file", str(spec_path),
               "--storage-url", store.as_uri()]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)

    return median_ms(run, repeat)


def resumed_ms(doc: dict[str, Any], repeat: int, workdir: Path, jr: Path) -> float | None:
    """Median wall time of `resumed render` with the even theme, or None if unavailable."""
    resumed = jr / "node_modules" / ".bin" / "resumed"
    try:
        from r2w.cvdoc.jsonresume import to_json_resume
    except ImportError:
        return None
    if not resumed.exists():
        return None
    resume = workdir / "resume.json"
    resume.write_text(json.dumps(to_json_resume(doc)))
    cmd = [str(resumed), "render", str(resume), "--theme", "jsonresume-theme-even",
           "-o", str(workdir / "resume.html")]  # fmt: skip
    return median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=jr), repeat)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jr", type=Path, default=Path("/tmp/jr"), help="npm prefix of resumed")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    args = parser.parse_args(argv)
    source, docs = documents(args.samples)
    print(f"builder {BUILDER_VERSION}, theme {THEME}, documents from {source}, "
          f"median of {args.repeat} runs, {os.cpu_count()} CPUs\n")  # fmt: skip
    print("| document | render in-process (ms) | `python -m builder` (ms) "
          "| `resumed render` (ms) | ratio builder/resumed | index.html (KB) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for name, doc in docs:
        with tempfile.TemporaryDirectory() as tmp:
            render_ms = median_ms(lambda d=doc: render_site(d, THEME, {}), args.repeat)
            size = len(render_site(doc, THEME, {})[0].data) / 1024
            cli = builder_cli_ms(doc, args.repeat, Path(tmp))
            jr = resumed_ms(doc, args.repeat, Path(tmp), args.jr)
            ratio = f"{cli / jr:.2f}" if jr else "n/a"
            jr_text = f"{jr:.1f}" if jr else "n/a (resumed or to_json_resume missing)"
            print(f"| {name} | {render_ms:.2f} | {cli:.1f} | {jr_text} | {ratio} | {size:.1f} |")
    print("\nReproduce: npm install --prefix /tmp/jr resumed jsonresume-theme-even && "
          ".venv/bin/python bench/bench_build.py --jr /tmp/jr")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
