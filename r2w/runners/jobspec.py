"""Pure functions for build Jobs: the Job object built from the template, and its status.

Nothing here talks to the API, so the objects can be tested by comparing their serialised form.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from r2w.runners.base import VANISHED, BuildStatus, RunnerState

BUILD_ID_LABEL = "r2w.dev/build-id"
PORTFOLIO_ID_LABEL = "r2w.dev/portfolio-id"
SPEC_KEY_ANNOTATION = "r2w.dev/spec-key"
BASE_LABELS = {
    "app.kubernetes.io/name": "r2w-builder",
    "app.kubernetes.io/component": "build",
    "app.kubernetes.io/managed-by": "r2w",
}
# How the runner finds its Jobs: by labels, never by parsing names.
JOB_SELECTOR = "app.kubernetes.io/managed-by=r2w,app.kubernetes.io/component=build"

NAME_PREFIX = "r2w-build-"
MAX_NAME = 63  # Job names end up in the pods' job-name label, which allows 63 characters
_HASH_LEN = 10
_LABEL_VALUE = re.compile(r"^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")
DEFAULT_RUN_AS_USER = 10001


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:_HASH_LEN]


def job_name(build_id: str) -> str:
    """Deterministic DNS-1123 name ``r2w-build-<slug>-<hash>`` of at most 63 characters."""
    room = MAX_NAME - len(NAME_PREFIX) - 1 - _HASH_LEN
    slug = re.sub(r"[^a-z0-9]+", "-", build_id.lower()).strip("-")[:room].strip("-")
    return f"{NAME_PREFIX}{slug}-{_digest(build_id)}" if slug else NAME_PREFIX + _digest(build_id)


def label_value(value: str) -> str:
    """``value`` if it is a valid label value, else a deterministic valid stand-in with a hash."""
    if len(value) <= 63 and _LABEL_VALUE.match(value):
        return value
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-_.")[: 63 - 1 - _HASH_LEN]
    cleaned = cleaned.rstrip("-_.")
    return f"{cleaned}-{_digest(value)}" if cleaned else _digest(value)


def load_template(path: str | Path) -> dict:
    """Read a Job template from YAML and check that it is one."""
    with open(path, encoding="utf-8") as fh:
        template = yaml.safe_load(fh)
    if not isinstance(template, dict) or template.get("kind") != "Job":
        raise ValueError(f"{path} is not a Kubernetes Job manifest")
    if not _containers(template):
        raise ValueError(f"{path} has no container in spec.template.spec.containers")
    return template


def build_job(
    template: Mapping[str, Any],
    *,
    build_id: str,
    portfolio_id: str,
    image: str,
    namespace: str,
    env: Mapping[str, str],
    args: Sequence[str] = (),
    spec_key: str | None = None,
    service_account: str | None = None,
    ttl_seconds_after_finished: int | None = None,
    active_deadline_seconds: int | None = None,
    backoff_limit: int | None = None,
    resources: Mapping[str, Any] | None = None,
    image_pull_policy: str | None = None,
    suspend: bool = False,
) -> dict:
    """The Job object (as a JSON-ready dict) that runs one build, derived from ``template``."""
    job = copy.deepcopy(dict(template))
    labels = {
        **BASE_LABELS,
        BUILD_ID_LABEL: label_value(build_id),
        PORTFOLIO_ID_LABEL: label_value(portfolio_id),
    }
    annotations = {BUILD_ID_LABEL: build_id, PORTFOLIO_ID_LABEL: portfolio_id}
    if spec_key:
        annotations[SPEC_KEY_ANNOTATION] = spec_key
    job["apiVersion"], job["kind"] = "batch/v1", "Job"
    job["metadata"] = _with_labels(job.get("metadata"), labels, annotations)
    job["metadata"].update(name=job_name(build_id), namespace=namespace)
    spec = job.setdefault("spec", {})
    _set_if(spec, "ttlSecondsAfterFinished", ttl_seconds_after_finished, 3600)
    _set_if(spec, "activeDeadlineSeconds", active_deadline_seconds, 600)
    _set_if(spec, "backoffLimit", backoff_limit, 1)
    spec["suspend"] = suspend
    pod = spec.setdefault("template", {})
    pod["metadata"] = _with_labels(pod.get("metadata"), labels, {})
    pod_spec = pod.setdefault("spec", {})
    if service_account:
        pod_spec["serviceAccountName"] = service_account
    container = _containers(job)[0]
    container.update(image=image, args=list(args))
    container["env"] = _merge_env(container.get("env") or [], env)
    if resources is not None:
        container["resources"] = copy.deepcopy(dict(resources))
    if image_pull_policy:
        container["imagePullPolicy"] = image_pull_policy
    _harden(pod_spec, container)
    return job


def _set_if(spec: dict, field: str, value: int | None, default: int) -> None:
    # Explicit option > template value > built-in default.
    if value is not None:
        spec[field] = value
    else:
        spec.setdefault(field, default)


def _with_labels(meta: Mapping[str, Any] | None, labels: dict, annotations: dict) -> dict:
    meta = copy.deepcopy(dict(meta or {}))
    meta["labels"] = {**(meta.get("labels") or {}), **labels}
    if annotations:
        meta["annotations"] = {**(meta.get("annotations") or {}), **annotations}
    return meta


def _containers(job: Mapping[str, Any]) -> list[dict]:
    return job.get("spec", {}).get("template", {}).get("spec", {}).get("containers") or []


def _merge_env(base: list[dict], env: Mapping[str, str]) -> list[dict]:
    ours = {name: str(value) for name, value in env.items()}
    kept = [copy.deepcopy(item) for item in base if item.get("name") not in ours]
    return kept + [{"name": name, "value": ours[name]} for name in sorted(ours)]


def _harden(pod_spec: dict, container: dict) -> None:
    """Enforce the restricted pod security settings whatever the template says."""
    pod_spec["restartPolicy"] = "Never"
    pod_spec["automountServiceAccountToken"] = False
    pod_sc = pod_spec.setdefault("securityContext", {})
    pod_sc["runAsNonRoot"] = True
    if not isinstance(pod_sc.get("runAsUser"), int) or pod_sc["runAsUser"] == 0:
        pod_sc["runAsUser"] = DEFAULT_RUN_AS_USER
    pod_sc["seccompProfile"] = {"type": "RuntimeDefault"}
    sc = container.setdefault("securityContext", {})
    sc.update(
        runAsNonRoot=True,
        allowPrivilegeEscalation=False,
        readOnlyRootFilesystem=True,
        privileged=False,
    )
    sc["capabilities"] = {"drop": ["ALL"]}
    if sc.get("runAsUser") == 0:
        del sc["runAsUser"]
    # A read-only root filesystem still needs a writable /tmp for Python and the renderer.
    volumes = pod_spec.setdefault("volumes", [])
    if not any(v.get("name") == "tmp" for v in volumes):
        volumes.append({"name": "tmp", "emptyDir": {}})
    mounts = container.setdefault("volumeMounts", [])
    if not any(m.get("mountPath") == "/tmp" for m in mounts):
        mounts.append({"name": "tmp", "mountPath": "/tmp"})


def job_status(job: Mapping[str, Any] | None) -> RunnerState:
    """Map a Job (JSON dict as the API returns it; None if gone) to the runner state."""
    if job is None:
        return RunnerState(BuildStatus.FAILED, VANISHED)
    status = job.get("status") or {}
    started = _time(status.get("startTime"))
    conditions = {
        c.get("type"): c for c in status.get("conditions") or [] if c.get("status") == "True"
    }
    # Kubernetes >= 1.31 sets SuccessCriteriaMet / FailureTarget first, then Complete / Failed.
    for kind in ("Complete", "SuccessCriteriaMet"):
        if kind in conditions:
            finished = _time(status.get("completionTime")) or _time(
                conditions[kind].get("lastTransitionTime")
            )
            return RunnerState(BuildStatus.SUCCEEDED, "completed", "", started, finished)
    for kind in ("Failed", "FailureTarget"):
        if kind in conditions:
            cond = conditions[kind]
            return RunnerState(
                BuildStatus.FAILED,
                _failure_message(cond),
                "",
                started,
                _time(cond.get("lastTransitionTime")),
            )
    if (job.get("metadata") or {}).get("deletionTimestamp"):
        return RunnerState(BuildStatus.FAILED, "cancelled", "", started)
    if (job.get("spec") or {}).get("suspend"):
        return RunnerState(BuildStatus.QUEUED, "waiting for a free build slot")
    if status.get("active") or started:
        return RunnerState(BuildStatus.RUNNING, "running", "", started)
    return RunnerState(BuildStatus.QUEUED, "waiting to be scheduled")


def _failure_message(cond: Mapping[str, Any]) -> str:
    reason = cond.get("reason") or "Failed"
    if reason == "DeadlineExceeded":
        text = "deadline exceeded: the build ran longer than activeDeadlineSeconds"
    elif reason == "BackoffLimitExceeded":
        text = "builder failed (retry limit reached)"
    else:
        text = f"failed: {reason}"
    detail = cond.get("message")
    return f"{text} ({detail})" if detail else text


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return None
