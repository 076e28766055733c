"""Start-ups: `r2w extract` cold (and Flask's `r2w extract`), and the reading worker's memory.

    .venv/bin/python -m bench.bench_startup [--repeat N]

The extract command runs in a fresh process on a sample text PDF, as a script would call it:
`r2w extract` (the project's console script, r2w/console.py, which needs no Flask) is the one
held to the goal, and `flask --app wsgi r2w extract`, the same command in Flask's CLI, is timed
beside it. An empty interpreter (`python -c pass`) is the floor any Python command pays.
Both scripts exist only where the project is installed (`pip install -e .`); `flask` then finds
the r2w group through its flask.commands entry point without creating the app, and the
section says whether it did. The reading worker (`flask --app wsgi r2w worker --reading`)
runs against PostgreSQL, Redis and an S3-compatible server with nothing to read; its resident
memory is taken after its second idle pass. The heaviest imports of one extract run come
from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bytecode import compile_sources  # noqa: E402
from bench.bytecode import note as bytecode_note  # noqa: E402

SAMPLE = REPO / "tests" / "fixtures" / "cvs" / "Eleanor_Vance_cv.pdf"
FLASK = str(Path(sys.executable).parent / "flask")
R2W = str(Path(sys.executable).parent / "r2w")
GOAL_EXTRACT_S = 0.4
GOAL_WORKER_MIB = 90


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    """Median with min–max."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


def wall(command: list[str], env: dict[str, str], repeat: int) -> list[float]:
    """Wall seconds of a command run repeat times (it must succeed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
        times.append(time.perf_counter() - start)
    return times


def cli_env(work: Path) -> dict[str, str]:
    """Local settings with no cloud backend: what `r2w extract` needs on a laptop."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "STORAGE_"))}
    return {**env, "ENVIRONMENT": "local", "INSTANCE_PATH": str(work / "instance"),
            "CV_EXTRACTOR": "heuristic"}  # fmt: skip


def heaviest_imports(env: dict[str, str], count: int = 8) -> list[tuple[str, float]]:
    """Top-level imports of one extract run with their cumulative milliseconds."""
    command = [sys.executable, "-X", "importtime", "-m", "r2w", "extract", str(SAMPLE)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match and not match.group(2).startswith(" "):
            rows.append((match.group(2), int(match.group(1)) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def plugin_installed(env: dict[str, str], work: Path) -> bool:
    """Whether `flask` finds the r2w group with no app to load (through its entry point)."""
    # An app that cannot be imported: only a group found without the app can show its help.
    command = [FLASK, "--app", "r2w_bench_no_such_app", "r2w", "--help"]
    return subprocess.run(command, capture_output=True, env=env, cwd=work).returncode == 0


def rss_mib(pid: int) -> float:
    """Resident memory of a process (VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Poll until condition() holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not report in time")
        time.sleep(0.05)


def worker_idle_rss(env: dict[str, str], work: Path) -> float:
    """RSS of a reading worker after its second pass over an empty queue."""
    heartbeat = work / f"heartbeat-{time.monotonic_ns()}"
    command = [FLASK, "--app", "wsgi", "r2w", "worker", "--reading", "--interval", "0.5",
               "--heartbeat", str(heartbeat)]  # fmt: skip
    log = open(work / "worker.log", "ab")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=log)
    try:
        wait_for(heartbeat.exists, 60)
        first = heartbeat.stat().st_mtime_ns
        wait_for(lambda: heartbeat.stat().st_mtime_ns != first, 30)
        return rss_mib(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def worker_section(repeat: int, work: Path) -> list[str]:
    """The worker's idle RSS lines, or why it was skipped."""
    if not shutil.which("redis-server"):
        return ["Worker idle RSS: skipped (needs redis-server)."]
    from bench.load_stack import Stack

    try:
        with Stack(work) as stack:
            env = {**os.environ, **stack.app_env()}
            values = [worker_idle_rss(env, work) for _ in range(repeat)]
    except RuntimeError as exc:
        return [f"Worker idle RSS: skipped ({exc})."]
    verdict = "meets" if statistics.median(values) <= GOAL_WORKER_MIB else "MISSES"
    return [
        f"| reading worker idle RSS | {spread(values, 'MiB', 0)} | <= {GOAL_WORKER_MIB} MiB |",
        "",
        f"- worker: median {statistics.median(values):.0f} MiB {verdict} the goal of "
        f"{GOAL_WORKER_MIB} MiB (PostgreSQL, Redis and S3 configured, nothing waiting).",
    ]


def main(argv: list[str] | None = None) -> str:
    """Run the measurements and return the Markdown section."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    compile_sources()
    work = Path(tempfile.mkdtemp(prefix="r2w-startup-"))
    try:
        env = cli_env(work)
        floor = wall([sys.executable, "-c", "pass"], env, args.repeat)
        extract = wall([R2W, "extract", str(SAMPLE)], env, args.repeat)
        flask_extract = wall(
            [FLASK, "--app", "wsgi", "r2w", "extract", str(SAMPLE)], env, args.repeat
        )
        imports = heaviest_imports(env)
        plugin = plugin_installed(env, work)
        worker = worker_section(args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    verdict = "meets" if statistics.median(extract) <= GOAL_EXTRACT_S else "MISSES"
    lines = [
        "## Start-ups: CLI extract cold start, worker idle memory",
        "",
        f"Command: `.venv/bin/python -m bench.bench_startup --repeat {args.repeat}`. Load "
        f"average (1/5/15 min) when this section started: {load}. Median of {args.repeat} "
        f"fresh processes with min–max; the extract command reads {SAMPLE.name} "
        f"({SAMPLE.stat().st_size} bytes) with the heuristic extractor. {bytecode_note()}",
        "",
        "| what | median (min–max) | goal |",
        "|---|---|---|",
        f"| `python -c pass` (interpreter floor) | {spread(floor, 's')} | – |",
        f"| `r2w extract`, cold | {spread(extract, 's')} | <= {GOAL_EXTRACT_S} s |",
        f"| `flask --app wsgi r2w extract`, cold | {spread(flask_extract, 's')} | – |",
        *worker,
        "",
        f"- extract: `r2w extract` median {statistics.median(extract):.2f} s {verdict} the goal "
        f"of {GOAL_EXTRACT_S} s; Flask's CLI adds "
        f"{statistics.median(flask_extract) - statistics.median(extract):.2f} s (importing "
        "Flask and its extensions' CLI plugins). The r2w group's flask.commands entry point is "
        + (
            "installed: the command ran without creating the app."
            if plugin
            else "NOT installed (run `pip install -e .`): the command created the app first."
        ),
        "- heaviest top-level imports of one extract run (`-X importtime`, cumulative ms): "
        + ", ".join(f"{name} {ms:.0f}" for name, ms in imports)
        + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
