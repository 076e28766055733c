"""Runs one build command and records its exit status in a file (stdlib only, run by path).

Usage: python localwrap.py EXIT_FILE -- COMMAND [ARGS...]

The local runner starts builds through this wrapper so that the outcome survives the process
that started it: a restarted web worker reads EXIT_FILE instead of waiting on a child it no
longer owns. The file is written atomically, only once the command has ended; a wrapper that is
killed first leaves no file, which the runner reports as a failure.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime


def write_exit(path: str, code: int) -> None:
    """Atomically write ``{"exitCode", "finishedAt"}`` to ``path``."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"exitCode": code, "finishedAt": datetime.now(UTC).isoformat()}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    """Run the command after ``--``, record its exit code, and exit with it."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: localwrap.py EXIT_FILE -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    exit_file, command = argv[0], argv[2:]
    try:
        child = subprocess.Popen(command)
    except OSError as exc:
        print(f"cannot start build command {command[0]!r}: {exc}", flush=True)
        write_exit(exit_file, 127)
        return 127

    def forward(signum: int, _frame: object) -> None:
        # Pass a termination request on to the build, then record how it ended.
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    code = child.wait()
    write_exit(exit_file, code)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
