"""The app with BUILD_RUNNER=kubernetes against a fake API server, through the official client."""

import json

import pytest

from builder.cli import main as builder_main
from tests.api.conftest import SAMPLES, Api


@pytest.fixture
def k8s_app(make_app, fake_k8s, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(fake_k8s.write_kubeconfig(tmp_path / "kubeconfig")))
    app = make_app(BUILD_RUNNER="kubernetes", BUILDER_IMAGE="r2w-builder:1.0.0")
    return app


def _start(api: Api) -> dict:
    data = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    cv = api.upload(data, "cv.txt").json
    response = api.post("/api/v1/portfolios", {"cvId": cv["id"]})
    assert response.status_code == 201, response.json
    return response.json


def _run_builder_like_the_pod(app, job: dict) -> None:
    container = job["spec"]["template"]["spec"]["containers"][0]
    args = container.get("args", [])
    assert builder_main([*args, "--storage-url", app.config["STORAGE_URL"]]) == 0


def test_a_build_is_a_job_and_its_status_is_read_on_demand(k8s_app, fake_k8s):
    api = Api(k8s_app.test_client())
    portfolio = _start(api)
    build_id = portfolio["latestBuild"]["id"]
    [job] = fake_k8s.jobs()
    labels = job["metadata"]["labels"]
    assert labels["r2w.dev/build-id"] == build_id
    assert labels["r2w.dev/portfolio-id"] == portfolio["id"]
    pod = job["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == "r2w-builder"
    assert pod["containers"][0]["image"] == "r2w-builder:1.0.0"
    env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
    assert env["STORAGE_URL"] == k8s_app.config["STORAGE_URL"]

    fake_k8s.mark_active(job["metadata"]["name"])
    assert api.get(f"/api/v1/builds/{build_id}").json["status"] == "running"

    _run_builder_like_the_pod(k8s_app, job)
    fake_k8s.mark_succeeded(job["metadata"]["name"])
    build = api.get(f"/api/v1/builds/{build_id}").json
    assert build["status"] == "succeeded"
    assert api.get(build["previewUrl"]).status_code == 200


def test_a_job_that_claims_success_without_a_site_is_a_failure(k8s_app, fake_k8s):
    api = Api(k8s_app.test_client())
    build_id = _start(api)["latestBuild"]["id"]
    [job] = fake_k8s.jobs()
    fake_k8s.mark_succeeded(job["metadata"]["name"])
    build = api.get(f"/api/v1/builds/{build_id}").json
    assert build["status"] == "failed"
    assert "incomplete" in build["error"]


def test_failed_job_reports_its_log(k8s_app, fake_k8s):
    api = Api(k8s_app.test_client())
    build_id = _start(api)["latestBuild"]["id"]
    [job] = fake_k8s.jobs()
    name = job["metadata"]["name"]
    fake_k8s.add_pod(name, log=json.dumps({"level": "error", "message": "theme exploded"}))
    fake_k8s.mark_failed(name)
    build = api.get(f"/api/v1/builds/{build_id}").json
    assert build["status"] == "failed"
    assert "theme exploded" in (build["logTail"] or "")


def test_api_down_keeps_the_build_queued_then_recovers(k8s_app, fake_k8s):
    api = Api(k8s_app.test_client())
    fake_k8s.fail_next(count=10, status=500)
    portfolio = _start(api)
    build_id = portfolio["latestBuild"]["id"]
    assert portfolio["latestBuild"]["status"] == "queued"
    assert fake_k8s.jobs() == []
    fake_k8s.faults.clear()
    # The next status read hands the waiting build to Kubernetes.
    assert api.get(f"/api/v1/builds/{build_id}").json["status"] == "queued"
    assert len(fake_k8s.jobs()) == 1
