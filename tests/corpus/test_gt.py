"""The .gt fact format: parsing, writing back, and splitting into atomic facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.gt import (
    Block,
    Fact,
    GroundTruth,
    GroundTruthError,
    facts,
    parse_gt,
    split_list,
    write_gt,
)

TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "cvs" / "ground-truth"


@pytest.mark.parametrize("path", sorted(TRUTH.glob("*.gt")), ids=lambda p: p.name)
def test_every_hand_written_file_survives_a_round_trip(path: Path) -> None:
    truth = parse_gt(path.read_text(encoding="utf-8"))
    again = parse_gt(write_gt(truth))
    assert facts(again) == facts(truth)
    assert again.overrides == truth.overrides
    assert len(facts(truth)) > 20


def test_the_hand_written_files_hold_the_facts_the_issue_counted() -> None:
    total = sum(len(facts(parse_gt(p.read_text(encoding="utf-8")))) for p in TRUTH.glob("*.gt"))
    # The issue counted 1022; one file lists five skills with their levels ("HIIT=Expert"),
    # counted there as five facts and here as ten (each skill and its level).
    assert total == 1022 + 5


def test_a_line_after_a_block_belongs_to_it_only_if_it_is_one_of_its_fields() -> None:
    truth = parse_gt(
        "name: Ann\n== cert\ntitle: PMP\norg: PMI\nsummary: Calm.\n== lang\nlanguage: Greek\n"
    )
    assert truth.scalars == [("name", "Ann"), ("summary", "Calm.")]
    assert [b.fields for b in truth.blocks] == [
        [("title", "PMP"), ("org", "PMI")],
        [("language", "Greek")],
    ]


def test_lists_levels_and_blocks_become_atomic_facts() -> None:
    truth = parse_gt(
        "skills: Python, Wound Care (IV, IM), SQL\nskill: Go=Expert\n"
        "hobbies: Chess; Cooking, baking\n"
        "== exp\ntitle: Nurse\nbullet: Did a thing, then another\n"
    )
    assert facts(truth) == [
        Fact("scalar", "skill", "Python"),
        Fact("scalar", "skill", "Wound Care (IV, IM)"),
        Fact("scalar", "skill", "SQL"),
        Fact("scalar", "skill", "Go"),
        Fact("scalar", "level", "Expert", key="Go"),
        Fact("scalar", "hobby", "Chess"),
        Fact("scalar", "hobby", "Cooking, baking"),
        Fact("exp", "title", "Nurse", 0),
        Fact("exp", "bullet", "Did a thing, then another", 0),
    ]
    assert facts(truth)[4].label() == "level[Go]"
    assert facts(truth)[-1].label() == "exp#1.bullet"


def test_comments_blank_lines_and_overrides_are_not_facts() -> None:
    truth = parse_gt("# by eye\n\nname: Ann\noverride name => correct\n")
    assert facts(truth) == [Fact("scalar", "name", "Ann")]
    assert truth.overrides == ["override name => correct"]


def test_writing_moves_a_scalar_a_block_would_swallow_to_the_top() -> None:
    truth = GroundTruth([Block("cert", [("title", "PMP")]), ("title", "Engineer")])
    text = write_gt(truth)
    assert text.splitlines()[0] == "title: Engineer"
    assert set(facts(parse_gt(text))) == set(facts(truth))


def test_values_are_written_on_one_line() -> None:
    text = write_gt(GroundTruth([("summary", "Two\nlines")]))
    assert text == "summary: Two lines\n"


@pytest.mark.parametrize("bad", ["== job\n", "just words\n", "colour: red\n"])
def test_malformed_lines_are_refused_with_their_number(bad: str) -> None:
    with pytest.raises(GroundTruthError, match="line 2"):
        parse_gt("name: Ann\n" + bad)


def test_split_list_keeps_commas_inside_brackets() -> None:
    assert split_list("A (x, y), B,C") == ["A (x, y)", "B", "C"]
    assert split_list("A, B; C") == ["A, B", "C"]


def test_a_listed_skill_carries_its_level_as_a_single_one_does() -> None:
    listed = facts(parse_gt("skills: HIIT=Expert, Cardio Training\n"))
    single = facts(parse_gt("skill: HIIT=Expert\nskill: Cardio Training\n"))
    assert (
        listed
        == single
        == [
            Fact("scalar", "skill", "HIIT"),
            Fact("scalar", "level", "Expert", key="HIIT"),
            Fact("scalar", "skill", "Cardio Training"),
        ]
    )
