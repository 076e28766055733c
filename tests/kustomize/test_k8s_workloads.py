"""Workload policy over the rendered objects: images, resources, probes, selectors, scaling."""

from __future__ import annotations

import re

import pytest

from tests.kustomize.k8s import (
    LONG_RUNNING_KINDS,
    WEB_LABELS,
    Obj,
    app_config,
    containers,
    env_values,
    of_kind,
    one,
    pod_template,
    pod_templates,
    ref,
    selector_matches,
)

# name:tag (tag not "latest") or name@sha256:digest; a registry port is not a tag.
PINNED_IMAGE = re.compile(r"^[^@\s]+(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$")
GUNICORN_GRACEFUL_TIMEOUT = 30


def _web(objects: list[Obj]) -> Obj:
    return one(objects, "Deployment", "r2w-web")


def _web_container(objects: list[Obj]) -> Obj:
    return pod_template(_web(objects))["spec"]["containers"][0]


def _image(obj: Obj) -> str:
    return pod_template(obj)["spec"]["containers"][0]["image"]


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("r2w-web:0.1.0", True),
        ("registry:5000/r2w-web:abc123", True),
        ("r2w-web@sha256:" + "a" * 64, True),
        ("r2w-web", False),
        ("r2w-web:latest", False),
        ("registry:5000/r2w-web", False),
    ],
)
def test_pinned_image_pattern(image, pinned):
    """The image rule itself: tag or digest required, "latest" refused."""
    assert bool(PINNED_IMAGE.match(image.rsplit("/", 1)[-1])) is pinned


def test_images_are_pinned(objects: list[Obj]):
    """No untagged or :latest image anywhere, nor as the builder image the web launches."""
    images = [c["image"] for _, t in pod_templates(objects) for c in containers(t["spec"])]
    images += [app_config(objects)["BUILDER_IMAGE"]]
    unpinned = [image for image in images if not PINNED_IMAGE.match(image.rsplit("/", 1)[-1])]
    assert images and unpinned == []


def test_one_release_one_tag(objects: list[Obj]):
    """Web, migration, reconcile and builder images come from the same release."""
    web = _image(_web(objects))
    assert _image(one(objects, "Job", "r2w-migrate")) == web
    assert _image(one(objects, "CronJob", "r2w-reconcile")) == web
    builder = app_config(objects)["BUILDER_IMAGE"]
    # Digests differ per image; the registry and any release tag in front of them are shared.
    assert builder.split("@")[0] == web.split("@")[0].replace("r2w-web", "r2w-builder")


