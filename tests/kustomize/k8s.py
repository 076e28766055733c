"""Render the kustomize targets and walk the rendered objects (shared by the kustomize tests)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
KUSTOMIZE_DIR = REPO / "kustomize"
OVERLAYS = ("dev", "staging", "prod")
CLOUD_OVERLAYS = ("staging", "prod")
TARGETS = ("base", *OVERLAYS)
# EKS standard support; kubernetes-validate ships schemas up to 1.33.
KUBERNETES_VERSION = "1.31"
NAMESPACE = "r2w"

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
LONG_RUNNING_KINDS = ("Deployment", "StatefulSet", "DaemonSet")
WEB_LABELS = {"app.kubernetes.io/name": "r2w-web", "app.kubernetes.io/component": "web"}
# What the app puts on the builder pods it creates (manifests/build-job.yaml).
BUILDER_LABELS = {"app.kubernetes.io/name": "r2w-builder", "app.kubernetes.io/component": "build"}

Obj = dict[str, Any]


def target_dir(target: str) -> Path:
    """Return the kustomization folder of a target ("base" or an overlay name)."""
    return KUSTOMIZE_DIR / "base" if target == "base" else KUSTOMIZE_DIR / "overlays" / target


def render(kubectl: str, target: str) -> list[Obj]:
    """Render a target with `kubectl kustomize` and return its objects."""
    result = subprocess.run(
        [kubectl, "kustomize", str(target_dir(target))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"kubectl kustomize {target} failed:\n{result.stderr}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def ref(obj: Obj) -> str:
    """Return "Kind/name" for messages."""
    return f"{obj['kind']}/{obj['metadata']['name']}"


def of_kind(objects: list[Obj], kind: str) -> list[Obj]:
    """Return the objects of one kind."""
    return [obj for obj in objects if obj["kind"] == kind]


def one(objects: list[Obj], kind: str, name: str) -> Obj:
    """Return the single object of this kind and name (assertion error if absent)."""
    found = [obj for obj in of_kind(objects, kind) if obj["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def pod_template(workload: Obj) -> Obj:
    """Return the pod template ({metadata, spec}) of a workload object."""
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]


def pod_templates(objects: list[Obj]) -> Iterator[tuple[Obj, Obj]]:
    """Yield (workload, pod template) for every object that runs pods."""
    for obj in objects:
        if obj["kind"] in WORKLOAD_KINDS:
            yield obj, pod_template(obj)


def containers(pod_spec: Obj) -> list[Obj]:
    """Return init and regular containers of a pod spec."""
    return [*pod_spec.get("initContainers", []), *pod_spec["containers"]]


def selector_matches(selector: Obj, labels: dict[str, str]) -> bool:
    """Evaluate a Kubernetes label selector (matchLabels and matchExpressions) on labels."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        checks = {
            "In": key in labels and labels[key] in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }
        if not checks[op]:
            return False
    return True


def app_config(objects: list[Obj]) -> dict[str, str]:
    """Return the settings of the app's generated ConfigMap (r2w-config-<hash>)."""
    configs = of_kind(objects, "ConfigMap")
    (found,) = [cm for cm in configs if cm["metadata"]["name"].startswith("r2w-config")]
    return found["data"]


def env_values(pod_spec: Obj, config_maps: list[Obj]) -> dict[str, str]:
    """Return the literal env a pod's first container gets from ConfigMaps and env entries."""
    by_name = {cm["metadata"]["name"]: cm.get("data", {}) for cm in config_maps}
    container = pod_spec["containers"][0]
    values: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            values.update(by_name[source["configMapRef"]["name"]])
    values.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    return values


def pod_security_problems(spec: Obj) -> list[str]:
    """Return what a pod spec lacks of the restricted pod-level settings."""
    pod = spec.get("securityContext", {})
    problems = []
    if pod.get("runAsNonRoot") is not True:
        problems.append("runAsNonRoot")
    if not (isinstance(pod.get("runAsUser"), int) and pod["runAsUser"] > 0):
        problems.append("numeric non-root runAsUser")
    if pod.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        problems.append("seccomp RuntimeDefault")
    return problems


def container_security_problems(container: Obj) -> list[str]:
    """Return what a container lacks of the restricted container-level settings."""
    ctx = container.get("securityContext", {})
    expected = {
        "readOnlyRootFilesystem": ctx.get("readOnlyRootFilesystem") is True,
        "allowPrivilegeEscalation false": ctx.get("allowPrivilegeEscalation") is False,
        "drop ALL": ctx.get("capabilities", {}).get("drop") == ["ALL"],
        "no added capabilities": not ctx.get("capabilities", {}).get("add"),
        "not privileged": not ctx.get("privileged"),
        "no root override": ctx.get("runAsUser", 1) != 0,
    }
    return [name for name, ok in expected.items() if not ok]


QUANTITY_SUFFIXES = {
    "m": 0.001,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
}


def quantity(value: str | int) -> float:
    """Parse a Kubernetes quantity ("250m", "512Mi", "2") into a number."""
    text = str(value)
    for suffix, factor in QUANTITY_SUFFIXES.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)
