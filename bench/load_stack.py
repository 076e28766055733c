"""What bench.load runs against (PostgreSQL, Redis, S3) and what it drives (visitors, wrk)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import aiohttp
import httpx

from tests.support import services
from tests.support.s3 import DUMMY_CREDENTIALS, new_bucket

STATUS = "GET /api/v1/cvs/<id> (status poll)"
PREVIEW = "GET /preview/<build>/ (shared preview)"
PUBLIC = "GET /p/<slug>/ (published site)"
READ_DOC = "GET /api/v1/cvs/<id>/document"
EDIT_DOC = "PUT /api/v1/cvs/<id>/document"


def _wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Stack:
    """A fresh database, a throwaway Redis and moto's S3 server; all removed on exit."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.processes: list[subprocess.Popen] = []
        self.roles: dict[int, str] = {}  # root pid -> what its process tree is, for CPU use
        self.cleanups: list = []

    def __enter__(self) -> Stack:
        try:
            self._database()
            self._redis()
            self._s3()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _database(self) -> None:
        from flask_migrate import upgrade

        from r2w import create_app

        server, throwaway = services.postgres_server_url()
        if server is None:
            raise RuntimeError("needs PostgreSQL (a local server or the postgresql package)")
        if throwaway:
            self.cleanups.append(throwaway.stop)
        self.database_url, drop = services.create_database(server)
        self.cleanups.append(drop)
        app = create_app({"ENVIRONMENT": "test", "DATABASE_URL": self.database_url})
        with app.app_context():
            upgrade()
            from r2w.extensions import db

            db.engine.dispose()

    def _redis(self) -> None:
        url, throwaway = services.start_redis()
        self.cleanups.append(throwaway.stop)
        self.redis_url = url

    def _s3(self) -> None:
        # moto's S3 app under gunicorn, in a process of its own (here it would compete with the
        # driver for the GIL). moto_server's own server closes every connection; real S3 keeps
        # them alive, and so does gunicorn. One worker: moto keeps its objects in memory.
        port = services.free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1",
                   "--worker-class", "gthread", "--threads", "8", "--keep-alive", "30",
                   'moto.server:create_backend_app("s3")']  # fmt: skip
        log = open(self.work / "moto.log", "ab")  # noqa: SIM115 - lives as long as the server
        moto = subprocess.Popen(command, stdout=log, stderr=log)
        self.processes.append(moto)
        self.roles[moto.pid] = "moto S3"
        _wait_port(port)
        self.s3_url = f"http://127.0.0.1:{port}"
        self.bucket = new_bucket(self.s3_url)

    def app_env(self) -> dict[str, str]:
        """Environment for the app: local settings on the cloud backends."""
        empty = self.work / "aws-empty"
        empty.write_text("")
        return {
            **DUMMY_CREDENTIALS,
            "AWS_CONFIG_FILE": str(empty),
            "AWS_SHARED_CREDENTIALS_FILE": str(empty),
            "ENVIRONMENT": "local",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "INSTANCE_PATH": str(self.work / "instance"),
            "DATABASE_URL": self.database_url,
            "SESSION_BACKEND": "redis",
            "REDIS_URL": self.redis_url,
            "STORAGE_URL": f"s3://{self.bucket}/r2w",
            "S3_ENDPOINT_URL": self.s3_url,
            # Every visitor uploads from 127.0.0.1 during the setup.
            "UPLOAD_RATE_LIMIT": "100000/hour",
        }

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:  # best effort: report and go on removing the rest
                print(f"cleanup failed: {exc}", file=sys.stderr)


async def _timed(client, samples, errors, name: str, method: str, url: str, **kw):
    """One request; its latency goes to ``samples[name]``, a failure to ``errors[name]``."""
    started = time.perf_counter()
    try:
        async with client.request(method, url, **kw) as response:
            body = await response.read()
    except (TimeoutError, aiohttp.ClientError):
        errors[name] += 1
        return None
    samples[name].append(time.perf_counter() - started)
    if response.status >= 400:
        errors[name] += 1
        return None
    return body


async def _edit(client, cv_id: str, samples, errors) -> None:
    """Read the document, change the summary, save it with the revision just read."""
    url = f"/api/v1/cvs/{cv_id}/document"
    current = await _timed(client, samples, errors, READ_DOC, "GET", url)
    if current is None:
        return
    body = json.loads(current)
    document = body["document"]
    document["summary"]["summaryText"] = f"Edited at {time.time():.3f}"
    payload = {"document": document, "revision": body["revision"]}
    await _timed(client, samples, errors, EDIT_DOC, "PUT", url, json=payload)


