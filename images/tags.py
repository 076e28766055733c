"""Pure naming rules: image tags come from the commit, never `latest`."""

from __future__ import annotations

import hashlib
import re

WEB = "r2w-web"
BUILDER = "r2w-builder"
# name -> Dockerfile, relative to the repository root (the build context of both).
DOCKERFILES = {WEB: "Dockerfile", BUILDER: "builder/Dockerfile"}
DEFAULT_BASE = "python:3.11.13-slim-bookworm"

_SHORT_SHA = re.compile(r"^[0-9a-f]{4,40}$")


def commit_tag(short_sha: str, dirty: bool) -> str:
    """The tag of images built from a commit: its short hash, plus `-dirty` for local edits."""
    short_sha = short_sha.strip().lower()
    if not _SHORT_SHA.match(short_sha):
        raise ValueError(f"not a commit hash: {short_sha!r}")
    return f"{short_sha}-dirty" if dirty else short_sha


def image_ref(name: str, tag: str, engine: str) -> str:
    """The reference an engine stores a locally built image under (podman adds `localhost/`)."""
    if not tag or tag == "latest":
        raise ValueError("images are tagged by commit, never 'latest' or untagged")
    return f"localhost/{name}:{tag}" if engine == "podman" else f"{name}:{tag}"


def base_key(suite: str, variant: str, packages: list[str], dpkg_options: list[str]) -> str:
    """A short key that changes only when the recipe of the Debian base changes."""
    # dpkg options keep their order: later path-include lines override earlier excludes.
    recipe = "\n".join([suite, variant, *sorted(packages), *dpkg_options])
    return hashlib.sha256(recipe.encode()).hexdigest()[:12]
