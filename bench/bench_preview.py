"""Preview/public-site throughput through the app under gunicorn vs nginx on the same files.

Run: .venv/bin/python -m bench.bench_preview [--seconds 10]
Both servers serve the same built site from the same folder in the same run; wrk (-t2 -c32)
shares the two cores with them, so only the ratio is meaningful.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "cvs" / "comprehensive_all_components_cv.txt"


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


def publish_sample(instance: Path) -> tuple[str, Path]:
    """Upload, build and publish the sample CV in a fresh instance; return (slug, site folder)."""
    env = {**os.environ, "INSTANCE_PATH": str(instance), "ENVIRONMENT": "test"}
    script = f"""
import json, time
from r2w import create_app
from flask_migrate import upgrade
app = create_app({{"ENVIRONMENT": "test", "INSTANCE_PATH": {str(instance)!r}}})
with app.app_context():
    upgrade()
from tests.api.conftest import Api
from tests.sites.conftest import make_portfolio
from tests.conftest import register
api = Api(app.test_client())
portfolio, build = make_portfolio(api)
register(api.client); api.forget_token()
api.post(f"/api/v1/portfolios/{{portfolio['id']}}/publish", {{"slug": "bench"}})
from r2w.models import Build
from r2w.extensions import db
with app.app_context():
    print(json.dumps({{"prefix": db.session.get(Build, build["id"]).storage_prefix}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    prefix = json.loads(out.stdout.strip().splitlines()[-1])["prefix"]
    return "bench", instance / "storage" / prefix


def run_wrk(url: str, seconds: int) -> dict[str, float]:
    """Run wrk and parse requests/s and latency percentiles."""
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def start_nginx(site: Path, port: int, workdir: Path) -> subprocess.Popen:
    """nginx serving the site folder, 2 workers (one per core)."""
    conf = workdir / "nginx.conf"
    # Workers run as the invoking user: r2w's storage keeps files owner-only (they are CVs).
    user = "user root root;" if os.geteuid() == 0 else ""
    conf.write_text(
        f"""{user} worker_processes 2; daemon off; pid {workdir}/nginx.pid; error_log stderr error;
events {{ worker_connections 1024; }}
http {{ access_log off; include /etc/nginx/mime.types; sendfile on;
  client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
  server {{ listen 127.0.0.1:{port}; root {site}; }} }}
"""
    )
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)])


def start_gunicorn(instance: Path, port: int) -> subprocess.Popen:
    """The app under gunicorn: 2 gthread workers x 4 threads, as deployed."""
    env = {
        **os.environ,
        "INSTANCE_PATH": str(instance),
        "ENVIRONMENT": "local",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "4",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> str:
    """Run the comparison and return a Markdown section."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args(argv)
    if not shutil.which("wrk") or not shutil.which("nginx"):
        return "## Preview throughput\n\nSkipped: needs wrk and nginx (Debian: wrk, nginx-light).\n"
    work = Path(tempfile.mkdtemp(prefix="r2w-bench-"))
    instance = work / "instance"
    slug, site = publish_sample(instance)
    app_port, nginx_port = free_port(), free_port()
    servers = [start_gunicorn(instance, app_port), start_nginx(site, nginx_port, work)]
    try:
        wait_http(f"http://127.0.0.1:{app_port}/p/{slug}/")
        wait_http(f"http://127.0.0.1:{nginx_port}/index.html")
        app = run_wrk(f"http://127.0.0.1:{app_port}/p/{slug}/", args.seconds)
        nginx = run_wrk(f"http://127.0.0.1:{nginx_port}/index.html", args.seconds)
        size = (site / "index.html").stat().st_size
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return (
        "## Preview throughput: the app vs nginx on the same built site\n\n"
        f"Command: `.venv/bin/python -m bench.bench_preview --seconds {args.seconds}` "
        f"(wrk -t2 -c32 -d{args.seconds}s, index.html of {size} bytes, 2 cores shared)\n\n"
        "| server | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n"
        f"| r2w `/p/<slug>/` (gunicorn 2×4 gthread) | {app['rps']:.0f} | {app['p50']} | "
        f"{app['p99']} | {app['errors']} |\n"
        f"| nginx (2 workers), same file | {nginx['rps']:.0f} | {nginx['p50']} | "
        f"{nginx['p99']} | {nginx['errors']} |\n\n"
        f"Ratio r2w / nginx: **{app['rps'] / nginx['rps']:.3f}**\n"
    )


if __name__ == "__main__":
    print(main(sys.argv[1:]))
