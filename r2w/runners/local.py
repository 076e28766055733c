"""Builds as local subprocesses (`python -m builder`), with a concurrency cap and a queue.

Everything about a build lives in files under ``log_dir``, so any LocalRunner over the same
folder (another web worker, or one started after a restart) sees the same builds::

    builds/<build_id>/request.json   the request and when it was queued (written by submit)
    builds/<build_id>/proc.json      pid of the wrapper and when it started (written at start)
    builds/<build_id>/exit.json      exit code, written by the wrapper when the build ends
    builds/<build_id>/cancelled      marker written by cancel()
    builds/<build_id>/output.log     stdout + stderr of the build
    active/<build_id>                marker for queued/running builds (so the queue scan is cheap)
    lock                             flock'ed while the queue is changed

State is derived from these files in one place (_derive); a process that is gone without an
exit.json was killed, and shows as FAILED.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from r2w.runners.base import VANISHED, BuildRequest, BuildStatus, RunnerError, RunnerState

_BUILD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_WRAPPER = Path(__file__).with_name("localwrap.py")
_REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_TAIL_BYTES = 4096
# What a build may inherit from this process: the system basics and the storage credentials of
# the standard AWS chain. Everything else (SECRET_KEY, DATABASE_URL, STRIPE_*, API keys) stays
# behind, so a build that renders hostile CV content has nothing of the app's to leak.
BUILDER_ENV_NAMES = frozenset(
    {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR"}
)
BUILDER_ENV_PREFIXES = ("AWS_",)


class LocalRunner:
    """Runs builds as subprocesses of this machine, at most ``max_concurrent`` at a time."""

    name = "local"

    def __init__(
        self,
        storage_url: str,
        s3_endpoint_url: str | None = None,
        max_concurrent: int = 2,
        command: Sequence[str] | None = None,
        workdir: str | os.PathLike[str] | None = None,
        log_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.storage_url = storage_url
        self.s3_endpoint_url = s3_endpoint_url
        self.max_concurrent = max_concurrent
        self.command = list(command or [sys.executable, "-m", "builder"])
        self.workdir = Path(workdir) if workdir else None
        self.log_dir = Path(log_dir or Path(tempfile.gettempdir()) / "r2w-builds").absolute()
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        try:
            (self.log_dir / "builds").mkdir(parents=True, exist_ok=True)
            (self.log_dir / "active").mkdir(exist_ok=True)
        except OSError as exc:
            raise RunnerError(f"cannot create build log folder {self.log_dir}: {exc}") from exc

    def submit(self, req: BuildRequest) -> str:
        """Queue the build (once per build_id) and start it if a slot is free."""
        folder = self._folder(req.build_id)
        with self._locked():
            if not (folder / "request.json").exists():
                folder.mkdir(parents=True, exist_ok=True)
                record = {**req.__dict__, "queuedAt": _now()}
                _write_json(folder / "request.json", record)
                (self.log_dir / "active" / req.build_id).touch()
            self._pump()
        return req.build_id

    def state(self, handle: str) -> RunnerState:
        """Current state of build ``handle``; also starts queued builds when slots are free."""
        self._reap()
        with self._locked():
            self._pump()
        return self._derive(handle)

    def cancel(self, handle: str) -> None:
        """Stop a queued or running build; a missing or finished one is fine."""
        folder = self._folder(handle)
        with self._locked():
            if not (folder / "request.json").exists() or (folder / "exit.json").exists():
                return
            (folder / "cancelled").touch()
            proc = _read_json(folder / "proc.json")
            if proc and _alive(proc):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    # The wrapper leads its own process group: this reaches the builder too.
                    os.killpg(proc["pid"], signal.SIGTERM)
            (self.log_dir / "active" / handle).unlink(missing_ok=True)
        self._reap()

    def handles(self) -> list[str]:
        """Build ids that are queued or running."""
        self._reap()
        with self._locked():
            self._pump()
            return sorted(p.name for p in (self.log_dir / "active").iterdir())

    # -- queue ----------------------------------------------------------------------------

    def _pump(self) -> None:
        """Drop finished builds from the active set and start queued ones while slots are free.

        Called with the lock held, so two workers never start the same build.
        """
        running, queued = 0, []
        for marker in (self.log_dir / "active").iterdir():
            state = self._derive(marker.name)
            if state.status.finished:
                marker.unlink(missing_ok=True)
            elif state.status is BuildStatus.RUNNING:
                running += 1
            else:
                request = _read_json(self._folder(marker.name) / "request.json") or {}
                queued.append((request.get("queuedAt", ""), marker.name))
        for _, build_id in sorted(queued)[: max(0, self.max_concurrent - running)]:
            self._start(build_id)

    def _start(self, build_id: str) -> None:
        folder = self._folder(build_id)
        request = _read_json(folder / "request.json") or {}
        argv = [
            sys.executable,
            str(_WRAPPER),
            str(folder / "exit.json"),
            "--",
            *self.command,
            "--spec-key",
            str(request.get("spec_key", "")),
        ]
        try:
            with open(folder / "output.log", "ab") as log:
                child = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=self.workdir,
                    env=self._env(),
                    start_new_session=True,
                )
        except OSError as exc:
            raise RunnerError(f"cannot start build {build_id}: {exc}") from exc
        self._children[build_id] = child
        _write_json(
            folder / "proc.json",
            {"pid": child.pid, "pidStart": _proc_start(child.pid), "startedAt": _now()},
        )

    def _env(self) -> dict[str, str]:
        env = builder_environment(os.environ)
        env["STORAGE_URL"] = self.storage_url
        if self.s3_endpoint_url:
            env["S3_ENDPOINT_URL"] = self.s3_endpoint_url
        else:
            env.pop("S3_ENDPOINT_URL", None)
        # `python -m builder` must find the repository's packages from any working directory.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_REPO_ROOT), env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _reap(self) -> None:
        # Collect exited children so they do not linger as zombies (which look alive to kill(0)).
        for build_id, child in list(self._children.items()):
            if child.poll() is not None:
                del self._children[build_id]

    # -- state ----------------------------------------------------------------------------

    def _derive(self, build_id: str) -> RunnerState:
        """The one place that maps a build's files to a RunnerState."""
        folder = self._folder(build_id)
        if not (folder / "request.json").exists():
            return RunnerState(BuildStatus.FAILED, VANISHED)
        proc = _read_json(folder / "proc.json")
        started = _time(proc.get("startedAt")) if proc else None
        exit_info = _read_json(folder / "exit.json")
        if exit_info is None and proc and _alive(proc) and not (folder / "cancelled").exists():
            return RunnerState(BuildStatus.RUNNING, "running", "", started)
        if exit_info is None:
            # Read again: the wrapper may have finished between the two checks above.
            exit_info = _read_json(folder / "exit.json")
        tail = _tail(folder / "output.log")
        if exit_info is not None:
            code = int(exit_info.get("exitCode", 1))
            finished = _time(exit_info.get("finishedAt"))
            if code == 0:
                return RunnerState(BuildStatus.SUCCEEDED, "completed", tail, started, finished)
            if (folder / "cancelled").exists():
                return RunnerState(BuildStatus.FAILED, "cancelled", tail, started, finished)
            return RunnerState(BuildStatus.FAILED, _exit_message(code), tail, started, finished)
        if (folder / "cancelled").exists():
            return RunnerState(BuildStatus.FAILED, "cancelled", tail, started)
        if proc:
            message = "builder process ended without recording an exit status (killed?)"
            return RunnerState(BuildStatus.FAILED, message, tail, started)
        return RunnerState(BuildStatus.QUEUED, "waiting for a free build slot")

    def _folder(self, build_id: str) -> Path:
        if not _BUILD_ID.match(build_id or ""):
            raise ValueError(f"invalid build id {build_id!r}")
        return self.log_dir / "builds" / build_id

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # flock locks belong to the open file, so this excludes other threads and processes.
        with open(self.log_dir / "lock", "a+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def builder_environment(parent: Mapping[str, str]) -> dict[str, str]:
    """Return the part of ``parent`` a build may see (system basics and AWS credentials)."""
    return {
        name: value
        for name, value in parent.items()
        if name in BUILDER_ENV_NAMES or name.startswith(BUILDER_ENV_PREFIXES)
    }


def _exit_message(code: int) -> str:
    if code < 0:
        return f"builder killed by signal {-code}"
    return f"builder exited with code {code}"


def _alive(proc: dict[str, Any]) -> bool:
    """True if the recorded wrapper process still runs (and is not a recycled pid)."""
    pid = proc.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else: a recycled pid, unless the start time matches
    start = _proc_start(pid)
    if start is None:
        return proc.get("pidStart") is None
    if start == "zombie":
        return False
    return proc.get("pidStart") in (None, start)


def _proc_start(pid: int) -> str | None:
    """Process start time from /proc (Linux), "zombie" for an exited child; None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ")".
    fields = stat.rsplit(")", 1)[1].split()
    return "zombie" if fields[0] in ("Z", "X") else fields[19]


def _tail(path: Path, size: int = LOG_TAIL_BYTES) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            length = fh.tell()
            fh.seek(max(0, length - size))
            data = fh.read()
    except OSError:
        return ""
    text = data.decode("utf-8", "replace")
    if length > size and "\n" in text:
        text = text.split("\n", 1)[1]  # drop the partial first line
    return text


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
