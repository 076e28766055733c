"""Storage fixtures: the same contract tests run against a local folder and a real S3 server."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.models import s3_backends

from r2w.storage import LocalStorage, Storage
from r2w.storage.s3 import S3Storage

# s3_server, s3_bucket, s3_storage and aws_env come from tests.support.s3 (registered as a
# plugin by the root conftest).

MakeStorage = Callable[..., Storage]


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest) -> str:
    """Name of the backend under test."""
    return request.param


@pytest.fixture
def make_storage(backend: str, request: pytest.FixtureRequest, tmp_path) -> MakeStorage:
    """Factory for a storage of the current backend, on one folder or bucket per test."""
    if backend == "local":
        return lambda **kw: LocalStorage(tmp_path / "store", **kw)
    endpoint = request.getfixturevalue("s3_server")
    bucket = request.getfixturevalue("s3_bucket")
    request.getfixturevalue("aws_env")
    return lambda **kw: S3Storage(bucket, "r2w", endpoint_url=endpoint, max_attempts=2, **kw)


@pytest.fixture
def storage(make_storage: MakeStorage) -> Storage:
    """A storage of the current backend."""
    return make_storage()


@pytest.fixture
def fill() -> Callable[[Storage, list[str]], None]:
    """Create many small objects fast (straight into moto's memory for S3: HTTP is the slow
    part, and the code under test is the reading/deleting side)."""

    def fill(storage: Storage, keys: list[str]) -> None:
        if isinstance(storage, S3Storage):
            backend = s3_backends[DEFAULT_ACCOUNT_ID]["global"]
            for key in keys:
                backend.put_object(storage.bucket, storage.prefix + key, key.encode())
        else:
            for key in keys:
                storage.put(key, key.encode())

    return fill


@pytest.fixture
def closed_port() -> int:
    """A local TCP port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
