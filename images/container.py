"""Run commands in an image with buildah (chroot isolation, host network), as Kubernetes would.

`podman run` needs a runtime that may set rlimits and create namespaces, which CI runners and
nested containers refuse; `buildah from` + `buildah run --isolation chroot` needs neither. The
rootfs of a buildah container is a plain folder on the host (`buildah mount`), so a snapshot of
it before and after shows every write that did not land in a mounted writable path.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from images.engine import ImageError, run

RUN_FLAGS = ["--isolation", "chroot", "--network", "host"]
Snapshot = dict[str, tuple[int, int, int]]


class Container:
    """A buildah working container of one image; remove() it when done."""

    def __init__(self, image: str) -> None:
        self.image = image
        self.name = run(["buildah", "from", "--pull=never", image], capture=True).strip()
        info = json.loads(run(["buildah", "inspect", self.name], capture=True))
        self.config = info["OCIv1"]["config"]
        self.root = Path(run(["buildah", "mount", self.name], capture=True).strip())

    def command(
        self, argv: Sequence[str], env: Mapping[str, str] = {}, volumes: Mapping[str, str] = {}
    ) -> list[str]:
        """The `buildah run` command line for argv, as the image's own user."""
        cmd = ["buildah", "run", *RUN_FLAGS]
        for key, value in env.items():
            cmd += ["--env", f"{key}={value}"]
        for host, inside in volumes.items():
            cmd += ["--volume", f"{host}:{inside}"]
        return [*cmd, self.name, "--", *argv]

    def run(
        self, argv: Sequence[str], env: Mapping[str, str] = {}, volumes: Mapping[str, str] = {},
        timeout: float = 300,
    ) -> subprocess.CompletedProcess[str]:  # fmt: skip
        """Run argv to completion; the result carries exit code, stdout and stderr."""
        cmd = self.command(argv, env, volumes)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

    def spawn(
        self, argv: Sequence[str], log: Path, env: Mapping[str, str] = {},
        volumes: Mapping[str, str] = {},
    ) -> subprocess.Popen[bytes]:  # fmt: skip
        """Start argv in the background, its output going to the file log."""
        cmd = self.command(argv, env, volumes)
        with open(log, "wb") as out:  # a file, not a pipe: a full pipe would block the server
            return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)

    @staticmethod
    def processes(proc: subprocess.Popen[bytes]) -> list[int]:
        """Host pids of what spawn() started that runs inside the container (chrooted)."""
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:  # gone meanwhile
                    continue
                # The field after the parenthesised command name is the state, then the ppid.
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        family, grew = {proc.pid}, True
        while grew:
            kids = {pid for pid, ppid in parents.items() if ppid in family} - family
            family |= kids
            grew = bool(kids)
        return sorted(pid for pid in family if _root(pid) not in ("/", None))

    def stop(self, proc: subprocess.Popen[bytes], grace: float = 20) -> None:
        """SIGTERM what spawn() started, then SIGKILL whatever of it remains."""
        for pid in [proc.pid, *self.processes(proc)]:
            _signal(pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
        for pid in [proc.pid, *self.processes(proc)]:
            _signal(pid, signal.SIGKILL)
        proc.wait(timeout=grace)

    def snapshot(self) -> Snapshot:
        """(mode, size, mtime) of every path in the rootfs, keyed by its path inside."""
        found: Snapshot = {}
        root = str(self.root)
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                path = os.path.join(folder, name)
                st = os.lstat(path)
                found[path[len(root) :]] = (st.st_mode, st.st_size, st.st_mtime_ns)
        return found

    def remove(self) -> None:
        """Unmount and delete the working container (the image stays)."""
        subprocess.run(["buildah", "umount", self.name], capture_output=True)
        subprocess.run(["buildah", "rm", self.name], capture_output=True)


def _root(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/root")
    except OSError:
        return None


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or modified between two snapshots, sorted."""
    paths = before.keys() | after.keys()
    return sorted(p for p in paths if before.get(p) != after.get(p))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_bind(argv: Sequence[str], address: str) -> list[str]:
    """The image's gunicorn command with its --bind address replaced (the rest unchanged)."""
    argv = list(argv)
    if "--bind" not in argv:
        raise ImageError(f"the image's command has no --bind to replace: {argv}")
    argv[argv.index("--bind") + 1] = address
    return argv


def get(url: str, timeout: float = 5) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()
    except (urllib.error.URLError, OSError):
        return 0, "", b""


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> float:
    """Seconds until url answers 200; ImageError if the process exits or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if get(url, timeout=2)[0] == 200:
            return time.monotonic() - started
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-800:]
            raise ImageError(f"the web exited {proc.returncode} before answering: {tail}")
        time.sleep(0.1)
    raise ImageError(f"{url} did not answer 200 within {timeout:.0f} s")
