"""Temporary credentials for a web identity token (EKS IRSA): one AssumeRoleWithWebIdentity.

The call is not signed: the token file the cluster mounts is the proof of identity.
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

from r2w.storage.base import StorageError
from r2w.storage.sigv4 import Credentials

_NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def sts_url(region: str | None) -> str:
    """The regional STS endpoint (botocore's default), or the global one for None."""
    return f"https://sts.{region}.amazonaws.com/" if region else "https://sts.amazonaws.com/"


def assume_role_with_web_identity(
    role_arn: str,
    token_file: str,
    session_name: str,
    region: str | None,
    ca_bundle: str | None = None,
    timeout: float = 10.0,
) -> Credentials:
    """Exchange the token in token_file for credentials of role_arn; raise StorageError."""
    try:
        token = Path(token_file).read_text().strip()
    except OSError as exc:
        raise StorageError(f"cannot read the web identity token: {exc}") from exc
    form = urllib.parse.urlencode(
        {
            "Action": "AssumeRoleWithWebIdentity",
            "Version": "2011-06-15",
            "RoleArn": role_arn,
            "RoleSessionName": session_name,
            "WebIdentityToken": token,
        }
    ).encode()
    request = urllib.request.Request(sts_url(region), data=form, method="POST")
    context = ssl.create_default_context(cafile=ca_bundle)  # AWS_CA_BUNDLE, as for S3
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            body = response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise StorageError(f"STS AssumeRoleWithWebIdentity failed: {exc}") from exc
    return parse_credentials(body)


def parse_credentials(body: bytes) -> Credentials:
    """The credentials in an AssumeRoleWithWebIdentity response."""
    try:
        found = ElementTree.fromstring(body).find(".//sts:Credentials", _NS)
    except ElementTree.ParseError as exc:
        raise StorageError(f"STS answered with malformed XML: {exc}") from exc
    values = {
        name: found.findtext(f"sts:{name}", namespaces=_NS) if found is not None else None
        for name in ("AccessKeyId", "SecretAccessKey", "SessionToken")
    }
    if not all(values.values()):
        raise StorageError("STS answered without credentials")
    return Credentials(values["AccessKeyId"], values["SecretAccessKey"], values["SessionToken"])
