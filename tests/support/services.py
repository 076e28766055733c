"""Real PostgreSQL and Redis for the suite: given by env, on standard ports, or started here.

Order of preference: TEST_DATABASE_URL / TEST_REDIS_URL, then the standard local ports, then a
throwaway server started from the installed binaries. When none can be had the caller skips with
a reason naming what is missing, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field

import pytest

IN_CI = os.environ.get("CI") == "true"


def unavailable(what: str) -> None:
    """Skip (or fail under CI) because a required service is missing."""
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available")
    pytest.skip(f"{what} is not available")


def free_port() -> int:
    """Return a TCP port that is free right now on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Throwaway:
    """A server process this suite started and must stop."""

    stop_command: list[str]
    cleanup_dirs: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        subprocess.run(self.stop_command, capture_output=True, timeout=30, check=False)
        for path in self.cleanup_dirs:
            shutil.rmtree(path, ignore_errors=True)


def _as_postgres_user(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root, so run the server as the postgres system user.
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_postgres() -> tuple[str, Throwaway] | None:
    """Start a throwaway PostgreSQL from the installed binaries; None if there are none."""
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bindirs:
        return None
    bindir, port = bindirs[-1], free_port()
    datadir = tempfile.mkdtemp(prefix="r2w-pg-")
    if os.geteuid() == 0:
        shutil.chown(datadir, "postgres", "postgres")
    run = lambda cmd: subprocess.run(  # noqa: E731
        _as_postgres_user(cmd), capture_output=True, timeout=120, check=True
    )
    run([f"{bindir}/initdb", "-D", datadir, "-A", "trust", "-U", "postgres"])
    options = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
    run([f"{bindir}/pg_ctl", "-D", datadir, "-o", options, "-w", "start", "-l", f"{datadir}/log"])
    stop = _as_postgres_user([f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop"])
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", Throwaway(stop, [datadir])


def start_redis() -> tuple[str, Throwaway] | None:
    """Start a throwaway Redis; None if redis-server is not installed."""
    binary = shutil.which("redis-server")
    if not binary:
        return None
    port = free_port()
    subprocess.run(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
        ],
        capture_output=True,
        timeout=30,
        check=True,
    )
    deadline = time.monotonic() + 10
    while not _port_open("127.0.0.1", port) and time.monotonic() < deadline:
        time.sleep(0.05)
    cli = shutil.which("redis-cli") or "redis-cli"
    return f"redis://127.0.0.1:{port}/0", Throwaway([cli, "-p", str(port), "shutdown", "nosave"])


def _can_connect(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False  # e.g. password auth on a stock install: start our own instead


def postgres_server_url() -> tuple[str | None, Throwaway | None]:
    """Find a PostgreSQL server URL (admin database), starting one if needed."""
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"], None
    standard = "postgresql://postgres@127.0.0.1:5432/postgres"
    if _port_open("127.0.0.1", 5432) and _can_connect(standard):
        return standard, None
    try:
        started = start_postgres()
    except (OSError, subprocess.SubprocessError):
        started = None
    return started if started else (None, None)


def redis_server_url() -> tuple[str | None, Throwaway | None]:
    """Find a Redis URL, starting one if needed."""
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"], None
    if _port_open("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/0", None
    try:
        started = start_redis()
    except (OSError, subprocess.SubprocessError):
        started = None
    return started if started else (None, None)


def create_database(server_url: str) -> tuple[str, callable]:
    """Create a fresh database for this test run; return its URL and a function that drops it."""
    import psycopg

    name = f"r2w_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server_url.rpartition("/")
    url = f"{base}/{name}"

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop
