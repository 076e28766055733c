"""Benchmark site builds against the JSON Resume CLI (resumed + jsonresume-theme-even).

    npm install --prefix .bench/jr resumed@6.1.0 jsonresume-theme-even@0.26.1
    .venv/bin/python -m bench.bench_build [--jr .bench/jr] [--repeat N] [--samples DIR]

Documents: the sample CVs run through the heuristic extractor when it is available, otherwise
the test factories (a document with every field filled, and a real nurse's CV), validated as
the app stores them. For each one it times a whole `python -m builder --spec-file ...` run
(interpreter start, spec check, render, writes, manifest) writing to a local folder and to an
S3-compatible server (moto's, on this machine), and `resumed render` on the same CV converted
with r2w.cvdoc.jsonresume.to_json_resume. The ratios compare command lines (both pay their
runtime's start-up), so they are meaningful on any machine; absolute numbers are not.
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
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bytecode import compile_sources  # noqa: E402
from bench.bytecode import note as bytecode_note  # noqa: E402
from bench.samples import SAMPLES as DEFAULT_SAMPLES  # noqa: E402
from bench.samples import sample_files  # noqa: E402
from builder import BUILDER_VERSION  # noqa: E402
from builder.render import render_site  # noqa: E402
from builder.templates import cache_dir, make_environment, warm  # noqa: E402
from r2w.cvdoc import validate_document  # noqa: E402

THEME = "professional"
JR_DEFAULT = REPO / ".bench" / "jr"
GOAL_RATIO = 1.0


class Timing:
    """Wall times of repeated runs in milliseconds: median with min and max."""

    def __init__(self, times: list[float]) -> None:
        self.times = times
        self.median = statistics.median(times)

    def __str__(self) -> str:
        return f"{self.median:.0f} ({min(self.times):.0f}–{max(self.times):.0f})"


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    """Wall times of fn, run repeat times."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return Timing(times)


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
        source = f"heuristic extractor on {samples.relative_to(REPO)}"
    except ImportError:
        docs, source = list(factory_documents()), "test factories (no heuristic extractor)"
    return source, [(name, validate_document(doc)) for name, doc in docs]


class S3Server:
    """moto's S3 server on 127.0.0.1 with one bucket, and the environment a builder needs."""

    def __enter__(self) -> S3Server:
        from tests.support.s3 import DUMMY_CREDENTIALS, make_client, start_s3_server

        self.server, self.url = start_s3_server()
        self.bucket = "bench-build"
        make_client(self.url).create_bucket(Bucket=self.bucket)
        empty = Path(tempfile.mkdtemp(prefix="r2w-bench-aws-")) / "empty"
        empty.write_text("")
        # Dummy credentials only: no developer profile is ever read.
        self.env = {
            **os.environ,
            **DUMMY_CREDENTIALS,
            "AWS_CONFIG_FILE": str(empty),
            "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        }
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def builder_cli(
    doc: dict[str, Any],
    repeat: int,
    workdir: Path,
    s3: S3Server | None = None,
) -> Timing:
    """Wall times of `python -m builder` into fresh storage (a folder or an S3 prefix) each run."""
    spec = {
        "buildId": "bench",
        "portfolioId": "bench",
        "theme": THEME,
        "document": doc,
        "options": {},
        "outputPrefix": "sites/" + "0" * 32 + "/",
    }
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec))
    runs = iter(range(1_000_000))

    def run() -> None:
        number = next(runs)
        if s3 is None:
            target, env = ["--storage-url", (workdir / f"store-{number}").as_uri()], None
        else:
            target = [
                "--storage-url",
                f"s3://{s3.bucket}/{workdir.name}-{number}",
                "--s3-endpoint-url",
                s3.url,
            ]
            env = s3.env
        cmd = [sys.executable, "-m", "builder", "--spec-file", str(spec_path), *target]
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO, env=env)

    return timed(run, repeat)


def resumed(doc: dict[str, Any], repeat: int, workdir: Path, jr: Path) -> Timing | None:
    """Wall times of `resumed render` with the even theme, or None if unavailable."""
    binary = jr / "node_modules" / ".bin" / "resumed"
    try:
        from r2w.cvdoc.jsonresume import to_json_resume
    except ImportError:
        return None
    if not binary.exists():
        return None
    resume = workdir / "resume.json"
    resume.write_text(json.dumps(to_json_resume(doc)))
    cmd = [
        str(binary),
        "render",
        str(resume),
        "--theme",
        "jsonresume-theme-even",
        "-o",
        str(workdir / "resume.html"),
    ]
    return timed(lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=jr), repeat)


