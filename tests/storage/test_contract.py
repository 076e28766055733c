"""The Storage contract, run against every backend (local folder and S3 via moto)."""

from __future__ import annotations

import hashlib
import io

import pytest

from r2w.storage import InvalidKey, InvalidRange, ObjectNotFound, Storage, StorageError
from r2w.storage.local import LocalStorage
from r2w.storage.s3 import S3Storage

DATA = b"0123456789abcdefghij"  # 20 bytes, so ranges are easy to read


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class Unseekable(io.RawIOBase):
    """A stream without seek/tell, like an upload or a pipe."""

    def __init__(self, data: bytes, fail_after: int | None = None) -> None:
        self._data = io.BytesIO(data)
        self._fail_after = fail_after
        self._read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._fail_after is not None and self._read >= self._fail_after:
            raise OSError("connection lost mid-upload")
        chunk = self._data.read(size if size and size > 0 else self._fail_after or -1)
        self._read += len(chunk)
        return chunk


def test_put_then_get_round_trips_with_md5_etag(storage: Storage) -> None:
    info = storage.put("sites/abc/index.html", DATA)

    assert (info.key, info.size, info.etag) == ("sites/abc/index.html", 20, md5(DATA))
    assert info.content_type == "text/html"
    assert storage.get_bytes("sites/abc/index.html") == DATA


@pytest.mark.parametrize(
    ("key", "given", "expected"),
    [
        ("a/page.css", None, "text/css"),
        ("a/app.js", None, "text/javascript"),
        ("a/font.woff2", None, "font/woff2"),
        ("a/blob", None, "application/octet-stream"),
        ("a/cv.pdf", "application/x-custom", "application/x-custom"),
    ],
)
def test_content_type_is_given_or_guessed_and_kept(
    storage: Storage, key: str, given: str | None, expected: str
) -> None:
    assert storage.put(key, DATA, content_type=given).content_type == expected
    assert storage.stat(key).content_type == expected


@pytest.mark.parametrize("make_stream", [io.BytesIO, Unseekable], ids=["seekable", "unseekable"])
def test_put_accepts_binary_streams(storage: Storage, make_stream) -> None:
    info = storage.put("uploads/cv.txt", make_stream(DATA * 1000))

    assert info.size == 20_000
    assert info.etag == md5(DATA * 1000)
    assert storage.get_bytes("uploads/cv.txt") == DATA * 1000


def test_overwrite_replaces_content_and_etag(storage: Storage) -> None:
    storage.put("k.txt", b"old")
    info = storage.put("k.txt", b"new content")

    assert storage.get_bytes("k.txt") == b"new content"
    assert storage.stat("k.txt").etag == info.etag == md5(b"new content")


def test_failed_put_leaves_previous_object_intact(storage: Storage) -> None:
    storage.put("doc.txt", b"version one")

    with pytest.raises(StorageError, match="connection lost"):
        storage.put("doc.txt", Unseekable(b"version two is longer", fail_after=4))

    assert storage.get_bytes("doc.txt") == b"version one"
    assert [i.key for i in storage.list()] == ["doc.txt"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, DATA),
        (0, 0, b"0"),
        (5, 9, b"56789"),
        (15, None, b"fghij"),
        (None, 3, b"0123"),
        (18, 500, b"ij"),  # end past the object is clamped, like HTTP
        (19, 19, b"j"),
    ],
)
def test_stream_returns_inclusive_ranges(storage: Storage, start, end, expected) -> None:
    storage.put("r.bin", DATA)

    assert b"".join(storage.stream("r.bin", start, end)) == expected


def test_stream_yields_chunks_of_at_most_chunk_size(storage: Storage) -> None:
    storage.put("r.bin", DATA)

    chunks = list(storage.stream("r.bin", 2, 17, chunk_size=4))

    assert chunks == [b"2345", b"6789", b"abcd", b"efgh"]


def test_stream_can_be_closed_before_the_end(storage: Storage) -> None:
    storage.put("r.bin", DATA * 100)
    chunks = storage.stream("r.bin", chunk_size=8)

    assert next(chunks) == b"01234567"
    chunks.close()
    assert list(chunks) == []


@pytest.mark.parametrize(("start", "end"), [(20, None), (25, 30), (7, 3), (-1, 4)])
def test_stream_rejects_ranges_that_do_not_fit(storage: Storage, start, end) -> None:
    storage.put("r.bin", DATA)

    with pytest.raises(InvalidRange):
        list(storage.stream("r.bin", start, end))


def test_empty_object(storage: Storage) -> None:
    info = storage.put("empty.txt", b"")

    assert info.size == 0
    assert storage.get_bytes("empty.txt") == b""
    assert list(storage.stream("empty.txt")) == []


