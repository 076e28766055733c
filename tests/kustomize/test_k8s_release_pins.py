"""Release pins: prod runs images by digest; no overlay runs `latest` or an untagged r2w image."""

from __future__ import annotations

import re

import pytest

from r2w.config import image_is_pinned
from tests.kustomize.k8s import OVERLAYS, Obj, app_config, containers, pod_templates

DIGEST_PINNED = re.compile(r"^[^@\s]+@sha256:[0-9a-f]{64}$")


def r2w_images(objects: list[Obj]) -> list[str]:
    """Every r2w image the rendered objects run or launch: containers and BUILDER_IMAGE."""
    images = [
        c["image"]
        for _, template in pod_templates(objects)
        for c in containers(template["spec"])
        if "r2w-" in c["image"].rsplit("/", 1)[-1]
    ]
    return [*images, app_config(objects)["BUILDER_IMAGE"]]


def test_prod_pins_every_r2w_image_by_digest(rendered: dict[str, list[Obj]]):
    """Web, migration Job, reconcile CronJob and the builder the web launches: all @sha256."""
    images = r2w_images(rendered["prod"])
    names = {image.split("@")[0].rsplit("/", 1)[-1].split(":")[0] for image in images}
    assert names == {"r2w-web", "r2w-builder"}
    assert len(images) >= 4
    assert [image for image in images if not DIGEST_PINNED.match(image)] == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_overlay_runs_latest_or_untagged(rendered: dict[str, list[Obj]], overlay: str):
    """Every r2w image names a release tag or a digest, as the app itself demands at start-up."""
    images = r2w_images(rendered[overlay])
    assert images
    assert [image for image in images if ":latest" in image] == []
    assert [image for image in images if not image_is_pinned(image)] == []


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("reg/r2w-web@sha256:" + "a" * 64, True),
        ("reg/r2w-web:0.1.0@sha256:" + "a" * 64, True),
        ("reg/r2w-web:0.1.0", False),
        ("reg/r2w-web@sha256:abc", False),
    ],
)
def test_digest_rule(image: str, pinned: bool):
    """The prod rule itself: a full sha256 digest, with or without a tag in front."""
    assert bool(DIGEST_PINNED.match(image)) is pinned
