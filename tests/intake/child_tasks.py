"""Functions the isolation tests run in the reading child (importable by module name)."""

from __future__ import annotations

import os
import time


def add(a: int, b: int) -> int:
    """A well-behaved task."""
    return a + b


def pid() -> int:
    """The child's process id."""
    return os.getpid()


def hog(megabytes: int) -> int:
    """Touch that much memory at once, as an inflating archive would."""
    block = bytearray(megabytes * 2**20)
    return len(block)


def creep(megabytes: int) -> int:
    """Grow resident memory step by step, slower than the watchdog polls."""
    kept = []
    for _ in range(megabytes):
        kept.append(b"x" * 2**20)
        time.sleep(0.002)
    return len(kept)


def sleep(seconds: float) -> str:
    """Take too long."""
    time.sleep(seconds)
    return "done"


def fail(message: str) -> None:
    """Raise an ordinary error."""
    raise ValueError(message)


def die() -> None:
    """Exit abruptly, as a crashing native library would."""
    os._exit(3)
