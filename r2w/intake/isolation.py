"""Reading a file in a child process with a memory ceiling and a time limit.

A hostile or merely huge upload (a DOCX whose XML inflates to gigabytes, a PDF that loops, a
photo that OCR chews on for minutes) must never take a web or worker process down. So files are
read in a child process forked from a clean fork server (never from a threaded gunicorn worker):
its address space is capped with RLIMIT_AS, its resident memory is watched by the parent, and it
is killed past either limit or past the time limit. The caller gets ``LimitExceeded`` with a
reason it can show; the next call starts a fresh child. A healthy child is reused, so engines
that load models (OCR) load them once per child, not once per file.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MiB = 2**20
# Virtual address space is far larger than what is resident (OCR runtimes reserve ~1.6 GiB they
# never touch), so the hard cap sits above the watched resident ceiling.
ADDRESS_SPACE_FACTOR = 3
POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Limits:
    """How much memory (resident MiB) and time (seconds) reading one file may take."""

    memory_mb: int = 1024
    seconds: float = 120.0


class LimitExceeded(Exception):
    """The child went past a limit or died; reason is "memory", "time" or "crash"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _serve(conn: Any, address_space: int) -> None:
    """Child loop: cap the address space, then run each (func, args) sent and send back."""
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    while True:
        try:
            func, args, kwargs = conn.recv()
        except EOFError:
            return
        try:
            outcome = ("ok", func(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", "")
        except BaseException as exc:  # sent back to be raised in the caller
            outcome = ("error", exc)
        try:
            conn.send(outcome)
        except Exception as exc:  # an unpicklable result or exception
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        if outcome[0] == "memory":
            return  # a child that ran out of memory may be in any state: start afresh


def _resident_bytes(pid: int) -> int:
    """Resident set size of a process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class _Child:
    """One child process and the pipe to it."""

    def __init__(self, limits: Limits) -> None:
        context = multiprocessing.get_context("forkserver")
        self.conn, child_conn = context.Pipe()
        address_space = limits.memory_mb * MiB * ADDRESS_SPACE_FACTOR
        self.process = context.Process(
            target=_serve, args=(child_conn, address_space), name="r2w-reader", daemon=True
        )
        self.process.start()
        child_conn.close()

    def call(self, func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits) -> Any:
        """Run func in the child; LimitExceeded if it goes past a limit or dies."""
        self.conn.send((func, args, kwargs))
        deadline = time.monotonic() + limits.seconds
        ceiling = limits.memory_mb * MiB
        while not self.conn.poll(POLL_SECONDS):
            if not self.process.is_alive():
                raise LimitExceeded("crash", f"exit code {self.process.exitcode}")
            if _resident_bytes(self.process.pid) > ceiling:
                self.kill()
                raise LimitExceeded("memory", f"over {limits.memory_mb} MiB resident")
            if time.monotonic() > deadline:
                self.kill()
                raise LimitExceeded("time", f"over {limits.seconds:g} s")
        try:
            status, value = self.conn.recv()
        except EOFError:
            raise LimitExceeded("crash", "the child closed its pipe") from None
        if status == "memory":
            raise LimitExceeded("memory", "allocation refused")
        if status == "error":
            raise value
        return value

    def alive(self) -> bool:
        """Whether the child can take another call."""
        return self.process.is_alive()

    def kill(self) -> None:
        """Stop the child at once and reap it."""
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


_local = threading.local()


def run_limited(func: Callable[..., Any], *args: Any, limits: Limits, **kwargs: Any) -> Any:
    """Run a module-level function in this thread's reading child, within limits.

    Exceptions the function raises are raised here as they are; LimitExceeded means the child
    was killed (or died) and will be replaced on the next call.
    """
    child: _Child | None = getattr(_local, "child", None)
    if child is None or not child.alive():
        child = _local.child = _Child(limits)
    try:
        return child.call(func, args, kwargs, limits)
    except LimitExceeded:
        if child.alive():
            child.kill()
        _local.child = None
        raise
