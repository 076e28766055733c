"""The admission policy on Jobs, evaluated for real with a CEL interpreter (cel-python).

The Job r2w's Kubernetes runner builds must pass every validation; hostile variants of it (the
kind of Job code running in a web pod could try to create) must each fail one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import celpy
import pytest
from kubernetes import client as k8s

from r2w.runners import BuildRequest, runner_from_name
from r2w.services import JOB_TEMPLATE
from tests.kustomize.k8s import NAMESPACE, Obj, app_config, of_kind, one

WEB_USER = f"system:serviceaccount:{NAMESPACE}:r2w-web"


class Policy:
    """A ValidatingAdmissionPolicy compiled with cel-python, bound to its ConfigMap params."""

    def __init__(self, policy: Obj, params: Obj) -> None:
        self.env = celpy.Environment()
        self.spec = policy["spec"]
        self.params = celpy.json_to_cel(params)

    def _run(self, expression: str, activation: dict[str, Any]) -> Any:
        return self.env.program(self.env.compile(expression)).evaluate(activation)

    def applies_to(self, username: str) -> bool:
        """Whether every matchCondition selects a request made by ``username``."""
        request = celpy.json_to_cel({"userInfo": {"username": username}})
        return all(
            bool(self._run(c["expression"], {"request": request}))
            for c in self.spec["matchConditions"]
        )

    def failures(self, job: Obj) -> list[str]:
        """The messages of the validations ``job`` fails (empty: admitted)."""
        activation: dict[str, Any] = {"object": celpy.json_to_cel(job), "params": self.params}
        variables = {}
        for variable in self.spec.get("variables", []):
            variables[variable["name"]] = self._run(variable["expression"], activation)
        activation["variables"] = celpy.celtypes.MapType(
            {celpy.celtypes.StringType(k): v for k, v in variables.items()}
        )
        failed = []
        for validation in self.spec["validations"]:
            result = self._run(validation["expression"], activation)
            # An evaluation error denies too (failurePolicy: Fail).
            if not isinstance(result, celpy.celtypes.BoolType) or not result:
                failed.append(validation["message"])
        return failed


@pytest.fixture(params=["dev", "staging", "prod"])
def overlay(request, rendered: dict[str, list[Obj]]) -> list[Obj]:
    """The rendered objects of each overlay."""
    return rendered[request.param]


@pytest.fixture
def policy(overlay: list[Obj]) -> Policy:
    """The overlay's policy, with the ConfigMap its binding names as params."""
    binding = one(overlay, "ValidatingAdmissionPolicyBinding", "r2w-builder-jobs")["spec"]
    config = one(overlay, "ConfigMap", binding["paramRef"]["name"])
    return Policy(one(overlay, "ValidatingAdmissionPolicy", binding["policyName"]), config)


@pytest.fixture
def builder_job(overlay: list[Obj]) -> Obj:
    """The Job r2w's Kubernetes runner creates for a build, with this overlay's settings."""
    config = app_config(overlay)
    runner = runner_from_name(
        "kubernetes",
        namespace=NAMESPACE,
        image=config["BUILDER_IMAGE"],
        template_path=JOB_TEMPLATE,
        api_client=k8s.ApiClient(),  # never called: only the Job object is built
        storage_env={"STORAGE_URL": config["STORAGE_URL"]},
        service_account="r2w-builder",
    )
    return runner.job_for(BuildRequest("b-123", "p-456", "specs/b-123.json", "owner-1"))


def test_the_binding_denies_in_the_app_namespace(overlay: list[Obj]):
    """Deny (not just warn), in r2w's namespace, with params from the app's own ConfigMap."""
    binding = one(overlay, "ValidatingAdmissionPolicyBinding", "r2w-builder-jobs")["spec"]
    assert binding["validationActions"] == ["Deny"]
    assert binding["matchResources"]["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": NAMESPACE
    }
    assert binding["paramRef"]["parameterNotFoundAction"] == "Deny"
    generated = {cm["metadata"]["name"] for cm in of_kind(overlay, "ConfigMap")}
    assert binding["paramRef"]["name"] in generated  # the hash-suffixed name, not a stale one
    web = one(overlay, "Deployment", "r2w-web")["spec"]["template"]["spec"]
    assert f"system:serviceaccount:{NAMESPACE}:{web['serviceAccountName']}" == WEB_USER


