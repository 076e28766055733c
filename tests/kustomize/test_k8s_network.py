"""Network policy and Ingress over the rendered objects."""

from __future__ import annotations

import ipaddress
import json

import pytest

from tests.kustomize.k8s import (
    BUILDER_LABELS,
    WEB_LABELS,
    Obj,
    of_kind,
    one,
    pod_templates,
    ref,
    selector_matches,
)

DNS = {("UDP", 53), ("TCP", 53)}
APP_EGRESS = DNS | {("TCP", 5432), ("TCP", 6379), ("TCP", 443), ("TCP", 4318)}
BUILDER_EGRESS = DNS | {("TCP", 443)}
PRIVATE_RANGES = [
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
]
ALB_ANNOTATIONS = {
    "alb.ingress.kubernetes.io/scheme": "internet-facing",
    "alb.ingress.kubernetes.io/target-type": "ip",
    "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
    "alb.ingress.kubernetes.io/ssl-redirect": "443",
}
ROUTED_PATHS = ["/api", "/preview", "/"]


def _rules(objects: list[Obj], labels: dict[str, str], direction: str) -> list[Obj]:
    """Every rule of every policy of this direction that selects pods with these labels."""
    key = direction.lower()
    return [
        rule
        for policy in of_kind(objects, "NetworkPolicy")
        if direction in policy["spec"]["policyTypes"]
        and selector_matches(policy["spec"]["podSelector"], labels)
        for rule in policy["spec"].get(key, [])
    ]


def _ports(rules: list[Obj]) -> set[tuple[str, int | str]]:
    return {(p.get("protocol", "TCP"), p["port"]) for rule in rules for p in rule["ports"]}


def test_default_deny_all(objects: list[Obj]):
    """A policy selecting every pod denies all ingress and egress by default."""
    deny = [
        p["spec"]
        for p in of_kind(objects, "NetworkPolicy")
        if p["spec"]["podSelector"] == {}
        and p["spec"]["policyTypes"] == ["Ingress", "Egress"]
        and not (p["spec"].get("ingress") or p["spec"].get("egress"))
    ]
    assert len(deny) == 1


def test_every_rule_names_its_ports(objects: list[Obj]):
    """No rule opens every port."""
    open_rules = [
        ref(policy)
        for policy in of_kind(objects, "NetworkPolicy")
        for key in ("ingress", "egress")
        for rule in policy["spec"].get(key, [])
        if not rule.get("ports")
    ]
    assert open_rules == []


def test_web_accepts_only_the_load_balancer(objects: list[Obj]):
    """The nginx front's port only, and only from address blocks (the ALB's subnets)."""
    rules = _rules(objects, WEB_LABELS, "Ingress")
    assert _ports(rules) == {("TCP", 8080)}
    assert all(set(peer) == {"ipBlock"} for rule in rules for peer in rule["from"])


def test_cloud_load_balancer_cidrs_are_private_subnets(cloud_objects: list[Obj]):
    """The overlays name real private subnets, not the documentation range from base."""
    rules = _rules(cloud_objects, WEB_LABELS, "Ingress")
    cidrs = [ipaddress.ip_network(p["ipBlock"]["cidr"]) for r in rules for p in r["from"]]
    assert cidrs
    assert all(any(c.subnet_of(private) for private in PRIVATE_RANGES) for c in cidrs)


def test_builders_accept_no_connections(objects: list[Obj]):
    """Nothing may connect to a builder pod."""
    assert _rules(objects, BUILDER_LABELS, "Ingress") == []


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (WEB_LABELS, APP_EGRESS),
        (
            {"app.kubernetes.io/name": "r2w-web", "app.kubernetes.io/component": "migrate"},
            APP_EGRESS,
        ),
        (BUILDER_LABELS, BUILDER_EGRESS),
    ],
    ids=["web", "migrate", "builder"],
)
def test_egress_is_exactly_what_each_pod_needs(
    objects: list[Obj], target: str, labels: dict[str, str], expected: set
):
    """Web/jobs: DNS, PostgreSQL, Redis, HTTPS. Builders: DNS and HTTPS. Dev adds its servers."""
    allowed = _ports(_rules(objects, labels, "Egress"))
    if target == "dev":  # plus the in-cluster S3 server
        assert expected < allowed and ("TCP", 5000) in allowed
    else:
        assert allowed == expected


