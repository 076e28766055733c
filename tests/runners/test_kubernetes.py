"""KubernetesRunner through the official client against the fake API server."""

from __future__ import annotations

import pytest

from r2w.runners import BuildRequest, BuildStatus, KubernetesRunner, RunnerError, runner_from_name
from r2w.runners.jobspec import job_name
from tests.support.fake_k8s import FakeKubernetes

NS = "r2w-builds"
# kubernetes-client 34 still calls urllib3's deprecated getheaders() on every error response.
pytestmark = pytest.mark.filterwarnings("ignore:HTTPResponse.getheaders:DeprecationWarning")


def request(n: int = 1, portfolio: str = "p-1") -> BuildRequest:
    return BuildRequest(f"build-{n:04d}", portfolio, f"builds/build-{n:04d}/spec.json", "owner-1")


@pytest.fixture
def make_runner(fake_k8s: FakeKubernetes):
    def make(**options) -> KubernetesRunner:
        settings = {
            "namespace": NS,
            "image": "r2w-builder:test",
            "api_client": fake_k8s.api_client,
            "storage_env": {"STORAGE_URL": "s3://bucket/sites"},
            "timeout_seconds": 0.25,
        }
        settings.update(options)
        return KubernetesRunner(**settings)

    return make


@pytest.fixture
def runner(make_runner) -> KubernetesRunner:
    return make_runner()


def test_submit_creates_the_job(runner: KubernetesRunner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))

    job = fake_k8s.job(handle, NS)
    assert handle == job_name("build-0001") == runner.handle_for("build-0001")
    assert job["metadata"]["labels"]["r2w.dev/build-id"] == "build-0001"
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "r2w-builder:test"
    assert container["args"] == ["--spec-key", "builds/build-0001/spec.json"]
    assert {"name": "STORAGE_URL", "value": "s3://bucket/sites"} in container["env"]
    assert runner.state(handle).status is BuildStatus.QUEUED


def test_submitting_twice_is_fine(runner: KubernetesRunner, fake_k8s: FakeKubernetes) -> None:
    first = runner.submit(request(1))
    fake_k8s.mark_active(first, NS)

    assert runner.submit(request(1)) == first
    assert len(fake_k8s.jobs(NS)) == 1
    assert runner.state(first).status is BuildStatus.RUNNING
    assert ("POST", f"/apis/batch/v1/namespaces/{NS}/jobs") in fake_k8s.requests


def test_state_follows_the_job(runner: KubernetesRunner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))
    fake_k8s.mark_active(handle, NS)
    running = runner.state(handle)
    fake_k8s.mark_succeeded(handle, NS)
    done = runner.state(handle)

    assert running.status is BuildStatus.RUNNING and running.started_at is not None
    assert done.status is BuildStatus.SUCCEEDED and done.finished_at is not None


def test_failed_job_reports_reason_and_pod_log(runner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))
    log = "".join(f'{{"level":"info","phase":"render","message":"page {n}"}}\n' for n in range(400))
    fake_k8s.add_pod(handle, log + '{"level":"error","message":"theme not found"}\n', NS)
    fake_k8s.mark_failed(handle, NS)

    state = runner.state(handle)

    assert state.status is BuildStatus.FAILED
    assert state.message == "builder failed (retry limit reached)"
    assert state.log_tail.endswith('"theme not found"}\n')
    assert len(state.log_tail) <= 4096


def test_single_json_line_log_is_returned_verbatim(runner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))
    fake_k8s.add_pod(handle, '{"level": "error", "message": "boom"}', NS)
    fake_k8s.mark_failed(handle, NS)

    assert runner.state(handle).log_tail == '{"level": "error", "message": "boom"}'


def test_deadline_exceeded(runner: KubernetesRunner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))
    fake_k8s.mark_failed(handle, NS, reason="DeadlineExceeded")

    state = runner.state(handle)

    assert state.status is BuildStatus.FAILED
    assert state.message.startswith("deadline exceeded")
    assert state.log_tail == ""  # no pod left: the tail is best effort