async def visitor_loop(client, cv_id: str, site, think: float, stop_at: float, samples, errors):
    """One visitor: poll status, read the previews, edit, with a pause after each action."""
    await asyncio.sleep(random.uniform(0, think))  # visitors arrive spread out, not at once
    while time.monotonic() < stop_at:
        roll = random.random()
        if roll < 0.5:
            await _timed(client, samples, errors, STATUS, "GET", f"/api/v1/cvs/{cv_id}")
        elif roll < 0.7:
            await _timed(client, samples, errors, PREVIEW, "GET", site["preview"])
        elif roll < 0.8:
            await _timed(client, samples, errors, PUBLIC, "GET", site["public"])
        else:
            await _edit(client, cv_id, samples, errors)
        await asyncio.sleep(think * random.uniform(0.5, 1.5))


ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"  # method, path, status, microseconds
_ENDPOINTS = [
    (re.compile(r"^GET /api/v1/cvs/\w+$"), STATUS),
    (re.compile(r"^GET /api/v1/cvs/\w+/document$"), READ_DOC),
    (re.compile(r"^PUT /api/v1/cvs/\w+/document$"), EDIT_DOC),
    (re.compile(r"^GET /preview/\w+/$"), PREVIEW),
    (re.compile(r"^GET /p/[\w-]+/$"), PUBLIC),
]


def server_times(access_log: Path, start: int, end: int) -> dict[str, list[float]]:
    """Seconds gunicorn spent on each request logged between byte offsets start and end."""
    times: dict[str, list[float]] = defaultdict(list)
    with open(access_log, "rb") as fh:
        fh.seek(start)
        lines = fh.read(end - start).decode().splitlines()
    for line in lines:
        parts = line.split()
        if len(parts) != 4:
            continue
        request = f"{parts[0]} {parts[1]}"
        for pattern, name in _ENDPOINTS:
            if pattern.match(request):
                times[name].append(int(parts[3]) / 1e6)
    return times


PROGRAMS = {"postgres": "PostgreSQL", "redis-server": "Redis"}


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, program name, CPU seconds used so far) for every process."""
    ticks, found = os.sysconf("SC_CLK_TCK"), {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / ticks)
    return found


def _machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


def cpu_seconds(roles: dict[int, str]) -> dict[str, float]:
    """CPU seconds used so far, by role: the process trees in ``roles``, this driver, and the
    rest of the machine ("other", from the machine's total: processes that end keep counting)."""
    processes, used = _processes(), defaultdict(float)
    for pid, (_, name, seconds) in processes.items():
        role, ancestor = None, pid
        while role is None and ancestor in processes:
            role = roles.get(ancestor)
            parent = processes[ancestor][0]
            ancestor = parent if parent != ancestor else -1
        if pid == os.getpid():
            role = "driver"
        if role or name in PROGRAMS:
            used[role or PROGRAMS[name]] += seconds
    used["other"] = _machine_busy_seconds() - sum(used.values())
    return used


async def loop_lag(stop_at: float, lags: list[float]) -> None:
    """How late the driver's own event loop wakes up: the share of client times that is ours."""
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - started - 0.01)


def wrk(url: str, seconds: int, headers: dict[str, str] | None = None) -> dict:
    """wrk -t2 -c32 with latency percentiles; requests/s, p50, p99 and non-2xx count."""
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *extra, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def share_cookie(base: str, share_path: str) -> tuple[str, str]:
    """The cookie the shared preview link sets (name, value)."""
    response = httpx.get(base + share_path, follow_redirects=False, timeout=30)
    [(name, value)] = [(c.name, c.value) for c in response.cookies.jar]
    return name, value


def fetch_preview(base: str, site: dict[str, str], dest: Path) -> Path:
    """Save the preview's index.html as the app serves it (for nginx to serve the same bytes)."""
    name, value = share_cookie(base, site["share"])
    response = httpx.get(base + site["preview"], cookies={name: value}, timeout=30)
    response.raise_for_status()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "index.html").write_bytes(response.content)
    return dest / "index.html"


def run_wrk_on(base: str, site: dict[str, str], nginx_port: int, seconds: int) -> dict:
    """wrk on the app's preview (with its share cookie), then on nginx serving the same file."""
    name, value = share_cookie(base, site["share"])
    app = wrk(base + site["preview"], seconds, {"Cookie": f"{name}={value}"})
    nginx = wrk(f"http://127.0.0.1:{nginx_port}/index.html", seconds)
    return {"app": app, "nginx": nginx}
