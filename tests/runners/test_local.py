"""LocalRunner with a fake builder command: outcomes, queueing, kills, restarts, cancel."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from r2w.runners import BuildRequest, BuildStatus, LocalRunner, RunnerState, runner_from_name

# Stands in for `python -m builder`; behaviour is chosen by the spec key it receives:
# "ok", "fail", "noisy" (lots of output, then exit 1) or "wait:<gate>" (write <gate>.pid, then
# block until <gate> exists, so a test decides when the build ends; gives up after a minute so
# nothing outlives a broken test run).
FAKE_BUILDER = r"""
import os, sys, time, pathlib
key = sys.argv[sys.argv.index("--spec-key") + 1]
print("storage", os.environ["STORAGE_URL"], os.environ.get("S3_ENDPOINT_URL"), flush=True)
mode, _, arg = key.partition(":")
if mode == "wait":
    gate = pathlib.Path(arg)
    pathlib.Path(arg + ".tmp").write_text(str(os.getpid()))
    os.replace(arg + ".tmp", arg + ".pid")
    deadline = time.monotonic() + 60
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
if mode == "fail":
    print("error: theme not found", file=sys.stderr)
    sys.exit(3)
if mode == "env":
    print("env", " ".join(sorted(os.environ)), flush=True)
if mode == "noisy":
    for n in range(2000):
        print(f"line {n:04d} " + "x" * 40)
    sys.exit(1)
print("build finished")
"""


def request(build_id: str, spec_key: str) -> BuildRequest:
    return BuildRequest(build_id, "p-1", spec_key, "owner-1")


@pytest.fixture
def log_dir(tmp_path) -> Path:
    return tmp_path / "builds"


@pytest.fixture
def make_runner(log_dir):
    made: list[LocalRunner] = []

    def make(**options) -> LocalRunner:
        settings = {
            "storage_url": "file:///srv/r2w",
            "s3_endpoint_url": "http://s3.local:9000",
            "command": [sys.executable, "-c", FAKE_BUILDER],
            "log_dir": log_dir,
        }
        settings.update(options)
        made.append(LocalRunner(**settings))
        return made[-1]

    yield make
    for runner in made:  # stop whatever a failed test left running
        for handle in runner.handles():
            runner.cancel(handle)


@pytest.fixture
def runner(make_runner) -> LocalRunner:
    return make_runner()


class Gate:
    """A build that runs until the test opens its gate."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / name
        self.spec_key = f"wait:{self.path}"

    def open(self) -> None:
        self.path.touch()

    def builder_pid(self) -> int:
        pid_file = Path(f"{self.path}.pid")
        wait_until(pid_file.exists, "the fake builder to start")
        return int(pid_file.read_text())


