"""Compile r2w's modules to bytecode before timing them, as the images do when they are built."""

from __future__ import annotations

import compileall
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What the Dockerfiles compile (`python -m compileall -q r2w builder`).
PACKAGES = ("r2w", "builder")


def compile_sources() -> bool:
    """Write the __pycache__ files of r2w and the builder; True when every module compiled.

    Both images compile at build time and run with PYTHONDONTWRITEBYTECODE, and a laptop keeps
    the files Python writes on first use. Where the environment sets PYTHONDONTWRITEBYTECODE
    and nothing compiled first, every process would compile r2w from source again (~25 ms of a
    ~100 ms build), which no deployment pays.
    """
    return all(compileall.compile_dir(REPO / name, quiet=1) for name in PACKAGES)


def note() -> str:
    """The sentence each benchmark prints about it."""
    setting = "sets" if sys.flags.dont_write_bytecode else "does not set"
    return (
        "r2w's modules were compiled to bytecode first, as the images are built (`python -m "
        f"compileall r2w builder`); this run's environment {setting} PYTHONDONTWRITEBYTECODE."
    )