def ratio(ours: Timing, theirs: Timing | None) -> str:
    """Median ratio, with the worst and best pairing of the runs."""
    if theirs is None:
        return "n/a"
    low, high = min(ours.times) / max(theirs.times), max(ours.times) / min(theirs.times)
    return f"{ours.median / theirs.median:.2f} ({low:.2f}–{high:.2f})"


@dataclass
class Row:
    """The timings of one document."""

    name: str
    local: Timing
    s3: Timing
    resumed: Timing | None


def import_cost(module: str, repeat: int) -> Timing:
    """Wall ms a fresh interpreter spends importing module, beyond `python -c pass`."""

    def start(code: str) -> Timing:
        return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat)

    floor, loaded = start("pass"), start(f"import {module}")
    return Timing([max(0.0, a - b) for a, b in zip(loaded.times, floor.times, strict=True)])


def verdicts(rows: list[Row]) -> list[str]:
    """One line per storage: how many documents meet the goal, from the medians measured."""
    lines = []
    columns = (("a local folder", "local"), ("S3 (moto)", "s3"))
    for label, field in columns:
        ratios = [getattr(r, field).median / r.resumed.median for r in rows if r.resumed]
        if not ratios:
            continue
        met = sum(value <= GOAL_RATIO for value in ratios)
        lines.append(
            f"- builder writing to {label}: median ratio <= {GOAL_RATIO} for {met} of "
            f"{len(ratios)} documents; median over documents {statistics.median(ratios):.2f}, "
            f"highest {max(ratios):.2f}."
        )
    s3_gap = statistics.median(r.s3.median - r.local.median for r in rows)
    lines.append(
        f"- S3 instead of a folder adds {s3_gap:.0f} ms per build (median over documents): "
        "awscrt's import and client creation, then the requests."
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jr", type=Path, default=JR_DEFAULT, help="npm prefix of resumed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    args = parser.parse_args(argv)
    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    source, docs = documents(args.samples)
    # As the images do at build time (builder/Dockerfile), so no run pays for compiling.
    compile_sources()
    count = warm(make_environment())
    print(
        f"Builder {BUILDER_VERSION}, theme {THEME}, documents from {source}; median of "
        f"{args.repeat} runs with min–max, in ms; {os.cpu_count()} CPUs, load average "
        f"(1/5/15 min) when this section started: {load}. The template cache "
        f"({count} templates in {cache_dir().name}) was filled first, as the images do "
        f"when they are built. {bytecode_note()}\n"
    )
    print(
        "| document | render in-process | `python -m builder`, local | `python -m builder`, S3 "
        "| `resumed render` | ratio local/resumed | ratio S3/resumed | index.html (KB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    with S3Server() as s3:
        for name, doc in docs:
            with tempfile.TemporaryDirectory() as tmp:
                render = timed(lambda d=doc: render_site(d, THEME, {}), args.repeat)
                size = len(render_site(doc, THEME, {})[0].data) / 1024
                local = builder_cli(doc, args.repeat, Path(tmp))
                remote = builder_cli(doc, args.repeat, Path(tmp), s3)
                jr = resumed(doc, args.repeat, Path(tmp), args.jr)
                rows.append(Row(name, local, remote, jr))
                jr_text = str(jr) if jr else "n/a (resumed or to_json_resume missing)"
                print(
                    f"| {name} | {render.median:.1f} | {local} | {remote} | {jr_text} "
                    f"| {ratio(local, jr)} | {ratio(remote, jr)} | {size:.1f} |"
                )
    print(
        "\nS3 builds reach the bucket through awscrt's S3 client (r2w.storage.crt), "
        "one client per build."
    )
    print(
        "\nRatios: median/median, then (fastest builder run / slowest resumed run – slowest "
        f"builder run / fastest resumed run). Goal: <= {GOAL_RATIO} for both storages.\n"
    )
    print("\n".join(verdicts(rows)))
    crt = import_cost("awscrt.s3", args.repeat)
    print(
        f"- importing awscrt {version('awscrt')} alone takes {crt} ms in a fresh interpreter "
        "(beyond `python -c pass`, run by run)."
    )
    print(
        "\nReproduce: npm install --prefix .bench/jr resumed@6.1.0 jsonresume-theme-even@0.26.1"
        " && .venv/bin/python -m bench.bench_build"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
