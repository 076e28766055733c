"""Scans are read again with the model of their language: French, Spanish, Arabic.

The pages are drawn here (DejaVu Sans) or rasterised from the Arabic test PDF, so the expected
text is known exactly; nothing is read from the corpus splits.
"""

from __future__ import annotations

import io
import os
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from r2w.extraction import tools
from r2w.extraction.ocr import OCR_LANGUAGES, own_language
from r2w.extraction.reading.ocrlang import guess_language
from r2w.extraction.text import extract_text
from tests.extraction.conftest import DATA, require_tool

FRENCH = [
    "Expérience professionnelle",
    "Responsable des ventes chez Lumière et Fils, Lyon",
    "janvier 2020 – février 2023",
    "Réduction des coûts de 15 % à Besançon",
    "Contrôle qualité et tâches de maîtrise d'œuvre",
    "Gestion d'une équipe de douze personnes à Lyon et à Genève",
    "Compétences : négociation, prévisions, Excel",
    "Langues : français (langue maternelle), anglais (courant)",
]
SPANISH = [
    "Experiencia profesional",
    "Directora de ventas en Córdoba, España",
    "marzo 2019 – diciembre 2022",
    "Coordinación de un equipo de ocho personas en Sevilla y Málaga",
    "Educación: Máster en Administración, Universidad de Granada",
    "Idiomas: español (nativo), inglés (avanzado)",
]

# Words whose accents the English and German models lose or change.
ACCENTED = (
    *("Expérience", "équipe", "coûts", "Besançon", "Contrôle", "tâches", "maîtrise", "œuvre"),
    *("Córdoba", "Coordinación", "Máster", "Educación"),
)


@pytest.fixture(autouse=True)
def _fresh_tool_caches():
    tools.tessdata_folders.cache_clear()
    yield
    tools.tessdata_folders.cache_clear()


def _require_languages(*langs: str) -> None:
    """Skip where the language models are not installed; fail instead under CI."""
    require_tool("tesseract")
    if tools.tessdata_args(langs) is not None:
        return
    message = f"tesseract models {'+'.join(langs)} are not installed (tesseract-ocr-<lang>)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _page_png(lines: list[str]) -> bytes:
    """A white page holding lines of text, as a PNG."""
    image = Image.new("L", (1654, 1100), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 34)
    for i, line in enumerate(lines):
        draw.text((110, 120 + 70 * i), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_language_besides_english_is_told_by_its_common_words() -> None:
    assert guess_language(" ".join(FRENCH).split()) == "fra"
    assert guess_language(" ".join(SPANISH).split()) == "spa"
    german = "Berufserfahrung bei der Firma und mit den Kunden im Vertrieb seit Januar"
    assert guess_language(german.split()) == "deu"


def test_english_or_too_few_words_name_no_language() -> None:
    english = "Led a team of engineers and shipped the checkout for the stores of the chain"
    assert guess_language(english.split()) is None
    assert guess_language(["Paris", "et", "Lyon"]) is None  # one marker is not enough
    assert guess_language([]) is None


def test_a_language_mix_without_a_clear_lead_names_none() -> None:
    mixed = ["et", "les", "des", "pour", "y", "los", "las", "del"]  # four of each
    assert guess_language(mixed) is None


def test_models_missing_from_the_wheel_come_from_a_system_folder(tmp_path, monkeypatch) -> None:
    require_tool("tesseract")
    for name in ("fra", "eng", "osd"):
        (tmp_path / f"{name}.traineddata").write_bytes(b"")
    (tmp_path / "configs").mkdir()
    monkeypatch.setattr(tools, "SYSTEM_TESSDATA", ("/nonexistent/tessdata", str(tmp_path)))
    own = tools.tessdata_folders()[0][1]
    assert tools.tessdata_args(sorted(own)) == []  # tesseract's own folder first
    assert tools.tessdata_args(["fra", "eng"]) == ["--tessdata-dir", str(tmp_path)]
    assert tools.tessdata_args(["fra", "zzz"]) is None
    assert "fra" in tools.tesseract_languages() and "osd" not in tools.tesseract_languages()


def test_a_page_is_read_again_only_where_its_model_is_installed(monkeypatch) -> None:
    require_tool("tesseract")
    monkeypatch.setattr(tools, "SYSTEM_TESSDATA", ())
    french = " ".join(FRENCH).split()
    if tools.tessdata_args(["fra", "eng"]) is None:  # only the wheel's English and German
        assert own_language(OCR_LANGUAGES, french) is None
    assert own_language("fra+eng", french) is None  # already read in French


@pytest.mark.parametrize(("lines", "lang"), [(FRENCH, "fra"), (SPANISH, "spa")])
def test_a_scan_keeps_its_accents_read_with_its_own_model(lines: list[str], lang: str) -> None:
    _require_languages(lang, "eng")
    result = extract_text(_page_png(lines), "png")
    assert result.ocr
    for expected in ACCENTED:
        if any(expected in line for line in lines):
            assert expected in result.text, (expected, result.text)


def test_an_arabic_scan_is_read_in_arabic_in_reading_order(tmp_path) -> None:
    _require_languages("ara", "eng")
    require_tool("pdftoppm")
    prefix = tmp_path / "page"
    pdf = DATA / "cv_ar.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", pdf, prefix], check=True)
    result = extract_text(next(tmp_path.glob("page*.png")).read_bytes(), "png")
    text = result.text
    # Arabic headings as written, not Latin misreadings of their letters.
    assert "المهارات" in text and "اللغات" in text, text
    # A phone number and a range of years set right to left are read in their own order.
    assert "+971 50 123 4567" in text, text
    assert "2012 - 2016" in text or "2012 – 2016" in text, text
    assert "\u200f" not in text and "\u200e" not in text
