"""The app under gunicorn in a subprocess, with a way to find and kill its worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from tests.faults.servers import wait_until
from tests.support.services import free_port

ROOT = Path(__file__).resolve().parents[2]


class Gunicorn:
    """gunicorn with one gthread worker (so the test knows which process serves a request)."""

    def __init__(self, module: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", "1",
            "--worker-class", "gthread",
            "--threads", "4",
            "--graceful-timeout", "2",
            module,
        ]  # fmt: skip
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=self.log
        )

    def workers(self) -> list[int]:
        """Pids of the master's live worker processes."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def wait_ready(self, timeout: float = 60.0) -> int:
        """Wait until one worker answers /healthz; return that worker's pid."""

        def answering() -> bool:
            assert self.process.poll() is None, "gunicorn exited; see its log"
            try:
                return requests.get(self.url + "/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(answering, timeout=timeout, interval=0.1)
        wait_until(lambda: len(self.workers()) == 1, timeout=timeout)
        return self.workers()[0]

    def stop(self) -> None:
        """Quick shutdown of the master and its workers (SIGINT); kill it if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


def send_partial_request(port: int, head: str, body: bytes, sent: int) -> socket.socket:
    """Open a request whose body stops after ``sent`` of its bytes: it stays in flight."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    headers = head.rstrip("\r\n") + f"\r\nContent-Length: {len(body)}\r\n\r\n"
    sock.sendall(headers.encode("latin-1") + body[:sent])
    return sock


def _server_side_inode(server_port: int, client_port: int) -> str | None:
    """The socket inode of the server's end of the connection from ``client_port`` (IPv4)."""
    wanted = (f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}")
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if (fields[1], fields[2]) == wanted:
            return fields[9]
    return None


def held_by(pid: int, server_port: int, sock: socket.socket) -> bool:
    """True once process ``pid`` has accepted the connection ``sock`` (it holds its socket)."""
    inode = _server_side_inode(server_port, sock.getsockname()[1])
    if inode is None:
        return False
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    target = f"socket:[{inode}]"
    return any(os.readlink(fd) == target for fd in fds if fd.is_symlink())


def answer_of(sock: socket.socket) -> bytes:
    """Whatever the server sent back before closing the connection (b"" when it was cut)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except OSError:
        pass  # reset by a dying worker: no answer
    finally:
        sock.close()
    return b"".join(chunks)
