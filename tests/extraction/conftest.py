"""Fixtures for the extraction tests: the sample CVs, their text, and tool checks."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from r2w.extraction.sniff import check_upload
from r2w.extraction.text import TextResult, extract_text
from r2w.extraction.tools import PACKAGES, has_tool

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "cvs"
DATA = Path(__file__).parent / "data"

# Every sample with the kind its content has, the person's name and e-mail as printed.
SAMPLE_FACTS: dict[str, tuple[str, str | None, str | None]] = {
    "Amsterdam-Modern-Resume-Template.pdf": ("pdf", "JULIE MONROE", "email@email.com"),
    "Berlin-Simple-Resume-Template.pdf": ("pdf", "SEAN PRICE", "email@email.com"),
    "Chicago-Resume-Template-Creative.pdf": ("pdf", "EMMA WILSON", "email@email.com"),
    "Eleanor_Vance_cv.md": ("md", "Eleanor Vance", "eleanor.vance.rn@email.com"),
    "Eleanor_Vance_cv.pdf": ("pdf", "Eleanor Vance", "eleanor.vance.rn@email.com"),
    "Ethan_Miller.md": ("md", "Ethan Miller", "ethan.miller.sales@example.com"),
    "London-Resume-Template-Professional.pdf": ("pdf", "Mandy Campbell", "email@email.com"),
    "Madrid-Resume-Template-Modern.pdf": ("pdf", "SHERRI PRICE", "email@email.com"),
    "Oliver_Thompson_cv.md": ("md", "Oliver Thompson", "oliver.thompson.rn@example.com"),
    "Paris-Resume-Template-Modern.pdf": ("pdf", "Jennifer Adams", "email@email.com"),
    "Stockholm-Resume-Template-Simple.pdf": ("pdf", "Jason Miller", "email@email.com"),
    "Vienna-Modern-Resume-Template.pdf": ("pdf", "Janine Nel", "email@email.com"),
    "comprehensive_all_components_cv.pdf": ("pdf", "Alexandra Chen", "alexandra.chen@email.com"),
    "comprehensive_all_components_cv.txt": ("txt", "Alexandra Chen", "alexandra.chen@email.com"),
    "example-cv-undergraduate-dda15e.jpg": ("jpg", "Aisha Malik", "example@cvmaker.uk"),
    "graphic-designer-resume-example.pdf": ("pdf", "RHODA JACKSON", "rhodajackson@email.com"),
    "software-engineer-resume-example.pdf": ("pdf", "CHARLES MCTURLAND", "cmcturland@email.com"),
}
TEXT_LAYER = sorted(name for name, facts in SAMPLE_FACTS.items() if facts[0] != "jpg")
SYNTHETIC = ["lebenslauf_de.txt", "cv_ar.txt", "cv_zh.txt", "cv_ru.txt"]


def require_tool(name: str) -> None:
    """Skip (naming the Debian package) when a tool is missing; fail instead under CI."""
    if has_tool(name):
        return
    message = f"{name} is not installed (Debian package {PACKAGES.get(name, name)})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def _sample_text(name: str) -> TextResult:
    """Extract a sample once per test run (OCR takes seconds)."""
    data = (SAMPLES / name).read_bytes()
    return extract_text(data, check_upload(data, name))


@pytest.fixture
def sample_bytes() -> Callable[[str], bytes]:
    """Read a sample CV's bytes."""
    return lambda name: (SAMPLES / name).read_bytes()


@pytest.fixture
def sample_text() -> Callable[[str], TextResult]:
    """Extracted text of a sample CV (cached), after checking the tools it needs."""

    def get(name: str) -> TextResult:
        # PDFs and photos are read with PDFium and RapidOCR from their wheels: no system tool.
        return _sample_text(name)

    return get


@pytest.fixture
def data_text() -> Callable[[str], str]:
    """Text of a file in tests/extraction/data."""
    return lambda name: (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """review() with its rules alone: the learned "unsure" flag is tested on its own."""
    from r2w.extraction.confidence import unsure

    monkeypatch.setattr(unsure, "ENABLED", False)
