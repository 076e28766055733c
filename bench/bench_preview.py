"""Site serving: published pages and previews through the app vs nginx on the same file.

Run: .venv/bin/python -m bench.bench_preview [--seconds 3] [--repeats 3]

Production-like: the app under gunicorn with the image's flags (gthread, 2 workers x 4
threads, keep-alive 75, access log on, Prometheus multiprocess metrics on), PostgreSQL, Redis
sessions, files in an S3-compatible server (moto, its own process). The same requests are made
two ways: straight to gunicorn, and through the web pod's nginx front (the shipped
kustomize/base/nginx/nginx.conf in front of that gunicorn, as the pod runs it). A plain nginx (2
workers, sendfile on, access log on) serves the same bytes from a folder as the reference. For
each case and concurrency (10, 50, 200) wrk runs against the app, the front and then plain nginx,
`--repeats` times, interleaved; the tables give the median with min and max, and every ratio is
taken against plain nginx in the same round. main(argv) returns the Markdown section; all
commentary below is printed from the figures measured.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "cvs" / "comprehensive_all_components_cv.txt"
CONCURRENCIES = (10, 50, 200)
# The goals, checked against the figures below.
GOAL_200, GOAL_304, GOAL_P99 = 0.15, 0.30, 5.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30) -> None:
    """Wait until the URL answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start_nginx(site: Path, port: int, workdir: Path, access_log: bool = False) -> subprocess.Popen:
    """nginx serving the site folder, 2 workers (one per core), sendfile on."""
    conf = workdir / "nginx.conf"
    # Workers run as the invoking user: r2w's storage keeps files owner-only (they are CVs).
    user = "user root root;" if os.geteuid() == 0 else ""
    log = f"access_log {workdir}/nginx-access.log;" if access_log else "access_log off;"
    conf.write_text(
        f"""{user} worker_processes 2; daemon off; pid {workdir}/nginx.pid; error_log stderr error;
events {{ worker_connections 4096; }}
http {{ {log} include /etc/nginx/mime.types; sendfile on; keepalive_requests 1000000;
  client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
  server {{ listen 127.0.0.1:{port}; root {site}; }} }}
"""
    )
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)])


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, float]:
    """One wrk run: requests/s, p50 and p99 in ms, and answers that were not 2xx/3xx."""
    extra = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *extra, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: .*", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def _etag(url: str, headers: dict[str, str]) -> str:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["ETag"]


def _spread(values: list[float], digits: int = 0) -> str:
    """median (min–max)."""
    fmt = f"{{:.{digits}f}}"
    middle = statistics.median(values)
    return f"{fmt.format(middle)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


# Who answers: straight to gunicorn, or through the pod's nginx front (then plain nginx).
SERVED_BY = {"app": "gunicorn", "front": "pod's nginx front"}
SERVERS = (*SERVED_BY, "nginx")


def measure(cases: dict, seconds: int, repeats: int) -> dict:
    """Every case at every concurrency: app, front, then nginx, `repeats` times."""
    results: dict = {}
    for case, targets in cases.items():
        for connections in CONCURRENCIES:
            runs: dict[str, list] = {server: [] for server in SERVERS}
            for _ in range(repeats):
                for server in SERVERS:
                    url, headers = targets[server]
                    runs[server].append(wrk(url, seconds, connections, headers))
            results[(case, connections)] = runs
    return results


def _row(case: str, connections: int, runs: dict, server: str) -> tuple[str, dict]:
    app, nginx = runs[server], runs["nginx"]
    ratios = [a["rps"] / n["rps"] for a, n in zip(app, nginx, strict=True)]
    p99_ratios = [a["p99"] / n["p99"] for a, n in zip(app, nginx, strict=True)]
    errors = sum(r["errors"] for r in app + nginx)
    figures = {
        "ratio": statistics.median(ratios),
        "p99_ratio": statistics.median(p99_ratios),
        "app_p99": statistics.median(r["p99"] for r in app),
        "nginx_p99": statistics.median(r["p99"] for r in nginx),
    }
    line = (
        f"| {case} | {SERVED_BY[server]} | {connections} | {_spread([r['rps'] for r in app])} | "
        f"{_spread([r['rps'] for r in nginx])} | {_spread(ratios, 3)} | "
        f"{_spread([r['p99'] for r in app], 2)} | {_spread([r['p99'] for r in nginx], 2)} | "
        f"{errors} |"
    )
    return line, figures


def _verdicts(figures: dict) -> list[str]:
    """What the figures say against the goals, each claim with its figure."""
    lines = []
    for (case, server, connections), found in figures.items():
        goal = GOAL_304 if "304" in case else GOAL_200
        verdict = "meets" if found["ratio"] >= goal else "MISSES"
        lines.append(
            f"- {case} via {SERVED_BY[server]}, c{connections}: /nginx {found['ratio']:.3f} "
            f"{verdict} the goal of >= {goal:.2f}."
        )
    for (case, server, connections), found in figures.items():
        if connections != 200:
            continue
        verdict = "meets" if found["p99_ratio"] <= GOAL_P99 else "MISSES"
        lines.append(
            f"- {case} via {SERVED_BY[server]}, c200 p99: {found['app_p99']:.2f} ms vs nginx "
            f"{found['nginx_p99']:.2f} ms = {found['p99_ratio']:.1f}x, {verdict} the goal of "
            f"<= {GOAL_P99:.0f}x."
        )
    return lines


