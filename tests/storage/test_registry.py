"""storage_from_url picks a backend by URL scheme; key rules and content types."""

from __future__ import annotations

import subprocess
import sys

import pytest

from r2w.storage import (
    InvalidKey,
    LocalStorage,
    S3Storage,
    guess_content_type,
    storage_from_url,
    validate_key,
    validate_prefix,
)
from tests.support.s3 import make_client


def test_file_url_gives_local_storage(tmp_path) -> None:
    storage = storage_from_url(f"file://{tmp_path}/my%20files", public_base_url="https://x.test")

    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "my files"
    assert storage.public_url("a.txt") == "https://x.test/a.txt"


def test_s3_url_gives_s3_storage(s3_server) -> None:
    client = make_client(s3_server)
    storage = storage_from_url("s3://my-bucket/some/prefix", client=client)

    assert isinstance(storage, S3Storage)
    assert (storage.bucket, storage.prefix, storage.client) == ("my-bucket", "some/prefix/", client)


def test_s3_url_with_endpoint(aws_env) -> None:
    storage = storage_from_url("s3://bucket", endpoint_url="http://127.0.0.1:9000")

    assert storage.prefix == ""
    assert storage.client.meta.endpoint_url == "http://127.0.0.1:9000"


@pytest.mark.parametrize("url", ["gs://bucket/x", "ftp://host/x", "/just/a/path", ""])
def test_unknown_scheme_lists_the_valid_ones(url: str) -> None:
    with pytest.raises(ValueError, match=r"valid schemes: file://, s3://"):
        storage_from_url(url)


@pytest.mark.parametrize("url", ["file://relative/path", "s3:///no-bucket"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        storage_from_url(url)


@pytest.mark.parametrize("key", ["a", "a/b/c.html", ".well-known/x", "a b/ü.txt", "a..b"])
def test_valid_keys(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize("prefix", ["", "a/", "a/b", "sites/abc/"])
def test_valid_prefixes(prefix: str) -> None:
    assert validate_prefix(prefix) == prefix


@pytest.mark.parametrize("prefix", ["/", "//", "a//", "../"])
def test_invalid_prefixes(prefix: str) -> None:
    with pytest.raises(InvalidKey):
        validate_prefix(prefix)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("index.html", "text/html"),
        ("a/b/STYLE.CSS", "text/css"),
        ("app.mjs", "text/javascript"),
        ("photo.webp", "image/webp"),
        ("cv.md", "text/markdown"),
        ("cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("manifest.json", "application/json"),
        ("archive.zip", "application/zip"),
        ("no-extension", "application/octet-stream"),
        ("dir.with.dots/file", "application/octet-stream"),
    ],
)
def test_guess_content_type(key: str, expected: str) -> None:
    assert guess_content_type(key) == expected


def test_a_site_files_types_never_load_the_machines_mime_files() -> None:
    # Making the stdlib's table reads /etc/mime.types (~5 ms of a build): a site's own files
    # are typed from r2w's fixed table, in a fresh interpreter as a build runs.
    code = (
        "import mimetypes\n"
        "from r2w.storage.base import guess_content_type as guess\n"
        "types = [guess(k) for k in ('index.html', 'a/site.css', 'icon.svg', 'p.webp', "
        "'manifest.json', 'photo.jpg')]\n"
        "assert not mimetypes.inited, 'mimetypes read the machine files'\n"
        "print(' '.join(types))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "text/html", "text/css", "image/svg+xml", "image/webp", "application/json", "image/jpeg"
    ]  # fmt: skip
