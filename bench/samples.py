"""The sample CVs the benchmarks read: every file in tests/fixtures/cvs with hand-written truth."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "cvs"


def sample_files(folder: Path = SAMPLES) -> list[Path]:
    """The CV files of a samples folder (those with a ground-truth file), sorted by name."""
    truth = folder / "ground-truth"
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and (truth / f"{path.name}.gt").is_file()
    )
