"""The learned section reader: what it says of blocks it never saw, and how it is trained."""

from __future__ import annotations

import json

import pytest

from r2w.extraction import section_model
from r2w.extraction.section_kind import guess_section
from r2w.extraction.section_model import MODEL_PATH, classify, features, train

# Blocks in words of no CV in the corpus: other people, employers, schools and titles.
BLOCKS = {
    "publications": ["Tidal patterns in estuary sediment", "Journal of Coastal Research, 2019"],
    "certifications": ["Certified Kubernetes Administrator", "Cloud Native Foundation, 2023"],
    "languages": ["Swahili — Native", "Portuguese — Fluent"],
    "projects": [
        "Tide Table Widget",
        "A widget that shows the day's tides for any harbour",
        "https://github.com/someone/tides",
    ],
    "education": ["University of Otago, BSc Marine Science (2012 - 2015)"],
}


def test_the_shipped_model_is_small_and_reads_blocks_in_unseen_words() -> None:
    assert MODEL_PATH.stat().st_size < 200_000
    for section, lines in BLOCKS.items():
        # A certificate and a course both hold a title and an issuer with a year: the model
        # may abstain between the two, and the rules then name the certificate by its words.
        allowed = {section, None} if section == "certifications" else {section}
        assert classify(lines) in allowed, (section, lines)
        assert guess_section(lines) == section


def test_a_block_that_says_nothing_clear_gets_no_section() -> None:
    # Interests in words no CV of the corpus used, and in no telling shape, read like skills
    # as much as like hobbies to the model: it abstains rather than guess.
    assert classify(["Origami, Bonsai, Jazz"]) is None
    assert classify([]) is None
    assert classify(["Zyx Qwv"]) is None  # no feature any section showed


def test_without_the_model_file_the_rules_decide(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(section_model, "MODEL_PATH", tmp_path / "missing.json")
    section_model._model.cache_clear()
    try:
        assert classify(BLOCKS["languages"]) is None
        assert guess_section(BLOCKS["languages"]) == "languages"  # the rules' answer
    finally:
        section_model._model.cache_clear()


def test_training_is_reproducible_and_learns_from_what_lines_say() -> None:
    examples = [
        ("skills", ["Python", "SQL", "Docker"]),
        ("skills", ["Excel", "Tableau", "Python"]),
        ("skills", ["SQL", "Docker", "Excel"]),
        ("languages", ["English — Native", "German — Fluent"]),
        ("languages", ["French — Basic", "English — Native"]),
        ("languages", ["German — Fluent", "French — Basic"]),
    ]
    model = train(examples, min_count=2)
    again = train(examples, min_count=2)
    assert json.dumps(model, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert model["examples"] == {"skills": 3, "languages": 3}
    assert "w:english" in model["classes"]["languages"]["logp"]
    # Shapes as well as words: a name-value pair line.
    assert features(["Italian — Basic"])["s:pair"] == 1


def test_the_shapes_of_words_it_never_saw_still_say_what_a_list_is() -> None:
    # Pastimes named in -ing and technologies written as such (C++, Node.js, PostgreSQL, S3,
    # AWS) are told apart by their shapes when the words themselves are new.
    assert classify(["Kayaking, Woodworking, Beekeeping, Orienteering"]) == "hobbies"
    assert guess_section(["Snowflake, ClickHouse, gRPC, Elixir, OCaml"]) == "skills"
    shapes = features(["Go, C++, Node.js, PostgreSQL, S3, AWS, Agile/Scrum, Sailing"])
    assert {f: n for f, n in shapes.items() if f.startswith("t:")} == {
        "t:symbol": 3,
        "t:camel": 1,
        "t:alnum": 1,
        "t:acronym": 1,
        "t:gerund": 1,
    }
    # In a line set all in capitals every word looks like an acronym: none is counted.
    assert "t:acronym" not in features(["WORK EXPERIENCE"])


@pytest.mark.parametrize(
    "word", ["Python" + "." * 100_000 + "Expert", "aA" * 50_000 + "-", "(" * 100_000 + "a"]
)
def test_a_hostile_word_gets_no_shape_and_costs_one_pass(word) -> None:
    # Longer than any name: not looked at (a per-character rescan took a minute here).
    assert not [f for f in features([word]) if f.startswith("t:")]


@pytest.mark.parametrize("lines", [["• Built a thing", "• Ran a thing"], ["One long sentence."]])
def test_features_count_lines_by_their_shape(lines) -> None:
    found = features(lines)
    assert sum(
        n for f, n in found.items() if f.startswith("l:") and f[2:] in ("short", "mid", "long")
    ) == len(lines)