def _summary(figures: dict) -> list[str]:
    """Per way of serving: how many of the goals it meets, and its lowest ratio."""
    lines = []
    for server, name in SERVED_BY.items():
        mine = {key: found for key, found in figures.items() if key[1] == server}
        met = sum(
            found["ratio"] >= (GOAL_304 if "304" in case else GOAL_200)
            for (case, _, _), found in mine.items()
        )
        p99 = [found["p99_ratio"] for (_, _, c), found in mine.items() if c == 200]
        lowest = min(mine.items(), key=lambda item: item[1]["ratio"])
        lines.append(
            f"- {name}: meets {met} of {len(mine)} throughput goals and "
            f"{sum(r <= GOAL_P99 for r in p99)} of {len(p99)} c200 p99 goals; lowest ratio "
            f"{lowest[1]['ratio']:.3f} ({lowest[0][0]}, c{lowest[0][2]})."
        )
    return lines


def report(results: dict, args: argparse.Namespace, size: int, load: str) -> str:
    """The Markdown section."""
    head = (
        "| case | served by | connections | req/s | nginx req/s | / nginx | p99 ms | "
        "nginx p99 ms | non-2xx/3xx |\n|---|---|---|---|---|---|---|---|---|"
    )
    rows, figures = [], {}
    for server in SERVED_BY:
        for (case, connections), runs in results.items():
            line, found = _row(case, connections, runs, server)
            rows.append(line)
            figures[(case, server, connections)] = found
    return "\n".join(
        [
            "## Site serving: published pages and previews, the app vs nginx on the same file",
            "",
            f"Command: `.venv/bin/python -m bench.bench_preview --seconds {args.seconds} "
            f"--repeats {args.repeats}`. Load average (1/5/15 min) when this section started: "
            f"{load}. The page is the sample CV's index.html ({size} bytes). The app runs "
            "under gunicorn with the image's flags (gthread, 2 workers x 4 threads, keep-alive "
            "75, access log and Prometheus metrics on) on PostgreSQL, Redis sessions and an "
            "S3-compatible server. `gunicorn` rows go straight to it; `pod's nginx front` rows "
            "go through the web pod's nginx (kustomize/base/nginx/nginx.conf as shipped: 2 "
            "workers, access log on, published pages and previews kept 1 s, revalidated with "
            "their ETag) in front of that same gunicorn. The reference nginx (2 workers, "
            "sendfile on, access log on) serves the same bytes from a folder. wrk (-t2, "
            "keep-alive) shares the 2 cores with all of them. Each cell is the median of "
            f"{args.repeats} runs of {args.seconds} s with min–max; each ratio is taken run by "
            "run (gunicorn, the front, then nginx right after) and its median given.",
            "",
            "Cases: `published 200` is `GET /p/<slug>/`; `published 304` the same with "
            "If-None-Match; `preview 200` is `GET /preview/<build>/` with the share cookie a "
            "shared link sets; `preview 304` the same with If-None-Match. nginx answers its "
            "304s to its own ETag.",
            "",
            head,
            *rows,
            "",
            "What these figures say (against the goals of issue 14):",
            "",
            *_summary(figures),
            "",
            *_verdicts(figures),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> str:
    """Start the stack, publish the sample, run wrk on the app and nginx, return Markdown."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_preview")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("wrk", "nginx", "redis-server") if not shutil.which(tool)]
    if missing:
        return f"## Site serving\n\nSkipped: needs {', '.join(missing)} (Debian packages).\n"
    from bench.load import publish_portfolio, start_gunicorn
    from bench.load_stack import Stack, fetch_preview, share_cookie
    from tests.support.nginx_front import NginxFront

    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="r2w-sites-"))
    port, nginx_port = free_port(), free_port()
    front_port, front_health = free_port(), free_port()
    try:
        with Stack(work) as stack:
            server = start_gunicorn(stack.app_env(), port, work, argparse.Namespace(
                workers=2, threads=4))  # fmt: skip
            stack.processes.append(server)
            base = f"http://127.0.0.1:{port}"
            wait_http(base + "/readyz", timeout=60)
            site = publish_portfolio(base)
            page = fetch_preview(base, site, work / "site")
            stack.processes.append(start_nginx(page.parent, nginx_port, work, access_log=True))
            nginx = f"http://127.0.0.1:{nginx_port}/index.html"
            wait_http(nginx)
            # 127.0.0.1 stands in for the ALB's subnets as the front's trusted proxy.
            front = NginxFront(work / "front", front_port, front_health, port).start(["127.0.0.1"])
            stack.processes.append(front.process)
            via = f"http://127.0.0.1:{front_port}"
            name, value = share_cookie(base, site["share"])
            cookie = {"Cookie": f"{name}={value}"}
            public, preview = base + site["public"], base + site["preview"]
            front_public, front_preview = via + site["public"], via + site["preview"]
            for url, headers in ((public, {}), (preview, cookie)):
                urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read()
            nginx_tag = {"If-None-Match": _etag(nginx, {})}
            public_tag = {"If-None-Match": _etag(public, {})}
            preview_tag = {**cookie, "If-None-Match": _etag(preview, cookie)}
            cases = {
                "published 200": {
                    "app": (public, {}),
                    "front": (front_public, {}),
                    "nginx": (nginx, {}),
                },
                "published 304": {
                    "app": (public, public_tag),
                    "front": (front_public, public_tag),
                    "nginx": (nginx, nginx_tag),
                },
                "preview 200": {
                    "app": (preview, cookie),
                    "front": (front_preview, cookie),
                    "nginx": (nginx, {}),
                },
                "preview 304": {
                    "app": (preview, preview_tag),
                    "front": (front_preview, preview_tag),
                    "nginx": (nginx, nginx_tag),
                },
            }
            results = measure(cases, args.seconds, args.repeats)
            size = page.stat().st_size
            server.send_signal(signal.SIGTERM)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(results, args, size, load)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
