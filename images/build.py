"""`make image`: build the web and builder images, tagged by commit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from images import base
from images.engine import build_command, run
from images.tags import DOCKERFILES, commit_tag, image_ref

REPO = Path(__file__).resolve().parents[1]


def current_tag() -> str:
    """The commit tag of the working tree (`<short sha>` or `<short sha>-dirty`)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    )
    if sha.returncode != 0:
        raise RuntimeError("images are tagged by commit: run inside the git repository")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=normal"],
        capture_output=True, text=True, cwd=REPO, check=True,
    )  # fmt: skip
    return commit_tag(sha.stdout, dirty=bool(status.stdout.strip()))


def build_all(engine: str) -> dict[str, str]:
    """Build both images with the engine; return {name: reference} and print timings."""
    tag = current_tag()
    python_image = base.python_base(engine)
    refs = {}
    for name, dockerfile in DOCKERFILES.items():
        ref = image_ref(name, tag, engine)
        started = time.monotonic()
        args = {"PYTHON_IMAGE": python_image}
        cmd = build_command(engine, str(REPO / dockerfile), ref, args, context=str(REPO))
        run(cmd, timeout=3600)
        print(f"built {ref} on {python_image} in {time.monotonic() - started:.0f} s",
              file=sys.stderr, flush=True)  # fmt: skip
        refs[name] = ref
    return refs
