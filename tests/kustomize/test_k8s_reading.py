"""The reading worker Deployment: only it reads CVs in the cloud, scaled on the queue by KEDA."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from r2w.extensions import db
from r2w.intake.pipeline import ACTIVE, MAX_ATTEMPTS
from tests.api.conftest import SAMPLES, Api
from tests.kustomize.k8s import (
    Obj,
    env_values,
    of_kind,
    one,
    pod_template,
    selector_matches,
)

READING_LABELS = {"app.kubernetes.io/name": "r2w-web", "app.kubernetes.io/component": "reading"}
WORKER_COMMAND = ["flask", "--app", "wsgi", "r2w", "worker", "--reading"]
# (minReplicaCount, maxReplicaCount) of the reading worker per cloud overlay.
EXPECTED_SCALING = {"staging": (0, 2), "prod": (1, 6)}


def _reading(objects: list[Obj]) -> Obj:
    return one(objects, "Deployment", "r2w-reading")


def _config(objects: list[Obj], workload: Obj) -> dict[str, str]:
    return env_values(pod_template(workload)["spec"], of_kind(objects, "ConfigMap"))


def test_reading_runs_in_its_own_deployment(objects: list[Obj]):
    """The worker command, its own ServiceAccount without an API token, resources for OCR."""
    spec = pod_template(_reading(objects))["spec"]
    container = spec["containers"][0]
    assert container["command"][: len(WORKER_COMMAND)] == WORKER_COMMAND
    assert spec["serviceAccountName"] == "r2w-reading"
    assert spec["automountServiceAccountToken"] is False
    assert READING_LABELS.items() <= pod_template(_reading(objects))["metadata"]["labels"].items()
    assert container["resources"]["limits"]["memory"] == "1536Mi"
    # Secrets by key, never a whole Secret in the environment.
    assert all("secretRef" not in source for source in container["envFrom"])


def test_reading_probes_watch_the_heartbeat(objects: list[Obj]):
    """Liveness and readiness check the file the loop touches before every CV."""
    container = pod_template(_reading(objects))["spec"]["containers"][0]
    heartbeat = container["command"][container["command"].index("--heartbeat") + 1]
    for probe in ("livenessProbe", "readinessProbe"):
        assert heartbeat in container[probe]["exec"]["command"][-1], probe


def test_reading_pods_have_a_pdb_and_accept_no_connections(objects: list[Obj]):
    """Drains take one at a time; no NetworkPolicy lets anything connect to them."""
    labels = pod_template(_reading(objects))["metadata"]["labels"]
    pdb = one(objects, "PodDisruptionBudget", "r2w-reading")["spec"]
    assert pdb["maxUnavailable"] == 1 and selector_matches(pdb["selector"], labels)
    ingress_rules = [
        rule
        for policy in of_kind(objects, "NetworkPolicy")
        if "Ingress" in policy["spec"]["policyTypes"]
        and selector_matches(policy["spec"]["podSelector"], labels)
        for rule in policy["spec"].get("ingress", [])
    ]
    assert ingress_rules == []
    services = [
        s["metadata"]["name"]
        for s in of_kind(objects, "Service")
        if selector_matches({"matchLabels": s["spec"]["selector"]}, labels)
    ]
    assert services == []


def test_web_and_reconcile_pods_never_read_cvs(objects: list[Obj]):
    """The config the web and the reconcile job get turns in-process reading off."""
    assert _config(objects, one(objects, "Deployment", "r2w-web"))["READ_CVS_IN_WEB"] == "false"
    cron = one(objects, "CronJob", "r2w-reconcile")
    assert _config(objects, cron)["READ_CVS_IN_WEB"] == "false"


@pytest.mark.parametrize(("overlay", "expected"), EXPECTED_SCALING.items())
def test_cloud_overlays_scale_reading_on_the_queue(rendered, overlay, expected):
    """KEDA scales the reading Deployment on waiting CVs; staging down to zero."""
    objects = rendered[overlay]
    scaled = one(objects, "ScaledObject", "r2w-reading")["spec"]
    assert scaled["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "r2w-reading",
    }
    assert (scaled["minReplicaCount"], scaled["maxReplicaCount"]) == expected
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "postgresql"
    auth = one(objects, "TriggerAuthentication", trigger["authenticationRef"]["name"])["spec"]
    assert auth["secretTargetRef"] == [
        {"parameter": "connection", "name": "r2w-secrets", "key": "DATABASE_URL"}
    ]


def test_dev_runs_one_reading_pod_without_keda(rendered):
    """A laptop cluster has no KEDA: one reading pod, no custom resources."""
    assert _reading(rendered["dev"])["spec"]["replicas"] == 1
    assert of_kind(rendered["dev"], "ScaledObject") == []


def _queue_query(rendered) -> str:
    scaled = one(rendered["prod"], "ScaledObject", "r2w-reading")["spec"]
    return scaled["triggers"][0]["metadata"]["query"]


def test_the_scaler_query_counts_what_the_worker_will_read(rendered, make_app):
    """Run KEDA's query on PostgreSQL: a CV the web enqueued counts, a read one does not."""
    query = _queue_query(rendered)
    for status in ACTIVE:
        assert f"'{status}'" in query
    assert f"attempts < {MAX_ATTEMPTS}" in query
    app = make_app(database="postgres", READ_CVS_IN_WEB="false")
    api = Api(app.test_client())
    sample = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    api.upload(sample)
    api.upload(sample)
    with app.app_context():
        assert db.session.scalar(text(query)) == 2

    result = app.test_cli_runner().invoke(args=["r2w", "worker", "--reading", "--once"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(text(query)) == 0
