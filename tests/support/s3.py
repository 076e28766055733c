"""An S3-compatible server for tests: moto's threaded server on 127.0.0.1, a free port.

Register the fixtures with ``pytest_plugins = ["tests.support.s3"]`` in the root conftest, or
import ``s3_server`` and ``s3_storage`` into a folder's conftest.py.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from r2w.storage.s3 import S3Storage

DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def start_s3_server() -> tuple[ThreadedMotoServer, str]:
    """Start moto's S3 server on a free local port; returns (server, endpoint URL)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


@functools.cache
def make_client(endpoint_url: str) -> Any:
    """A boto3 S3 client for ``endpoint_url`` with explicit dummy credentials (no env needed).

    Cached: clients are thread-safe and slow to create.
    """
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def new_bucket(endpoint_url: str) -> str:
    """Create an empty bucket with a unique name and return the name."""
    name = f"r2w-test-{uuid.uuid4().hex[:16]}"
    make_client(endpoint_url).create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """Endpoint URL of one moto S3 server shared by the whole test session."""
    server, url = start_s3_server()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """Dummy AWS credentials in the environment for one test (undone afterwards).

    Shared config files are pointed at empty files so a developer's ~/.aws profile can never be
    picked up by a test.
    """
    empty = tmp_path / "aws-empty"
    empty.write_text("")
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    for name, value in DUMMY_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))


@pytest.fixture
def s3_bucket(s3_server: str) -> str:
    """A fresh, empty bucket on the shared server."""
    return new_bucket(s3_server)


@pytest.fixture
def s3_storage(s3_server: str, s3_bucket: str, aws_env: None) -> S3Storage:
    """S3Storage on a fresh bucket, built the way the app builds it (endpoint URL + env creds)."""
    return S3Storage(s3_bucket, "r2w", endpoint_url=s3_server, max_attempts=2)