def test_vanished_job(runner: KubernetesRunner) -> None:
    state = runner.state(job_name("never-submitted"))

    assert (state.status, state.message) == (BuildStatus.FAILED, "vanished")


def test_handles_lists_build_jobs_by_label(runner, fake_k8s: FakeKubernetes) -> None:
    handles = sorted(runner.submit(request(n)) for n in range(3))
    other = runner.job_for(request(9))
    other["metadata"]["labels"]["app.kubernetes.io/managed-by"] = "someone-else"
    runner.batch.create_namespaced_job(NS, other)

    assert runner.handles() == handles


def test_cancel_deletes_and_tolerates_missing(runner, fake_k8s: FakeKubernetes) -> None:
    handle = runner.submit(request(1))
    fake_k8s.add_pod(handle, "x", NS, phase="Running")

    runner.cancel(handle)
    runner.cancel(handle)

    assert fake_k8s.job(handle, NS) is None
    assert runner.state(handle).message == "vanished"
    assert any(m == "DELETE" and "propagationPolicy=Background" in p for m, p in fake_k8s.requests)


@pytest.mark.parametrize("call", ["submit", "state", "cancel", "handles"])
def test_server_errors_become_runner_errors(runner, fake_k8s: FakeKubernetes, call: str) -> None:
    fake_k8s.fail_next(1, status=500)
    args = {"submit": (request(1),), "state": ("x",), "cancel": ("x",), "handles": ()}[call]

    with pytest.raises(RunnerError, match="500"):
        getattr(runner, call)(*args)


@pytest.mark.parametrize("call", ["submit", "state", "handles"])
def test_timeouts_become_runner_errors(runner, fake_k8s: FakeKubernetes, call: str) -> None:
    fake_k8s.delay_next(1, seconds=10)
    args = {"submit": (request(1),), "state": ("x",), "handles": ()}[call]

    with pytest.raises(RunnerError, match="timed out"):
        getattr(runner, call)(*args)


def test_forbidden_is_a_runner_error(runner, fake_k8s: FakeKubernetes) -> None:
    fake_k8s.fail_next(1, status=403)

    with pytest.raises(RunnerError, match="403"):
        runner.submit(request(1))


def test_unreachable_api_is_a_runner_error(fake_k8s: FakeKubernetes, make_runner) -> None:
    fake_k8s.close()

    with pytest.raises(RunnerError):
        make_runner().handles()


def test_concurrency_cap_queues_with_suspended_jobs(make_runner, fake_k8s) -> None:
    runner = make_runner(max_concurrent=2)
    first, second, third = (runner.submit(request(n)) for n in (1, 2, 3))

    assert [fake_k8s.job(h, NS)["spec"]["suspend"] for h in (first, second, third)] == [
        False,
        False,
        True,
    ]
    assert runner.state(third).message == "waiting for a free build slot"
    fake_k8s.mark_succeeded(first, NS)

    assert runner.state(third).status is BuildStatus.QUEUED  # released, not yet scheduled
    assert fake_k8s.job(third, NS)["spec"]["suspend"] is False


def test_kubeconfig_fallback_outside_a_cluster(fake_k8s, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(fake_k8s.write_kubeconfig(tmp_path / "config")))

    runner = runner_from_name("kubernetes", namespace=NS, image="img:1")
    handle = runner.submit(request(1))

    assert fake_k8s.job(handle, NS) is not None
    assert runner.handles() == [handle]


def test_no_configuration_is_a_runner_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))

    with pytest.raises(RunnerError, match="no Kubernetes configuration"):
        KubernetesRunner(NS, "img:1")


def test_registry_names_the_valid_runners() -> None:
    with pytest.raises(ValueError, match="valid runners: kubernetes, local"):
        runner_from_name("docker")
