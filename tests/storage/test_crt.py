"""CrtS3Storage (the builder's S3 access through awscrt): the objects S3Storage would write,
signed requests S3 accepts, and S3Storage's error mapping."""

from __future__ import annotations

import base64
import hashlib
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from r2w.storage import InvalidKey, ObjectNotFound, StorageError
from r2w.storage.crt import CrtS3Storage, _address, _configured_region, crt_storage_from_url
from r2w.storage.s3 import S3Storage
from tests.support.s3 import DUMMY_CREDENTIALS, make_client

KEYS = ["sites/x/index.html", "sites/x/assets/site.css", "sites/x/ä b+c.txt", "manifest.json"]


@pytest.fixture
def crt_storage(s3_server: str, s3_bucket: str, aws_env: None) -> CrtS3Storage:
    """CrtS3Storage on the same bucket and prefix as the s3_storage fixture."""
    return CrtS3Storage(s3_bucket, "r2w", endpoint_url=s3_server, timeout=30)


def _objects(s3_server: str, bucket: str, prefix: str) -> dict[str, tuple[bytes, str, str, str]]:
    """key -> (body, content type, encryption, ETag) as the server holds them."""
    client = make_client(s3_server)
    found = {}
    for item in client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        got = client.get_object(Bucket=bucket, Key=item["Key"])
        found[item["Key"][len(prefix) :]] = (
            got["Body"].read(),
            got["ContentType"],
            got["ServerSideEncryption"],
            got["ETag"],
        )
    return found


def test_writes_the_objects_s3storage_writes(s3_server, s3_bucket, aws_env):
    botocore_side = S3Storage(s3_bucket, "boto", endpoint_url=s3_server, max_attempts=2)
    crt_side = CrtS3Storage(s3_bucket, "crt", endpoint_url=s3_server, timeout=30)
    for number, key in enumerate(KEYS):
        body = f"<p>{key}</p>".encode() * (number * 500 + 1)
        content_type = "text/css" if key.endswith(".css") else None
        assert crt_side.put(key, body, content_type) == botocore_side.put(key, body, content_type)
    assert crt_side.put("empty.txt", b"") == botocore_side.put("empty.txt", b"")

    written = _objects(s3_server, s3_bucket, "crt/")
    assert written == _objects(s3_server, s3_bucket, "boto/")
    assert sorted(written) == sorted([*KEYS, "empty.txt"])
    assert {encryption for _, _, encryption, _ in written.values()} == {"AES256"}


def test_reads_and_checks_what_s3storage_wrote(crt_storage, s3_storage):
    for key in KEYS:
        s3_storage.put(key, key.encode())
    for key in KEYS:
        assert crt_storage.get_bytes(key) == key.encode()
        assert crt_storage.exists(key)
    assert not crt_storage.exists("sites/x/missing.html")
    with pytest.raises(ObjectNotFound):
        crt_storage.get_bytes("sites/x/missing.html")


def test_a_put_replaces_the_object_whole(crt_storage, s3_storage):
    crt_storage.put("site/index.html", b"first version, longer than the second")
    crt_storage.put("site/index.html", b"second")
    assert s3_storage.get_bytes("site/index.html") == b"second"


def test_missing_bucket_is_a_storage_error_not_a_missing_object(s3_server, aws_env):
    storage = CrtS3Storage("no-such-bucket-r2w", endpoint_url=s3_server, timeout=30)
    with pytest.raises(StorageError) as raised:
        storage.get_bytes("x.txt")
    assert not isinstance(raised.value, ObjectNotFound)
    assert "NoSuchBucket" in str(raised.value)
    with pytest.raises(StorageError):
        storage.put("x.txt", b"x")


def test_unreachable_endpoint_is_a_storage_error(closed_port, aws_env):
    storage = CrtS3Storage("b", endpoint_url=f"http://127.0.0.1:{closed_port}", timeout=60)
    for call in (storage.get_bytes, storage.exists, lambda key: storage.put(key, b"x")):
        with pytest.raises(StorageError) as raised:
            call("x.txt")
        assert not isinstance(raised.value, ObjectNotFound)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every PUT with 200 (403 for paths in refuse) and keeps what it was sent."""

    seen: list[tuple[str, str, dict[str, str], bytes]] = []
    refuse: set[str] = set()

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append((self.command, self.path, dict(self.headers.items()), body))
        if self.path in self.refuse:
            error = b"<Error><Code>AccessDenied</Code></Error>"
            self.send_response(403)
            self.send_header("Content-Length", str(len(error)))
            self.end_headers()
            self.wfile.write(error)
            return
        self.send_response(200)
        self.send_header("ETag", '"recorded"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def recorder(aws_env) -> Iterator[tuple[str, list]]:
    """(endpoint URL, requests seen) of a local server that accepts every PUT."""
    _Recorder.seen, _Recorder.refuse = [], set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", _Recorder.seen
    finally:
        server.shutdown()


class _AsSent(S3SigV4Auth):
    """botocore's SigV4 for S3, taking the payload hash the request declares."""

    def payload(self, request: AWSRequest) -> str:
        return request.headers["x-amz-content-sha256"]


