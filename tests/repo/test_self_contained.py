"""The repository stands alone: nothing it runs reads files outside its own folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Everything that runs as part of `make test`, `make bench`, `make eval` or CI.
CHECKED = ["tests", "bench", "corpus", "r2w", "builder", "images", ".ci", "Makefile", "wsgi.py"]
SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".yaml", ".yml", ""}
# Reaching out of the clone: a parent's shared/ folder, or an absolute path into a workspace.
OUTSIDE = [
    re.compile(r"\.\./shared\b"),
    re.compile(r"""parents?\[\d\]\.parent\s*/\s*["']shared"""),
    re.compile(r"""\.parent\s*/\s*["']shared["']"""),
    re.compile(r"""["']/(?:work|home|root|Users)/[^"'\s]*"""),
]


def _files() -> list[Path]:
    found: list[Path] = []
    for name in CHECKED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
            )
    return [p for p in found if p != Path(__file__)]


def test_the_sample_cvs_and_their_ground_truth_are_in_the_repository() -> None:
    samples = ROOT / "tests" / "fixtures" / "cvs"
    cvs = {p.name for p in samples.iterdir() if p.is_file() and p.name != "SOURCES.md"}
    truth = {p.name.removesuffix(".gt") for p in (samples / "ground-truth").glob("*.gt")}
    assert len(cvs) >= 17
    assert cvs == truth, "every sample CV has its ground truth, and nothing else"


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_reads_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), 1)
        for pattern in OUTSIDE
        if pattern.search(line)
    ]
    assert not hits, "reads outside the repository:\n" + "\n".join(hits)
