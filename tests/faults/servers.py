"""Throwaway PostgreSQL, Redis and S3 servers that a fault test may stop and start again.

Each wraps a server started by tests/support (so the machine's own PostgreSQL and Redis are never
touched) and adds stop()/start() on the same port and data, which is what an outage looks like
to the app: connections refused for a while, then the same server back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from moto.server import ThreadedMotoServer

from tests.support import services
from tests.support.s3 import start_s3_server


def port_open(port: int) -> bool:
    """True if something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(condition, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Poll ``condition`` until it is true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {condition}")
        time.sleep(interval)


@dataclass
class Postgres:
    """A throwaway PostgreSQL cluster: admin URL, data folder and pg_ctl, restartable."""

    url: str
    throwaway: services.Throwaway

    @classmethod
    def start_new(cls) -> Postgres | None:
        """Start a fresh cluster; None when the PostgreSQL binaries are not installed."""
        started = services.start_postgres()
        return cls(*started) if started else None

    @property
    def port(self) -> int:
        """The TCP port the cluster listens on."""
        return urlsplit(self.url).port

    @property
    def datadir(self) -> str:
        """The cluster's data folder."""
        return self.throwaway.cleanup_dirs[0]

    def _pg_ctl(self, *args: str) -> None:
        # Same binary and user as the throwaway's own stop command.
        cmd = list(self.throwaway.stop_command)
        at = next(i for i, part in enumerate(cmd) if part.endswith("/pg_ctl"))
        command = [*cmd[: at + 1], "-D", self.datadir, *args]
        subprocess.run(command, check=True, timeout=60, capture_output=True)

    def stop(self) -> None:
        """Fast shutdown: open sessions are ended, new connections are refused."""
        self._pg_ctl("-m", "fast", "-w", "stop")
        assert not port_open(self.port)

    def start(self) -> None:
        """Start the same cluster on the same port again."""
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "-w", "start", "-l", f"{self.datadir}/log")

    def restart(self) -> None:
        """pg_ctl restart -m fast (the options of the last start are reused)."""
        # -l again: without a log file the server keeps this call's output pipes open.
        self._pg_ctl("-m", "fast", "-w", "restart", "-l", f"{self.datadir}/log")

    def close(self) -> None:
        """Stop the cluster for good and remove its files."""
        self.throwaway.stop()


class Redis:
    """A throwaway redis-server on a fixed port that can be shut down and started again.

    It runs in its own folder so that ``stop(save=True)`` can write a snapshot that the next
    start loads (a managed Redis with persistence); ``save=False`` loses every key.
    """

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = services.free_port()
        self.dir = tempfile.mkdtemp(prefix="r2w-redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def start_new(cls) -> Redis | None:
        """Start one; None when redis-server is not installed."""
        binary = shutil.which("redis-server")
        if not binary:
            return None
        server = cls(binary)
        server.start()
        return server

    def start(self) -> None:
        """Start (again) on the same port, loading the snapshot if one was saved."""
        options = ["--bind", "127.0.0.1", "--dir", self.dir, "--save", "", "--appendonly", "no"]
        command = [self.binary, "--port", str(self.port), *options, "--daemonize", "yes"]
        subprocess.run(command, capture_output=True, timeout=30, check=True)
        wait_until(lambda: port_open(self.port), timeout=10)

    def stop(self, save: bool = False) -> None:
        """SHUTDOWN [NO]SAVE; returns once the port is closed."""
        cli = shutil.which("redis-cli") or "redis-cli"
        mode = "save" if save else "nosave"
        command = [cli, "-p", str(self.port), "shutdown", mode]
        subprocess.run(command, capture_output=True, timeout=30, check=False)
        wait_until(lambda: not port_open(self.port), timeout=10)

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """SIGSTOP the server (it accepts connections but never answers), then SIGCONT it."""
        import redis

        pid = int(redis.Redis.from_url(self.url).info("server")["process_id"])
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    def close(self) -> None:
        """Stop for good and remove the folder."""
        if port_open(self.port):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class S3:
    """moto's S3 server on a port of its own (not the suite's shared one), restartable.

    moto keeps buckets and objects in process memory, so a server started again on the same port
    serves the same data: an S3 endpoint that went away and came back.
    """

    def __init__(self) -> None:
        self.server, self.url = start_s3_server()
        self.port = urlsplit(self.url).port

    def stop(self) -> None:
        """Stop answering: connections to the endpoint are refused."""
        self.server.stop()
        wait_until(lambda: not port_open(self.port), timeout=10)

    def start(self) -> None:
        """Serve again on the same port."""
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_until(lambda: port_open(self.port), timeout=10)

    def close(self) -> None:
        """Stop if running."""
        if port_open(self.port):
            self.server.stop()
