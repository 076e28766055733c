"""The web pod's nginx front as rendered: same image, the shipped config, the right ports.

tests/sites/test_nginx_front.py runs kustomize/base/nginx/nginx.conf in front of a live app;
these tests prove that this very file is what every overlay deploys, and that the pod, the
Service, the NetworkPolicy and the trusted proxy addresses agree with it.
"""

from __future__ import annotations

import re

from tests.kustomize.k8s import (
    KUSTOMIZE_DIR,
    WEB_LABELS,
    Obj,
    env_values,
    of_kind,
    one,
    pod_template,
    selector_matches,
)

SHIPPED = KUSTOMIZE_DIR / "base" / "nginx" / "nginx.conf"
CONFIG_MOUNT = "/etc/r2w-nginx"
CACHE_MOUNT = "/var/cache/r2w-nginx"


def _spec(objects: list[Obj]) -> Obj:
    return pod_template(one(objects, "Deployment", "r2w-web"))["spec"]


def _container(objects: list[Obj], name: str) -> Obj:
    (found,) = [c for c in _spec(objects)["containers"] if c["name"] == name]
    return found


def _front_config(objects: list[Obj]) -> dict[str, str]:
    volumes = {v["name"]: v for v in _spec(objects)["volumes"]}
    mount = next(
        m for m in _container(objects, "nginx")["volumeMounts"] if m["mountPath"] == CONFIG_MOUNT
    )
    name = volumes[mount["name"]]["configMap"]["name"]
    return one(objects, "ConfigMap", name)["data"]


def test_front_runs_the_web_image_with_the_shipped_config(objects: list[Obj]):
    """Same image as gunicorn (one release), nginx.conf exactly as in the repository."""
    web, nginx = _container(objects, "web"), _container(objects, "nginx")
    assert [c["name"] for c in _spec(objects)["containers"]] == ["web", "nginx"]
    assert nginx["image"] == web["image"]
    assert nginx["command"][:3] == ["nginx", "-c", f"{CONFIG_MOUNT}/nginx.conf"]
    assert _front_config(objects)["nginx.conf"] == SHIPPED.read_text()


def test_front_writes_only_to_its_emptydir(objects: list[Obj]):
    """Every path the config writes is under the emptyDir mount (the root is read-only)."""
    nginx = _container(objects, "nginx")
    assert nginx["securityContext"]["readOnlyRootFilesystem"] is True
    volumes = {v["name"]: v for v in _spec(objects)["volumes"]}
    writable = [m for m in nginx["volumeMounts"] if not m.get("readOnly")]
    assert [m["mountPath"] for m in writable] == [CACHE_MOUNT]
    assert "emptyDir" in volumes[writable[0]["name"]]
    text = SHIPPED.read_text()
    written = re.findall(r"^\s*(?:pid|\w+_temp_path|proxy_cache_path)\s+(\S+?);?\s", text, re.M)
    assert len(written) == 7 and all(path.startswith(CACHE_MOUNT + "/") for path in written)
    assert re.findall(r"include\s+(\S+);", text) == [f"{CONFIG_MOUNT}/real-ip.conf"]


def test_service_and_policy_lead_to_the_front(objects: list[Obj]):
    """The Service's target port and the only ingress port are nginx's, not gunicorn's."""
    nginx_ports = {p["name"]: p["containerPort"] for p in _container(objects, "nginx")["ports"]}
    service = one(objects, "Service", "r2w-web")
    (port,) = service["spec"]["ports"]
    assert nginx_ports[port["targetPort"]] == 8080
    assert f"listen {nginx_ports[port['targetPort']]} default_server;" in SHIPPED.read_text()
    policies = [
        p for p in of_kind(objects, "NetworkPolicy")
        if p["spec"].get("ingress") and selector_matches(p["spec"]["podSelector"], WEB_LABELS)
    ]  # fmt: skip
    rules = [rule for p in policies for rule in p["spec"]["ingress"]]
    ports = {port["port"] for rule in rules for port in rule["ports"]}
    assert ports == {8080}


def test_front_probes_its_own_server(objects: list[Obj]):
    """nginx is probed on its health server, which no Service or policy exposes."""
    nginx = _container(objects, "nginx")
    for probe in ("livenessProbe", "readinessProbe"):
        assert nginx[probe]["httpGet"] == {"path": "/healthz", "port": "nginx-health"}
    assert "listen 8081;" in SHIPPED.read_text()


def test_front_trusts_exactly_the_load_balancer_subnets(objects: list[Obj]):
    """real_ip believes X-Forwarded-For from the CIDRs the ingress policy admits, no others."""
    real_ip = _front_config(objects)["real-ip.conf"]
    trusted = sorted(re.findall(r"^set_real_ip_from\s+(\S+);", real_ip, re.M))
    policy = one(objects, "NetworkPolicy", "r2w-web-ingress")
    admitted = sorted(p["ipBlock"]["cidr"] for p in policy["spec"]["ingress"][0]["from"])
    assert trusted and trusted == admitted


def test_app_trusts_one_proxy_hop(objects: list[Obj]):
    """nginx hands the app the client address it resolved: the app believes one hop."""
    config = env_values(_spec(objects), of_kind(objects, "ConfigMap"))
    assert config["TRUSTED_PROXY_HOPS"] == "1"
