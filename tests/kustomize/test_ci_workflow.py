"""The delivery workflow: tests gate delivery, OIDC only, migrate before rolling out."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.kustomize.k8s import REPO

WORKFLOW = REPO / ".github" / "workflows" / "deliver.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    """The parsed workflow (PyYAML reads the `on` key as True)."""
    return yaml.safe_load(WORKFLOW.read_text())


def _steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_triggers(workflow: dict):
    """Pushes to main deliver to staging, v* tags to production; pull requests are tested."""
    triggers = workflow[True]
    assert triggers["push"] == {"branches": ["main"], "tags": ["v*"]}
    assert "pull_request" in triggers


def test_tests_gate_delivery(workflow: dict):
    """The test job runs .ci/run and the linters; images need it; deploy needs the images."""
    jobs = workflow["jobs"]
    assert ".ci/run" in _steps_text(jobs["test"])
    assert "make lint" in _steps_text(jobs["test"])
    assert jobs["test"]["env"]["CI"] == "true"
    assert jobs["images"]["needs"] == "test"
    assert jobs["images"]["if"] == "github.event_name == 'push'"
    assert jobs["deploy"]["needs"] == "images"


def test_aws_access_is_oidc_only(workflow: dict):
    """No stored AWS keys: a role is assumed with the job's OIDC token."""
    text = WORKFLOW.read_text()
    assert not re.search(r"aws-access-key-id|aws-secret-access-key|AKIA", text, re.I)
    assert workflow["permissions"] == {"contents": "read"}
    for name in ("images", "deploy"):
        job = workflow["jobs"][name]
        assert job["permissions"]["id-token"] == "write"
        creds = [s for s in job["steps"] if "configure-aws-credentials" in s.get("uses", "")]
        assert creds and creds[0]["with"]["role-to-assume"].startswith("${{ secrets.")
        assert any("amazon-ecr-login" in s.get("uses", "") for s in job["steps"])


def test_both_images_are_built_and_pushed(workflow: dict):
    """Web and builder images are pushed to ECR under the same tag."""
    text = _steps_text(workflow["jobs"]["images"])
    for image in ("r2w-web", "r2w-builder"):
        assert f'docker push "$REGISTRY/{image}:$TAG"' in text


def test_deploy_targets_the_right_overlay(workflow: dict):
    """Tags deploy the prod overlay to production; main deploys staging."""
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"] == "${{ github.ref_type == 'tag' && 'production' || 'staging' }}"
    assert deploy["env"]["OVERLAY"].endswith(
        "${{ github.ref_type == 'tag' && 'prod' || 'staging' }}"
    )


def test_deploy_order(workflow: dict):
    """Set images, render, delete+apply+wait for the migration Job, then roll out the web."""
    text = _steps_text(workflow["jobs"]["deploy"])
    markers = [
        "edit set image",
        "kubectl kustomize",
        "delete job r2w-migrate",
        "wait --for=condition=complete",
        "rollout status deployment/r2w-web",
    ]
    positions = [text.find(marker) for marker in markers]
    assert -1 not in positions and positions == sorted(positions)
    # The reading worker, like the web, starts only on the migrated schema.
    assert "component notin (web,reading,reconcile)" in text


def test_production_deploys_the_pushed_digests(workflow: dict):
    """The images job hands on the registry's digests; a release deploys them, not a tag."""
    images = workflow["jobs"]["images"]
    assert {"web_digest", "builder_digest"} <= set(images["outputs"])
    assert "RepoDigests" in _steps_text(images)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["env"]["WEB_DIGEST"] == "${{ needs.images.outputs.web_digest }}"
    text = _steps_text(deploy)
    assert '"r2w-web=$REGISTRY/r2w-web@$WEB_DIGEST"' in text
    assert '"r2w-builder=$REGISTRY/r2w-builder@$BUILDER_DIGEST"' in text
    # Staging too runs what was pushed: the commit tag pinned to the pushed digest.
    assert '"r2w-web=$REGISTRY/r2w-web:$TAG@$WEB_DIGEST"' in text
