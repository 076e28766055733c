"""The generator: deterministic from a seed, honest splits, verbatim ground truth, a cache."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from corpus import render
from corpus.content import make_cv, truth
from corpus.generate import Spec, build, corpus_version, ensure, plan
from corpus.gt import facts, parse_gt, write_gt
from corpus.layouts import FAMILIES, HEADING_STYLES, choose_layout, compose
from corpus.pools import HEADINGS, POOLS


@pytest.mark.parametrize("pool", sorted(POOLS))
def test_held_out_pools_share_nothing_with_the_seen_ones(pool: str) -> None:
    assert POOLS[pool]["held"]
    assert not set(POOLS[pool]["seen"]) & set(POOLS[pool]["held"])


def test_held_out_layouts_and_headings_share_nothing_with_the_seen_ones() -> None:
    assert not set(FAMILIES["seen"]) & set(FAMILIES["held"])
    assert not set(HEADING_STYLES["seen"]) & set(HEADING_STYLES["held"])
    for lang, sections in HEADINGS.items():
        seen = {w for s in sections.values() for w in s["seen"]}
        held = {w for s in sections.values() for w in s["held"]}
        assert not seen & held, lang


def test_the_plan_is_deterministic_and_test_holds_unseen_and_ordinary_samples() -> None:
    specs = plan(seed=5, size=200)
    assert specs == plan(seed=5, size=200)
    assert specs != plan(seed=6, size=200)
    by_split = {s: [x for x in specs if x.split == s] for s in ("train", "dev", "test")}
    assert [len(v) for v in by_split.values()] == [80, 40, 80]
    assert not any(x.unseen for x in by_split["train"] + by_split["dev"])
    assert sum(x.unseen for x in by_split["test"]) == 40
    assert {x.fmt for x in specs} == {"pdf", "docx", "md", "txt", "scan"}
    assert {x.lang for x in specs} == {"en", "de", "fr", "es", "ar"}
    assert sum(x.fmt == "scan" for x in plan(seed=5, size=200, max_scans=3)) <= 9


def _values(gt: str, *fields: str) -> set[str]:
    return {f.value for f in facts(parse_gt(gt)) if f.field in fields}


def test_train_and_dev_never_see_a_held_out_value_and_unseen_test_samples_see_only_those() -> None:
    held = {pool: set(POOLS[pool]["held"]) for pool in ("company", "school", "first")}
    for index in range(40):
        rng = random.Random(index)
        seen_cv = make_cv(rng, "seen", "en", "seen", "full")
        held_cv = make_cv(rng, "held", "en", "held", "full")
        assert {j.company for j in seen_cv.jobs}.isdisjoint(held["company"])
        assert {d.institution for d in seen_cv.degrees}.isdisjoint(held["school"])
        assert {j.company for j in held_cv.jobs} <= held["company"]
        assert {d.institution for d in held_cv.degrees} <= held["school"]
        assert held_cv.name.split()[0] in held["first"]
        assert set(seen_cv.headings.values()).isdisjoint(
            {w for s in HEADINGS["en"].values() for w in s["held"]}
        )
        assert choose_layout(rng, "seen", "seen", "en").family in FAMILIES["seen"]
        assert choose_layout(rng, "held", "held", "en").heading in HEADING_STYLES["held"]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ar"])
def test_every_fact_is_printed_verbatim_in_the_text_and_markdown(lang: str) -> None:
    for index in range(8):
        rng = random.Random(index)
        cv = make_cv(rng, "seen", lang, "seen", "full")
        doc = compose(cv, choose_layout(rng, "seen", "seen", lang))
        text, markdown = render.to_text(doc), render.to_markdown(doc)
        for fact in facts(parse_gt(write_gt(truth(cv)))):
            if fact.field in ("address", "location"):
                continue  # printed whole too, but checked below with their commas
            assert fact.value in text, (fact, text)
            assert fact.value in markdown, fact
        for job in cv.jobs:
            assert job.location in text and job.dates in text


@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_a_sample_is_the_same_for_the_same_seed(fmt: str) -> None:
    spec = Spec("train", 3, 11, fmt, "de", False)
    first, second = build(spec), build(spec)
    assert first.gt == second.gt and first.filename == second.filename
    if fmt != "docx":  # DOCX stores its creation time
        assert first.data == second.data
    assert build(Spec("train", 4, 11, fmt, "de", False)).gt != first.gt


def test_the_cache_is_reused_for_the_same_key_and_rebuilt_when_the_generator_changes(
    tmp_path: Path,
) -> None:
    samples = ensure(tmp_path, seed=3, size=4, max_scans=0)
    assert len(samples) == 5  # 40% + 20% + 40% of 4, each rounded
    for sample in samples:
        path = tmp_path / sample["file"]
        assert path.stat().st_size > 0
        assert facts(parse_gt(path.with_name(path.name + ".gt").read_text(encoding="utf-8")))
    marker = tmp_path / samples[0]["file"]
    marker.write_bytes(b"kept")
    assert ensure(tmp_path, seed=3, size=4, max_scans=0) == samples
    assert marker.read_bytes() == b"kept"
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["key"]["version"] = "0-old"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert ensure(tmp_path, seed=3, size=4, max_scans=0) == samples
    assert marker.read_bytes() != b"kept"
    assert corpus_version().startswith("1-")


def test_courses_come_in_every_style_and_leave_the_rest_of_each_cv_as_it_was(monkeypatch) -> None:
    import corpus.content as content

    with_courses = [make_cv(random.Random(i), "seen", "en", "seen", "full") for i in range(120)]
    monkeypatch.setattr(content, "COURSE_SHARE", 0)
    without = [make_cv(random.Random(i), "seen", "en", "seen", "full") for i in range(120)]
    styles = set()
    for cv, plain in zip(with_courses, without, strict=True):
        courses = [e for e in cv.entries if e.kind == "course"]
        styles |= {e.style for e in courses}
        assert [e for e in cv.entries if e.kind != "course"] == plain.entries
        assert (cv.name, cv.jobs, cv.degrees, cv.skills) == (
            plain.name,
            plain.jobs,
            plain.degrees,
            plain.skills,
        )
        assert cv.headings == plain.headings
    assert styles == set(content.COURSE_STYLES)
