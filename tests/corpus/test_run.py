"""Extraction through the public functions, with flags from review() when it exists."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus.eval import report, score_file
from corpus.run import extract_file, flags_available

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "cvs"


@dataclass
class FakeFlag:
    path: str
    code: str
    reason: str


def test_a_sample_is_extracted_through_the_public_functions() -> None:
    outcome = extract_file(SAMPLES / "Ethan_Miller.md")
    assert outcome.error is None
    assert outcome.kind == "md"
    assert outcome.document["hero"]["fullName"]
    assert "Ethan" in outcome.text
    assert outcome.flags is None or isinstance(outcome.flags, list)


def test_an_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    outcome = extract_file(path)
    assert outcome.error and outcome.document == {}


def test_flags_from_review_are_used_and_the_silent_error_rate_reported(monkeypatch) -> None:
    seen = {}

    def review(document, text, reading):
        seen["args"] = (document, text, reading)
        return types.SimpleNamespace(
            flags=[FakeFlag("experience", "x", "every job may be wrong")], provenance={}
        )

    module = types.ModuleType("r2w.extraction.confidence")
    module.review = review
    monkeypatch.setitem(sys.modules, "r2w.extraction.confidence", module)
    assert flags_available()
    outcome = extract_file(SAMPLES / "Oliver_Thompson_cv.md")
    assert outcome.flags == ["experience"]
    assert seen["args"][1] == outcome.text
    md = str(SAMPLES / "Oliver_Thompson_cv.md")
    result = score_file(
        ("real samples", "md", md, str(SAMPLES / "ground-truth" / "Oliver_Thompson_cv.md.gt"))
    )
    flagged = [(section, verdict) for section, verdict, flag in result.facts if flag]
    assert flagged and all(section == "experience" for section, _v in flagged)
    page = report([result], {"seed": "1"}, flags=True)
    assert "from r2w.extraction.confidence.review" in page
    row = next(line for line in page.splitlines() if line.startswith("| real samples |"))
    assert row.split("|")[-2].strip().endswith("%")


@pytest.mark.parametrize("name", ["Eleanor_Vance_cv.md", "Oliver_Thompson_cv.md"])
def test_the_score_command_prints_the_facts_that_are_not_right(name: str, capsys) -> None:
    from corpus.score import main

    assert main([str(SAMPLES / name), str(SAMPLES / "ground-truth" / f"{name}.gt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].split(":")[0].endswith("facts")
    verdicts = {line.split()[0] for line in out.splitlines()[:-1]}
    assert verdicts and verdicts <= {"partly", "wrong_place", "missing", "invented"}


def test_the_score_command_prints_only_its_totals_for_a_cv_read_all_right(capsys) -> None:
    from corpus.score import main

    name = "comprehensive_all_components_cv.txt"
    assert main([str(SAMPLES / name), str(SAMPLES / "ground-truth" / f"{name}.gt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].split(":")[0].endswith("facts")


def test_a_guessed_entrys_flag_covers_its_facts_but_counts_needless_only_where_shown(
    monkeypatch,
) -> None:
    """A guessed_section flag on a job's first value covers the job's wrong facts; a right
    fact of that job counts as needlessly flagged only if the flag is shown on its value."""
    path = "experience.experienceItems[0].jobTitle"

    def review(document, text, reading):
        flag = FakeFlag(path, "guessed_section", "filed by guess")
        return types.SimpleNamespace(flags=[flag], provenance={})

    module = types.ModuleType("r2w.extraction.confidence")
    module.review = review
    monkeypatch.setitem(sys.modules, "r2w.extraction.confidence", module)
    md = str(SAMPLES / "Oliver_Thompson_cv.md")
    gt = str(SAMPLES / "ground-truth" / "Oliver_Thompson_cv.md.gt")
    outcome = extract_file(Path(md))
    assert outcome.flags == ["experience.experienceItems[0]"] and outcome.shown == [path]
    result = score_file(("real samples", "md", md, gt))
    right_flagged = [flag for _s, verdict, flag in result.facts if verdict == "right" and flag]
    assert len(right_flagged) == 1  # the job's title itself, not its dates, place or bullets


def test_a_guessed_flag_covers_its_whole_section_or_entry_and_others_their_own_path() -> None:
    from corpus.run import flag_paths

    flags = [
        FakeFlag("courses.sectionTitle", "guessed_section", "r2w does not know the heading"),
        FakeFlag("experience.experienceItems[2].jobTitle", "guessed_section", "filed by guess"),
        FakeFlag("experience.experienceItems[0].jobTitle", "unsure", "check it"),
        FakeFlag("contact.email", "bad_email", "not an address"),
    ]
    assert flag_paths(flags) == [
        "courses",
        "experience.experienceItems[2]",
        "experience.experienceItems[0].jobTitle",
        "contact.email",
    ]
