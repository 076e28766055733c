"""build_job: a pure function, tested on its serialised output."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import kubernetes_validate
import pytest

from r2w.runners.jobspec import build_job, job_name, label_value, load_template

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "manifests" / "build-job.yaml"
DNS_1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template(TEMPLATE_PATH)


def make_job(template: dict, **overrides) -> dict:
    options = {
        "build_id": "b-0001",
        "portfolio_id": "p-42",
        "image": "registry.example.com/r2w-builder:1.2.3",
        "namespace": "r2w-builds",
        "env": {"STORAGE_URL": "s3://sites/prod", "S3_ENDPOINT_URL": "https://s3.example"},
        "args": ["--spec-key", "builds/b-0001/spec.json"],
        "spec_key": "builds/b-0001/spec.json",
    }
    options.update(overrides)
    return build_job(template, **options)


@pytest.mark.parametrize(
    "build_id",
    [
        "0f3c2a9e6b1d4e7f8a9b0c1d2e3f4a5b",
        "Build_With.CAPS and spaces!",
        "x" * 300,
        "---",
        "é漢字",
    ],
)
def test_job_names_are_dns_safe_short_and_deterministic(build_id: str) -> None:
    name = job_name(build_id)

    assert name.startswith("r2w-build-")
    assert len(name) <= 63
    assert DNS_1123.match(name)
    assert job_name(build_id) == name


def test_job_names_differ_for_ids_with_the_same_slug() -> None:
    assert job_name("Build-1") != job_name("build-1")
    assert job_name("a" * 100 + "1") != job_name("a" * 100 + "2")


@pytest.mark.parametrize(
    ("value", "same"),
    [
        ("p-42", True),
        ("A.b_c-9", True),
        ("x" * 63, True),
        ("x" * 64, False),
        ("a b/c", False),
        ("-lead", False),
        ("", True),
    ],
)
def test_label_values_are_valid(value: str, same: bool) -> None:
    result = label_value(value)

    assert (result == value) is same
    assert len(result) <= 63
    assert re.match(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", result)


def test_build_job_serialises_to_the_expected_object(template: dict) -> None:
    job = make_job(template)

    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    assert job["metadata"]["name"] == job_name("b-0001")
    assert job["metadata"]["namespace"] == "r2w-builds"
    labels = {
        "app.kubernetes.io/name": "r2w-builder",
        "app.kubernetes.io/component": "build",
        "app.kubernetes.io/managed-by": "r2w",
        "r2w.dev/build-id": "b-0001",
        "r2w.dev/portfolio-id": "p-42",
    }
    assert job["metadata"]["labels"] == labels
    assert job["spec"]["template"]["metadata"]["labels"] == labels
    assert job["metadata"]["annotations"]["r2w.dev/spec-key"] == "builds/b-0001/spec.json"
    spec = job["spec"]
    assert (
        spec["ttlSecondsAfterFinished"],
        spec["activeDeadlineSeconds"],
        spec["backoffLimit"],
    ) == (3600, 600, 1)
    assert spec["suspend"] is False
    [container] = spec["template"]["spec"]["containers"]
    assert container["image"] == "registry.example.com/r2w-builder:1.2.3"
    assert container["command"] == ["python", "-m", "builder"]
    assert container["args"] == ["--spec-key", "builds/b-0001/spec.json"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env == {
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "S3_ENDPOINT_URL": "https://s3.example",
        "STORAGE_URL": "s3://sites/prod",
    }
    assert container["resources"]["limits"] == {
        "cpu": "1",
        "memory": "512Mi",
        "ephemeral-storage": "256Mi",
    }
    json.dumps(job)  # plain JSON data, ready for the API


def test_build_job_security_context(template: dict) -> None:
    pod = make_job(template)["spec"]["template"]["spec"]
    container = pod["containers"][0]

    assert pod["automountServiceAccountToken"] is False
    assert pod["restartPolicy"] == "Never"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert isinstance(pod["securityContext"]["runAsUser"], int)
    assert pod["securityContext"]["runAsUser"] > 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    sc = container["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
    assert next(v for v in pod["volumes"] if v["name"] == "tmp")["emptyDir"] is not None


def test_a_weakened_template_is_hardened_again(template: dict) -> None:
    weak = copy.deepcopy(template)
    pod = weak["spec"]["template"]["spec"]
    pod["automountServiceAccountToken"] = True
    pod["securityContext"] = {"runAsUser": 0}
    pod["volumes"] = []
    container = pod["containers"][0]
    container["securityContext"] = {
        "privileged": True,
        "runAsUser": 0,
        "capabilities": {"add": ["NET_ADMIN"]},
    }
    container["volumeMounts"] = []

    hardened = make_job(weak)["spec"]["template"]["spec"]

    assert hardened == make_job(template)["spec"]["template"]["spec"] | {
        "securityContext": {
            "runAsUser": 10001,
            "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumes": [{"name": "tmp", "emptyDir": {}}],
    }


def test_options_override_the_template(template: dict) -> None:
    resources = {"limits": {"cpu": "2", "memory": "1Gi"}}
    job = make_job(
        template,
        ttl_seconds_after_finished=60,
        active_deadline_seconds=120,
        backoff_limit=0,
        resources=resources,
        service_account="r2w-builder",
        image_pull_policy="Always",
        suspend=True,
    )

    spec = job["spec"]
    assert (
        spec["ttlSecondsAfterFinished"],
        spec["activeDeadlineSeconds"],
        spec["backoffLimit"],
    ) == (60, 120, 0)
    assert spec["suspend"] is True
    assert spec["template"]["spec"]["serviceAccountName"] == "r2w-builder"
    assert spec["template"]["spec"]["containers"][0]["resources"] == resources
    assert spec["template"]["spec"]["containers"][0]["imagePullPolicy"] == "Always"


def test_build_job_is_deterministic_and_leaves_the_template_alone(template: dict) -> None:
    before = copy.deepcopy(template)

    first = json.dumps(make_job(template), sort_keys=True)
    second = json.dumps(make_job(template), sort_keys=True)

    assert first == second
    assert template == before


def test_odd_ids_become_valid_labels_and_stay_in_annotations(template: dict) -> None:
    job = make_job(template, portfolio_id="Portfolio of Ada/Lovelace " + "x" * 80)

    assert job["metadata"]["annotations"]["r2w.dev/portfolio-id"].startswith("Portfolio of Ada")
    assert len(job["metadata"]["labels"]["r2w.dev/portfolio-id"]) <= 63


def test_template_and_built_job_validate_against_the_kubernetes_schema(template: dict) -> None:
    version = kubernetes_validate.latest_version()

    kubernetes_validate.validate(template, version, strict=True)
    kubernetes_validate.validate(make_job(template), version, strict=True)


def test_load_template_refuses_non_jobs(tmp_path) -> None:
    path = tmp_path / "deploy.yaml"
    path.write_text("apiVersion: apps/v1\nkind: Deployment\n")

    with pytest.raises(ValueError, match="not a Kubernetes Job"):
        load_template(path)
