"""Repairs of tesseract's typical misreadings of CV lines (r2w.extraction.reading.ocrfix).

The words are built here as tesseract returns them, one box per word, so the expected text
is known exactly; nothing is read from the corpus splits.
"""

from __future__ import annotations

import pytest
from PIL import ImageOps

from r2w.extraction.reading.digits import digit_run, ink_columns, spaced
from r2w.extraction.reading.model import Box, Word
from r2w.extraction.reading.ocrfix import repair_line


def _words(line: str) -> list[Word]:
    return [
        Word(text, Box(100 * i, 0, 100 * i + 80, 20), 20, confidence=0.9)
        for i, text in enumerate(line.split())
    ]


def _repaired(line: str) -> str:
    return " ".join(word.text for word in repair_line(_words(line)))


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("_linkedin.com/in/sofia-fernandez", "linkedin.com/in/sofia-fernandez"),
        ("hitps://github.com/ingridros", "https://github.com/ingridros"),
        ("httpsy/github.com/kenjiweb", "https://github.com/kenjiweb"),
        ("nttps://github.com/hannahcar", "https://github.com/hannahcar"),
        ("linkedin,com/in/victor-rossi", "linkedin.com/in/victor-rossi"),
        ("linkedin_com/in/priya-obrien", "linkedin.com/in/priya-obrien"),
        ("linkedin.comvVin/victor-jensen", "linkedin.com/in/victor-jensen"),
        ("Munich linkedin. com/in/ingrid-rossi", "Munich linkedin.com/in/ingrid-rossi"),
        ("oliver. walsh@example.com", "oliver.walsh@example.com"),
    ],
)
def test_misread_addresses_are_repaired(read: str, meant: str) -> None:
    assert _repaired(read) == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Chicago,IL", "Chicago, IL"),
        ("(874)471-3796", "(874) 471-3796"),
        ("Coordinated with sales. legal and finance", "Coordinated with sales, legal and finance"),
        ("m CORE SKILLS", "• CORE SKILLS"),
        (
            "Patient assessment - AWS - Node.js - SAP « Public speaking - C++",
            "Patient assessment · AWS · Node.js · SAP · Public speaking · C++",
        ),
        ("Tools: Copywriting. Figma, SQL", "Tools: Copywriting, Figma, SQL"),
        ("Power BI, Kubernetes. Budgeting, SAP", "Power BI, Kubernetes, Budgeting, SAP"),
        (
            "Power Bl» SAP - Data visualisation - Negotiation",
            "Power Bl · SAP · Data visualisation · Negotiation",
        ),
        ("| am a data analyst who enjoys", "I am a data analyst who enjoys"),
        ("lam a marketing manager", "I am a marketing manager"),
        ("Iam an engineer", "I am an engineer"),
        ("1am a sales representative", "I am a sales representative"),
        ("l have led teams", "I have led teams"),
    ],
)
def test_lost_spaces_commas_and_heading_icons_are_repaired(read: str, meant: str) -> None:
    assert _repaired(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "https://github.com/ingridros",
        "john_co@example.com",
        "Led the team. Then shipped",
        "Led the team. Then shipped, fast",
        "Known for clear communication. Careful planning, shipping on time.",
        "Launched in 2021. Grew sales, Berlin",
        "«Bonjour» dit-il, «Salut» - Au revoir - Merci",
        "etc. and more",
        "Sept. to Dec. 2020",
        "12,000 customers",
        "a SQL course",
        "I led it",
        "Python, SQL",
        "Data Analyst - Lumen Health - Berlin - 2019 - 2021",
        "Design - Build - Operate the platform for the whole sales team",
        "1 of whom were promoted within a year",
        "I am a nurse",
        "Lam Nguyen",
        "| Berlin",
    ],
)
def test_text_a_person_writes_is_kept(line: str) -> None:
    assert _repaired(line) == line


def test_i_am_run_together_is_split_into_two_words_within_its_box() -> None:
    first, second, *_ = repair_line(_words("lam a nurse"))
    assert (first.text, second.text) == ("I", "am")
    assert first.box.x0 == 0 and second.box.x1 == 80
    assert first.box.x1 == second.box.x0


def test_joined_words_keep_both_boxes_and_the_lower_confidence() -> None:
    words = _words("oliver. walsh@example.com")
    words[1] = Word(words[1].text, words[1].box, 20, confidence=0.4)
    [joined] = repair_line(words)
    assert joined.box == Box(0, 0, 180, 20)
    assert joined.confidence == 0.4


def _number_image(groups: list[str], *, space: int):
    """A drawn phone number: digit groups set `space` pixels apart (DejaVu Sans, 40 px)."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    image = Image.new("L", (900, 80), 255)
    draw = ImageDraw.Draw(image)
    x = 10
    for group in groups:
        draw.text((x, 15), group, fill=0, font=font)
        x += round(draw.textlength(group, font=font)) + space
    return image, (0, 0, x - space + 10, 80)


def test_spaces_a_reader_left_out_of_a_phone_number_come_back_from_its_pixels() -> None:
    groups = ["+33", "6", "68", "50", "41", "00"]
    image, box = _number_image(groups, space=14)
    assert spaced("".join(groups), ink_columns(image, box)) == " ".join(groups)


def test_digits_set_without_spaces_stay_together() -> None:
    image, box = _number_image(["+4915184965402"], space=0)
    assert spaced("+4915184965402", ink_columns(image, box)) == "+4915184965402"


@pytest.mark.parametrize(
    ("word", "looked_at"),
    [("+33668504100", True), ("(874)4713796", True), ("2013-2016", False), ("12,000", False)],
)
def test_only_runs_of_digits_are_looked_at(word: str, looked_at: bool) -> None:
    assert digit_run(word) is looked_at


def test_light_digits_on_a_dark_band_are_spaced_too() -> None:
    groups = ["+33", "6", "68", "50", "41", "00"]
    image, box = _number_image(groups, space=14)
    light_on_dark = ImageOps.invert(image)
    assert spaced("".join(groups), ink_columns(light_on_dark, box)) == " ".join(groups)


@pytest.mark.parametrize(
    ("word", "previous", "looked_at"),
    [
        ("+1323", "", True),  # "+1 323": a country code run into the next group
        ("3900", "56", True),  # "+33 6 88 56 39 00": the last pairs run together
        ("1543", "940", False),  # "+971 50 940 1543": a narrow "1" looks spaced
        ("2019", "", False),
        ("2019", "Jan", False),
    ],
)
def test_short_runs_are_looked_at_only_inside_a_phone_number(
    word: str, previous: str, looked_at: bool
) -> None:
    assert digit_run(word, previous) is looked_at
