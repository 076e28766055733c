"""The Python base image: the official slim one, or one built from Debian where it cannot be pulled.

The stand-in is Debian bookworm's own Python 3.11 (python at /usr/bin, not /usr/local/bin),
made with mmdebstrap from Debian's packages and cached under .images/, keyed by its recipe, so
it is rebuilt only when the recipe changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from images.engine import ImageError, image_exists, run
from images.tags import DEFAULT_BASE, base_key

CACHE = Path(__file__).resolve().parents[1] / ".images"
SUITE = "bookworm"
VARIANT = "minbase"
# What the official slim image offers that the Dockerfiles rely on: `python`, venv, CA roots.
PACKAGES = ["python3", "python3-venv", "python-is-python3", "ca-certificates"]
# Like Debian's slim images: no manuals, translations or docs (copyright notices stay). mmdebstrap
# keeps these in /etc/dpkg/dpkg.cfg.d, so the packages the Dockerfiles add skip them too.
DPKG_OPTIONS = [
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
]
PULL_TIMEOUT = 180


def _pull(engine: str, ref: str) -> bool:
    """True when the engine has or can pull ref."""
    if image_exists(engine, ref):
        return True
    print(f"pulling {ref} …", file=sys.stderr, flush=True)
    try:
        done = subprocess.run([engine, "pull", ref], capture_output=True, timeout=PULL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def debian_base(engine: str) -> str:
    """Import (making it first if needed) the Debian-built base; return its reference."""
    key = base_key(SUITE, VARIANT, PACKAGES, DPKG_OPTIONS)
    ref = f"localhost/python:3.11-{SUITE}-{key}"
    if image_exists(engine, ref):
        return ref
    tar = CACHE / f"base-{SUITE}-{key}.tar"
    if not tar.exists():
        if not shutil.which("mmdebstrap"):
            raise ImageError(f"cannot pull {DEFAULT_BASE} and mmdebstrap is not installed")
        CACHE.mkdir(exist_ok=True)
        partial = tar.with_suffix(".partial")
        partial.unlink(missing_ok=True)  # left by an interrupted run
        started = time.monotonic()
        options = [f"--dpkgopt={option}" for option in DPKG_OPTIONS]
        run(["mmdebstrap", f"--variant={VARIANT}", "--format=tar", *options,
             "--include=" + ",".join(PACKAGES), SUITE, str(partial)])  # fmt: skip
        partial.rename(tar)  # only a finished tarball counts as cached
        print(f"made {tar.name} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    run([engine, "import", str(tar), ref])
    return ref


def python_base(engine: str) -> str:
    """The PYTHON_IMAGE build argument: $PYTHON_IMAGE, the official image, or the Debian one."""
    chosen = os.environ.get("PYTHON_IMAGE")
    if chosen:
        return chosen
    # podman resolves short names through registries.conf; the full name needs no resolving.
    official = DEFAULT_BASE if engine == "docker" else f"docker.io/library/{DEFAULT_BASE}"
    if _pull(engine, official):
        return official
    print(f"{DEFAULT_BASE} cannot be pulled here: using Debian's Python 3.11", file=sys.stderr)
    return debian_base(engine)