def test_cloud_images_come_from_ecr(cloud_objects: list[Obj]):
    """Staging and production pull from ECR, never from a public registry."""
    ecr = re.compile(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/r2w-(web|builder):")
    assert ecr.match(_image(_web(cloud_objects)))
    assert ecr.match(app_config(cloud_objects)["BUILDER_IMAGE"])


def test_containers_have_requests_and_limits(objects: list[Obj]):
    """Every container states CPU and memory requests and limits (the quotas need them)."""
    missing = [
        f"{ref(workload)}/{c['name']}"
        for workload, template in pod_templates(objects)
        for c in containers(template["spec"])
        for kind in ("requests", "limits")
        if set(c.get("resources", {}).get(kind, {})) != {"cpu", "memory"}
    ]
    assert missing == []


def test_long_running_containers_have_probes(objects: list[Obj]):
    """Deployments and StatefulSets are probed for liveness and readiness."""
    missing = [
        f"{ref(workload)}/{c['name']}"
        for workload, template in pod_templates(objects)
        if workload["kind"] in LONG_RUNNING_KINDS
        for c in template["spec"]["containers"]
        if not ("livenessProbe" in c and "readinessProbe" in c)
    ]
    assert missing == []


def test_web_probes_use_the_health_endpoints(objects: list[Obj]):
    """Liveness and startup on /healthz, readiness on /readyz, all on gunicorn's own port."""
    web = _web_container(objects)
    assert web["ports"] == [{"name": "app", "containerPort": 8000, "protocol": "TCP"}]
    assert web["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "app"}
    assert web["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "app"}
    assert web["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "app"}


def test_web_drains_before_stopping(objects: list[Obj]):
    """The grace period covers the preStop sleep plus gunicorn's graceful shutdown."""
    spec = pod_template(_web(objects))["spec"]
    command = _web_container(objects)["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    assert spec["terminationGracePeriodSeconds"] > int(command[1]) + GUNICORN_GRACEFUL_TIMEOUT


def test_web_spreads_over_zones_and_nodes(objects: list[Obj]):
    """Replicas spread across zones and nodes, selecting their own pods."""
    constraints = pod_template(_web(objects))["spec"]["topologySpreadConstraints"]
    keys = [c["topologyKey"] for c in constraints]
    assert keys == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
    assert all(c["labelSelector"]["matchLabels"] == WEB_LABELS for c in constraints)


def test_prod_requires_zone_spread(rendered: dict[str, list[Obj]]):
    """Production refuses to stack replicas in one zone; elsewhere it is a preference."""
    by_target = {
        name: pod_template(_web(rendered[name]))["spec"]["topologySpreadConstraints"][0]
        for name in rendered
    }
    assert by_target.pop("prod")["whenUnsatisfiable"] == "DoNotSchedule"
    assert {c["whenUnsatisfiable"] for c in by_target.values()} == {"ScheduleAnyway"}


def test_web_reads_config_and_secret(objects: list[Obj]):
    """Settings from the generated ConfigMap and r2w-secrets; builds go to its own namespace."""
    web = _web_container(objects)
    sources = [next(iter(source)) for source in web["envFrom"]]
    assert sources == ["configMapRef"]
    # r2w-secrets is mounted where SECRETS_DIR says, one file per setting.
    secrets_dir = env_values(pod_template(_web(objects))["spec"], of_kind(objects, "ConfigMap"))[
        "SECRETS_DIR"
    ]
    secret_volumes = {
        v["name"]
        for v in pod_template(_web(objects))["spec"]["volumes"]
        if v.get("secret", {}).get("secretName") == "r2w-secrets"
    }
    assert {(m["name"], m["mountPath"]) for m in web["volumeMounts"]} >= {
        (name, secrets_dir) for name in secret_volumes
    } and secret_volumes
    env = {e["name"]: e for e in web["env"]}
    assert env["BUILD_NAMESPACE"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.namespace"
    mounts = {m["mountPath"] for m in web["volumeMounts"]}
    assert {"/tmp", env["PROMETHEUS_MULTIPROC_DIR"]["value"]} <= mounts


def test_cloud_config_selects_cloud_backends(cloud_objects: list[Obj]):
    """Staging and production run builds as Jobs, sessions on Redis, files on S3."""
    config = env_values(
        pod_template(_web(cloud_objects))["spec"], of_kind(cloud_objects, "ConfigMap")
    )
    assert config["ENVIRONMENT"] in ("staging", "production")
    assert config["BUILD_RUNNER"] == "kubernetes"
    assert config["SESSION_BACKEND"] == "redis"
    assert config["STORAGE_URL"].startswith("s3://")
    assert config["PUBLIC_BASE_URL"].startswith("https://")
    assert "S3_ENDPOINT_URL" not in config


def test_controller_selectors_match_their_pods(objects: list[Obj]):
    """Deployment and StatefulSet selectors select their own pod template."""
    for workload in of_kind(objects, "Deployment") + of_kind(objects, "StatefulSet"):
        labels = pod_template(workload)["metadata"]["labels"]
        assert selector_matches(workload["spec"]["selector"], labels), ref(workload)


def test_services_select_pods_with_their_target_ports(objects: list[Obj]):
    """Each Service selects a pod template whose containers expose its target ports."""
    templates = [template for _, template in pod_templates(objects)]
    for service in of_kind(objects, "Service"):
        spec = service["spec"]
        matching = [
            t
            for t in templates
            if selector_matches({"matchLabels": spec["selector"]}, t["metadata"]["labels"])
        ]
        assert matching, ref(service)
        ports = {
            p.get("name") for t in matching for c in t["spec"]["containers"] for p in c["ports"]
        }
        assert {p["targetPort"] for p in spec["ports"]} <= ports, ref(service)


def test_pdb_protects_the_web(objects: list[Obj]):
    """At least one web pod stays up through voluntary disruptions."""
    pdb = one(objects, "PodDisruptionBudget", "r2w-web")
    assert pdb["spec"]["minAvailable"] == 1
    assert selector_matches(
        pdb["spec"]["selector"], pod_template(_web(objects))["metadata"]["labels"]
    )


EXPECTED_SCALING = {"base": (2, 2, 10), "dev": (1, 1, 2), "staging": (2, 2, 4), "prod": (2, 2, 10)}


@pytest.mark.parametrize(("name", "expected"), EXPECTED_SCALING.items())
def test_replicas_and_autoscaling(rendered: dict[str, list[Obj]], name, expected):
    """Replicas and HPA range per environment; CPU and memory drive the autoscaler."""
    objects = rendered[name]
    hpa = one(objects, "HorizontalPodAutoscaler", "r2w-web")["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "r2w-web",
    }
    replicas = _web(objects)["spec"]["replicas"]
    assert (replicas, hpa["minReplicas"], hpa["maxReplicas"]) == expected
    assert {m["resource"]["name"] for m in hpa["metrics"]} == {"cpu", "memory"}


def test_migration_job(objects: list[Obj]):
    """Migrations run as their own Job, without a Kubernetes API token."""
    job = one(objects, "Job", "r2w-migrate")
    spec = pod_template(job)["spec"]
    assert spec["containers"][0]["command"] == ["flask", "--app", "wsgi", "db", "upgrade"]
    assert spec["serviceAccountName"] == "r2w-migrate"
    assert spec["automountServiceAccountToken"] is False
    assert spec["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] >= 1


def test_reconcile_cronjob(objects: list[Obj]):
    """Reconcile every five minutes, never two at once, with the web's Job permissions."""
    cron = one(objects, "CronJob", "r2w-reconcile")
    assert cron["spec"]["schedule"] == "*/5 * * * *"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    spec = pod_template(cron)["spec"]
    assert spec["containers"][0]["command"] == ["flask", "--app", "wsgi", "r2w", "reconcile"]
    assert spec["serviceAccountName"] == "r2w-web"


def test_batch_pods_fall_in_the_terminating_quota_scope(objects: list[Obj]):
    """Run-to-completion pods set a pod-level deadline; the web's pods do not."""
    for workload, template in pod_templates(objects):
        has_deadline = "activeDeadlineSeconds" in template["spec"]
        assert has_deadline is (workload["kind"] in ("Job", "CronJob")), ref(workload)
