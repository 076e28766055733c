"""Least privilege: each IRSA role allows exactly what its pods do, for one service account."""

from __future__ import annotations

import json
from typing import Any

from tests.infra.templates import load, resource, sub_json

BUCKET = "<StorageBucket.Arn>"


def _resource_text(value: Any) -> str:
    # {"Fn::Sub": "${StorageBucket.Arn}/r2w/sites/*"} -> "<StorageBucket.Arn>/r2w/sites/*"
    if isinstance(value, dict) and "Fn::Sub" in value:
        return value["Fn::Sub"].replace("${", "<").replace("}", ">")
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return "<{}>".format(".".join(value["Fn::GetAtt"]))
    return value


def grants(role: str) -> set[tuple[str, str]]:
    """Every (action, resource) pair the role's inline policies allow."""
    pairs = set()
    for policy in resource(load(), role)["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            assert "NotAction" not in statement and "NotResource" not in statement
            actions = statement["Action"]
            resources = statement["Resource"]
            for action in [actions] if isinstance(actions, str) else actions:
                for res in resources if isinstance(resources, list) else [resources]:
                    pairs.add((action, _resource_text(res)))
    return pairs


def test_web_role_reaches_its_prefixes_and_the_live_site_store_only():
    prefixes = [f"{BUCKET}/r2w/{name}/*" for name in ("uploads", "builds", "sites")]
    expected = {("s3:ListBucket", BUCKET)}
    expected |= {
        (action, prefix)
        for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
        for prefix in prefixes
    }
    expected |= {
        (f"cloudfront-keyvaluestore:{action}", "<SiteKeyValueStore.Arn>")
        for action in ("DescribeKeyValueStore", "GetKey", "PutKey", "DeleteKey")
    }
    assert grants("WebRole") == expected


def test_builder_role_writes_only_built_sites():
    pairs = grants("BuilderRole")
    assert {res for action, res in pairs if action == "s3:PutObject"} == {f"{BUCKET}/r2w/sites/*"}
    assert pairs == {
        ("s3:ListBucket", BUCKET),
        ("s3:GetObject", f"{BUCKET}/r2w/builds/*"),
        ("s3:GetObject", f"{BUCKET}/r2w/sites/*"),
        ("s3:PutObject", f"{BUCKET}/r2w/sites/*"),
    }
    # Never the originals, never a delete, nothing in Kubernetes or elsewhere in AWS.
    assert not any("uploads" in res for _, res in pairs)
    assert not any(action.endswith("Delete") or "Delete" in action for action, _ in pairs)


def test_no_role_has_wildcards_or_managed_admin_policies():
    template = load()
    for name in ("WebRole", "BuilderRole"):
        for action, res in grants(name):
            assert "*" not in action, (name, action)
            assert res != "*", (name, action)
        assert "ManagedPolicyArns" not in resource(template, name)


def test_each_role_trusts_one_service_account_of_the_cluster():
    for role, account in (("WebRole", "r2w-web"), ("BuilderRole", "r2w-builder")):
        trust = sub_json(resource(load(), role)["AssumeRolePolicyDocument"])
        (statement,) = trust["Statement"]
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert statement["Principal"] == {"Federated": "<ClusterOidcProvider>"}
        assert statement["Condition"] == {
            "StringEquals": {
                "<Issuer>:sub": f"system:serviceaccount:r2w:{account}",
                "<Issuer>:aud": "sts.amazonaws.com",
            }
        }


def test_cloudfront_reads_built_sites_only_and_only_for_this_distribution():
    statements = resource(load(), "StorageBucketPolicy")["PolicyDocument"]["Statement"]
    for statement in statements:
        if statement["Effect"] == "Deny":
            assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            continue
        assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        assert "SiteDistribution" in json.dumps(statement["Condition"])
        action, res = statement["Action"], _resource_text(statement["Resource"])
        assert (action, res) in {
            ("s3:GetObject", f"{BUCKET}/r2w/sites/*"),
            ("s3:ListBucket", BUCKET),
        }
