"""Builds as Kubernetes Jobs, through the official client; every API call has a timeout."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import urllib3
from kubernetes import client as k8s
from kubernetes import config as k8s_config
from kubernetes.client.exceptions import ApiException

from r2w.runners.base import BuildRequest, BuildStatus, RunnerError, RunnerState
from r2w.runners.jobspec import JOB_SELECTOR, build_job, job_name, job_status, load_template

_SA_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")
_REPO_ROOT = Path(__file__).resolve().parents[2]


class KubernetesRunner:
    """Runs each build as a Job in ``namespace``; state is read from the API on demand.

    With ``max_concurrent`` set, Jobs beyond the cap are created suspended (``spec.suspend``)
    and released by later state()/submit() calls as running builds finish, so the queue lives in
    the cluster and survives web pod restarts. Two web pods releasing at the same moment can
    briefly exceed the cap by one; the cap protects capacity, not correctness.
    """

    name = "kubernetes"

    def __init__(
        self,
        namespace: str | None,
        image: str,
        template_path: str | Path = "manifests/build-job.yaml",
        api_client: k8s.ApiClient | None = None,
        storage_env: Mapping[str, str] | None = None,
        service_account: str | None = None,
        timeout_seconds: float = 10,
        *,
        ttl_seconds_after_finished: int | None = None,
        active_deadline_seconds: int | None = None,
        backoff_limit: int | None = None,
        resources: Mapping[str, Any] | None = None,
        image_pull_policy: str | None = None,
        max_concurrent: int | None = None,
        log_tail_bytes: int = 4096,
    ) -> None:
        if not image:
            raise ValueError("a builder image is required")
        self.namespace = namespace or _default_namespace()
        self.image = image
        self.template = load_template(_resolve(template_path))
        self.api_client = api_client or _default_api_client()
        self.storage_env = dict(storage_env or {})
        self.service_account = service_account
        # urllib3 ignores a float "total" timeout in this client; a (connect, read) pair works.
        self.timeout = (float(timeout_seconds), float(timeout_seconds))
        self.options = {
            "ttl_seconds_after_finished": ttl_seconds_after_finished,
            "active_deadline_seconds": active_deadline_seconds,
            "backoff_limit": backoff_limit,
            "resources": resources,
            "image_pull_policy": image_pull_policy,
        }
        self.max_concurrent = max_concurrent
        self.log_tail_bytes = log_tail_bytes
        self.batch = k8s.BatchV1Api(self.api_client)
        self.core = k8s.CoreV1Api(self.api_client)

    def job_for(self, req: BuildRequest, *, suspend: bool = False) -> dict:
        """The Job object that submit() would create for ``req``."""
        return build_job(
            self.template,
            build_id=req.build_id,
            portfolio_id=req.portfolio_id,
            image=self.image,
            namespace=self.namespace,
            env=self.storage_env,
            args=["--spec-key", req.spec_key],
            spec_key=req.spec_key,
            service_account=self.service_account,
            suspend=suspend,
            **self.options,
        )

    def submit(self, req: BuildRequest) -> str:
        """Create the build's Job (an existing one is success); returns the Job name."""
        suspend = self.max_concurrent is not None and self._slots_free() <= 0
        body = self.job_for(req, suspend=suspend)
        with self._api("create Job"):
            try:
                self.batch.create_namespaced_job(
                    self.namespace, body, _request_timeout=self.timeout
                )
            except ApiException as exc:
                if exc.status != 409:  # 409: already created by an earlier attempt
                    raise
        return body["metadata"]["name"]

    def state(self, handle: str) -> RunnerState:
        """Read the Job and map it to a RunnerState (a missing Job is FAILED "vanished")."""
        job = self._read_job(handle)
        state = job_status(job)
        if self.max_concurrent is not None and state.status is BuildStatus.QUEUED:
            self._release_queued()
            state = job_status(self._read_job(handle))
        if state.status is BuildStatus.FAILED and job is not None:
            return RunnerState(
                state.status,
                state.message,
                self._log_tail(handle),
                state.started_at,
                state.finished_at,
            )
        return state

    def cancel(self, handle: str) -> None:
        """Delete the Job and its pods; a missing Job is fine."""
        with self._api("delete Job"):
            try:
                self.batch.delete_namespaced_job(
                    handle,
                    self.namespace,
                    propagation_policy="Background",
                    _request_timeout=self.timeout,
                )
            except ApiException as exc:
                if exc.status != 404:
                    raise

    def handles(self) -> list[str]:
        """Names of every build Job that still exists, found by label."""
        return [job["metadata"]["name"] for job in self._list_jobs()]

    def handle_for(self, build_id: str) -> str:
        """The handle submit() returns for ``build_id`` (names are deterministic)."""
        return job_name(build_id)

    # -- helpers --------------------------------------------------------------------------

    @contextmanager
    def _api(self, action: str) -> Iterator[None]:
        try:
            yield
        except ApiException as exc:
            raise RunnerError(
                f"Kubernetes API: {action} failed: {exc.status} {exc.reason}"
            ) from exc
        except (urllib3.exceptions.HTTPError, OSError, json.JSONDecodeError) as exc:
            raise RunnerError(f"Kubernetes API: {action} failed: {exc}") from exc

    def _read_job(self, name: str) -> dict | None:
        with self._api("read Job"):
            try:
                # Raw JSON: job_status works on the API's own field names.
                resp = self.batch.read_namespaced_job(
                    name, self.namespace, _request_timeout=self.timeout, _preload_content=False
                )
            except ApiException as exc:
                if exc.status == 404:
                    return None
                raise
            return json.loads(resp.data)

    def _list_jobs(self) -> list[dict]:
        jobs: list[dict] = []
        token = None
        with self._api("list Jobs"):
            while True:
                extra = {"_continue": token} if token else {}
                resp = self.batch.list_namespaced_job(
                    self.namespace,
                    label_selector=JOB_SELECTOR,
                    limit=500,
                    _request_timeout=self.timeout,
                    _preload_content=False,
                    **extra,
                )
                page = json.loads(resp.data)
                jobs.extend(page.get("items") or [])
                token = (page.get("metadata") or {}).get("continue")
                if not token:
                    return jobs

    def _slots_free(self, jobs: list[dict] | None = None) -> int:
        jobs = self._list_jobs() if jobs is None else jobs
        busy = sum(
            1
            for job in jobs
            if not (job.get("spec") or {}).get("suspend") and not job_status(job).status.finished
        )
        return (self.max_concurrent or 0) - busy

    def _release_queued(self) -> None:
        jobs = self._list_jobs()
        waiting = sorted(
            (
                job
                for job in jobs
                if (job.get("spec") or {}).get("suspend") and not job_status(job).status.finished
            ),
            key=lambda job: (
                job["metadata"].get("creationTimestamp") or "",
                job["metadata"]["name"],
            ),
        )
        for job in waiting[: max(0, self._slots_free(jobs))]:
            with self._api("resume Job"):
                self.batch.patch_namespaced_job(
                    job["metadata"]["name"],
                    self.namespace,
                    {"spec": {"suspend": False}},
                    _request_timeout=self.timeout,
                )

    def _log_tail(self, name: str) -> str:
        """Last output of the Job's newest pod; best effort (the pod may be gone)."""
        try:
            pods = self.core.list_namespaced_pod(
                self.namespace,
                label_selector=f"job-name={name}",
                _request_timeout=self.timeout,
                _preload_content=False,
            )
            items = json.loads(pods.data).get("items") or []
            if not items:
                return ""
            newest = max(items, key=lambda p: p["metadata"].get("creationTimestamp") or "")
            # Raw bytes: the client would json-decode a log that happens to be one JSON line.
            resp = self.core.read_namespaced_pod_log(
                newest["metadata"]["name"],
                self.namespace,
                limit_bytes=self.log_tail_bytes * 4,
                tail_lines=200,
                _request_timeout=self.timeout,
                _preload_content=False,
            )
        except (ApiException, urllib3.exceptions.HTTPError, OSError, ValueError):
            return ""
        return resp.data.decode("utf-8", "replace")[-self.log_tail_bytes :]


