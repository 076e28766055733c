"""S3Storage specifics: encryption on every write, prefixes, error mapping, client settings."""

from __future__ import annotations

import pytest
from botocore.exceptions import ReadTimeoutError

from r2w.storage import ObjectNotFound, StorageError
from r2w.storage.s3 import S3Storage
from tests.support.s3 import make_client


def test_every_write_is_encrypted_at_rest(s3_storage: S3Storage, s3_server: str) -> None:
    sent: list[dict] = []
    s3_storage.client.meta.events.register(
        "before-parameter-build.s3.PutObject", lambda params, **_: sent.append(dict(params))
    )
    s3_storage.put("a/index.html", b"<p>hi</p>")
    s3_storage.put("a/cv.pdf", b"%PDF-1.7", content_type="application/pdf")

    head = make_client(s3_server).head_object(Bucket=s3_storage.bucket, Key="r2w/a/index.html")

    assert head["ServerSideEncryption"] == "AES256"
    assert [p["ServerSideEncryption"] for p in sent] == ["AES256", "AES256"]


def test_keys_live_under_the_prefix(s3_storage: S3Storage, s3_server: str) -> None:
    s3_storage.put("sites/x/index.html", b"x")
    make_client(s3_server).put_object(Bucket=s3_storage.bucket, Key="elsewhere.txt", Body=b"y")

    raw = make_client(s3_server).list_objects_v2(Bucket=s3_storage.bucket)
    keys = sorted(item["Key"] for item in raw["Contents"])

    assert keys == ["elsewhere.txt", "r2w/sites/x/index.html"]
    assert [i.key for i in s3_storage.list()] == ["sites/x/index.html"]
    assert s3_storage.delete_prefix("") == 1
    assert make_client(s3_server).head_object(Bucket=s3_storage.bucket, Key="elsewhere.txt")


def test_missing_bucket_is_a_storage_error_not_a_missing_object(s3_server, aws_env) -> None:
    storage = S3Storage("no-such-bucket-r2w", endpoint_url=s3_server, max_attempts=1)

    with pytest.raises(StorageError) as raised:
        storage.get_bytes("x.txt")
    assert not isinstance(raised.value, ObjectNotFound)
    with pytest.raises(StorageError):
        storage.check()


def test_unreachable_endpoint_is_a_storage_error(closed_port, aws_env) -> None:
    storage = S3Storage("b", endpoint_url=f"http://127.0.0.1:{closed_port}", max_attempts=1)

    for call in (storage.get_bytes, storage.stat, storage.exists, storage.delete):
        with pytest.raises(StorageError) as raised:
            call("x.txt")
        assert not isinstance(raised.value, ObjectNotFound)
    with pytest.raises(StorageError):
        storage.put("x.txt", b"x")
    with pytest.raises(StorageError):
        list(storage.list())


def test_client_settings(aws_env) -> None:
    storage = S3Storage(
        "b", endpoint_url="http://127.0.0.1:9", connect_timeout=2, read_timeout=7, max_attempts=3
    )
    config = storage.client.meta.config

    assert (config.connect_timeout, config.read_timeout) == (2, 7)
    assert config.retries == {"total_max_attempts": 3, "mode": "standard"}
    assert config.s3 == {"addressing_style": "path"}
    assert config.request_checksum_calculation == "when_required"


def test_injected_client_is_used(s3_server, s3_bucket) -> None:
    client = make_client(s3_server)
    storage = S3Storage(s3_bucket, "/nested/prefix/", client=client)

    storage.put("k.txt", b"v")

    assert storage.client is client
    assert client.get_object(Bucket=s3_bucket, Key="nested/prefix/k.txt")["Body"].read() == b"v"


def test_bucket_is_required() -> None:
    with pytest.raises(ValueError):
        S3Storage("", client=object())


class DroppingBody:
    """A response body whose connection drops after the first chunk."""

    def __init__(self) -> None:
        self.reads = 0
        self.closed = False

    def read(self, amount: int | None = None) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise ReadTimeoutError(endpoint_url="http://s3.test")
        return b"x" * (amount or 100)

    def close(self) -> None:
        self.closed = True


class OneObjectClient:
    """Just enough of an S3 client to serve one GetObject."""

    def __init__(self, body: DroppingBody) -> None:
        self.body = body
        self.calls: list[dict] = []

    def get_object(self, **params):
        self.calls.append(params)
        return {"Body": self.body, "ContentLength": 100}


def test_connection_lost_mid_stream_is_a_storage_error_and_closes_the_body() -> None:
    body = DroppingBody()
    client = OneObjectClient(body)
    chunks = S3Storage("b", "p", client=client).stream("k.bin", 0, 99, chunk_size=10)

    assert next(chunks) == b"x" * 10
    with pytest.raises(StorageError, match=r"k\.bin"):
        next(chunks)
    assert body.closed
    assert client.calls == [{"Bucket": "b", "Key": "p/k.bin", "Range": "bytes=0-99"}]
