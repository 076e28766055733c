"""The learned "unsure" flag: its features, its tree reader, and how review() uses it."""

from __future__ import annotations

import random
from typing import Any

import pytest

from corpus.train_unsure import export
from r2w.extraction.confidence import CODES, review, unsure
from r2w.extraction.confidence.review import rules_and_features
from r2w.extraction.reading.model import Box, Page, Reading, Word
from tests.extraction.test_confidence_provenance import document

TEXT = "Jane Example\nEXPERIENCE\nCharge Nurse\nSt Mary's Hospital\n"
JOB = "experience.experienceItems[0]"


def _doc() -> dict[str, Any]:
    return document(
        hero={"fullName": "Jane Example"},
        experience={
            "sectionTitle": "EXPERIENCE",
            "experienceItems": [{"jobTitle": "Charge Nurse", "companyName": "St Mary's Hospital"}],
        },
    )


def _scan(text: str, confidence: float) -> Reading:
    """A one-page OCR reading of text, one row per line, every word at one confidence."""
    words = []
    for row, line in enumerate(text.splitlines()):
        x = 10.0
        for part in line.split():
            words.append(
                Word(
                    part,
                    Box(x, 20.0 * row, x + 8 * len(part), 20.0 * row + 12),
                    12.0,
                    confidence=confidence,
                )
            )
            x += 8 * len(part) + 4
    return Reading([Page(1, 600, 800, words)], "ocr", ocr=True)


def _stump(feature: str, fields: list[str], threshold: float = 0.5) -> dict[str, Any]:
    """A one-tree model: very sure a value is wrong when feature is set, very sure it is right
    otherwise."""
    return {
        "features": [feature],
        "fields": fields,
        "bias": 0.0,
        "rate": 1.0,
        "threshold": threshold,
        # feature index, split threshold, left child, right child, leaf value (per node)
        "trees": [[[0, -2, -2], [0.5, -2.0, -2.0], [1, -1, -1], [2, -1, -1], [0.0, -6.0, 6.0]]],
    }


@pytest.fixture
def stump(monkeypatch: pytest.MonkeyPatch):
    """Install a hand-made model in place of the trained one."""

    def install(model: dict[str, Any]) -> None:
        monkeypatch.setattr(unsure, "load_model", lambda: model)

    return install


def test_the_tree_reader_gives_the_probabilities_scikit_learn_gives() -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = random.Random(3)
    rows = [[rng.random(), rng.random(), float(rng.random() < 0.3)] for _ in range(400)]
    labels = [int(a + 2 * b * c + rng.random() * 0.4 > 1.0) for a, b, c in rows]
    model = GradientBoostingClassifier(
        init="zero", n_estimators=40, max_depth=3, learning_rate=0.1, random_state=0
    ).fit(rows, labels)
    exported = export(model, ["a", "b", "c"], 0.5)
    expected = model.predict_proba(rows)[:, 1]
    for row, want in zip(rows, expected, strict=True):
        got = unsure.probability(exported, dict(zip("abc", row, strict=True)))
        assert got == pytest.approx(want, abs=1e-4)


def test_values_right_at_a_split_go_the_way_scikit_learn_sends_them() -> None:
    """Inputs a hair from a split threshold: scikit-learn compares single-precision floats."""
    from sklearn.ensemble import GradientBoostingClassifier

    rng = random.Random(5)
    rows = [[rng.randrange(8) / 8, rng.randrange(8) / 8] for _ in range(300)]
    labels = [int(a > 0.4 and b < 0.6) for a, b in rows]
    model = GradientBoostingClassifier(
        init="zero", n_estimators=10, max_depth=2, random_state=0
    ).fit(rows, labels)
    exported = export(model, ["a", "b"], 0.5)
    splits = {t for tree in exported["trees"] for t in tree[1] if t != -2}
    probes = [[t + d, 0.3] for t in splits for d in (-1e-9, 0.0, 1e-9, 1e-6)]
    probes += [[0.5, t + d] for t in splits for d in (-1e-9, 0.0, 1e-9, 1e-6)]
    expected = model.predict_proba(probes)[:, 1]
    for row, want in zip(probes, expected, strict=True):
        got = unsure.probability(exported, dict(zip("ab", row, strict=True)))
        assert got == pytest.approx(want, abs=1e-4), row


def test_a_reading_with_boxes_at_infinity_is_still_reviewed() -> None:
    inf = float("inf")
    words = [
        Word("Charge", Box(10, inf, 60, inf), inf),
        Word("Nurse", Box(-inf, float("nan"), 90, 12), -inf, confidence=float("nan")),
    ]
    reading = Reading([Page(1, 600, 800, words)], "ocr", ocr=True)
    result = review(_doc(), TEXT, reading)
    assert f"{JOB}.jobTitle" in result.provenance


