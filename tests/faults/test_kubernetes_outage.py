"""The Kubernetes API answering 500s and timing out: builds wait, reads work, reconcile settles."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from builder.cli import main as builder_main
from r2w.extensions import db
from r2w.models import Build
from r2w.runners.jobspec import job_name
from r2w.runners.kubernetes import KubernetesRunner
from r2w.services import JOB_TEMPLATE
from tests.api.conftest import Api
from tests.faults.conftest import upload_ready

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)

CLIENT_TIMEOUT = 0.5  # seconds; the delayed answers below take longer than this


@pytest.fixture
def k8s_app(make_app, fake_k8s):
    """An app whose builds are Jobs on the fake API server, with a short client timeout."""
    app = make_app(
        BUILD_RUNNER="kubernetes",
        BUILDER_IMAGE="r2w-builder:1.0.0",
        BUILD_MAX_CONCURRENT=10,
        BUILD_MAX_PER_USER=10,
    )
    # Built as services.make_runner builds it, but with a timeout short enough for a test.
    app.extensions["r2w.runner"] = KubernetesRunner(
        "default",
        "r2w-builder:1.0.0",
        JOB_TEMPLATE,
        api_client=fake_k8s.api_client,
        storage_env={"STORAGE_URL": app.config["STORAGE_URL"]},
        service_account="r2w-builder",
        timeout_seconds=CLIENT_TIMEOUT,
    )
    return app


def _portfolio(api: Api, cv_id: str, theme: str) -> str:
    response = api.post("/api/v1/portfolios", {"cvId": cv_id, "theme": theme})
    assert response.status_code == 201, response.json
    assert response.json["latestBuild"]["status"] == "queued"
    return response.json["latestBuild"]["id"]


def _status(api: Api, build_id: str) -> str:
    response = api.get(f"/api/v1/builds/{build_id}")
    assert response.status_code == 200, response.json  # reads never fail with the API
    return response.json["status"]


def _run_job(app, fake_k8s, build_id: str, succeed: bool = True) -> None:
    """Do what the cluster would: run the Job's builder (or let it fail) and record the end."""
    name = job_name(build_id)
    job = fake_k8s.job(name)
    assert job is not None, f"no Job for build {build_id}"
    if succeed:
        args = job["spec"]["template"]["spec"]["containers"][0]["args"]
        assert builder_main([*args, "--storage-url", app.config["STORAGE_URL"]]) == 0
        fake_k8s.mark_succeeded(name)
    else:
        fake_k8s.add_pod(name, log=json.dumps({"level": "error", "message": "out of memory"}))
        fake_k8s.mark_failed(name)


def _reconcile(app) -> dict:
    result = app.test_cli_runner().invoke(args=["r2w", "reconcile"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def _statuses(app) -> dict[str, tuple[str, str | None]]:
    with app.app_context():
        return {b.id: (b.status, b.error) for b in db.session.scalars(select(Build))}


def test_api_errors_and_timeouts_keep_builds_waiting_and_reconcile_settles_them(
    k8s_app, fake_k8s, sample_text
):
    api = Api(k8s_app.test_client())
    cv_id = upload_ready(api, sample_text)["id"]
    to_succeed = _portfolio(api, cv_id, "professional")
    to_fail = _portfolio(api, cv_id, "creative")
    assert len(fake_k8s.jobs()) == 2

    fake_k8s.fail_next(count=1000, status=500)
    waiting = _portfolio(api, cv_id, "academic")  # its Job cannot be created: it waits
    for build_id in (to_succeed, to_fail, waiting):
        assert _status(api, build_id) == "queued"
    assert "Waiting for the build service" in api.get(f"/api/v1/builds/{waiting}").json["error"]
    # Meanwhile the cluster runs the two Jobs it has to their ends.
    _run_job(k8s_app, fake_k8s, to_succeed)
    _run_job(k8s_app, fake_k8s, to_fail, succeed=False)

    fake_k8s.faults.clear()
    fake_k8s.delay_next(count=1000, seconds=CLIENT_TIMEOUT * 4)
    for build_id in (to_succeed, waiting):
        assert _status(api, build_id) == "queued"  # last known state, never "failed"
    assert api.get("/api/v1/portfolios").status_code == 200

    fake_k8s.faults.clear()
    first = _reconcile(k8s_app)
    assert first["builds_settled"] == 2
    statuses = _statuses(k8s_app)
    assert statuses[to_succeed] == ("succeeded", None)
    assert statuses[to_fail][0] == "failed" and statuses[to_fail][1]
    assert statuses[waiting][0] == "queued"
    assert fake_k8s.job(job_name(waiting)) is not None  # handed to Kubernetes at last

    _run_job(k8s_app, fake_k8s, waiting)
    assert _reconcile(k8s_app)["builds_settled"] == 1
    assert {status for status, _ in _statuses(k8s_app).values()} == {"succeeded", "failed"}
    assert _status(api, waiting) == "succeeded"
    assert api.get(api.get(f"/api/v1/builds/{waiting}").json["previewUrl"]).status_code == 200