def test_stat_reports_size_etag_and_time(storage: Storage) -> None:
    storage.put("s/meta.json", b'{"a": 1}')

    info = storage.stat("s/meta.json")

    assert (info.key, info.size, info.etag) == ("s/meta.json", 8, md5(b'{"a": 1}'))
    assert info.content_type == "application/json"
    assert info.last_modified is not None and info.last_modified.tzinfo is not None


def test_missing_objects_raise_object_not_found(storage: Storage) -> None:
    storage.put("dir/present.txt", b"x")

    for call in (storage.get_bytes, storage.stat, storage.stream):
        with pytest.raises(ObjectNotFound):
            call("dir/absent.txt")
    with pytest.raises(ObjectNotFound):
        storage.stat("dir")  # a "folder" is not an object
    assert storage.exists("dir/present.txt")
    assert not storage.exists("dir/absent.txt")
    assert not storage.exists("dir")


def test_delete_removes_and_tolerates_missing(storage: Storage) -> None:
    storage.put("a/b/c.txt", b"x")

    storage.delete("a/b/c.txt")
    storage.delete("a/b/c.txt")
    storage.delete("never/was.txt")

    assert not storage.exists("a/b/c.txt")
    assert list(storage.list()) == []


def test_list_filters_by_plain_prefix_in_key_order(storage: Storage) -> None:
    for key in ["site/b.html", "site/a/x.css", "site2/a.html", "sitex", "other/site/z"]:
        storage.put(key, key.encode())

    assert [i.key for i in storage.list("site/")] == ["site/a/x.css", "site/b.html"]
    assert [i.key for i in storage.list("site")] == [
        "site/a/x.css",
        "site/b.html",
        "site2/a.html",
        "sitex",
    ]
    assert [i.key for i in storage.list("site/a")] == ["site/a/x.css"]
    assert [i.key for i in storage.list("nothing/")] == []
    listed = {i.key: i for i in storage.list()}
    assert len(listed) == 5
    assert listed["sitex"].size == 5 and listed["sitex"].etag == md5(b"sitex")


def test_delete_prefix_only_touches_the_prefix(storage: Storage) -> None:
    for key in ["sites/aa/index.html", "sites/aa/css/x.css", "sites/ab/index.html", "keep"]:
        storage.put(key, b"x")

    assert storage.delete_prefix("sites/aa/") == 2
    assert [i.key for i in storage.list()] == ["keep", "sites/ab/index.html"]
    assert storage.delete_prefix("sites/aa/") == 0


def test_delete_prefix_handles_more_than_one_page(storage: Storage, fill) -> None:
    keys = [f"big/{n:05d}.txt" for n in range(1005)]
    fill(storage, keys)
    storage.put("small/keep.txt", b"x")
    batches: list[int] = []
    if isinstance(storage, S3Storage):
        storage.client.meta.events.register(
            "before-parameter-build.s3.DeleteObjects",
            lambda params, **_: batches.append(len(params["Delete"]["Objects"])),
        )

    assert len(list(storage.list("big/"))) == 1005
    assert storage.delete_prefix("big/") == 1005

    assert list(storage.list("big/")) == []
    assert storage.exists("small/keep.txt")
    if isinstance(storage, S3Storage):
        assert batches == [1000, 5]


@pytest.mark.parametrize(
    "key",
    ["", "/abs.txt", "../up.txt", "a/../b", "a\\b", "a\x00b", "a//b", "./a", "a/", "a/."],
)
def test_invalid_keys_are_refused(storage: Storage, key: str) -> None:
    for call in (storage.get_bytes, storage.stat, storage.exists, storage.delete):
        with pytest.raises(InvalidKey):
            call(key)
    with pytest.raises(InvalidKey):
        storage.put(key, b"x")
    assert issubclass(InvalidKey, StorageError)


@pytest.mark.parametrize("prefix", ["../", "/abs/", "a/../", "a\\"])
def test_invalid_prefixes_are_refused(storage: Storage, prefix: str) -> None:
    with pytest.raises(InvalidKey):
        storage.list(prefix)
    with pytest.raises(InvalidKey):
        storage.delete_prefix(prefix)


def test_public_url(make_storage) -> None:
    assert make_storage().public_url("sites/a/index.html") is None
    cdn = make_storage(public_base_url="https://cdn.example.com/")

    assert cdn.public_url("sites/a/index.html") == "https://cdn.example.com/sites/a/index.html"
    with pytest.raises(InvalidKey):
        cdn.public_url("../secret")


def test_check_passes_when_reachable(storage: Storage) -> None:
    storage.check()


def test_check_fails_when_backend_is_down(backend, tmp_path, closed_port, aws_env) -> None:
    if backend == "local":
        (tmp_path / "not-a-folder").write_text("x")
        down: Storage = LocalStorage(tmp_path / "not-a-folder", create=False)
    else:
        down = S3Storage("bucket", endpoint_url=f"http://127.0.0.1:{closed_port}", max_attempts=1)

    with pytest.raises(StorageError):
        down.check()
