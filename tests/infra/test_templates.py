"""Every CloudFormation template passes cfn-lint and checkov (0 failed; each skip says why)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint

from tests.infra.templates import ROOT, TEMPLATES, load
from tests.support.services import unavailable

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def test_there_are_templates():
    assert [path.name for path in TEMPLATES] == ["r2w.yaml"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_cfn_lint_finds_nothing(path: Path):
    # Errors and warnings, as the cfn-lint command reports by default (not informational notes).
    # r2w deploys in eu-west-1; us-east-1 holds the CloudFront certificate.
    config = ManualArgs(regions=["eu-west-1", "us-east-1"])
    matches = [m for m in lint(path.read_text(), config=config) if m.rule.id[0] in "EW"]
    assert [str(match) for match in matches] == []


@pytest.mark.slow
def test_checkov_passes_every_template():
    if not CHECKOV.exists():
        unavailable("checkov (.venv-checkov, made by `make test`)")
    # --skip-download keeps checkov offline; its home is the test's, never the user's.
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    result = subprocess.run(
        [str(CHECKOV), "--framework", "cloudformation", "--skip-download", "--output", "json"]
        + [arg for path in TEMPLATES for arg in ("--file", str(path))],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    for each in reports:
        summary = each["summary"]
        failed = [
            f"{check['check_id']} {check['resource']}: {check['check_name']}"
            for check in each["results"]["failed_checks"]
        ]
        assert failed == [] and summary["failed"] == 0
        assert summary["parsing_errors"] == 0
        assert summary["passed"] > 50  # the templates were really scanned
        for skipped in each["results"]["skipped_checks"]:
            reason = (skipped.get("check_result") or {}).get("suppress_comment") or ""
            assert len(reason) > 20, f"{skipped['check_id']} is skipped without a reason"


def test_the_things_the_issue_names_are_configured():
    resources = load()["Resources"]
    props = {name: body.get("Properties", {}) for name, body in resources.items()}

    db = props["Database"]
    assert db["StorageEncrypted"] and db["DeletionProtection"]
    assert db["ManageMasterUserPassword"]  # the password is a Secrets Manager secret
    assert "ServerlessV2ScalingConfiguration" in db
    assert load()["Parameters"]["BackupRetentionDays"]["MinValue"] >= 7
    assert props["DatabaseWriter"]["DBInstanceClass"] == "db.serverless"

    cache = props["Cache"]
    assert cache["TransitEncryptionEnabled"] and cache["AtRestEncryptionEnabled"]
    assert "resolve:secretsmanager" in json.dumps(cache["AuthToken"])

    bucket = props["StorageBucket"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
    tiering = rules["originals-intelligent-tiering"]
    assert tiering["Prefix"] == "r2w/uploads/"
    assert tiering["Transitions"][0]["StorageClass"] == "INTELLIGENT_TIERING"
    assert rules["expire-deleted-previews"]["Prefix"] == "r2w/sites/"

    spot = props["BuilderNodeGroup"]
    assert spot["CapacityType"] == "SPOT" and spot["ScalingConfig"]["MinSize"] == 0
    assert spot["Taints"] == [{"Key": "r2w.dev/builders", "Value": "true", "Effect": "NO_SCHEDULE"}]
    assert props["SystemNodeGroup"]["CapacityType"] == "ON_DEMAND"

    for repo in ("WebRepository", "BuilderRepository"):
        assert props[repo]["ImageScanningConfiguration"]["ScanOnPush"]

    dist = props["SiteDistribution"]["DistributionConfig"]
    behaviours = [dist["DefaultCacheBehavior"], *dist["CacheBehaviors"]]
    assert {b["ViewerProtocolPolicy"] for b in behaviours} == {"redirect-to-https"}
    assert dist["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert dist["Origins"][0]["OriginAccessControlId"]
    assert dist["CacheBehaviors"][0]["PathPattern"] == "/p/*/assets/*"
    assert props["ImmutableAssetsCachePolicy"]["CachePolicyConfig"]["DefaultTTL"] == 31536000


def test_the_builder_job_tolerates_the_spot_taint():
    import yaml

    taint = load()["Resources"]["BuilderNodeGroup"]["Properties"]["Taints"][0]
    job = yaml.safe_load((ROOT / "manifests" / "build-job.yaml").read_text())
    tolerations = job["spec"]["template"]["spec"]["tolerations"]
    assert {
        "key": taint["Key"],
        "operator": "Equal",
        "value": taint["Value"],
        "effect": "NoSchedule",
    } in tolerations


def test_each_environment_gives_every_required_parameter():
    parameters = load()["Parameters"]
    required = {name for name, spec in parameters.items() if "Default" not in spec}
    for env in ("staging", "prod"):
        lines = (ROOT / "infra" / "params" / f"{env}.txt").read_text().split()
        given = dict(line.split("=", 1) for line in lines if not line.startswith("#"))
        assert set(given) <= set(parameters), env
        assert required <= set(given), env
        assert given["EnvironmentName"] == env
