"""The pure parts of image-check: mounts from the manifests, rootfs diffs, the bind swap."""

from __future__ import annotations

import pytest

from images import workloads
from images.container import changed, with_bind
from images.engine import ImageError


def test_the_check_mounts_what_the_manifests_mount():
    assert workloads.writable_paths(workloads.WEB_MANIFEST) == ["/tmp", "/tmp/prometheus"]
    assert workloads.writable_paths(workloads.BUILD_JOB_MANIFEST) == ["/tmp"]


def test_the_web_keeps_its_instance_folder_in_a_writable_mount():
    env = workloads.web_env()
    mounts = workloads.writable_paths(workloads.WEB_MANIFEST)
    for name in ("INSTANCE_PATH", "PROMETHEUS_MULTIPROC_DIR"):
        assert any(env[name] == m or env[name].startswith(m + "/") for m in mounts)


def test_host_path_picks_the_deepest_mount():
    volumes = {"/h/tmp": "/tmp", "/h/prom": "/tmp/prometheus"}
    assert str(workloads.host_path(volumes, "/tmp/r2w-instance/r2w.db")) == (
        "/h/tmp/r2w-instance/r2w.db"
    )
    assert str(workloads.host_path(volumes, "/tmp/prometheus/x.db")) == "/h/prom/x.db"


def test_changed_lists_added_modified_and_removed_paths():
    before = {"/a": (1, 1, 1), "/b": (1, 1, 1), "/c": (1, 1, 1)}
    after = {"/a": (1, 1, 1), "/b": (1, 2, 3), "/d": (1, 1, 1)}
    assert changed(before, after) == ["/b", "/c", "/d"]


def test_with_bind_changes_only_the_address():
    cmd = ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "wsgi:app"]
    assert with_bind(cmd, "127.0.0.1:4321") == [
        "gunicorn", "--bind", "127.0.0.1:4321", "--workers", "2", "wsgi:app",
    ]  # fmt: skip
    with pytest.raises(ImageError, match="no --bind"):
        with_bind(["python", "-m", "builder"], "127.0.0.1:1")