def test_a_put_is_one_signed_request_s3_would_accept(recorder):
    endpoint, seen = recorder
    body = b"<p>hi</p>"
    CrtS3Storage("bkt", "r2w", endpoint_url=endpoint).put("a/\u00e4 b.html", body, "text/html")

    [(method, path, headers, sent)] = seen
    assert (method, path, sent) == ("PUT", "/bkt/r2w/a/%C3%A4%20b.html", body)
    assert headers["Content-Type"] == "text/html"
    assert headers["x-amz-server-side-encryption"] == "AES256"
    # S3 refuses a body whose MD5 differs: a damaged upload fails instead of being stored.
    assert headers["Content-MD5"] == base64.b64encode(hashlib.md5(body).digest()).decode()

    # The signature is the one botocore computes for the same request and credentials.
    authorization = headers["Authorization"]
    signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    request = AWSRequest(
        method=method,
        url=endpoint + path,
        data=sent,
        headers={name: value for name, value in headers.items() if name.lower() in signed},
    )
    request.context["timestamp"] = headers["X-Amz-Date"]
    credentials = Credentials(
        DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"],
    )
    auth = _AsSent(credentials, "s3", "us-east-1")
    expected = auth.signature(
        auth.string_to_sign(request, auth.canonical_request(request)), request
    )
    assert authorization.endswith(f"Signature={expected}")


def test_the_region_comes_from_the_environment_as_for_the_aws_sdks(monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert _configured_region() == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert _configured_region() == "eu-west-1"
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert _configured_region() == "eu-central-1"


def test_buckets_are_addressed_as_botocore_addresses_them():
    assert _address("sites", "eu-west-1", None) == ("sites.s3.eu-west-1.amazonaws.com", "/", True)
    assert _address("my.sites", "eu-west-1", None) == (
        "s3.eu-west-1.amazonaws.com",
        "/my.sites/",
        True,
    )
    assert _address("b", "us-east-1", "http://s3:5000") == ("s3:5000", "/b/", False)
    assert _address("b", "us-east-1", "https://minio.example/s3/") == (
        "minio.example",
        "/s3/b/",
        True,
    )
    with pytest.raises(ValueError):
        _address("b", "us-east-1", "ftp://nope")


def test_storage_urls_are_read_as_storage_from_url_reads_them(aws_env):
    storage = crt_storage_from_url("s3://bucket/r2w/sites", endpoint_url="http://s3:5000")
    assert (storage.bucket, storage.prefix, storage.host) == ("bucket", "r2w/sites/", "s3:5000")
    with pytest.raises(ValueError):
        crt_storage_from_url("s3:///no-bucket")


def test_put_many_writes_what_put_writes(crt_storage, s3_server, s3_bucket):
    objects = [(key, key.encode() * 300, None) for key in KEYS]
    infos = crt_storage.put_many(objects)
    assert [info.key for info in infos] == KEYS
    written = _objects(s3_server, s3_bucket, "r2w/")
    assert {key: body for key, (body, *_) in written.items()} == {k: b for k, b, _ in objects}
    assert [info.etag for info in infos] == [written[key][3].strip('"') for key in KEYS]


def test_put_many_waits_for_every_request_and_then_reports_a_failure(recorder):
    endpoint, seen = recorder
    _Recorder.refuse = {"/bkt/b.html"}
    storage = CrtS3Storage("bkt", endpoint_url=endpoint, timeout=30)
    with pytest.raises(StorageError, match="AccessDenied"):
        storage.put_many([(name, b"x", None) for name in ("a.html", "b.html", "c.html")])
    # The other two were sent and answered before the call returned: nothing is left in flight.
    assert sorted(path for _, path, _, _ in seen) == ["/bkt/a.html", "/bkt/b.html", "/bkt/c.html"]


def test_put_many_refuses_a_bad_key_before_sending_anything(recorder):
    endpoint, seen = recorder
    storage = CrtS3Storage("bkt", endpoint_url=endpoint, timeout=30)
    with pytest.raises(InvalidKey):
        storage.put_many([("a.html", b"x", None), ("../escape", b"x", None)])
    assert seen == []


def test_credentials_in_a_profile_are_found_as_the_sdks_find_them(recorder, monkeypatch, tmp_path):
    # Without keys in the environment the SDKs' whole chain is asked: here, the profile file.
    endpoint, seen = recorder
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    profile = tmp_path / "credentials"
    profile.write_text("[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(profile))
    CrtS3Storage("bkt", endpoint_url=endpoint, timeout=30).put("a.html", b"x")
    [(_, _, headers, _)] = seen
    assert "Credential=FROMPROFILE/" in headers["Authorization"]


def test_keys_in_the_environment_come_first_as_in_the_sdks_chain(recorder, monkeypatch, tmp_path):
    endpoint, seen = recorder
    profile = tmp_path / "credentials"
    profile.write_text("[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(profile))
    CrtS3Storage("bkt", endpoint_url=endpoint, timeout=30).put("a.html", b"x")
    [(_, _, headers, _)] = seen
    key_id = DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"]
    assert f"Credential={key_id}/" in headers["Authorization"]
    assert headers["X-Amz-Security-Token"] == DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"]
