"""LocalStorage specifics: atomic writes, the etag sidecar, reserved names, folder checks."""

from __future__ import annotations

import hashlib
import os

import pytest

from r2w.storage import InvalidKey, LocalStorage, ObjectNotFound, StorageError


@pytest.fixture
def local(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


class Exploding:
    """A stream that fails after handing out some bytes (a dropped upload)."""

    def __init__(self) -> None:
        self.calls = 0

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 2:
            raise ConnectionError("client went away")
        return b"x" * 1024


def test_put_writes_the_file_at_its_key(local: LocalStorage) -> None:
    local.put("sites/ab/index.html", b"<h1>hi</h1>")

    assert (local.root / "sites" / "ab" / "index.html").read_bytes() == b"<h1>hi</h1>"


def test_interrupted_put_leaves_no_partial_or_temporary_file(local: LocalStorage) -> None:
    local.put("cv.txt", b"complete")

    with pytest.raises(StorageError, match="client went away"):
        local.put("cv.txt", Exploding())
    with pytest.raises(StorageError):
        local.put("new/cv.txt", Exploding())

    assert (local.root / "cv.txt").read_bytes() == b"complete"
    assert not (local.root / "new" / "cv.txt").exists()
    assert os.listdir(local.root / ".r2w" / "tmp") == []


def test_put_replaces_the_file_instead_of_rewriting_it(local: LocalStorage) -> None:
    local.put("a.txt", b"one")
    with open(local.root / "a.txt", "rb") as reader:  # a reader mid-download
        local.put("a.txt", b"two two")

        assert reader.read() == b"one"  # still sees the complete old version
    assert local.get_bytes("a.txt") == b"two two"


def test_stale_sidecar_is_not_trusted(local: LocalStorage) -> None:
    local.put("page.html", b"original", content_type="text/x-original")
    (local.root / "page.html").write_bytes(b"edited by hand!")

    info = local.stat("page.html")

    assert info.etag == hashlib.md5(b"edited by hand!", usedforsecurity=False).hexdigest()
    assert info.content_type == "text/html"
    assert info.size == 15


def test_files_without_sidecar_are_listed_with_computed_etags(local: LocalStorage) -> None:
    (local.root / "copied" / "in").mkdir(parents=True)
    (local.root / "copied" / "in" / "style.css").write_bytes(b"body{}")

    [info] = list(local.list("copied/"))

    assert info.key == "copied/in/style.css"
    assert info.etag == hashlib.md5(b"body{}", usedforsecurity=False).hexdigest()
    assert local.stat("copied/in/style.css").content_type == "text/css"


def test_internal_folder_is_reserved_and_hidden(local: LocalStorage) -> None:
    local.put("x.txt", b"x")

    with pytest.raises(InvalidKey):
        local.put(".r2w/meta/evil.json", b"{}")
    with pytest.raises(InvalidKey):
        local.get_bytes(".r2w/tmp/anything")
    assert [i.key for i in local.list()] == ["x.txt"]
    assert [i.key for i in local.list(".r")] == []


def test_dot_files_are_ordinary_keys(local: LocalStorage) -> None:
    local.put("site/.nojekyll", b"")

    assert local.exists("site/.nojekyll")
    assert [i.key for i in local.list("site/")] == ["site/.nojekyll"]


def test_delete_prunes_empty_folders(local: LocalStorage) -> None:
    local.put("sites/aa/css/x.css", b"x")
    local.put("sites/bb/index.html", b"x")

    local.delete_prefix("sites/aa/")

    assert not (local.root / "sites" / "aa").exists()
    assert not (local.root / ".r2w" / "meta" / "sites" / "aa").exists()
    assert (local.root / "sites" / "bb" / "index.html").exists()


def test_key_conflicting_with_a_folder_is_a_storage_error(local: LocalStorage) -> None:
    local.put("a/b.txt", b"x")

    with pytest.raises(StorageError):
        local.put("a", b"file where a folder is")
    with pytest.raises(StorageError):
        local.put("a/b.txt/c", b"folder where a file is")
    with pytest.raises(ObjectNotFound):
        local.get_bytes("a")


def test_check_fails_for_missing_or_read_only_root(tmp_path) -> None:
    with pytest.raises(StorageError):
        LocalStorage(tmp_path / "missing", create=False).check()
    root = tmp_path / "ro"
    store = LocalStorage(root)
    store.check()
    if os.geteuid() != 0:  # root ignores permission bits
        root.chmod(0o500)
        try:
            with pytest.raises(StorageError):
                store.check()
        finally:
            root.chmod(0o700)


def test_cannot_create_root_is_a_storage_error(tmp_path) -> None:
    (tmp_path / "file").write_text("x")

    with pytest.raises(StorageError):
        LocalStorage(tmp_path / "file" / "store")
