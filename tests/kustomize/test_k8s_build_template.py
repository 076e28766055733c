"""The builder Job template the app fills in fits the namespace it runs in."""

from __future__ import annotations

import pytest
import yaml

from tests.kustomize.k8s import (
    BUILDER_LABELS,
    REPO,
    Obj,
    app_config,
    container_security_problems,
    of_kind,
    one,
    pod_security_problems,
    pod_template,
    quantity,
    selector_matches,
)

TEMPLATE = REPO / "manifests" / "build-job.yaml"


@pytest.fixture(scope="module")
def build_pod() -> Obj:
    """The pod template of manifests/build-job.yaml."""
    if not TEMPLATE.exists():
        pytest.fail(f"{TEMPLATE.relative_to(REPO)} is missing: the web creates builds from it")
    return pod_template(yaml.safe_load(TEMPLATE.read_text()))


def test_builder_pods_carry_the_labels_the_policies_select(build_pod: Obj, objects: list[Obj]):
    """The builder NetworkPolicy selects the pods the template produces."""
    labels = build_pod["metadata"]["labels"]
    assert BUILDER_LABELS.items() <= labels.items()
    policy = one(objects, "NetworkPolicy", "r2w-builder-egress")
    assert selector_matches(policy["spec"]["podSelector"], labels)


def test_builder_pods_pass_restricted_admission(build_pod: Obj):
    """The template itself is hardened (the namespace enforces restricted)."""
    spec = build_pod["spec"]
    problems = pod_security_problems(spec)
    problems += [p for c in spec["containers"] for p in container_security_problems(c)]
    assert problems == []
    assert spec["automountServiceAccountToken"] is False


def test_builder_resources_fit_the_limit_range(build_pod: Obj, objects: list[Obj]):
    """Each builder container stays under the namespace's per-container ceiling."""
    limit_range = of_kind(objects, "LimitRange")[0]["spec"]["limits"][0]
    for container in build_pod["spec"]["containers"]:
        for resource, ceiling in limit_range["max"].items():
            assert quantity(container["resources"]["limits"][resource]) <= quantity(ceiling)


def test_batch_quota_holds_the_concurrent_builds(build_pod: Obj, objects: list[Obj]):
    """BUILD_MAX_CONCURRENT builds plus a migration and a reconcile fit in the batch quota."""
    hard = one(objects, "ResourceQuota", "r2w-batch-compute")["spec"]["hard"]
    builds = int(app_config(objects)["BUILD_MAX_CONCURRENT"])
    jobs = [pod_template(one(objects, "Job", "r2w-migrate"))]
    jobs.append(pod_template(one(objects, "CronJob", "r2w-reconcile")))
    pods = [build_pod] * builds + jobs
    assert len(pods) <= int(hard["pods"])
    for kind in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            total = sum(
                quantity(c["resources"][kind][resource])
                for pod in pods
                for c in pod["spec"]["containers"]
            )
            assert total <= quantity(hard[f"{kind}.{resource}"]), f"{kind}.{resource}"