def test_dns_goes_only_to_cluster_dns(objects: list[Obj]):
    """Port 53 is open towards kube-dns in kube-system only."""
    for labels in (WEB_LABELS, BUILDER_LABELS):
        dns_rules = [r for r in _rules(objects, labels, "Egress") if _ports([r]) & DNS]
        assert dns_rules
        for rule in dns_rules:
            assert rule["to"] == [
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                    },
                    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                }
            ]


def test_every_service_is_reachable_through_the_policies(objects: list[Obj]):
    """Each Service's pods admit traffic on its target ports (default deny breaks nothing)."""
    for service in of_kind(objects, "Service"):
        selector = {"matchLabels": service["spec"]["selector"]}
        templates = [
            t
            for _, t in pod_templates(objects)
            if selector_matches(selector, t["metadata"]["labels"])
        ]
        port_numbers = {
            p["name"]: p["containerPort"]
            for t in templates
            for c in t["spec"]["containers"]
            for p in c["ports"]
        }
        wanted = {("TCP", port_numbers[p["targetPort"]]) for p in service["spec"]["ports"]}
        allowed = _ports(_rules(objects, templates[0]["metadata"]["labels"], "Ingress"))
        assert wanted <= allowed, ref(service)


def test_ingress_is_an_alb(objects: list[Obj]):
    """AWS Load Balancer Controller, pod IP targets, health check on /healthz, HTTPS."""
    ingress = one(objects, "Ingress", "r2w-web")
    assert ingress["spec"]["ingressClassName"] == "alb"
    annotations = ingress["metadata"]["annotations"]
    assert ALB_ANNOTATIONS.items() <= annotations.items()
    listen = json.loads(annotations["alb.ingress.kubernetes.io/listen-ports"])
    assert listen == [{"HTTP": 80}, {"HTTPS": 443}]


def test_ingress_routes_app_paths_to_the_web(objects: list[Obj]):
    """One host, one rule: /, /api and /preview (Prefix) go to the web Service's http port."""
    ingress = one(objects, "Ingress", "r2w-web")
    (rule,) = ingress["spec"]["rules"]
    service = one(objects, "Service", "r2w-web")
    routed = [p for p in rule["http"]["paths"] if p["backend"]["service"]["name"] == "r2w-web"]
    assert [p["path"] for p in routed] == ROUTED_PATHS
    assert {p["pathType"] for p in routed} == {"Prefix"}
    assert {p["backend"]["service"]["port"]["name"] for p in routed} == {
        port["name"] for port in service["spec"]["ports"]
    }


def test_other_ingress_backends_are_alb_actions(objects: list[Obj]):
    """Paths not sent to the web are ALB actions declared in annotations (metrics blocked)."""
    ingress = one(objects, "Ingress", "r2w-web")
    annotations = ingress["metadata"]["annotations"]
    others = [
        p
        for p in ingress["spec"]["rules"][0]["http"]["paths"]
        if p["backend"]["service"]["name"] != "r2w-web"
    ]
    assert [p["path"] for p in others] == ["/metrics"]
    for path in others:
        backend = path["backend"]["service"]
        assert backend["port"] == {"name": "use-annotation"}
        action = json.loads(annotations[f"alb.ingress.kubernetes.io/actions.{backend['name']}"])
        assert action["fixedResponseConfig"]["statusCode"] == "404"


def test_cloud_ingress_has_host_and_tls(cloud_objects: list[Obj]):
    """Staging and production serve one named host over TLS."""
    spec = one(cloud_objects, "Ingress", "r2w-web")["spec"]
    host = spec["rules"][0]["host"]
    assert spec["tls"] == [{"hosts": [host]}]


def test_traces_reach_only_the_collector(objects: list[Obj]):
    """The OTLP port is open from the app only to the collector in the observability namespace."""
    rules = [r for r in _rules(objects, WEB_LABELS, "Egress") if ("TCP", 4318) in _ports([r])]
    assert len(rules) == 1 and _ports(rules) == {("TCP", 4318)}
    (peer,) = rules[0]["to"]
    assert peer["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": "r2w-observability"
    }
    assert peer["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "otel-collector"}
