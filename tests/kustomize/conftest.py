"""Fixtures for the kustomize tests: kubectl, and each target rendered once per session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import NoReturn

import pytest

from tests.kustomize.k8s import CLOUD_OVERLAYS, TARGETS, Obj, render


def _unavailable(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _kustomize_major(kubectl: str) -> int:
    result = subprocess.run(
        [kubectl, "version", "--client", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    version = json.loads(result.stdout or "{}").get("kustomizeVersion", "v0")
    return int(version.lstrip("v").split(".")[0] or 0)


@pytest.fixture(scope="session")
def kubectl() -> str:
    """Path of a kubectl with Kustomize 5; skip (or fail in CI) where there is none."""
    path = shutil.which("kubectl")
    if path is None:
        _unavailable("kubectl not installed (needed to render kustomize overlays)")
    # Older embedded Kustomize versions do not know `labels:` and render differently.
    if _kustomize_major(path) < 5:
        _unavailable(f"{path} embeds Kustomize older than v5 (install kubectl >= 1.27)")
    return path


@pytest.fixture(scope="session")
def rendered(kubectl: str) -> dict[str, list[Obj]]:
    """Every target rendered once: {"base": [...], "dev": [...], ...}."""
    return {target: render(kubectl, target) for target in TARGETS}


@pytest.fixture(params=TARGETS)
def target(request: pytest.FixtureRequest) -> str:
    """Each kustomize target in turn (base and every overlay)."""
    return request.param


@pytest.fixture
def objects(rendered: dict[str, list[Obj]], target: str) -> list[Obj]:
    """The rendered objects of the current target."""
    return rendered[target]


@pytest.fixture(params=CLOUD_OVERLAYS)
def cloud_objects(request: pytest.FixtureRequest, rendered: dict[str, list[Obj]]) -> list[Obj]:
    """The rendered objects of each cloud overlay (staging, prod) in turn."""
    return rendered[request.param]
