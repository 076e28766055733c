"""Every target renders, validates strictly offline, and follows the kustomize conventions."""

from __future__ import annotations

import pytest
import yaml
from kubernetes_validate import utils as kv

from tests.kustomize.k8s import (
    KUBERNETES_VERSION,
    KUSTOMIZE_DIR,
    NAMESPACE,
    OVERLAYS,
    Obj,
    containers,
    of_kind,
    pod_templates,
    ref,
)

CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
}
KUSTOMIZATIONS = sorted(KUSTOMIZE_DIR.rglob("kustomization.yaml"))
# KEDA's custom resources have no schema in kubernetes-validate; test_k8s_reading.py checks
# the fields r2w relies on.
CUSTOM_KINDS = {("keda.sh/v1alpha1", "ScaledObject"), ("keda.sh/v1alpha1", "TriggerAuthentication")}


def _validation_error(obj: Obj) -> str | None:
    if (obj["apiVersion"], obj["kind"]) in CUSTOM_KINDS:
        return None
    try:
        kv.validate(obj, KUBERNETES_VERSION, strict=True)
    except kv.ValidationError as exc:
        path = ".".join(str(part) for part in exc.path)
        return f"{ref(obj)}: {path}: {exc.message}"
    except kv.SchemaNotFoundError as exc:
        return f"{ref(obj)}: {exc.message}"
    return None


def test_targets_cover_every_overlay_folder():
    """A new overlay folder is rendered and checked without editing the tests."""
    found = sorted(path.name for path in (KUSTOMIZE_DIR / "overlays").iterdir() if path.is_dir())
    assert found == sorted(OVERLAYS)


def test_target_validates_strictly(objects: list[Obj]):
    """Every object matches the Kubernetes schema; unknown fields are errors."""
    errors = [error for obj in objects if (error := _validation_error(obj))]
    assert objects and errors == []


def test_strict_validation_rejects_unknown_fields(rendered: dict[str, list[Obj]]):
    """The validator really is strict: a misspelt field fails (guards the test above)."""
    deployment = of_kind(rendered["base"], "Deployment")[0]
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    assert _validation_error(broken) is not None


def test_every_namespaced_object_is_in_the_app_namespace(objects: list[Obj]):
    """One namespace per environment: the Role and the builds depend on it."""
    stray = [
        ref(obj)
        for obj in objects
        if obj["kind"] not in CLUSTER_SCOPED and obj["metadata"].get("namespace") != NAMESPACE
    ]
    assert stray == []


def test_references_resolve(objects: list[Obj]):
    """ConfigMaps (hashed names) and ServiceAccounts referenced by pods exist in the render."""
    names = {(obj["kind"], obj["metadata"]["name"]) for obj in objects}
    missing = []
    for workload, template in pod_templates(objects):
        spec = template["spec"]
        if sa := spec.get("serviceAccountName"):
            missing += [] if ("ServiceAccount", sa) in names else [f"{ref(workload)}: sa {sa}"]
        for container in containers(spec):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    cm = source["configMapRef"]["name"]
                    missing += [] if ("ConfigMap", cm) in names else [f"{ref(workload)}: {cm}"]
    assert missing == []


def test_secret_references_are_the_out_of_band_secret(objects: list[Obj]):
    """Pods only read the Secret created outside the repository (r2w-secrets), as files."""
    referenced = set()
    in_environment = []
    for workload, template in pod_templates(objects):
        for volume in template["spec"].get("volumes", []):
            if "secret" in volume:
                referenced.add(volume["secret"]["secretName"])
        for container in containers(template["spec"]):
            sources = container.get("envFrom", []) + [
                e.get("valueFrom", {}) for e in container.get("env", [])
            ]
            if any("secretRef" in s or "secretKeyRef" in s for s in sources):
                in_environment.append(ref(workload))
    assert referenced == {"r2w-secrets"}
    # No Secret in any environment: children and crash reports would inherit it.
    assert in_environment == []


@pytest.mark.parametrize("path", KUSTOMIZATIONS, ids=lambda p: str(p.parent.name))
def test_kustomization_conventions(path):
    """labels: not commonLabels, patches: *.patch.yaml, settings from envs:, nginx's files."""
    kustomization = yaml.safe_load(path.read_text())
    deprecated = {"commonLabels", "patchesStrategicMerge", "patchesJson6902", "vars", "bases"}
    assert deprecated.isdisjoint(kustomization)
    for patch in kustomization.get("patches", []):
        assert patch["path"].endswith(".patch.yaml")
        assert (path.parent / patch["path"]).is_file()
    for generator in kustomization.get("configMapGenerator", []):
        # Settings are env files; only the nginx front's ConfigMap holds whole files.
        kind = "files" if generator["name"] == "r2w-nginx" else "envs"
        assert set(generator) <= {"name", "behavior", kind}
        assert generator[kind]
    assert "secretGenerator" not in kustomization