def test_documents_of_other_extractors_get_no_learned_flag(stump) -> None:
    stump(_stump("kind=ocr", ["jobTitle", "companyName"]))
    reading = _scan(TEXT, 0.95)
    assert [f for f in review(_doc(), TEXT, reading).flags if f.code == "unsure"]
    assert not [f for f in review(_doc(), TEXT, reading, learned=False).flags if f.code == "unsure"]


def test_a_doubted_value_gets_an_unsure_flag_with_a_reason(stump) -> None:
    stump(_stump("kind=ocr", ["jobTitle", "companyName"]))
    # Read at 95%: the rules see nothing wrong (ocr_unsure starts below 85%).
    flags = review(_doc(), TEXT, _scan(TEXT, 0.95)).flags
    unsure_flags = {flag.path: flag for flag in flags if flag.code == "unsure"}
    assert set(unsure_flags) == {f"{JOB}.jobTitle", f"{JOB}.companyName"}
    reason = unsure_flags[f"{JOB}.jobTitle"].reason
    assert reason.startswith('Check "Charge Nurse"') and "scan" in reason


def test_fields_the_model_never_learned_and_headings_are_never_doubted(stump) -> None:
    stump(_stump("kind=ocr", ["jobTitle"]))
    paths = {f.path for f in review(_doc(), TEXT, _scan(TEXT, 0.99)).flags if f.code == "unsure"}
    assert paths == {f"{JOB}.jobTitle"}  # not the company, the name, nor the section title
    _, _, _, features = rules_and_features(_doc(), TEXT, _scan(TEXT, 0.99))
    assert "experience.sectionTitle" not in features


def test_a_value_a_rule_flagged_gets_no_second_flag(stump) -> None:
    stump(_stump("kind=flowing", ["companyName"]))
    doc = _doc()
    doc["experience"]["experienceItems"][0]["companyName"] = "St Mary's Hospital Nowhere Else"
    flags = [f for f in review(doc, TEXT, None).flags if f.path == f"{JOB}.companyName"]
    assert [f.code for f in flags] == ["unsupported"]


def test_a_right_reading_is_quiet_and_the_model_can_be_switched_off(stump, monkeypatch) -> None:
    stump(_stump("kind=ocr", ["jobTitle", "companyName"]))
    text_reading = Reading(_scan(TEXT, 1.0).pages, "pdfium")
    assert not [f for f in review(_doc(), TEXT, text_reading).flags if f.code == "unsure"]
    monkeypatch.setattr(unsure, "ENABLED", False)
    assert not [f for f in review(_doc(), TEXT, _scan(TEXT, 0.5)).flags if f.code == "unsure"]


def test_features_say_how_a_value_was_read_not_who_the_person_is() -> None:
    doc = _doc()
    _, _, _, features = rules_and_features(doc, TEXT, _scan(TEXT, 0.42))
    job = features[f"{JOB}.jobTitle"]
    assert job["kind=ocr"] == 1.0 and job["located"] == 1.0
    assert job["ocr_min"] == pytest.approx(0.42)
    assert job["field=jobTitle"] == 1.0 and job["section=experience"] == 1.0
    # Nothing is keyed by the value's own words.
    assert not any("Nurse" in name or "Mary" in name for name in job)


def test_a_far_neighbour_on_the_row_is_another_column_not_part_of_the_value() -> None:
    near = "Charge Nurse and more\n"
    far_words = [
        Word("Charge", Box(10, 0, 60, 12), 12.0),
        Word("Nurse", Box(64, 0, 100, 12), 12.0),
        Word("Elsewhere", Box(400, 0, 470, 12), 12.0),
    ]
    far = Reading([Page(1, 600, 800, far_words)], "pdfium")
    doc = document(experience={"experienceItems": [{"jobTitle": "Charge Nurse"}]})
    close = rules_and_features(doc, near, _scan(near, 1.0))[3][f"{JOB}.jobTitle"]
    apart = rules_and_features(doc, "Charge Nurse Elsewhere", far)[3][f"{JOB}.jobTitle"]
    assert close["word_after"] == 1.0 and close["far_word_after"] == 0.0
    assert apart["word_after"] == 0.0 and apart["far_word_after"] == 1.0


