"""Entries filed by what they say, from under headings r2w has no words for, are flagged."""

from __future__ import annotations

from r2w.extraction.confidence import CODES, review
from r2w.extraction.heuristic import GuessedBlock, guessed_blocks
from r2w.extraction.layout import lay_out
from r2w.extraction.text import extract_text
from tests.extraction.test_section_breaks import CAPS_CV, _read_txt

SIDE_JOB = (
    "ON THE SIDE\nFreelance Web Developer\nSelf-employed, Leeds\n2016 - 2019\n"
    "• Built shop websites for 12 local clients\n"
)
FIRST_JOB_END = "• Built the nightly ingestion of 40 million sales rows\n"


def _flags(cv: str) -> list[tuple[str, str, str]]:
    """(path, code, reason) of the review of a plain-text CV read as an upload is."""
    document = _read_txt(cv)
    result = extract_text(cv.encode("utf-8"), "txt")
    return [(f.path, f.code, f.reason) for f in review(document, result.text, result.reading).flags]


def _blocks(cv: str) -> list[GuessedBlock]:
    """The blocks the offline extractor files by guess in a plain-text CV (its text layer
    tells capitals from the rest)."""
    result = extract_text(cv.encode("utf-8"), "txt")
    return guessed_blocks(result.text, layout=lay_out(result.reading))


def _with_side_job() -> str:
    cv = CAPS_CV.format(after_skills="", certificates="PMP, 2018")
    return cv.replace(FIRST_JOB_END, f"{FIRST_JOB_END}\n{SIDE_JOB}")


def test_the_blocks_filed_by_guess_are_the_ones_under_unknown_headings() -> None:
    blocks = _blocks(_with_side_job())
    assert blocks == [
        GuessedBlock(
            "ON THE SIDE",
            "experience",
            (
                "Freelance Web Developer",
                "Self-employed, Leeds",
                "2016 - 2019",
                "Built shop websites for 12 local clients",
            ),
        )
    ]
    # A CV whose headings r2w all knows has none.
    plain = CAPS_CV.format(after_skills="", certificates="PMP, 2018")
    assert _blocks(plain) == []


def test_an_entry_filed_by_guess_beside_known_ones_is_flagged_and_the_known_ones_are_not() -> None:
    flags = _flags(_with_side_job())
    guessed = {path for path, code, _ in flags if code == "guessed_section"}
    side = "experience.experienceItems[1]"
    assert f"{side}.jobTitle" in guessed and f"{side}.companyName" in guessed
    assert not any(path.startswith("experience.experienceItems[0]") for path in guessed)
    reason = next(r for p, c, r in flags if c == "guessed_section")
    assert "ON THE SIDE" in reason and "work experience" in reason


def test_pastimes_kept_as_a_group_of_skills_are_flagged_for_a_look() -> None:
    after = "BEYOND THE DESK\nOrigami, Bonsai, Jazz, Tango"
    flags = _flags(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    guessed = {path for path, code, _ in flags if code == "guessed_section"}
    assert "skills.skillCategories[0].skills[0]" in guessed
    # The skills under the known SKILLS heading are not.
    assert not any(path.startswith("skills.ungroupedSkills") for path in guessed)


def test_a_section_wholly_under_an_unknown_heading_is_flagged_once_at_its_title() -> None:
    after = "BEYOND THE DESK\nKayaking, Woodworking, Beekeeping, Orienteering"
    flags = _flags(CAPS_CV.format(after_skills=after, certificates="PMP, 2018"))
    guessed = [path for path, code, _ in flags if code == "guessed_section"]
    assert guessed == ["hobbies.sectionTitle"]


def test_guessed_section_is_a_documented_flag_code() -> None:
    assert "guessed_section" in CODES
