"""Fluent Bit (logs to CloudWatch) and the OpenTelemetry collector (traces to X-Ray) render and
validate strictly, and ship what r2w produces."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as kv

from tests.support.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ROOT / "ops" / "kubernetes" / "overlays"
KUBERNETES_VERSION = "1.31"


def _render(env: str) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        unavailable("kubectl (renders the observability manifests)")
    result = subprocess.run(
        [kubectl, "kustomize", str(OVERLAYS / env)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _one(objects: list[dict], kind: str, prefix: str) -> dict:
    (found,) = [
        o for o in objects if o["kind"] == kind and o["metadata"]["name"].startswith(prefix)
    ]
    return found


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_renders_and_validates_strictly(env):
    objects = _render(env)
    for obj in objects:
        kv.validate(obj, KUBERNETES_VERSION, strict=True)
    kinds = {(o["kind"], o["metadata"]["name"].rsplit("-", 1)[0]) for o in objects}
    assert ("DaemonSet", "fluent") in kinds and ("Deployment", "otel") in kinds
    for workload in (o for o in objects if o["kind"] in ("DaemonSet", "Deployment")):
        for container in workload["spec"]["template"]["spec"]["containers"]:
            assert ":" in container["image"] and not container["image"].endswith(":latest")
            assert container["resources"]["limits"] and container["resources"]["requests"]
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False


def test_fluent_bit_ships_r2w_containers_to_the_stack_s_log_group():
    objects = _render("prod")
    config = _one(objects, "ConfigMap", "fluent-bit-config")["data"]["fluent-bit.conf"]
    assert "/var/log/containers/*_r2w_*.log" in config  # r2w's namespace, builders included
    assert "Name                cloudwatch_logs" in config
    assert "${LOG_GROUP_NAME}" in config and "${AWS_REGION}" in config
    daemonset = _one(objects, "DaemonSet", "fluent-bit")
    spec = daemonset["spec"]["template"]["spec"]
    assert {"operator": "Exists"} in spec["tolerations"]  # the tainted spot builder nodes too
    mounts = {m["mountPath"]: m for m in spec["containers"][0]["volumeMounts"]}
    assert mounts["/var/log"]["readOnly"] is True
    rules = _one(objects, "ClusterRole", "r2w-fluent-bit-read")["rules"]
    assert rules == [
        {"apiGroups": [""], "resources": ["pods", "namespaces"], "verbs": ["get", "list", "watch"]}
    ]


def test_the_collector_takes_otlp_http_and_exports_to_xray():
    objects = _render("prod")
    config = yaml.safe_load(
        _one(objects, "ConfigMap", "otel-collector-config")["data"]["otel-collector.yaml"]
    )
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    assert config["service"]["pipelines"]["traces"]["exporters"] == ["awsxray"]
    service = _one(objects, "Service", "otel-collector")
    assert service["spec"]["ports"][0]["port"] == 4318