def test_the_shipped_model_is_small_and_reads_the_features_review_makes() -> None:
    model = unsure.load_model()
    assert model is not None
    for scanned in (True, False):
        assert 0.0 < unsure.threshold_for(model, scanned=scanned) < 1.0
    assert unsure.MODEL_PATH.stat().st_size < 512 * 1024
    assert "sectionTitle" not in model["fields"] and "jobTitle" in model["fields"]
    _, _, _, features = rules_and_features(_doc(), TEXT, _scan(TEXT, 0.9))
    made = set().union(*features.values())
    # Every feature the model reads is one value_features makes (none was renamed away).
    families = ("kind=", "section=", "field=", "flag=")
    fixed = {name for name in made if not name.startswith(families)}
    assert {"kind=ocr", "ocr_min", "field=jobTitle", "located"} <= set(model["features"])
    assert all(name.startswith(families) or name in fixed for name in model["features"])


def test_unsure_is_a_documented_flag_code() -> None:
    assert "unsure" in CODES


def _twenty_skills(stump) -> tuple[dict[str, Any], str, dict[str, dict]]:
    """A CV of twenty skills, a model that doubts every one, and the review's features."""
    names = [f"Skill{letter}" for letter in "ABCDEFGHIJKLMNOPQRST"]
    text = "Jane Example\nSKILLS\n" + "\n".join(names) + "\n"
    doc = document(skills={"sectionTitle": "SKILLS", "ungroupedSkills": names})
    stump(_stump("located", ["ungroupedSkills"]))
    _, _, _, features = rules_and_features(doc, text, None)
    return doc, text, features


def test_a_text_file_the_model_doubts_throughout_keeps_only_its_strongest_doubts(stump) -> None:
    doc, text, features = _twenty_skills(stump)
    flagged = [f for f in review(doc, text, None).flags if f.code == "unsure"]
    assert 0 < len(flagged) <= -(-len(features) // 10)  # a tenth of the values, rounded up
    # A scan is not capped: its values are often misread.
    scanned = [f for f in review(doc, text, _scan(text, 0.95)).flags if f.code == "unsure"]
    assert len(scanned) >= 15  # every skill no rule flagged already


def test_the_cap_on_a_text_files_doubts_counts_only_values_no_rule_flagged() -> None:
    # The rules already ask about the last five: the model's own flags go to the strongest
    # doubts among the others, up to a tenth of the file's values.
    features = {f"skills.ungroupedSkills[{i}]": {"x": float(i)} for i in range(20)}
    doubts = {path: 0.5 + i / 100 for i, path in enumerate(features)}
    ruled = frozenset(list(features)[-5:])
    kept = unsure.keep_doubts(
        {p: c for p, c in doubts.items() if p not in ruled}, 20, scanned=False
    )
    assert set(kept) == {"skills.ungroupedSkills[14]", "skills.ungroupedSkills[13]"}


def test_scans_and_text_files_each_have_their_own_threshold() -> None:
    model = {"thresholds": {"ocr": 0.02, "text": 0.3}}
    assert unsure.threshold_for(model, scanned=True) == 0.02
    assert unsure.threshold_for(model, scanned=False) == 0.3
    # A model file from before the split: one threshold for both.
    assert unsure.threshold_for({"threshold": 0.05}, scanned=True) == 0.05


def test_a_value_a_rule_flagged_takes_no_place_among_the_models_doubts(stump) -> None:
    _, _, features = _twenty_skills(stump)
    doubted = list(unsure.unsure_paths(features))
    most = -(-len(features) // 10)  # the cap: a tenth of the values, rounded up
    assert len(doubted) == most
    # The rules already ask about the values the model doubts most: its own flags go to
    # others, as many as the cap allows.
    ruled = frozenset(doubted)
    again = unsure.unsure_paths(features, ruled)
    assert len(again) == most and not set(again) & ruled
    assert unsure.unsure_paths(features, frozenset(features)) == {}


def _examples(group: str) -> Any:
    """One file of 400 values: a wrong one and 30 right ones the model doubts a little (0.02),
    the rest it trusts; one more wrong fact no value's flag could cover."""
    from corpus.train_unsure import FileExamples

    paths = [f"skills.ungroupedSkills[{i}]" for i in range(400)]
    chance = [0.02] * 31 + [0.001] * 369
    facts = [(False, False, [paths[0]]), (False, False, [])]
    facts += [(True, False, [path]) for path in paths[1:]]
    found = FileExamples(paths=paths, facts=facts, group=group)
    return [found], [chance]


def test_a_scans_threshold_catches_all_it_can_and_a_text_files_weighs_the_needless_flags() -> None:
    from corpus.train_unsure import choose

    # Flagging at 0.02 catches one more wrong value at the cost of 30 needless flags: worth it
    # for a scan, whose values the person holds against the picture anyway; not for text,
    # where a silent wrong value weighs as much as SILENT_COST (20) needless flags.
    assert choose(*_examples("ocr"), "ocr") == 0.02
    assert choose(*_examples("text"), "text") == 0.99
