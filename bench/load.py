"""Load: concurrent visitors polling CV status, reading previews and editing their documents.

Run: .venv/bin/python -m bench.load [--users 200] [--seconds 60] [--think 1.0] [--workers 2]
     [--threads 4] [--wrk-seconds 10]

Everything runs on this machine and shares its cores: the app under gunicorn (2 gthread workers
x 4 threads, as the image runs it) on a fresh PostgreSQL database, sessions in a throwaway Redis,
files in moto's S3 (its own process), the builder, and the load driver itself (asyncio +
aiohttp, one client and connection per visitor). Each visitor waits think x U(0.5, 1.5) seconds
between actions, as a person with the page open would. wrk then compares the app's preview with
nginx serving the same file, in the same run. main(argv) returns the Markdown section.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import aiohttp
import httpx

from bench.bench_preview import ROOT, SAMPLE, free_port, start_nginx, wait_http
from bench.load_stack import (
    ACCESS_LOG_FORMAT,
    Stack,
    cpu_seconds,
    fetch_preview,
    loop_lag,
    run_wrk_on,
    server_times,
    visitor_loop,
)

USERS, SECONDS, THINK = 200, 60, 1.0
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def start_gunicorn(env: dict[str, str], port: int, work: Path, args) -> subprocess.Popen:
    """The app as the image runs it (gthread, 2 workers x 4 threads by default), access log on."""
    metrics = work / "metrics"
    metrics.mkdir()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
               "--workers", str(args.workers), "--threads", str(args.threads),
               "--keep-alive", "75", "--access-logfile", str(work / "access.log"),
               "--access-logformat", ACCESS_LOG_FORMAT, "wsgi:app"]  # fmt: skip
    env = {**os.environ, **env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    log = open(work / "gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the server
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def _csrf(client: httpx.Client) -> str:
    return client.get("/api/v1/session").json()["csrfToken"]


def _wait_for(client: httpx.Client, path: str, done: set[str], timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(path).json()
        if body["status"] in done:
            return body
        time.sleep(0.2)
    raise RuntimeError(f"{path} did not reach {done} in {timeout}s")


def publish_portfolio(base: str) -> dict[str, str]:
    """Sign up, upload the sample, build and publish it; return its preview and public paths."""
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        token = CSRF_META.search(client.get("/account/register").text).group(1)
        form = {"email": "load@example.com", "password": "load test password",
                "confirm": "load test password", "csrf_token": token}  # fmt: skip
        assert client.post("/account/register", data=form).status_code == 302
        headers = {"X-CSRFToken": _csrf(client)}
        files = {"file": ("cv.txt", SAMPLE.read_bytes(), "text/plain")}
        cv = client.post("/api/v1/cvs", files=files, headers=headers).json()
        _wait_for(client, f"/api/v1/cvs/{cv['id']}", {"ready"})
        made = client.post("/api/v1/portfolios", json={"cvId": cv["id"]}, headers=headers)
        build = _wait_for(client, f"/api/v1/builds/{made.json()['latestBuild']['id']}", {
            "succeeded", "failed"})  # fmt: skip
        assert build["status"] == "succeeded", build
        url = f"/api/v1/portfolios/{made.json()['id']}/publish"
        assert client.post(url, json={"slug": "load"}, headers=headers).status_code == 200
        return {"share": build["shareUrl"], "preview": build["previewUrl"], "public": "/p/load/"}


async def new_visitor(base: str, site: dict[str, str]) -> tuple[aiohttp.ClientSession, str]:
    """An anonymous visitor who uploaded the sample CV and opened the shared preview link."""
    client = aiohttp.ClientSession(
        base_url=base,
        connector=aiohttp.TCPConnector(limit=1),  # one connection per visitor, like a browser tab
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # keep cookies from 127.0.0.1
        timeout=aiohttp.ClientTimeout(total=30),
    )
    async with client.get("/api/v1/session") as response:
        client.headers["X-CSRFToken"] = (await response.json())["csrfToken"]
    form = aiohttp.FormData()
    form.add_field("file", SAMPLE.read_bytes(), filename="cv.txt", content_type="text/plain")
    async with client.post("/api/v1/cvs", data=form) as response:
        response.raise_for_status()
        cv_id = (await response.json())["id"]
    # Trades the share token for the preview cookie.
    async with client.get(site["share"], allow_redirects=False) as response:
        assert response.status == 302, response.status
    return client, cv_id


async def _status(client: aiohttp.ClientSession, cv_id: str) -> str:
    async with client.get(f"/api/v1/cvs/{cv_id}") as response:
        return (await response.json())["status"]


async def visitors(base: str, site: dict[str, str], count: int) -> list[tuple]:
    """Create ``count`` visitors, 20 at a time, and wait until every CV is ready."""
    made: list[tuple] = []
    for start in range(0, count, 20):
        batch = range(start, min(count, start + 20))
        made += await asyncio.gather(*(new_visitor(base, site) for _ in batch))
    for client, cv_id in made:
        while await _status(client, cv_id) != "ready":
            await asyncio.sleep(0.2)
    return made


async def drive(base: str, site: dict[str, str], args: argparse.Namespace, stack: Stack) -> dict:
    """Run every visitor for ``args.seconds``; return client and server times per endpoint."""
    log = stack.work / "access.log"
    people = await visitors(base, site, args.users)
    load_before = os.getloadavg()[0]
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    log_start, started, cpu_start = log.stat().st_size, time.monotonic(), cpu_seconds(stack.roles)
    stop_at = started + args.seconds
    lags: list[float] = []
    await asyncio.gather(loop_lag(stop_at, lags), *(
        visitor_loop(client, cv_id, site, args.think, stop_at, samples, errors)
        for client, cv_id in people
    ))  # fmt: skip
    elapsed = time.monotonic() - started
    cpu = {k: (v - cpu_start.get(k, 0.0)) / elapsed for k, v in cpu_seconds(stack.roles).items()}
    await asyncio.gather(*(client.close() for client, _ in people))
    server = server_times(log, log_start, log.stat().st_size)
    return {"samples": samples, "server": server, "errors": errors, "elapsed": elapsed,
            "lag": lags, "load_before": load_before, "cpu": cpu}  # fmt: skip


def _ms(values: list[float], q: float) -> str:
    if not values:  # through the front, nginx may answer every request of an endpoint
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.1f} ms"


def _command(args: argparse.Namespace) -> str:
    return (
        f".venv/bin/python -m bench.load --users {args.users} --seconds {args.seconds} "
        f"--think {args.think} --workers {args.workers} --threads {args.threads} "
        f"--wrk-seconds {args.wrk_seconds}" + (" --front" if args.front else "")
    )


def _endpoint_table(result: dict) -> str:
    samples, server, errors = result["samples"], result["server"], result["errors"]
    elapsed, total = result["elapsed"], sum(len(v) for v in result["samples"].values())
    rows = "".join(
        f"| {name} | {len(values)} | {len(values) / elapsed:.0f} | {_ms(values, 0.5)} | "
        f"{_ms(values, 0.99)} | {_ms(server[name], 0.5)} | {_ms(server[name], 0.99)} | "
        f"{errors.get(name, 0)} |\n"
        for name, values in sorted(samples.items())
    )
    return (
        "| endpoint | requests | req/s | client p50 | client p99 | server p50 | server p99 "
        "| errors |\n|---|---|---|---|---|---|---|---|\n"
        f"{rows}| **all** | {total} | {total / elapsed:.0f} | | | | | "
        f"{sum(errors.values())} |\n"
    )


def _cpu_line(cpu: dict[str, float]) -> str:
    busiest = sorted(cpu.items(), key=lambda item: -item[1])
    shares = ", ".join(f"{name} {value:.2f}" for name, value in busiest if value >= 0.005)
    return f"CPU during the load phase, in cores (the machine has {os.cpu_count()}): {shares}.\n"


def _wrk_table(wrk: dict, seconds: int, size: int) -> str:
    app, nginx = wrk["app"], wrk["nginx"]
    return (
        f"Preview vs nginx (wrk -t2 -c32 -d{seconds}s on the preview's index.html, {size} "
        "bytes, after the load phase):\n\n"
        "| server | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n"
        f"| r2w `/preview/<build>/` (moto S3 behind) | {app['rps']:.0f} | {app['p50']} | "
        f"{app['p99']} | {app['errors']} |\n"
        f"| nginx, same file from disk | {nginx['rps']:.0f} | {nginx['p50']} | {nginx['p99']} "
        f"| {nginx['errors']} |\n\nRatio r2w / nginx: **{app['rps'] / nginx['rps']:.3f}**\n"
    )


def _front_line(args: argparse.Namespace, result: dict) -> str:
    if not args.front:
        return ""
    passed = sum(len(values) for values in result["server"].values())
    total = sum(len(values) for values in result["samples"].values())
    return (
        "Visitors go through the web pod's nginx front (kustomize/base/nginx/nginx.conf as "
        "shipped) in front of that gunicorn, as in Kubernetes; server times are gunicorn's for "
        f"the {passed} of {total} requests nginx passed on (the rest it answered from its "
        "cache).\n\n"
    )


def report(args: argparse.Namespace, result: dict, wrk: dict, size: int) -> str:
    """The Markdown section: the command, the table per endpoint, the wrk ratio."""
    return (
        "## Load: status polls, previews and edits under concurrent visitors\n\n"
        f"Command: `{_command(args)}`\n\n"
        f"{args.users} visitors for {args.seconds} s, each pausing {args.think} s x U(0.5, 1.5) "
        "between actions (status poll 50 %, shared preview 20 %, published site 10 %, "
        "edit = GET + PUT of the document with its revision 20 %). gunicorn "
        f"{args.workers} x {args.threads} gthread on PostgreSQL, Redis sessions and moto S3; "
        "app, databases, moto and the driver share the machine's cores (1-minute load average "
        f"{result['load_before']:.2f} when the load phase began: other work on the machine "
        "shows up in these numbers).\n\n"
        "Client times are the driver's (asyncio + aiohttp; they include its own scheduling on "
        f"the busy cores: its event loop woke up to {_ms(result['lag'], 0.99)} late at p99). "
        "Server times are gunicorn's (access log, from the parsed request to the response "
        "sent).\n\n"
        + _front_line(args, result)
        + _endpoint_table(result)
        + "\n"
        + _cpu_line(result["cpu"])
        + "\n"
        + _wrk_table(wrk, args.wrk_seconds, size)
    )


def main(argv: list[str] | None = None) -> str:
    """Start the stack, drive the load, compare with nginx, and return a Markdown section."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--think", type=float, default=THINK)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument(
        "--front", action="store_true", help="visitors go through the pod's nginx front"
    )
    args = parser.parse_args(argv)
    missing = [tool for tool in ("wrk", "nginx", "redis-server") if not shutil.which(tool)]
    if missing:
        return f"## Load\n\nSkipped: needs {', '.join(missing)} (Debian packages of those names).\n"
    work = Path(tempfile.mkdtemp(prefix="r2w-load-"))
    port, nginx_port = free_port(), free_port()
    with Stack(work) as stack:
        server = start_gunicorn(stack.app_env(), port, work, args)
        stack.processes.append(server)
        stack.roles[server.pid] = "app (gunicorn)"
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/readyz", timeout=60)
        site = publish_portfolio(base)
        visit = base
        if args.front:
            from tests.support.nginx_front import NginxFront

            # 127.0.0.1 stands in for the ALB's subnets as the front's trusted proxy.
            front = NginxFront(work / "front", free_port(), free_port(), port)
            stack.processes.append(front.start(["127.0.0.1"]).process)
            stack.roles[front.process.pid] = "nginx front"
            visit = front.url
        result = asyncio.run(drive(visit, site, args, stack))
        page = fetch_preview(base, site, work / "site")
        stack.processes.append(start_nginx(page.parent, nginx_port, work))
        wait_http(f"http://127.0.0.1:{nginx_port}/index.html")
        wrk = run_wrk_on(base, site, nginx_port, args.wrk_seconds)
        size = page.stat().st_size
        server.send_signal(signal.SIGTERM)
    shutil.rmtree(work, ignore_errors=True)
    return report(args, result, wrk, size)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
