"""The pure parts of images/: tags by commit, engine command lines, base cache key."""

from __future__ import annotations

import re

import pytest

from images import base
from images.build import current_tag
from images.engine import HOST_CA_BUNDLE, build_command
from images.tags import BUILDER, DOCKERFILES, WEB, base_key, commit_tag, image_ref


def test_commit_tag_is_the_short_hash_and_says_when_the_tree_is_dirty():
    assert commit_tag("d99c20d\n", dirty=False) == "d99c20d"
    assert commit_tag("D99C20D", dirty=True) == "d99c20d-dirty"


@pytest.mark.parametrize("sha", ["", "latest", "HEAD", "d99c20d; rm -rf /"])
def test_commit_tag_refuses_anything_but_a_hash(sha):
    with pytest.raises(ValueError, match="not a commit hash"):
        commit_tag(sha, dirty=False)


def test_the_repository_yields_a_commit_tag():
    assert re.fullmatch(r"[0-9a-f]{4,40}(-dirty)?", current_tag())


def test_image_refs_never_say_latest():
    assert image_ref(WEB, "d99c20d", "podman") == "localhost/r2w-web:d99c20d"
    assert image_ref(BUILDER, "d99c20d-dirty", "docker") == "r2w-builder:d99c20d-dirty"
    for tag in ("latest", ""):
        with pytest.raises(ValueError, match="never 'latest'"):
            image_ref(WEB, tag, "podman")


def test_both_images_have_their_dockerfile():
    assert DOCKERFILES == {WEB: "Dockerfile", BUILDER: "builder/Dockerfile"}


def test_podman_builds_without_a_runtime_and_trusts_the_host_cas():
    cmd = build_command("podman", "Dockerfile", "localhost/r2w-web:abc1234", {"PYTHON_IMAGE": "b"})
    assert cmd[:2] == ["podman", "build"]
    assert cmd[cmd.index("--isolation") + 1] == "chroot"
    assert cmd[cmd.index("--network") + 1] == "host"
    assert f"{HOST_CA_BUNDLE}:{HOST_CA_BUNDLE}:ro" in cmd
    assert cmd[cmd.index("--build-arg") + 1] == "PYTHON_IMAGE=b"
    assert cmd[-1] == "."


def test_docker_builds_plainly():
    cmd = build_command("docker", "builder/Dockerfile", "r2w-builder:abc1234", {}, context="/r")
    assert cmd == ["docker", "build", "-f", "builder/Dockerfile", "-t", "r2w-builder:abc1234", "/r"]


def test_the_debian_base_is_rebuilt_only_when_its_recipe_changes():
    suite, variant, packages, options = base.SUITE, base.VARIANT, base.PACKAGES, base.DPKG_OPTIONS
    key = base_key(suite, variant, packages, options)
    assert re.fullmatch(r"[0-9a-f]{12}", key)
    assert key == base_key(suite, variant, list(reversed(packages)), options)
    assert key != base_key(suite, variant, [*packages, "curl"], options)
    assert key != base_key("trixie", variant, packages, options)
    assert key != base_key(suite, variant, packages, options[:-1])


def test_the_debian_base_offers_what_the_dockerfiles_use():
    # `python` on PATH (python-is-python3), venv, and the CA store PIP_CERT points at.
    assert {"python3", "python3-venv", "python-is-python3", "ca-certificates"} <= set(base.PACKAGES)
    for dockerfile in DOCKERFILES.values():
        text = (base.CACHE.parent / dockerfile).read_text()
        assert "PIP_CERT=/etc/ssl/certs/ca-certificates.crt" in text
        assert "/usr/local/bin" not in text  # the Debian base keeps python in /usr/bin


def test_the_official_base_stays_the_default_where_it_can_be_pulled(monkeypatch):
    monkeypatch.delenv("PYTHON_IMAGE", raising=False)
    monkeypatch.setattr(base, "_pull", lambda engine, ref: True)
    assert base.python_base("docker") == "python:3.11.13-slim-bookworm"
    assert base.python_base("podman") == "docker.io/library/python:3.11.13-slim-bookworm"
    monkeypatch.setenv("PYTHON_IMAGE", "localhost/python:mine")
    assert base.python_base("podman") == "localhost/python:mine"


def test_the_debian_base_is_used_where_the_official_one_cannot_be_pulled(monkeypatch):
    monkeypatch.delenv("PYTHON_IMAGE", raising=False)
    monkeypatch.setattr(base, "_pull", lambda engine, ref: False)
    monkeypatch.setattr(base, "debian_base", lambda engine: f"localhost/python:debian-{engine}")
    assert base.python_base("podman") == "localhost/python:debian-podman"
