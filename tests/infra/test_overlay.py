"""Stack outputs feed the overlays through `python -m infra.overlay`, never by hand."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from infra import overlay
from tests.infra.templates import ROOT, load
from tests.support.services import unavailable

OUTPUTS = ROOT / "tests" / "infra" / "fixtures" / "prod-outputs.json"


@pytest.fixture
def kustomize_copy(tmp_path):
    """Copies of kustomize/ and ops/kubernetes/ to write into (the repository stays untouched)."""
    copy = tmp_path / "kustomize"
    shutil.copytree(ROOT / "kustomize", copy)
    shutil.copytree(ROOT / "ops" / "kubernetes", tmp_path / "ops")
    return copy


def _args(copy, outputs=OUTPUTS) -> list[str]:
    ops = copy.parent / "ops" / "overlays"
    return [
        *("--env", "prod", "--overlays", str(copy / "overlays")),
        *("--ops-overlays", str(ops), str(outputs)),
    ]


def _render(folder) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        unavailable("kubectl (renders the overlays)")
    result = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True, timeout=60
    )
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _one(objects, kind, name):
    (found,) = [o for o in objects if o["kind"] == kind and o["metadata"]["name"].startswith(name)]
    return found


def test_every_output_the_mapping_reads_is_one_the_template_declares():
    assert set(overlay.REQUIRED) <= set(load()["Outputs"])


def test_outputs_become_the_prod_overlay(kustomize_copy, capsys):
    assert overlay.main(_args(kustomize_copy)) == 0
    assert "irsa.patch.yaml" in capsys.readouterr().out
    objects = _render(kustomize_copy / "overlays" / "prod")

    annotation = "eks.amazonaws.com/role-arn"
    web = _one(objects, "ServiceAccount", "r2w-web")["metadata"]["annotations"][annotation]
    builder = _one(objects, "ServiceAccount", "r2w-builder")["metadata"]["annotations"][annotation]
    assert web == "arn:aws:iam::444455556666:role/r2w-prod-web"
    assert builder == "arn:aws:iam::444455556666:role/r2w-prod-builder"

    config = _one(objects, "ConfigMap", "r2w-config")["data"]
    assert config["STORAGE_URL"] == "s3://r2w-prod-sites/r2w"
    assert config["CDN_BASE_URL"] == "https://cdn.r2w.dev"
    assert config["EDGE_KVS_ARN"].startswith("arn:aws:cloudfront::444455556666:key-value-store/")
    assert config["PUBLIC_BASE_URL"] == "https://r2w.dev"  # lines the stack does not own are kept

    policy = _one(objects, "NetworkPolicy", "r2w-web-ingress")
    cidrs = [peer["ipBlock"]["cidr"] for peer in policy["spec"]["ingress"][0]["from"]]
    assert cidrs == ["10.30.0.0/24", "10.30.1.0/24", "10.30.2.0/24"]
    real_ip = _one(objects, "ConfigMap", "r2w-nginx")["data"]["real-ip.conf"]
    trusted = [line.split()[1].rstrip(";") for line in real_ip.splitlines() if line[:1] != "#"]
    assert trusted == cidrs

    ops = _render(kustomize_copy.parent / "ops" / "overlays" / "prod")
    shipper = _one(ops, "ServiceAccount", "fluent-bit")["metadata"]["annotations"][annotation]
    traces = _one(ops, "ServiceAccount", "otel-collector")["metadata"]["annotations"][annotation]
    assert shipper == "arn:aws:iam::444455556666:role/r2w-prod-log-shipper"
    assert traces == "arn:aws:iam::444455556666:role/r2w-prod-traces"
    settings = _one(ops, "ConfigMap", "r2w-observability-settings")["data"]
    assert settings == {
        "ENVIRONMENT": "prod",
        "AWS_REGION": "eu-west-1",
        "LOG_GROUP_NAME": "/r2w/prod/app",
    }


def test_writing_twice_changes_nothing(kustomize_copy):
    args = _args(kustomize_copy)
    overlay.main(args)
    first = {p.name: p.read_text() for p in (kustomize_copy / "overlays" / "prod").iterdir()}
    overlay.main(args)
    second = {p.name: p.read_text() for p in (kustomize_copy / "overlays" / "prod").iterdir()}
    assert first == second


def test_incomplete_outputs_are_refused_and_nothing_is_written(kustomize_copy, tmp_path, capsys):
    document = json.loads(OUTPUTS.read_text())
    document["Stacks"][0]["Outputs"] = [
        o for o in document["Stacks"][0]["Outputs"] if o["OutputKey"] != "WebRoleArn"
    ]
    broken = tmp_path / "outputs.json"
    broken.write_text(json.dumps(document))
    before = (kustomize_copy / "overlays" / "prod" / "irsa.patch.yaml").read_text()
    assert overlay.main(_args(kustomize_copy, broken)) == 2
    assert "WebRoleArn" in capsys.readouterr().err
    assert (kustomize_copy / "overlays" / "prod" / "irsa.patch.yaml").read_text() == before