def _resolve(template_path: str | Path) -> Path:
    path = Path(template_path)
    if path.is_absolute() or path.exists():
        return path
    return _REPO_ROOT / path


def _default_namespace() -> str:
    try:
        return _SA_NAMESPACE.read_text().strip() or "default"
    except OSError:
        return "default"


def _default_api_client() -> k8s.ApiClient:
    """In-cluster configuration, else the local kubeconfig (for running the app outside)."""
    cfg = k8s.Configuration()
    try:
        k8s_config.load_incluster_config(client_configuration=cfg)
    except k8s_config.ConfigException:
        try:
            # The client reads KUBECONFIG once at import; read it now so the setting is current.
            k8s_config.load_kube_config(
                config_file=os.environ.get("KUBECONFIG"),
                client_configuration=cfg,
                persist_config=False,
            )
        except (k8s_config.ConfigException, OSError, TypeError) as exc:
            raise RunnerError(
                f"no Kubernetes configuration (in-cluster or kubeconfig): {exc}"
            ) from exc
    # Retry refused connections briefly, never a request that may have reached the server:
    # a slow API server must surface as RunnerError within the timeout, not after retries.
    cfg.retries = urllib3.Retry(
        total=2, connect=2, read=0, status=0, redirect=0, backoff_factor=0.2
    )
    return k8s.ApiClient(cfg)
