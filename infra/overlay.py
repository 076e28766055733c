"""Stack outputs -> Kustomize overlay: `python -m infra.overlay --env prod outputs.json`.

The mapping (nothing is copied by hand):

| stack output          | overlay file                     | becomes                               |
|-----------------------|----------------------------------|---------------------------------------|
| WebRoleArn            | irsa.patch.yaml                  | r2w-web's eks.amazonaws.com/role-arn  |
| BuilderRoleArn        | irsa.patch.yaml                  | r2w-builder's role-arn                |
| PublicSubnetCidrs     | alb-subnets.patch.yaml           | the web ingress policy's ipBlocks     |
| PublicSubnetCidrs     | nginx-real-ip.conf               | the nginx front's set_real_ip_from    |
| StorageBucketName     | config.env                       | STORAGE_URL=s3://<bucket>/r2w         |
| SiteDomainName        | config.env                       | CDN_BASE_URL=https://<domain>         |
| SiteKeyValueStoreArn  | config.env                       | EDGE_KVS_ARN                          |
| LogShipperRoleArn     | ops: irsa.patch.yaml             | fluent-bit's role-arn                 |
| TracesRoleArn         | ops: irsa.patch.yaml             | otel-collector's role-arn             |
| Region, AppLogGroupName | ops: stack.env                 | AWS_REGION, LOG_GROUP_NAME            |

App settings go to kustomize/overlays/<env>/, the observability ones to
ops/kubernetes/overlays/<env>/.

The input is what `aws cloudformation describe-stacks --stack-name r2w-<env> --output json`
prints. Other lines of config.env are kept as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

STORAGE_PREFIX = "r2w"
ROOT = Path(__file__).resolve().parent.parent
OVERLAYS = ROOT / "kustomize" / "overlays"
OPS_OVERLAYS = ROOT / "ops" / "kubernetes" / "overlays"
REQUIRED = (
    "WebRoleArn",
    "BuilderRoleArn",
    "PublicSubnetCidrs",
    "StorageBucketName",
    "SiteDomainName",
    "SiteKeyValueStoreArn",
    "Region",
    "AppLogGroupName",
    "LogShipperRoleArn",
    "TracesRoleArn",
)
HEADER = "# Written by `python -m infra.overlay` from the stack's outputs: do not edit by hand.\n"


class OutputsError(ValueError):
    """The outputs file is not a stack description with every output the overlay needs."""


def read_outputs(document: dict) -> dict[str, str]:
    """OutputKey -> OutputValue of the one stack in a describe-stacks document."""
    try:
        (stack,) = document["Stacks"]
        outputs = {item["OutputKey"]: item["OutputValue"] for item in stack["Outputs"]}
    except (KeyError, TypeError, ValueError) as exc:
        raise OutputsError("expected describe-stacks JSON with exactly one stack") from exc
    missing = [key for key in REQUIRED if not outputs.get(key)]
    if missing:
        raise OutputsError(f"the stack has no output {', '.join(missing)}")
    return outputs


def irsa_patch(outputs: dict[str, str], accounts: tuple[tuple[str, str], ...]) -> str:
    """Service accounts (name, output key), each annotated with its IAM role."""
    patches = [
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {
                "name": name,
                "annotations": {"eks.amazonaws.com/role-arn": outputs[key]},
            },
        }
        for name, key in accounts
    ]
    return HEADER + yaml.safe_dump_all(patches, sort_keys=False)


def alb_subnets_patch(outputs: dict[str, str]) -> str:
    """A JSON patch admitting the ALB's subnets (and nothing else) to the web pods."""
    cidrs = _subnet_cidrs(outputs)
    patch = [
        {
            "op": "replace",
            "path": "/spec/ingress/0/from",
            "value": [{"ipBlock": {"cidr": cidr}} for cidr in cidrs],
        }
    ]
    return HEADER + yaml.safe_dump(patch, sort_keys=False)


def _subnet_cidrs(outputs: dict[str, str]) -> list[str]:
    return [cidr.strip() for cidr in outputs["PublicSubnetCidrs"].split(",") if cidr.strip()]


def real_ip_conf(outputs: dict[str, str]) -> str:
    """The nginx front's trusted proxies: X-Forwarded-For is believed from the ALB's subnets."""
    return HEADER + "".join(f"set_real_ip_from {cidr};\n" for cidr in _subnet_cidrs(outputs))


def config_settings(outputs: dict[str, str]) -> dict[str, str]:
    """The settings the stack decides."""
    return {
        "STORAGE_URL": f"s3://{outputs['StorageBucketName']}/{STORAGE_PREFIX}",
        "CDN_BASE_URL": f"https://{outputs['SiteDomainName']}",
        "EDGE_KVS_ARN": outputs["SiteKeyValueStoreArn"],
    }


def merge_env(text: str, settings: dict[str, str]) -> str:
    """config.env with the given keys replaced (or appended), every other line kept."""
    lines, seen = [], set()
    for line in text.splitlines():
        key = line.partition("=")[0].strip()
        if key in settings and not line.lstrip().startswith("#"):
            lines.append(f"{key}={settings[key]}")
            seen.add(key)
        else:
            lines.append(line)
    lines += [f"{key}={value}" for key, value in settings.items() if key not in seen]
    return "\n".join(lines) + "\n"


def ops_settings(outputs: dict[str, str], env: str) -> str:
    """The observability overlay's settings (Fluent Bit's and the collector's environment)."""
    return HEADER + (
        f"ENVIRONMENT={env}\nAWS_REGION={outputs['Region']}\n"
        f"LOG_GROUP_NAME={outputs['AppLogGroupName']}\n"
    )


def write_overlay(
    overlay: Path, outputs: dict[str, str], ops_overlay: Path | None = None
) -> list[Path]:
    """Write the stack's values into the app's (and ops') overlay; returns the files written."""
    config = overlay / "config.env"
    app_accounts = (("r2w-web", "WebRoleArn"), ("r2w-builder", "BuilderRoleArn"))
    files = {
        overlay / "irsa.patch.yaml": irsa_patch(outputs, app_accounts),
        overlay / "alb-subnets.patch.yaml": alb_subnets_patch(outputs),
        overlay / "nginx-real-ip.conf": real_ip_conf(outputs),
        config: merge_env(config.read_text() if config.exists() else "", config_settings(outputs)),
    }
    if ops_overlay is not None:
        ops_accounts = (("fluent-bit", "LogShipperRoleArn"), ("otel-collector", "TracesRoleArn"))
        files[ops_overlay / "irsa.patch.yaml"] = irsa_patch(outputs, ops_accounts)
        files[ops_overlay / "stack.env"] = ops_settings(outputs, ops_overlay.name)
    for path, text in files.items():
        path.write_text(text)
    return list(files)


def main(argv: list[str] | None = None) -> int:
    """Write a stack's outputs into its Kustomize overlay."""
    parser = argparse.ArgumentParser(prog="python -m infra.overlay", description=main.__doc__)
    parser.add_argument("outputs", type=Path, help="describe-stacks JSON of r2w-<env>")
    parser.add_argument("--env", required=True, choices=("staging", "prod"))
    parser.add_argument("--overlays", type=Path, default=OVERLAYS, help=argparse.SUPPRESS)
    parser.add_argument("--ops-overlays", type=Path, default=OPS_OVERLAYS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        outputs = read_outputs(json.loads(args.outputs.read_text()))
    except (OSError, json.JSONDecodeError, OutputsError) as exc:
        print(f"infra.overlay: {exc}", file=sys.stderr)
        return 2
    for path in write_overlay(args.overlays / args.env, outputs, args.ops_overlays / args.env):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
