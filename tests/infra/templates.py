"""Reading r2w's CloudFormation templates the way CloudFormation does (short-form tags included)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "infra" / "cloudformation").glob("*.yaml"))
MAIN = ROOT / "infra" / "cloudformation" / "r2w.yaml"


def load(path: Path = MAIN) -> dict[str, Any]:
    """The template as plain dicts (intrinsic functions as {'Fn::…': …})."""
    template, problems = decode(str(path))
    assert not problems, problems
    return json.loads(json.dumps(template))


def resource(template: dict[str, Any], name: str) -> dict[str, Any]:
    """One resource's Properties."""
    return template["Resources"][name]["Properties"]


def sub_text(value: Any) -> str:
    """The text of a Fn::Sub (either form), placeholders left in."""
    sub = value["Fn::Sub"]
    return sub[0] if isinstance(sub, list) else sub


def sub_json(value: Any) -> dict[str, Any]:
    """A JSON document written as a Fn::Sub string, each ${Name} replaced by <Name>."""
    return json.loads(re.sub(r"\$\{([^}]+)\}", r"<\1>", sub_text(value)))
