"""End-to-end latencies a person waits for: upload -> ready, and build click -> preview visible.

Run: .venv/bin/python -m bench.bench_journey [--repeats 3]

The same production-like stack as the site-serving bench (gunicorn with the image's flags,
PostgreSQL, Redis sessions, an S3-compatible server, builds by the local runner as
`python -m builder` subprocesses). The client polls every 50 ms, so each figure is within 50 ms
of when the answer was first available; the page itself polls less often.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.bench_preview import ROOT, free_port, wait_http

# A text PDF (the case): its text layer is read, no OCR.
SAMPLE = ROOT / "tests" / "fixtures" / "cvs" / "comprehensive_all_components_cv.pdf"
POLL = 0.05
GOAL_READY, GOAL_PREVIEW = 1.5, 1.0


def _poll(client: httpx.Client, path: str, done: set[str], timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(path).json()
        if body["status"] in done:
            return body
        time.sleep(POLL)
    raise RuntimeError(f"{path} did not reach {done} in {timeout}s")


def one_journey(base: str, number: int) -> tuple[float, float]:
    """Seconds from upload to ready, and from "build" to the preview answering 200."""
    from bench.load import CSRF_META

    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        token = CSRF_META.search(client.get("/account/register").text).group(1)
        form = {"email": f"journey{number}@example.com", "password": "journey password",
                "confirm": "journey password", "csrf_token": token}  # fmt: skip
        assert client.post("/account/register", data=form).status_code == 302
        headers = {"X-CSRFToken": client.get("/api/v1/session").json()["csrfToken"]}
        files = {"file": (f"cv{number}.pdf", SAMPLE.read_bytes(), "application/pdf")}
        started = time.perf_counter()
        cv = client.post("/api/v1/cvs", files=files, headers=headers).json()
        _poll(client, f"/api/v1/cvs/{cv['id']}", {"ready", "failed"})
        ready = time.perf_counter() - started
        started = time.perf_counter()
        made = client.post("/api/v1/portfolios", json={"cvId": cv["id"]}, headers=headers).json()
        build_path = f"/api/v1/builds/{made['latestBuild']['id']}"
        build = _poll(client, build_path, {"succeeded", "failed"})
        assert build["status"] == "succeeded", build
        assert client.get(build["previewUrl"]).status_code == 200
        return ready, time.perf_counter() - started


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def main(argv: list[str] | None = None) -> str:
    """Run the journeys and return the Markdown section."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_journey")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not shutil.which("redis-server"):
        return "## End-to-end latencies\n\nSkipped: needs redis-server.\n"
    from bench.load import start_gunicorn
    from bench.load_stack import Stack

    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="r2w-journey-"))
    port = free_port()
    try:
        with Stack(work) as stack:
            server = start_gunicorn(stack.app_env(), port, work, argparse.Namespace(
                workers=2, threads=4))  # fmt: skip
            stack.processes.append(server)
            base = f"http://127.0.0.1:{port}"
            wait_http(base + "/readyz", timeout=60)
            one_journey(base, 0)  # warms each worker's imports; not counted
            runs = [one_journey(base, number) for number in range(1, args.repeats + 1)]
            server.send_signal(signal.SIGTERM)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ready = [run[0] for run in runs]
    preview = [run[1] for run in runs]
    verdict = {True: "meets", False: "MISSES"}
    return "\n".join(
        [
            "## End-to-end latencies: upload -> ready, build -> preview visible",
            "",
            f"Command: `.venv/bin/python -m bench.bench_journey --repeats {args.repeats}`. Load "
            f"average (1/5/15 min) when this section started: {load}. Each journey signs up, "
            f"uploads the sample text PDF CV ({SAMPLE.stat().st_size} bytes), polls every "
            f"{POLL * 1000:.0f} ms until it is ready, then creates the site (the build click) "
            "and polls until the build succeeded and its preview answers 200. Median of "
            f"{args.repeats} journeys after one warm-up, with min–max.",
            "",
            "| step | median (min–max) | goal |",
            "|---|---|---|",
            f"| upload -> ready | {_spread(ready)} | <= {GOAL_READY} s |",
            f"| build click -> preview visible | {_spread(preview)} | <= {GOAL_PREVIEW} s |",
            "",
            f"- upload -> ready: median {statistics.median(ready):.2f} s "
            f"{verdict[statistics.median(ready) <= GOAL_READY]} the goal of {GOAL_READY} s.",
            f"- build -> preview: median {statistics.median(preview):.2f} s "
            f"{verdict[statistics.median(preview) <= GOAL_PREVIEW]} the goal of {GOAL_PREVIEW} s.",
            "",
        ]
    )


if __name__ == "__main__":
    print(main(sys.argv[1:]))
