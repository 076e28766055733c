"""A builder killed mid-build: the build fails clearly, the CV is untouched, a rebuild works."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from r2w.runners.local import LocalRunner
from tests.api.conftest import Api
from tests.faults.conftest import document_of, edit_name, upload_ready
from tests.faults.servers import wait_until
from tests.sites.conftest import wait_for_build

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)

# Stands in for `python -m builder`: a build that runs until it is killed (or a minute passes,
# so nothing outlives a broken test run).
HANGING_BUILDER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _runner(app, command=None) -> LocalRunner:
    return LocalRunner(
        storage_url=app.config["STORAGE_URL"],
        max_concurrent=app.config["BUILD_MAX_CONCURRENT"],
        command=command,
        log_dir=app.config["BUILD_LOG_DIR"],
    )


@pytest.fixture
def hanging_app(make_app):
    """An app whose builds hang until killed; whatever is left running is stopped afterwards."""
    app = make_app()
    runner = _runner(app, HANGING_BUILDER)
    app.extensions["r2w.runner"] = runner
    yield app
    for handle in runner.handles():
        runner.cancel(handle)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wrapper_pid(app, build_id: str) -> int:
    """The pid of the wrapper that runs the build (it leads the build's process group)."""
    proc = Path(app.config["BUILD_LOG_DIR"]) / "builds" / build_id / "proc.json"
    wait_until(proc.exists, timeout=10)
    return json.loads(proc.read_text())["pid"]


def _kill(app, build_id: str, target: str) -> None:
    wrapper = _wrapper_pid(app, build_id)
    if target == "builder":  # e.g. the OOM killer picks the builder
        wait_until(lambda: _children(wrapper), timeout=10)
        for child in _children(wrapper):
            os.kill(child, signal.SIGKILL)
    else:  # the whole group, wrapper included: nothing is left to record an exit status
        os.killpg(wrapper, signal.SIGKILL)
    wait_until(lambda: _ended(wrapper), timeout=10)


def _ended(pid: int) -> bool:
    """True once the process is gone or a zombie (its parent has not collected it yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("builder", "builder killed by signal 9"),
        ("process group", "ended without recording an exit status"),
    ],
)
def test_killed_build_fails_clearly_and_a_rebuild_succeeds(
    hanging_app, sample_text, target, message
):
    app = hanging_app
    api = Api(app.test_client())
    cv_id = upload_ready(api, sample_text)["id"]
    edit_name(api, cv_id, "Kept Through The Crash")
    before = document_of(api, cv_id)
    response = api.post("/api/v1/portfolios", {"cvId": cv_id})
    portfolio_id, build_id = response.json["id"], response.json["latestBuild"]["id"]
    wait_until(lambda: api.get(f"/api/v1/builds/{build_id}").json["status"] == "running")

    _kill(app, build_id, target)
    result = app.test_cli_runner().invoke(args=["r2w", "reconcile"])
    assert result.exit_code == 0, result.output
    build = api.get(f"/api/v1/builds/{build_id}").json
    assert build["status"] == "failed"
    assert message in build["error"]
    assert document_of(api, cv_id) == before
    assert api.get(f"/api/v1/cvs/{cv_id}/original").data == sample_text

    app.extensions["r2w.runner"] = _runner(app)  # the real builder again
    rebuilt = api.post(f"/api/v1/portfolios/{portfolio_id}/builds").json["latestBuild"]
    finished = wait_for_build(api, rebuilt["id"])
    assert finished["status"] == "succeeded", finished
    page = api.get(finished["previewUrl"])
    assert page.status_code == 200
    assert "Kept Through The Crash" in page.get_data(as_text=True)