def test_the_policy_applies_to_the_web_only(policy: Policy):
    assert policy.applies_to(WEB_USER)
    assert not policy.applies_to("system:serviceaccount:kube-system:cronjob-controller")
    assert not policy.applies_to(f"system:serviceaccount:{NAMESPACE}:r2w-reading")


def test_the_job_r2w_builds_is_admitted(policy: Policy, builder_job: Obj):
    assert policy.failures(builder_job) == []


def _pod(job: Obj) -> Obj:
    return job["spec"]["template"]["spec"]


def _container(job: Obj) -> Obj:
    return _pod(job)["containers"][0]


HOSTILE: dict[str, Callable[[Obj], None]] = {
    "another image": lambda j: _container(j).update(image="attacker/miner:1"),
    "a second container": lambda j: _pod(j)["containers"].append(
        {**copy.deepcopy(_container(j)), "name": "extra"}
    ),
    "an init container": lambda j: _pod(j).update(
        initContainers=[{"name": "init", "image": "busybox:1"}]
    ),
    "the web's ServiceAccount": lambda j: _pod(j).update(serviceAccountName="r2w-web"),
    "no ServiceAccount named": lambda j: _pod(j).pop("serviceAccountName"),
    "an API token": lambda j: _pod(j).update(automountServiceAccountToken=True),
    "a host path": lambda j: _pod(j)["volumes"].append({"name": "host", "hostPath": {"path": "/"}}),
    "a mounted Secret": lambda j: _pod(j)["volumes"].append(
        {"name": "s", "secret": {"secretName": "r2w-secrets"}}
    ),
    "a projected token": lambda j: _pod(j)["volumes"].append(
        {"name": "t", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}]}}
    ),
    "a whole Secret as env": lambda j: _container(j).update(
        envFrom=[{"secretRef": {"name": "r2w-secrets"}}]
    ),
    "one Secret key as env": lambda j: _container(j)["env"].append(
        {
            "name": "DATABASE_URL",
            "valueFrom": {"secretKeyRef": {"name": "r2w-secrets", "key": "DATABASE_URL"}},
        }
    ),
    "privileged": lambda j: _container(j)["securityContext"].update(privileged=True),
    "privilege escalation": lambda j: _container(j)["securityContext"].update(
        allowPrivilegeEscalation=True
    ),
    "a writable root": lambda j: _container(j)["securityContext"].update(
        readOnlyRootFilesystem=False
    ),
    "root in the container": lambda j: _container(j)["securityContext"].update(runAsUser=0),
    "root in the pod": lambda j: _pod(j)["securityContext"].update(runAsUser=0),
    "added capabilities": lambda j: _container(j)["securityContext"].update(
        capabilities={"drop": ["ALL"], "add": ["NET_RAW"]}
    ),
    "capabilities kept": lambda j: _container(j)["securityContext"].pop("capabilities"),
    "no seccomp": lambda j: _pod(j)["securityContext"].pop("seccompProfile"),
    "the host network": lambda j: _pod(j).update(hostNetwork=True),
    "the host PID namespace": lambda j: _pod(j).update(hostPID=True),
    "no pod security context": lambda j: _pod(j).pop("securityContext"),
}


@pytest.mark.parametrize("change", HOSTILE, ids=list(HOSTILE))
def test_hostile_jobs_are_denied(policy: Policy, builder_job: Obj, change: str):
    job = copy.deepcopy(builder_job)
    HOSTILE[change](job)
    assert policy.failures(job), f"a Job with {change} was admitted"