def wait_until(check, what: str, timeout: float = 20.0):
    """Poll ``check`` until it returns something truthy (fails the test after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)
    return result


def wait_for(runner: LocalRunner, handle: str, *statuses: BuildStatus) -> RunnerState:
    """Poll state() until the build reaches one of ``statuses``."""
    return wait_until(
        lambda: (s := runner.state(handle)).status in statuses and s,
        f"{handle} to become {statuses}",
    )


def wrapper_pid(log_dir: Path, build_id: str) -> int:
    return json.loads((log_dir / "builds" / build_id / "proc.json").read_text())["pid"]


def test_successful_build(runner: LocalRunner) -> None:
    handle = runner.submit(request("b1", "ok"))

    state = wait_for(runner, handle, BuildStatus.SUCCEEDED, BuildStatus.FAILED)

    assert handle == "b1"
    assert (state.status, state.message) == (BuildStatus.SUCCEEDED, "completed")
    assert "storage file:///srv/r2w http://s3.local:9000" in state.log_tail
    assert state.log_tail.endswith("build finished\n")
    assert state.started_at is not None and state.finished_at >= state.started_at


def test_builder_gets_only_the_variables_it_needs(runner: LocalRunner, monkeypatch) -> None:
    """App secrets in the parent's environment never reach the build; storage settings do."""
    monkeypatch.setenv("SECRET_KEY", "parent-secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw@db/r2w")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_parent")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "storage-key")
    handle = runner.submit(request("b-env", "env"))

    state = wait_for(runner, handle, BuildStatus.SUCCEEDED, BuildStatus.FAILED)

    assert state.status is BuildStatus.SUCCEEDED, state.log_tail
    names = next(line for line in state.log_tail.splitlines() if line.startswith("env "))
    names = set(names.split()[1:])
    assert not names & {"SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY"}
    assert {"STORAGE_URL", "S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "PATH"} <= names
    assert "parent-secret" not in state.log_tail


def test_failed_build_reports_exit_code_and_output(runner: LocalRunner) -> None:
    handle = runner.submit(request("b1", "fail"))

    state = wait_for(runner, handle, BuildStatus.SUCCEEDED, BuildStatus.FAILED)

    assert (state.status, state.message) == (BuildStatus.FAILED, "builder exited with code 3")
    assert "error: theme not found" in state.log_tail


def test_log_tail_is_the_last_4_kb(runner: LocalRunner) -> None:
    handle = runner.submit(request("b1", "noisy"))

    state = wait_for(runner, handle, BuildStatus.FAILED)

    assert len(state.log_tail.encode()) <= 4096
    assert state.log_tail.startswith("line ")  # starts at a whole line
    assert state.log_tail.endswith("line 1999 " + "x" * 40 + "\n")


def test_submit_is_idempotent_per_build_id(runner: LocalRunner, log_dir: Path) -> None:
    runner.submit(request("b1", "ok"))
    runner.submit(request("b1", "ok"))

    wait_for(runner, "b1", BuildStatus.SUCCEEDED)
    runner.submit(request("b1", "ok"))

    log = (log_dir / "builds" / "b1" / "output.log").read_text()
    assert log.count("build finished") == 1
    assert runner.state("b1").status is BuildStatus.SUCCEEDED


def test_excess_builds_queue_until_a_slot_frees(make_runner, tmp_path) -> None:
    runner = make_runner(max_concurrent=1)
    first, second = Gate(tmp_path, "g1"), Gate(tmp_path, "g2")
    runner.submit(request("b1", first.spec_key))
    runner.submit(request("b2", second.spec_key))

    assert wait_for(runner, "b1", BuildStatus.RUNNING).message == "running"
    assert runner.state("b2").status is BuildStatus.QUEUED
    assert runner.handles() == ["b1", "b2"]
    first.open()
    wait_for(runner, "b2", BuildStatus.RUNNING)  # state() starts the queued build

    assert runner.state("b1").status is BuildStatus.SUCCEEDED
    assert runner.handles() == ["b2"]
    second.open()
    assert wait_for(runner, "b2", BuildStatus.SUCCEEDED)
    assert runner.handles() == []


def test_killed_builder_is_failed(runner: LocalRunner, tmp_path) -> None:
    gate = Gate(tmp_path, "g1")
    runner.submit(request("b1", gate.spec_key))
    wait_for(runner, "b1", BuildStatus.RUNNING)

    os.kill(gate.builder_pid(), signal.SIGKILL)

    state = wait_for(runner, "b1", BuildStatus.FAILED, BuildStatus.SUCCEEDED)
    assert (state.status, state.message) == (BuildStatus.FAILED, "builder killed by signal 9")


def test_killed_process_group_is_failed_and_frees_its_slot(make_runner, log_dir, tmp_path):
    runner = make_runner(max_concurrent=1)
    gate, later = Gate(tmp_path, "g1"), Gate(tmp_path, "g2")
    runner.submit(request("b1", gate.spec_key))
    runner.submit(request("b2", later.spec_key))
    wait_for(runner, "b1", BuildStatus.RUNNING)

    os.killpg(wrapper_pid(log_dir, "b1"), signal.SIGKILL)  # no chance to record anything

    state = wait_for(runner, "b1", BuildStatus.FAILED, BuildStatus.SUCCEEDED)
    assert state.status is BuildStatus.FAILED
    assert "without recording an exit status" in state.message
    wait_for(runner, "b2", BuildStatus.RUNNING)
    later.open()
    wait_for(runner, "b2", BuildStatus.SUCCEEDED)


def test_a_fresh_runner_recovers_state_from_the_log_dir(make_runner, tmp_path) -> None:
    gate = Gate(tmp_path, "g1")
    old = make_runner(max_concurrent=1)
    old.submit(request("b1", gate.spec_key))
    old.submit(request("b2", "ok"))
    wait_for(old, "b1", BuildStatus.RUNNING)
    del old  # the web worker that started the builds is gone

    new = make_runner(max_concurrent=1)
    assert new.state("b1").status is BuildStatus.RUNNING
    assert new.state("b2").status is BuildStatus.QUEUED
    gate.open()

    assert wait_for(new, "b2", BuildStatus.SUCCEEDED)
    assert new.state("b1").status is BuildStatus.SUCCEEDED


def test_cancel_running_and_queued_builds(make_runner, tmp_path) -> None:
    runner = make_runner(max_concurrent=1)
    gate = Gate(tmp_path, "g1")
    runner.submit(request("b1", gate.spec_key))
    runner.submit(request("b2", "ok"))
    builder = gate.builder_pid()

    runner.cancel("b2")
    runner.cancel("b1")
    runner.cancel("b1")
    runner.cancel("never-submitted")

    assert wait_for(runner, "b1", BuildStatus.FAILED).message == "cancelled"
    assert runner.state("b2") == RunnerState(BuildStatus.FAILED, "cancelled")
    wait_until(
        lambda: not Path(f"/proc/{builder}").exists() or _is_zombie(builder),
        "the cancelled builder to stop",
    )
    assert runner.handles() == []


def test_missing_builder_command_is_a_failed_build(make_runner, tmp_path) -> None:
    runner = make_runner(command=[str(tmp_path / "no-such-builder")])
    runner.submit(request("b1", "ok"))

    state = wait_for(runner, "b1", BuildStatus.FAILED, BuildStatus.SUCCEEDED)

    assert (state.status, state.message) == (BuildStatus.FAILED, "builder exited with code 127")
    assert "cannot start build command" in state.log_tail


def test_unknown_handle_has_vanished(runner: LocalRunner) -> None:
    assert runner.state("nope") == RunnerState(BuildStatus.FAILED, "vanished")


@pytest.mark.parametrize("build_id", ["", "../etc", "a/b", ".hidden", "x" * 200])
def test_unsafe_build_ids_are_refused(runner: LocalRunner, build_id: str) -> None:
    with pytest.raises(ValueError):
        runner.submit(request(build_id, "ok"))


def test_registry_builds_a_local_runner(log_dir) -> None:
    runner = runner_from_name("local", storage_url="file:///x", log_dir=log_dir, max_concurrent=3)

    assert isinstance(runner, LocalRunner)
    assert (runner.name, runner.max_concurrent) == ("local", 3)
    assert runner.command == [sys.executable, "-m", "builder"]


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
