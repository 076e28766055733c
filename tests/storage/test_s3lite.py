"""The builder's botocore-free S3 client: botocore's signatures, the storage contract it needs."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from r2w.storage import ObjectNotFound, StorageError, webidentity
from r2w.storage.s3lite import S3LiteStorage, lite_s3_storage
from r2w.storage.sigv4 import Credentials, canonical_path, signed_headers
from r2w.storage.webidentity import parse_credentials
from tests.support.s3 import make_client

NOW = datetime(2026, 12, 6, 10, 30, 15, tzinfo=UTC)
KEYS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token")


def botocore_authorization(method, url, headers, body, credentials):
    """The Authorization header botocore computes for the same request at NOW."""
    request = AWSRequest(method=method, url=url, headers=headers, data=body)
    request.context["timestamp"] = NOW.strftime("%Y%m%dT%H%M%SZ")
    boto = BotoCredentials(credentials.access_key, credentials.secret_key, credentials.token)
    auth = S3SigV4Auth(boto, "s3", "eu-west-2")
    auth._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    signature = auth.signature(auth.string_to_sign(request, canonical), request)
    return signature, auth.signed_headers(auth.headers_to_sign(request))


@pytest.mark.parametrize(
    ("method", "key", "body", "headers"),
    [
        ("PUT", "sites/abc/index.html", b"<p>hi</p>",
         {"Content-Type": "text/html; charset=utf-8", "x-amz-server-side-encryption": "AES256"}),
        ("GET", "uploads/a b+c/photo (1).webp", b"", {}),
        ("HEAD", "sites/ünïcode/~tilde.css", b"", {}),
    ],
)  # fmt: skip
def test_signature_matches_botocore(method, key, body, headers):
    host = "bucket.s3.eu-west-2.amazonaws.com"
    path = canonical_path(f"/{key}")
    payload = hashlib.sha256(body).hexdigest()
    ours = signed_headers(method, host, path, headers, payload, KEYS, "eu-west-2", NOW)

    boto_headers = {**headers, "X-Amz-Content-SHA256": payload}
    signature, names = botocore_authorization(
        method, f"https://{host}{path}", boto_headers, body, KEYS
    )
    assert ours["authorization"].endswith(f"Signature={signature}")
    assert f"SignedHeaders={names}," in ours["authorization"]


@pytest.fixture
def lite(s3_server, s3_bucket, aws_env) -> S3LiteStorage:
    storage = lite_s3_storage(f"s3://{s3_bucket}/r2w", s3_server, os.environ)
    assert storage is not None
    return storage


def test_put_get_stat_exists_against_an_s3_server(lite, s3_server, s3_bucket):
    info = lite.put("sites/x/index.html", b"<h1>hello</h1>", "text/html; charset=utf-8")

    assert lite.get_bytes("sites/x/index.html") == b"<h1>hello</h1>"
    assert lite.exists("sites/x/index.html")
    assert lite.stat("sites/x/index.html").size == 14
    stored = make_client(s3_server).head_object(Bucket=s3_bucket, Key="r2w/sites/x/index.html")
    assert stored["ContentType"] == "text/html; charset=utf-8"
    assert stored["ServerSideEncryption"] == "AES256"
    assert stored["ETag"].strip('"') == info.etag


def test_missing_object_is_not_found(lite):
    assert not lite.exists("sites/none/manifest.json")
    with pytest.raises(ObjectNotFound):
        lite.get_bytes("sites/none/manifest.json")


def test_key_with_spaces_and_unicode_round_trips(lite):
    lite.put("uploads/a b/ünï+code.txt", b"x")

    assert lite.get_bytes("uploads/a b/ünï+code.txt") == b"x"


def test_refused_request_is_a_storage_error_without_retries(lite, monkeypatch):
    calls = []
    monkeypatch.setattr(
        lite, "_send", lambda *a: calls.append(a) or (403, {}, b"<Code>AccessDenied</Code>")
    )

    with pytest.raises(StorageError, match="AccessDenied"):
        lite.get_bytes("k")
    assert len(calls) == 1


def test_server_errors_are_retried(lite, monkeypatch):
    replies = iter([(503, {}, b"<Code>SlowDown</Code>"), OSError("reset"), (200, {}, b"data")])

    def send(*args):
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply

    monkeypatch.setattr(lite, "_send", send)
    monkeypatch.setattr("r2w.storage.s3lite.time.sleep", lambda seconds: None)

    assert lite.get_bytes("k") == b"data"


def test_bucket_in_another_region_is_followed(monkeypatch):
    storage = lite_s3_storage("s3://r2w-sites/prod", None, ENV)
    hosts = []
    replies = iter([(301, {"x-amz-bucket-region": "us-west-2"}, b""), (200, {}, b"data")])

    def send(method, path, body, headers):
        hosts.append(headers["host"])
        return next(replies)

    monkeypatch.setattr(storage, "_send", send)

    assert storage.get_bytes("k") == b"data"
    assert hosts == ["r2w-sites.s3.eu-west-2.amazonaws.com", "r2w-sites.s3.us-west-2.amazonaws.com"]
    assert storage.region == "us-west-2"


ENV = {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_REGION": "eu-west-2"}


@pytest.mark.parametrize(
    ("env", "url", "endpoint"),
    [
        ({**ENV, "AWS_PROFILE": "dev"}, "s3://bucket/p", None),
        ({**ENV, "AWS_ENDPOINT_URL_S3": "http://x"}, "s3://bucket/p", None),
        ({"AWS_REGION": "eu-west-2"}, "s3://bucket/p", None),  # instance role: botocore's
        ({**ENV, "AWS_REGION": ""}, "s3://bucket/p", None),
        (ENV, "s3://dotted.bucket/p", None),
        (ENV, "file:///tmp/x", None),
    ],
)
def test_setups_only_botocore_handles_get_none(env, url, endpoint):
    assert lite_s3_storage(url, endpoint, env) is None


def test_aws_addressing_is_virtual_hosted():
    storage = lite_s3_storage("s3://r2w-sites/prod", None, ENV)

    assert (storage.scheme, storage.host, storage.prefix) == (
        "https", "r2w-sites.s3.eu-west-2.amazonaws.com", "prod/")  # fmt: skip


def test_web_identity_is_used_when_no_keys_are_set(monkeypatch, tmp_path):
    token = tmp_path / "token"
    token.write_text("jwt")
    env = {"AWS_REGION": "eu-west-2", "AWS_ROLE_ARN": "arn:aws:iam::1:role/b",
           "AWS_WEB_IDENTITY_TOKEN_FILE": str(token)}  # fmt: skip
    calls = []
    monkeypatch.setattr(
        "r2w.storage.webidentity.assume_role_with_web_identity",
        lambda *args: calls.append(args) or KEYS,
    )
    storage = lite_s3_storage("s3://r2w-sites/prod", None, env)

    assert calls == []  # resolved on the first request, not before
    assert storage.credentials == KEYS
    role, token_file, _, region, _ = calls[0]
    assert (role, token_file, region) == ("arn:aws:iam::1:role/b", str(token), "eu-west-2")


def test_sts_response_is_parsed():
    body = b"""<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <AssumeRoleWithWebIdentityResult><Credentials>
        <AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey>
        <SessionToken>tok</SessionToken><Expiration>2026-12-06T11:30:00Z</Expiration>
      </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"""

    assert parse_credentials(body) == Credentials("ASIA1", "s3cr3t", "tok")
    with pytest.raises(StorageError):
        parse_credentials(b"<Error><Code>AccessDenied</Code></Error>")


STS_ANSWER = b"""<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult><Credentials>
    <AccessKeyId>ASIA2</AccessKeyId><SecretAccessKey>k</SecretAccessKey>
    <SessionToken>t</SessionToken></Credentials></AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>"""


def test_web_identity_token_is_exchanged_at_sts(monkeypatch, tmp_path):
    forms = []

    class Sts(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            forms.append(parse_qs(self.rfile.read(length).decode()))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(STS_ANSWER)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Sts)
    threading.Thread(target=server.handle_request, daemon=True).start()
    monkeypatch.setattr(
        webidentity, "sts_url", lambda region: f"http://127.0.0.1:{server.server_port}/"
    )
    token = tmp_path / "token"
    token.write_text("the-jwt\n")

    found = webidentity.assume_role_with_web_identity(
        "arn:aws:iam::1:role/b", str(token), "s", "eu-west-2"
    )

    server.server_close()
    assert found == Credentials("ASIA2", "k", "t")
    assert forms[0]["Action"] == ["AssumeRoleWithWebIdentity"]
    assert forms[0]["RoleArn"] == ["arn:aws:iam::1:role/b"]
    assert forms[0]["WebIdentityToken"] == ["the-jwt"]
