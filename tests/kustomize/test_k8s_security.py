"""Security policy over the rendered objects: pod hardening, RBAC, secrets, quotas."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.kustomize.k8s import (
    NAMESPACE,
    Obj,
    container_security_problems,
    containers,
    of_kind,
    one,
    pod_security_problems,
    pod_templates,
    ref,
)

# The settings that only ever come from r2w-secrets.
SECRET_SETTINGS = {
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ANTHROPIC_API_KEY",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "GOOGLE_CLIENT_SECRET",
    "LINKEDIN_CLIENT_SECRET",
    "RATELIMIT_STORAGE_URI",
}
SECRET_LOOKING = re.compile(
    r"://[^/\s:@]+:[^/\s@]+@"  # credentials inside a URL
    r"|-----BEGIN|AKIA[0-9A-Z]{16}|sk-ant-|sk_(live|test)_|rk_(live|test)_|whsec_"
)
# Values in base that every cloud overlay must replace.
BASE_PLACEHOLDERS = ("000000000000", "set-in-overlay", "example.invalid", "192.0.2.0/24")
WEB_ROLE_RULES = [
    {"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["create", "delete", "get", "list"]},
    {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]},
    {"apiGroups": [""], "resources": ["pods/log"], "verbs": ["get"]},
]


def test_pods_are_hardened(objects: list[Obj]):
    """Non-root numeric user, seccomp, read-only root, no escalation, no capabilities."""
    problems = []
    for workload, template in pod_templates(objects):
        spec = template["spec"]
        problems += [f"{ref(workload)}: {p}" for p in pod_security_problems(spec)]
        for container in containers(spec):
            where = f"{ref(workload)}/{container['name']}"
            problems += [f"{where}: {p}" for p in container_security_problems(container)]
        if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
            problems.append(f"{ref(workload)}: host namespaces")
    assert problems == []


def test_read_only_root_has_a_writable_tmp(objects: list[Obj]):
    """Every container gets an emptyDir somewhere to write (/tmp for the app image)."""
    for workload, template in pod_templates(objects):
        spec = template["spec"]
        scratch = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
        for container in containers(spec):
            mounts = {m["name"] for m in container.get("volumeMounts", [])}
            assert mounts & scratch, f"{ref(workload)}/{container['name']}"


def test_namespace_enforces_restricted_pod_security(objects: list[Obj]):
    """Admission also refuses unhardened pods, including builder pods made at run time."""
    labels = one(objects, "Namespace", NAMESPACE)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


def test_service_account_tokens(objects: list[Obj]):
    """Only the web's ServiceAccount may carry a Kubernetes API token."""
    accounts = {sa["metadata"]["name"]: sa for sa in of_kind(objects, "ServiceAccount")}
    assert set(accounts) == {"r2w-web", "r2w-builder", "r2w-migrate", "r2w-reading"}
    assert accounts["r2w-builder"]["automountServiceAccountToken"] is False
    assert accounts["r2w-reading"]["automountServiceAccountToken"] is False
    assert accounts["r2w-migrate"]["automountServiceAccountToken"] is False
    for _, template in pod_templates(objects):
        spec = template["spec"]
        if spec.get("serviceAccountName") != "r2w-web":
            assert spec.get("automountServiceAccountToken") is False


def test_cloud_service_accounts_have_their_iam_roles(cloud_objects: list[Obj]):
    """IRSA role ARNs per environment for the web, the builder and the reading worker."""
    arn = re.compile(r"^arn:aws:iam::\d{12}:role/[\w+=,.@-]+$")
    for name in ("r2w-web", "r2w-builder", "r2w-reading"):
        annotations = one(cloud_objects, "ServiceAccount", name)["metadata"]["annotations"]
        assert arn.match(annotations["eks.amazonaws.com/role-arn"])


def test_cloud_overlays_replace_every_base_placeholder(cloud_objects: list[Obj]):
    """No placeholder account, bucket, host or CIDR reaches staging or production."""
    text = yaml.safe_dump_all(cloud_objects)
    assert [p for p in BASE_PLACEHOLDERS if p in text] == []


def test_no_cluster_wide_rbac(objects: list[Obj]):
    """Permissions stop at the namespace."""
    kinds = {obj["kind"] for obj in objects}
    assert kinds.isdisjoint({"ClusterRole", "ClusterRoleBinding"})


def test_web_role_is_least_privilege(objects: list[Obj]):
    """Exactly: Jobs create/get/list/delete, pods get/list, pods/log get. No wildcards."""
    roles = of_kind(objects, "Role")
    assert [role["metadata"]["name"] for role in roles] == ["r2w-web"]
    rules = [
        {key: sorted(rule[key]) for key in ("apiGroups", "resources", "verbs")}
        for rule in roles[0]["rules"]
    ]
    assert rules == WEB_ROLE_RULES
    assert all(not rule.get("resourceNames") for rule in roles[0]["rules"])


def test_role_is_bound_only_to_the_web(objects: list[Obj]):
    """The Role is granted to the web's ServiceAccount in its own namespace only."""
    bindings = of_kind(objects, "RoleBinding")
    assert len(bindings) == 1
    assert bindings[0]["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": "r2w-web",
    }
    subject = {"kind": "ServiceAccount", "name": "r2w-web", "namespace": NAMESPACE}
    assert bindings[0]["subjects"] == [subject]


def test_no_secret_objects_in_the_repository(objects: list[Obj]):
    """No Secret objects at all: r2w-secrets is made outside the repository in every env."""
    assert [ref(secret) for secret in of_kind(objects, "Secret")] == []


def test_config_maps_hold_no_secrets(objects: list[Obj]):
    """No secret setting names, and nothing that looks like a credential, in ConfigMaps."""
    for cm in of_kind(objects, "ConfigMap"):
        data = cm.get("data", {})
        assert SECRET_SETTINGS.isdisjoint(data), ref(cm)
        assert [k for k, v in data.items() if SECRET_LOOKING.search(str(v))] == [], ref(cm)


@pytest.mark.parametrize(
    "value",
    ["postgresql://r2w:hunter2@db:5432/r2w", "sk-ant-api03-abc", "sk_live_123", "whsec_abc"],
)
def test_secret_pattern_catches_credentials(value):
    """The credential pattern used above recognises the shapes r2w's secrets take."""
    assert SECRET_LOOKING.search(value)


def test_build_quota_caps_run_to_completion_pods(objects: list[Obj]):
    """Builds are capped in number and compute without starving the web (quota.yaml)."""
    quotas = {q["metadata"]["name"]: q["spec"] for q in of_kind(objects, "ResourceQuota")}
    batch = quotas["r2w-batch-compute"]
    assert batch["scopes"] == ["Terminating"]
    compute = {"pods", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"}
    assert set(batch["hard"]) == compute
    objects_quota = quotas["r2w-objects"]["hard"]
    assert int(objects_quota["count/jobs.batch"]) > 0
    assert objects_quota["services.loadbalancers"] == "0"
